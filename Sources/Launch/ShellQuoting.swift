/// POSIX shell quoting for the words of generated scripts and printed commands.
public enum ShellQuoting {
    /// `word` as one shell word: unchanged when it holds only characters no shell treats specially,
    /// otherwise in single quotes, each `'` written `'\''` (close, escaped quote, reopen). Inside
    /// single quotes nothing is special, so `$`, backquotes, `*` and newlines stay literal.
    public static func word(_ word: String) -> String {
        guard word.isEmpty || !word.unicodeScalars.allSatisfy(isPlain) else { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Words joined by spaces, each quoted.
    public static func line(_ words: [String]) -> String {
        words.map(word).joined(separator: " ")
    }

    private static func isPlain(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "a"..."z", "A"..."Z", "0"..."9": return true
        case "_", "-", ".", "/", ",", ":", "=", "+", "@", "%": return true
        default: return false
        }
    }
}
