/// ISO-8601 instants as Genesys writes them, read into milliseconds since 1970 (UTC).
///
/// The documented form is `yyyy-MM-ddTHH:mm:ss[.mmm]Z`; real exports also hold a non-padded
/// day or month (`2021-04-2T…`), fractions of any length (`.00Z`) and numeric offsets. All of
/// these are read; whether the form is the documented one is a separate question.
public enum Timestamp {
    public static func milliseconds(from text: String) -> Int64? {
        var text = text
        return text.withUTF8 { milliseconds(from: $0) }
    }

    public static func milliseconds(from bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var reader = DigitReader(bytes: bytes)
        guard let year = reader.number(minDigits: 4, maxDigits: 4), reader.take(UInt8(ascii: "-")),
              let month = reader.number(minDigits: 1, maxDigits: 2), reader.take(UInt8(ascii: "-")),
              let day = reader.number(minDigits: 1, maxDigits: 2),
              reader.take(UInt8(ascii: "T")) || reader.take(UInt8(ascii: "t")) || reader.take(UInt8(ascii: " ")),
              let hour = reader.number(minDigits: 2, maxDigits: 2), reader.take(UInt8(ascii: ":")),
              let minute = reader.number(minDigits: 2, maxDigits: 2), reader.take(UInt8(ascii: ":")),
              let second = reader.number(minDigits: 2, maxDigits: 2)
        else { return nil }
        var millisecond: Int64 = 0
        if reader.take(UInt8(ascii: ".")) {
            guard let (fraction, digits) = reader.fraction() else { return nil }
            millisecond = Self.milliseconds(fraction: fraction, digits: digits)
        }
        var offsetMinutes: Int64 = 0
        if reader.take(UInt8(ascii: "Z")) || reader.take(UInt8(ascii: "z")) {
            offsetMinutes = 0
        } else if let sign = reader.takeSign() {
            guard let hours = reader.number(minDigits: 2, maxDigits: 2) else { return nil }
            _ = reader.take(UInt8(ascii: ":"))
            guard let minutes = reader.number(minDigits: 2, maxDigits: 2), hours < 24, minutes < 60 else { return nil }
            offsetMinutes = sign * (hours * 60 + minutes)
        } else {
            return nil
        }
        guard reader.atEnd,
              (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 61
        else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        let seconds = ((days * 24 + hour) * 60 + minute) * 60 + second - offsetMinutes * 60
        return seconds * 1000 + millisecond
    }

    /// Whether the text has exactly the documented form `yyyy-MM-ddTHH:mm:ss[.mmm]Z`.
    public static func isDocumentedForm(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == 20 || bytes.count == 24 else { return false }
        let pattern: StaticString = bytes.count == 20 ? "dddd-dd-ddTdd:dd:ddZ" : "dddd-dd-ddTdd:dd:dd.dddZ"
        return zip(bytes, UnsafeBufferPointer(start: pattern.utf8Start, count: pattern.utf8CodeUnitCount)).allSatisfy { byte, expected in
            expected == UInt8(ascii: "d") ? (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) : byte == expected
        }
    }

    /// The documented form (`yyyy-MM-ddTHH:mm:ss.mmmZ`, UTC) of a timestamp written in another
    /// form, when its instant is exact in whole milliseconds: nil for a timestamp already in the
    /// documented form, one that cannot be read, a leap second, or digits below the millisecond
    /// that are not zero (rounding them would change the instant).
    public static func documentedForm(ofExactInstant text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            guard !isDocumentedForm(bytes), let milliseconds = milliseconds(from: bytes) else { return nil }
            // hh:mm:ss starts 3 bytes after the date's separator; the date is 8 to 10 bytes.
            guard let separator = bytes.firstIndex(where: { $0 == UInt8(ascii: "T") || $0 == UInt8(ascii: "t") || $0 == UInt8(ascii: " ") }),
                  separator + 8 < bytes.count, !(bytes[separator + 7] == UInt8(ascii: "6") && bytes[separator + 8] == UInt8(ascii: "0"))
            else { return nil }
            if let point = bytes.firstIndex(of: UInt8(ascii: ".")) {
                let digits = bytes[(point + 1)...].prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
                guard digits.dropFirst(3).allSatisfy({ $0 == UInt8(ascii: "0") }) else { return nil }
            }
            return format(milliseconds: milliseconds)
        }
    }

    /// The instant as `yyyy-MM-ddTHH:mm:ss.mmmZ`.
    public static func format(milliseconds: Int64) -> String {
        let totalSeconds = milliseconds.floorDivided(by: 1000)
        let millisecond = milliseconds - totalSeconds * 1000
        let days = totalSeconds.floorDivided(by: 86_400)
        let secondOfDay = totalSeconds - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(millisecond, 3))Z"
    }

    private static func milliseconds(fraction: Int64, digits: Int) -> Int64 {
        var value = fraction
        var digits = digits
        while digits > 3 {
            value /= 10
            digits -= 1
        }
        while digits < 3 {
            value *= 10
            digits += 1
        }
        return value
    }

    private static func isLeap(_ year: Int64) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Howard Hinnant's days-from-civil and civil-from-days algorithms.
    private static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = y.floorDivided(by: 400)
        let yearOfEra = y - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civilDate(daysSinceEpoch days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = z.floorDivided(by: 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

private struct DigitReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    var atEnd: Bool { index == bytes.count }

    mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    mutating func takeSign() -> Int64? {
        if take(UInt8(ascii: "+")) { return 1 }
        if take(UInt8(ascii: "-")) { return -1 }
        return nil
    }

    mutating func number(minDigits: Int, maxDigits: Int) -> Int64? {
        var value: Int64 = 0
        var count = 0
        while count < maxDigits, index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            value = value * 10 + Int64(bytes[index] - UInt8(ascii: "0"))
            index += 1
            count += 1
        }
        return count >= minDigits ? value : nil
    }

    /// Digits after a decimal point, any count from 1 to 9.
    mutating func fraction() -> (Int64, Int)? {
        let start = index
        guard let value = number(minDigits: 1, maxDigits: 9) else { return nil }
        // More than nanosecond precision is not a timestamp anyone writes; reject it.
        if index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { return nil }
        return (value, index - start)
    }
}

extension Int64 {
    /// Division rounding toward negative infinity, for dates before 1970.
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
