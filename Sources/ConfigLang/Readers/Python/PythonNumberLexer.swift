/// Numeric literals as Python 3 writes them: `10_000`, `0x1F`, `0o17`, `0b101`, `1e-5`, `.5`, `1.`.
extension PythonTokenizer {
    static func isDigit(_ c: Unicode.Scalar?, radix: Int) -> Bool {
        guard let c else { return false }
        switch radix {
        case 2: return c == "0" || c == "1"
        case 8: return ("0"..."7").contains(c)
        case 16: return ("0"..."9").contains(c) || ("a"..."f").contains(c) || ("A"..."F").contains(c)
        default: return ("0"..."9").contains(c)
        }
    }

    /// Reads `digit (_? digit)*` and returns the digits without underscores (empty when none).
    mutating func lexDigits(radix: Int, literalStart: SourceLocation) throws -> String {
        var digits = ""
        while true {
            if Self.isDigit(peek(), radix: radix) {
                digits.unicodeScalars.append(peek()!)
                advance()
            } else if peek() == "_" && !digits.isEmpty {
                advance()
                guard Self.isDigit(peek(), radix: radix) else {
                    throw PythonSyntax.syntax("invalid \(Self.radixName(radix)) literal", at: here)
                }
            } else {
                return digits
            }
        }
    }

    static func radixName(_ radix: Int) -> String {
        switch radix {
        case 2: return "binary"
        case 8: return "octal"
        case 16: return "hexadecimal"
        default: return "decimal"
        }
    }

    mutating func lexNumber() throws {
        let start = here
        let startIndex = index
        var text = ""
        if peek() == "0", let p = peek(1), "xXoObB".unicodeScalars.contains(p) {
            let radix = (p == "x" || p == "X") ? 16 : (p == "o" || p == "O") ? 8 : 2
            advance(); advance()
            if peek() == "_" { advance() }
            let digits = try lexDigits(radix: radix, literalStart: start)
            if digits.isEmpty || (peek().map(Self.isNameContinue) ?? false) {
                throw PythonSyntax.syntax("invalid \(Self.radixName(radix)) literal", at: here)
            }
            var written = ""
            written.unicodeScalars.append(contentsOf: scalars[startIndex..<index])
            emit(.int(UInt64(digits, radix: radix), text: written), at: start)
            return
        }
        let intPart = try lexDigits(radix: 10, literalStart: start)
        text += intPart
        var isFloat = false
        if peek() == "." {
            isFloat = true
            advance()
            text += "."
            text += try lexDigits(radix: 10, literalStart: start)
        }
        if let e = peek(), e == "e" || e == "E" {
            let hasSign = peek(1) == "+" || peek(1) == "-"
            if Self.isDigit(peek(hasSign ? 2 : 1), radix: 10) {
                isFloat = true
                advance()
                text += "e"
                if hasSign {
                    text.unicodeScalars.append(peek()!)
                    advance()
                }
                text += try lexDigits(radix: 10, literalStart: start)
            }
        }
        if let j = peek(), j == "j" || j == "J" {
            throw PythonSyntax.unsupported("complex number", at: start)
        }
        if let c = peek(), Self.isNameContinue(c) {
            throw PythonSyntax.syntax("invalid decimal literal", at: here)
        }
        if isFloat {
            emit(.float(Double(text) ?? .infinity), at: start)
            return
        }
        if intPart.count > 1 && intPart.first == "0" && intPart.contains(where: { $0 != "0" }) {
            throw PythonSyntax.syntax(
                "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", at: start)
        }
        emit(.int(UInt64(intPart), text: intPart), at: start)
    }
}
