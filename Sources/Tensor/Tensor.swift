/// A contiguous, row-major array of `Float` with a shape.
///
/// A value type: copies share storage until one of them is written (the storage is a Swift array).
/// Kernels work on the storage through unsafe buffer pointers (see `Kernels/`), so an operation
/// allocates its result once and never per element.
public struct Tensor: Sendable, Equatable {
    /// Extent of each dimension, outermost first.
    public var shape: [Int]
    /// The elements in row-major order; `data.count == shape.reduce(1, *)`.
    public var data: [Float]

    /// A tensor of `shape` filled with `value`.
    public init(shape: [Int], repeating value: Float = 0) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in \(shape)")
        self.shape = shape
        self.data = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// A tensor of `shape` over `data`, which must hold exactly `shape.reduce(1, *)` elements.
    public init(shape: [Int], data: [Float]) {
        precondition(data.count == shape.reduce(1, *), "\(data.count) elements for shape \(shape)")
        self.shape = shape
        self.data = data
    }

    /// A tensor of `shape` whose elements are written by `fill` (which must write every element):
    /// no zero-fill pass before the kernel overwrites the storage.
    public init(shape: [Int], uninitializedFill fill: (UnsafeMutableBufferPointer<Float>) -> Void) {
        let count = shape.reduce(1, *)
        self.shape = shape
        self.data = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(buffer)
            initialized = count
        }
    }

    /// The number of elements.
    public var count: Int { data.count }

    /// The number of dimensions.
    public var rank: Int { shape.count }

    /// The extent of the last dimension (the feature size of a `[..., features]` tensor).
    public var lastDimension: Int { shape.last ?? 1 }

    /// The number of rows of a `[..., features]` tensor: every dimension but the last, multiplied.
    public var rowCount: Int { shape.isEmpty ? 1 : count / max(lastDimension, 1) }

    /// The same elements under another shape with the same number of elements.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        precondition(newShape.reduce(1, *) == count, "cannot reshape \(shape) to \(newShape)")
        var copy = self
        copy.shape = newShape
        return copy
    }

    /// A tensor of zeros shaped like this one.
    public func zerosLike() -> Tensor { Tensor(shape: shape) }
}
