/// Open-Sora's `temporal_random_crop`: a window of `frames × interval` frames at a random start,
/// sampled at `frames` evenly spaced positions.
///
/// `begin = randint(0, max(0, total − window − 1))`, `end = min(begin + window, total)`, and the
/// indices are `np.linspace(begin, end − 1, frames, dtype=int)`. The window needs `end − begin ≥
/// frames`, else the clip is too short for the request (Open-Sora asserts; we report it).
public enum TemporalCrop {
    /// The largest start `randint` may return for a clip of `total` frames.
    public static func lastStart(total: Int, frames: Int, interval: Int) -> Int {
        max(0, total - frames * interval - 1)
    }

    /// The frame numbers for a window starting at `begin`, or nil when the clip is too short.
    public static func indices(begin: Int, total: Int, frames: Int, interval: Int) -> [Int]? {
        guard frames > 0, interval > 0, begin >= 0 else { return nil }
        let end = min(begin + frames * interval, total)
        guard end - begin >= frames else { return nil }
        return linspaceTruncated(from: begin, to: end - 1, count: frames)
    }
}

/// `np.linspace(start, stop, count, dtype=int)` for `start ≤ stop`: numpy computes
/// `arange(count) * ((stop − start) / (count − 1)) + start` in float64, sets the last value to
/// `stop` exactly, then truncates to int. Same operations here, so the same doubles.
func linspaceTruncated(from start: Int, to stop: Int, count: Int) -> [Int] {
    guard count > 1 else { return count == 1 ? [start] : [] }
    let delta = Double(stop - start)
    let step = delta / Double(count - 1)
    var values = (0..<count).map { position -> Int in
        // numpy divides first and multiplies by delta when the step underflows to 0.
        let value = step == 0 ? Double(position) / Double(count - 1) * delta : Double(position) * step
        return Int(value + Double(start))
    }
    values[count - 1] = stop
    return values
}
