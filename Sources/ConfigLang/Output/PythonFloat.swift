/// Python's `repr(float)`: the shortest digits that read back to the same double (Swift's
/// `description` finds the same digits), laid out the way Python does — positional for decimal
/// exponents from -4 to 15, scientific otherwise (`1e-05`, `1e+16`, `1000000000000000.0`).
public enum PythonFloat {
    public static func repr(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let sign = value.sign == .minus ? "-" : ""
        var (digits, pointPosition) = shortestDigits(abs(value))
        if digits.isEmpty { return sign + "0.0" }
        let exponent = pointPosition - 1
        if exponent >= -4 && exponent < 16 {
            if pointPosition <= 0 {
                return sign + "0." + String(repeating: "0", count: -pointPosition) + digits
            }
            if pointPosition >= digits.count {
                digits += String(repeating: "0", count: pointPosition - digits.count)
                return sign + digits + ".0"
            }
            let split = digits.index(digits.startIndex, offsetBy: pointPosition)
            return sign + digits[..<split] + "." + digits[split...]
        }
        let mantissa = digits.count == 1 ? digits : String(digits.prefix(1)) + "." + digits.dropFirst()
        let exponentText = String(abs(exponent))
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (exponentText.count < 2 ? "0" : "") + exponentText
    }

    /// The significant digits (no leading or trailing zeros) and where the decimal point goes:
    /// value = 0.d1d2d3… × 10^pointPosition.
    static func shortestDigits(_ value: Double) -> (String, Int) {
        let text = value.description
        let parts = text.split(separator: "e", maxSplits: 1)
        let exponent = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
        let mantissa = parts[0]
        let dot = mantissa.firstIndex(of: ".")
        let integerPart = dot.map { mantissa[..<$0] } ?? mantissa
        let fractionPart = dot.map { mantissa[mantissa.index(after: $0)...] } ?? ""
        var digits = Array(integerPart + fractionPart)
        var pointPosition = integerPart.count + exponent
        while let first = digits.first, first == "0" {
            digits.removeFirst()
            pointPosition -= 1
        }
        while let last = digits.last, last == "0" { digits.removeLast() }
        return (String(digits), pointPosition)
    }
}
