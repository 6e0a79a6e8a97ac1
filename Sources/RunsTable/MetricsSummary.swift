/// What the runs table needs from `metrics.jsonl` (the last step, the last and best loss), read
/// without the trainer's library: strata's metrics lines start `{"step":N,"epoch":E,"loss":X`,
/// and only those two keys are looked up. A torn last line (a crash mid-write) is ignored.
struct MetricsSummary: Equatable {
    var steps: Int?
    var lastLoss: Double?
    var bestLoss: Double?

    init(bytes: [UInt8]) {
        var lineStart = 0
        for index in bytes.indices where bytes[index] == 0x0A {
            take(bytes[lineStart..<index])
            lineStart = index + 1
        }
    }

    private mutating func take(_ line: ArraySlice<UInt8>) {
        guard let step = Self.number(after: Array("\"step\":".utf8), in: line).flatMap({ Int(exactly: $0) }) else { return }
        steps = step
        // A null loss (a diverged run) reads as no number: last is then unknown.
        let loss = Self.number(after: Array("\"loss\":".utf8), in: line)
        lastLoss = loss
        if let loss, loss.isFinite, bestLoss.map({ loss < $0 }) ?? true { bestLoss = loss }
    }

    private static func number(after key: [UInt8], in line: ArraySlice<UInt8>) -> Double? {
        guard let start = find(key, in: line) else { return nil }
        var end = start
        while end < line.endIndex, let byte = Optional(line[end]), byte != 0x2C, byte != 0x7D { end += 1 }
        return Double(String(decoding: line[start..<end], as: UTF8.self))
    }

    private static func find(_ key: [UInt8], in line: ArraySlice<UInt8>) -> Int? {
        guard line.count >= key.count else { return nil }
        var index = line.startIndex
        while index + key.count <= line.endIndex {
            if line[index] == key[0], line[index..<index + key.count].elementsEqual(key) { return index + key.count }
            index += 1
        }
        return nil
    }
}
