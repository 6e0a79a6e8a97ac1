/// Draws the frames of a demo item as packed RGB24 (`height × width × 3`, the layout `VideoWriter`
/// and `ImageWriter` take). Hard edges, no anti-aliasing: every pixel is the shape's colour or the
/// background's, so what the caption names is exactly what is on screen. Pure arithmetic on
/// doubles, so a frame is the same bytes on every machine.
public func renderDemoFrame(_ item: DemoItem, frame index: Int) -> [UInt8] {
    let origin = item.origin(frame: index)
    let side = Double(item.size)
    var pixels = [UInt8](repeating: 0, count: item.width * item.height * 3)
    let shape = item.colour.rgb, ground = item.background.rgb
    pixels.withUnsafeMutableBufferPointer { buffer in
        var offset = 0
        for y in 0 ..< item.height {
            // Pixel centres, in the shape's square: (0, 0) is its top-left corner.
            let v = Double(y) + 0.5 - origin.y
            for x in 0 ..< item.width {
                let u = Double(x) + 0.5 - origin.x
                let colour = covers(item.shape, u: u, v: v, side: side) ? shape : ground
                buffer[offset] = colour[0]
                buffer[offset + 1] = colour[1]
                buffer[offset + 2] = colour[2]
                offset += 3
            }
        }
    }
    return pixels
}

/// Whether the point (u, v) of a side × side square lies in the shape drawn in it.
func covers(_ shape: DemoShape, u: Double, v: Double, side: Double) -> Bool {
    guard u >= 0, v >= 0, u < side, v < side else { return false }
    let half = side / 2
    let du = abs(u - half), dv = abs(v - half)
    switch shape {
    case .square: return true
    case .circle: return du * du + dv * dv <= half * half
    // Apex at the top centre, base along the bottom edge: half as wide as it is far down.
    case .triangle: return du <= v / 2
    case .diamond: return du + dv <= half
    }
}
