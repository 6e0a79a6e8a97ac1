import Foundation

/// "Did you mean …?" for keys: the closest candidate by edit distance, when it is close enough to
/// be a plausible typo.
public enum Suggestions {
    public static func closest(to word: String, among candidates: [String]) -> String? {
        let normalizedWord = normalize(word)
        var best: (candidate: String, distance: Int)? = nil
        for candidate in candidates {
            let distance = editDistance(normalizedWord, normalize(candidate))
            if best == nil || distance < best!.distance { best = (candidate, distance) }
        }
        guard let best else { return nil }
        let limit = max(1, min(3, word.count / 3))
        return best.distance <= limit ? best.candidate : nil
    }

    /// `-` and `_` are the same in key names, and case is a likely slip.
    private static func normalize(_ s: String) -> [Character] {
        Array(s.lowercased().replacingOccurrences(of: "-", with: "_"))
    }

    /// Levenshtein distance with transpositions counted as one edit.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
