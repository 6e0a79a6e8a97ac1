/// Something `launch torchrun` did not carry over one to one: a documented translation (a note)
/// or a value Open-Sora's trainer cannot take from strata (a warning). Never silent.
public struct TranslationNote: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case note, warning }

    public var severity: Severity
    /// The strata key the note is about (`optim`, `model.hidden_size`).
    public var key: String
    public var message: String
    /// Where the strata value came from, when known.
    public var origin: String?

    public init(_ severity: Severity, _ key: String, _ message: String, origin: String? = nil) {
        self.severity = severity
        self.key = key
        self.message = message
        self.origin = origin
    }

    public var description: String {
        "\(severity.rawValue): \(key): \(message)" + (origin.map { " (set at \($0))" } ?? "")
    }
}
