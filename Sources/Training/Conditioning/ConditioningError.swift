/// A text-encoder or autoencoder input that does not fit: a missing table column, a tensor of the
/// wrong shape, a frame size the autoencoder cannot divide. The message names the file (and line)
/// or the shape and says what was expected.
public struct ConditioningError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
