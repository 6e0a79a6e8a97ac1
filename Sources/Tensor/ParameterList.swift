/// A model's parameters as an ordered list: the interface optimizers, checkpoints and gradient
/// averaging work against. `parameterNames[i]`, `parameters[i]` and `gradients[i]` describe the
/// same tensor; names are dotted paths like PyTorch state-dict keys (`blocks.0.attn.qkv.weight`).
public protocol ParameterList {
    var parameterNames: [String] { get }
    var parameters: [Tensor] { get set }
    /// The accumulated gradients, same order and shapes as `parameters`.
    var gradients: [Tensor] { get }
    /// Resets every accumulated gradient to zero.
    mutating func zeroGradients()
}

/// A layer or model built from parameters with gradients stored next to them. Implementations
/// only enumerate their (parameter, gradient) pairs in a fixed order; the list views follow.
public protocol Layer: ParameterList {
    /// Calls `visit(name, &parameter, &gradient)` for every parameter, in the fixed order.
    mutating func visitParameters(_ visit: (String, inout Tensor, inout Tensor) -> Void)
}

extension Layer {
    public var parameterNames: [String] {
        var names: [String] = []
        var copy = self
        copy.visitParameters { name, _, _ in names.append(name) }
        return names
    }

    public var parameters: [Tensor] {
        get {
            var list: [Tensor] = []
            var copy = self
            copy.visitParameters { _, parameter, _ in list.append(parameter) }
            return list
        }
        set {
            var index = 0
            visitParameters { name, parameter, _ in
                precondition(index < newValue.count, "too few parameters: no value for \(name)")
                precondition(newValue[index].shape == parameter.shape,
                             "\(name): shape \(newValue[index].shape), expected \(parameter.shape)")
                parameter = newValue[index]
                index += 1
            }
            precondition(index == newValue.count, "\(newValue.count) parameters for \(index) slots")
        }
    }

    public var gradients: [Tensor] {
        var list: [Tensor] = []
        var copy = self
        copy.visitParameters { _, _, gradient in list.append(gradient) }
        return list
    }

    public mutating func zeroGradients() {
        visitParameters { _, _, gradient in gradient.zero() }
    }

    /// The number of scalar parameters.
    public var parameterCount: Int {
        var total = 0
        var copy = self
        copy.visitParameters { _, parameter, _ in total += parameter.count }
        return total
    }

    /// Visits the parameters of `child` with `prefix.` prepended to their names.
    public static func visit<Child: Layer>(
        _ child: inout Child, prefix: String, _ visit: (String, inout Tensor, inout Tensor) -> Void
    ) {
        child.visitParameters { name, parameter, gradient in visit(prefix + "." + name, &parameter, &gradient) }
    }
}
