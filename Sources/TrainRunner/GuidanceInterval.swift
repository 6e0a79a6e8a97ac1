import ArgumentParser
import Foundation

/// `--guidance-interval lo,hi`: the times t of the sampling steps at which classifier-free guidance
/// applies, with 0 ≤ lo < hi ≤ 1 (t = 1 is pure noise).
enum GuidanceInterval {
    static let every = "0,1"

    static func parse(_ text: String) throws -> ClosedRange<Double> {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let low = parts[0], let high = parts[1], low >= 0, high <= 1, low < high else {
            throw ValidationError("--guidance-interval must be two times lo,hi with 0 ≤ lo < hi ≤ 1 (t = 1 is pure noise), got '\(text)'")
        }
        return low...high
    }
}
