/// Axis permutation (a copy into the new order), the kernel behind patchify and unpatchify.
extension Tensor {
    /// The tensor with its axes reordered: result axis `i` is input axis `order[i]`.
    public func permuted(_ order: [Int]) -> Tensor {
        precondition(order.count == rank && Set(order) == Set(0..<rank), "bad permutation \(order) for rank \(rank)")
        if order == Array(0..<rank) { return self }
        let outShape = order.map { shape[$0] }
        var inStrides = [Int](repeating: 1, count: rank)
        for axis in stride(from: rank - 2, through: 0, by: -1) { inStrides[axis] = inStrides[axis + 1] * shape[axis + 1] }
        let strides = order.map { inStrides[$0] }
        let inner = outShape.last ?? 1
        let innerStride = strides.last ?? 1
        let outerCount = count / max(inner, 1)
        return Tensor(shape: outShape) { out in
            guard out.count > 0 else { return }
            data.withUnsafeBufferPointer { source in
                let src = source.baseAddress!
                var index = [Int](repeating: 0, count: max(rank - 1, 0))
                var offset = 0
                var written = 0
                for _ in 0..<outerCount {
                    let line = src + offset
                    if innerStride == 1 {
                        (out.baseAddress! + written).update(from: line, count: inner)
                    } else {
                        for j in 0..<inner { out[written + j] = line[j * innerStride] }
                    }
                    written += inner
                    // Advance the outer multi-index (odometer), updating the source offset.
                    var axis = rank - 2
                    while axis >= 0 {
                        index[axis] += 1
                        offset += strides[axis]
                        if index[axis] < outShape[axis] { break }
                        offset -= strides[axis] * outShape[axis]
                        index[axis] = 0
                        axis -= 1
                    }
                }
            }
        }
    }
}
