import Media
import Tensor

/// Open-Sora's `ToTensorVideo` then `Normalize(0.5, 0.5)` for each byte value, in Float32:
/// `(v / 255 − 0.5) / 0.5`. A table lookup keeps the conversion exact and cheap.
let normalizedByte: [Float] = (0..<256).map { (Float($0) / 255 - 0.5) / 0.5 }

/// The `height × width` window at (`top`, `left`) of packed RGB frames (`T × h × w × 3`) as a
/// channel-first tensor `[3, T, height, width]` in [-1, 1]. The window must lie inside the frames.
func clipTensor(_ clip: RGBClip, top: Int, left: Int, height: Int, width: Int) -> Tensor {
    precondition(top >= 0 && left >= 0 && top + height <= clip.height && left + width <= clip.width,
                 "crop \(height)x\(width) at (\(top), \(left)) outside a \(clip.height)x\(clip.width) picture")
    let frames = clip.frameIndices.count
    let plane = width * height
    let perChannel = frames * plane
    var data = [Float](repeating: 0, count: 3 * perChannel)
    clip.pixels.withUnsafeBufferPointer { source in
        normalizedByte.withUnsafeBufferPointer { table in
            data.withUnsafeMutableBufferPointer { output in
                guard let rgb = source.baseAddress, let lookup = table.baseAddress, let out = output.baseAddress else { return }
                // One pass over the interleaved bytes, writing three planes (sequential in each).
                for frame in 0..<frames {
                    for row in 0..<height {
                        let input = rgb + clip.frameByteCount * frame + ((top + row) * clip.width + left) * 3
                        let red = out + frame * plane + row * width
                        let green = red + perChannel
                        let blue = green + perChannel
                        for x in 0..<width {
                            red[x] = lookup[Int(input[3 * x])]
                            green[x] = lookup[Int(input[3 * x + 1])]
                            blue[x] = lookup[Int(input[3 * x + 2])]
                        }
                    }
                }
            }
        }
    }
    return Tensor(shape: [3, frames, height, width], data: data)
}
