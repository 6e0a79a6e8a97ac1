extension BucketReport {
    /// The report as a terminal table: one line per bucket, then drops, totals and steps.
    public func text(data: String, rows rowCount: Int) -> String {
        var lines = ["bucket plan for \(data): \(rowCount) rows, epoch \(epoch), seed \(seed), \(numBucket) buckets, \(ranks) rank\(ranks == 1 ? "" : "s")", ""]
        let header = ["resolution", "frames", "ratio", "size", "batch", "samples", "batches", "unbatched"]
        let body = rows.map { row in
            [row.resolution, "\(row.frames)", row.ratio, "\(row.height)x\(row.width)", "\(row.batchSize)",
             "\(row.samples)", "\(row.batches)", "\(row.unbatched)"]
        }
        let widths = header.indices.map { column in ([header] + body).map { $0[column].count }.max() ?? 0 }
        func format(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                // Names left-aligned, numbers right-aligned.
                column < 4 ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  ")
        }
        lines.append(format(header))
        lines += body.map(format)
        if body.isEmpty { lines.append("(no sample lands in any bucket)") }
        lines.append("")
        for (label, totals, dropped) in [("images", images, droppedImages), ("videos", videos, droppedVideos)] {
            var line = "\(label): \(totals.samples) samples in \(totals.batches) batches"
            if totals.unbatched > 0 { line += ", \(totals.unbatched) left out of batches (drop_last)" }
            line += "; dropped \(totals.dropped)"
            let reasons = DropReason.allCases.compactMap { reason in dropped[reason.rawValue].map { "\($0) \(reason.explanation)" } }
            if !reasons.isEmpty { line += ": " + reasons.joined(separator: ", ") }
            lines.append(line)
        }
        lines.append("total: \(images.samples + videos.samples) samples in \(totalBatches) batches; \(stepsPerEpoch) steps per epoch on \(ranks) rank\(ranks == 1 ? "" : "s")")
        return lines.joined(separator: "\n")
    }
}
