import Media
import Tensor

/// Open-Sora's `ToTensorVideo` then `Normalize(0.5, 0.5)` for each byte value, in Float32:
/// `(v / 255 − 0.5) / 0.5`. A table lookup keeps the conversion exact and cheap.
let normalizedByte: [Float] = (0..<256).map { (Float($0) / 255 - 0.5) / 0.5 }

/// Packed RGB frames (`T × H × W × 3`) to a channel-first tensor `[3, T, H, W]` in [-1, 1].
func clipTensor(_ clip: RGBClip) -> Tensor {
    let frames = clip.frameIndices.count
    let plane = clip.width * clip.height
    let perChannel = frames * plane
    var data = [Float](repeating: 0, count: 3 * perChannel)
    clip.pixels.withUnsafeBufferPointer { source in
        normalizedByte.withUnsafeBufferPointer { table in
            data.withUnsafeMutableBufferPointer { output in
                guard let rgb = source.baseAddress, let lookup = table.baseAddress, let out = output.baseAddress else { return }
                // One pass over the interleaved bytes, writing three planes (sequential in each).
                for frame in 0..<frames {
                    let input = rgb + frame * plane * 3
                    let red = out + frame * plane
                    let green = red + perChannel
                    let blue = green + perChannel
                    for pixel in 0..<plane {
                        red[pixel] = lookup[Int(input[3 * pixel])]
                        green[pixel] = lookup[Int(input[3 * pixel + 1])]
                        blue[pixel] = lookup[Int(input[3 * pixel + 2])]
                    }
                }
            }
        }
    }
    return Tensor(shape: [3, frames, clip.height, clip.width], data: data)
}
