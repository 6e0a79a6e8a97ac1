/// An optimizer over a fixed list of named parameters: the model hands it the parameters and their
/// gradients in the order of `names` (given at construction), and the learning rate of this step
/// (from `LearningRateSchedule`, so the schedule stays a pure function of the step).
///
/// The state (moments, step count) saves to and restores from a `SafetensorsFile` whose tensors are
/// named `<parameter name>.<state name>` (`exp_avg`, `exp_avg_sq`, `momentum_buffer`, as in PyTorch's
/// state dicts) and whose metadata holds the optimizer kind and the step count as decimal text.
/// Float32 values are stored exactly, so a run resumed from a saved state is bit-identical to one
/// that never stopped.
public protocol Optimizer: Sendable {
    /// Parameter names, parallel to the `parameters` and `gradients` of `step`.
    var names: [String] { get }
    /// Optimizer steps taken so far.
    var stepCount: Int { get }
    /// Updates `parameters` in place from `gradients` (same count and shapes, in `names` order).
    mutating func step(parameters: inout [Tensor], gradients: [Tensor], learningRate: Float)
    /// The state as named tensors plus metadata.
    func state() -> SafetensorsFile
    /// Replaces the state with one saved by `state()`; throws when it belongs to another optimizer
    /// kind or another set of parameters.
    mutating func restore(from state: SafetensorsFile) throws
}

/// A saved optimizer state that does not fit the optimizer it is loaded into.
public struct OptimizerStateError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Shared bookkeeping of the optimizers: checks of the step's arguments and the state file layout.
enum OptimizerState {
    static let kindKey = "optimizer"
    static let stepKey = "step"

    static func checkStep(names: [String], parameters: [Tensor], gradients: [Tensor]) {
        precondition(parameters.count == names.count && gradients.count == names.count,
                     "optimizer over \(names.count) parameters got \(parameters.count) parameters and \(gradients.count) gradients")
        for index in parameters.indices {
            precondition(parameters[index].shape == gradients[index].shape,
                         "gradient of '\(names[index])' has shape \(gradients[index].shape), parameter \(parameters[index].shape)")
        }
    }

    /// The metadata common to every optimizer's state, plus its settings for the record.
    static func metadata(kind: String, stepCount: Int, settings: [String: String]) -> [String: String] {
        settings.merging([kindKey: kind, stepKey: String(stepCount)]) { _, common in common }
    }

    /// The step count of a saved state, after checking its kind.
    static func stepCount(of state: SafetensorsFile, kind: String) throws -> Int {
        guard state.metadata[kindKey] == kind else {
            throw OptimizerStateError("the optimizer state was saved by '\(state.metadata[kindKey] ?? "unknown")', not \(kind)")
        }
        guard let text = state.metadata[stepKey], let count = Int(text), count >= 0 else {
            throw OptimizerStateError("the optimizer state has no valid step count in its metadata")
        }
        return count
    }

    /// The per-parameter tensor `<name>.<slot>`, which must exist with `name`'s shape when
    /// `shapes` knows it.
    static func slot(_ slot: String, of name: String, in state: SafetensorsFile) throws -> Tensor {
        guard let tensor = state.tensors["\(name).\(slot)"] else {
            throw OptimizerStateError("the optimizer state has no '\(name).\(slot)' (was it saved for another model?)")
        }
        return tensor
    }

    /// Names present in the state that the optimizer does not know: saved for another model.
    static func checkNoStrangers(_ state: SafetensorsFile, names: [String], slots: [String]) throws {
        let known = Set(names.flatMap { name in slots.map { "\(name).\($0)" } })
        let strangers = state.tensors.keys.filter { !known.contains($0) }.sorted()
        guard strangers.isEmpty else {
            throw OptimizerStateError("the optimizer state has tensors for parameters this model does not have: \(strangers.prefix(5).joined(separator: ", "))\(strangers.count > 5 ? ", …" : "")")
        }
    }
}
