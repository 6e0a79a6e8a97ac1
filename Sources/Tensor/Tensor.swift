/// A contiguous, row-major array of `Float` with a shape.
///
/// A value type: copies share storage until one of them is written (the storage is a Swift array).
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

    /// The number of elements.
    public var count: Int { data.count }
}
