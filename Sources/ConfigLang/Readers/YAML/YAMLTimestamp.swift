/// YAML 1.1 timestamps as PyYAML's `construct_yaml_timestamp` builds them, kept as the text
/// Python's `isoformat()` prints for the resulting `date` / `datetime`.
struct YAMLTimestamp: Equatable {
    var year = 0, month = 0, day = 0
    var time: Time?

    struct Time: Equatable {
        var hour = 0, minute = 0, second = 0
        /// The digits after the dot, as written (PyYAML pads or cuts them to 6).
        var fraction = ""
        /// Offset in minutes east of UTC; nil for a naive datetime. `Z` is 0.
        var offsetMinutes: Int?
    }

    /// Matches PyYAML's construction regex (`timestamp_regexp`); with `requireTime`, the resolver's
    /// second alternative, which needs the time part. Returns nil when the text does not match.
    static func parse(_ b: [UInt8], requireTime: Bool) -> YAMLTimestamp? {
        var i = 0
        func digit() -> Int? {
            guard i < b.count, YAMLScalarResolver.isDigit(b[i]) else { return nil }
            defer { i += 1 }
            return Int(b[i] - UInt8(ascii: "0"))
        }
        func number(min: Int, max: Int) -> Int? {
            var value = 0, count = 0
            while count < max, let d = digit() {
                value = value * 10 + d
                count += 1
            }
            return count >= min ? value : nil
        }
        func eat(_ c: Character) -> Bool {
            guard i < b.count, b[i] == c.asciiValue else { return false }
            i += 1
            return true
        }
        func isBlank() -> Bool { i < b.count && (b[i] == UInt8(ascii: " ") || b[i] == UInt8(ascii: "\t")) }

        var result = YAMLTimestamp()
        guard let year = number(min: 4, max: 4), eat("-"),
              let month = number(min: 1, max: 2), eat("-"),
              let day = number(min: 1, max: 2) else { return nil }
        result.year = year
        result.month = month
        result.day = day
        if i == b.count { return requireTime ? nil : result }

        // (?:[Tt]|[ \t]+)
        if !(eat("T") || eat("t")) {
            guard isBlank() else { return nil }
            while isBlank() { i += 1 }
        }
        var time = Time()
        guard let hour = number(min: 1, max: 2), eat(":"),
              let minute = number(min: 2, max: 2), eat(":"),
              let second = number(min: 2, max: 2) else { return nil }
        time.hour = hour
        time.minute = minute
        time.second = second
        if eat(".") {
            let start = i
            while digit() != nil {}
            time.fraction = String(decoding: b[start..<i], as: UTF8.self)
        }
        if i < b.count {
            while isBlank() { i += 1 }
            if eat("Z") {
                time.offsetMinutes = 0
            } else {
                let negative: Bool
                if eat("-") { negative = true } else if eat("+") { negative = false } else { return nil }
                guard let tzHour = number(min: 1, max: 2) else { return nil }
                var tzMinute = 0
                if eat(":") {
                    guard let m = number(min: 2, max: 2) else { return nil }
                    tzMinute = m
                }
                let total = tzHour * 60 + tzMinute
                time.offsetMinutes = negative ? -total : total
            }
        }
        guard i == b.count else { return nil }
        result.time = time
        return result
    }

    /// The checks Python's `date`, `datetime` and `timezone` constructors make, with their messages.
    /// The offset is checked first because PyYAML builds the timezone before the datetime.
    func validationError() -> String? {
        if let offset = time?.offsetMinutes, abs(offset) >= 24 * 60 {
            return "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24)"
        }
        if year < 1 { return "year \(year) is out of range" }
        if !(1...12).contains(month) { return "month must be in 1..12" }
        if !(1...Self.daysIn(month: month, year: year)).contains(day) { return "day is out of range for month" }
        if let time {
            if time.hour > 23 { return "hour must be in 0..23" }
            if time.minute > 59 { return "minute must be in 0..59" }
            if time.second > 59 { return "second must be in 0..59" }
        }
        return nil
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `date.isoformat()` / `datetime.isoformat()`: microseconds only when non-zero, the offset as
    /// `+HH:MM`.
    var isoformat: String {
        var out = Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2)
        guard let time else { return out }
        out += "T" + Self.pad(time.hour, 2) + ":" + Self.pad(time.minute, 2) + ":" + Self.pad(time.second, 2)
        var fraction = String(time.fraction.prefix(6))
        while fraction.count < 6 { fraction += "0" }
        if fraction != "000000" { out += "." + fraction }
        if let offset = time.offsetMinutes {
            out += (offset < 0 ? "-" : "+") + Self.pad(abs(offset) / 60, 2) + ":" + Self.pad(abs(offset) % 60, 2)
        }
        return out
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
