/// A calendar day (Gregorian, common era), without a time or a zone: a date of birth, a start
/// date, the day a vacancy closes.
///
/// Stored as days since 1970-01-01, so days compare, hash and subtract as integers:
///
/// ```swift
/// let start = try Day(parsing: "5 มี.ค. 2564")   // 2021-03-05
/// let end = start + 30
/// end - start                                    // 30
/// ```
public struct Day: Hashable, Comparable, Strideable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before).
    public let daysSince1970: Int32

    /// The day `daysSince1970` days after 1970-01-01.
    public init(daysSince1970: Int32) { self.daysSince1970 = daysSince1970 }

    /// The day `year`-`month`-`day` of the Gregorian calendar, common era; nil when there is no
    /// such day (month outside 1 … 12, day outside the month) or `year` is outside 1 … 9999.
    /// Buddhist-era years are not converted here (the parsers do that).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= Self.daysInMonth(month, year: year)
        else { return nil }
        daysSince1970 = Int32(Self.daysFromCivil(year: year, month: month, day: day))
    }

    /// Year (common era), month and day of the month, in one conversion.
    public var components: (year: Int, month: Int, day: Int) { Self.civil(fromDays: Int(daysSince1970)) }
    /// The year, common era.
    public var year: Int { Self.civil(fromDays: Int(daysSince1970)).year }
    /// The month, 1 … 12.
    public var month: Int { Self.civil(fromDays: Int(daysSince1970)).month }
    /// The day of the month, 1 … 31.
    public var day: Int { Self.civil(fromDays: Int(daysSince1970)).day }

    /// ISO 8601, "2021-03-05".
    public var description: String {
        let (year, month, day) = Self.civil(fromDays: Int(daysSince1970))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10)
        Self.appendDigits(year, count: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        Self.appendDigits(month, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        Self.appendDigits(day, count: 2, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `value` as `count` decimal digits, with leading zeros.
    static func appendDigits(_ value: Int, count: Int, to bytes: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        var value = value
        while divisor > 0 {
            bytes.append(0x30 + UInt8(value / divisor % 10))
            value %= divisor
            divisor /= 10
        }
    }

    // MARK: Arithmetic

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.daysSince1970 < rhs.daysSince1970 }

    public func distance(to other: Day) -> Int { Int(other.daysSince1970) - Int(daysSince1970) }

    public func advanced(by days: Int) -> Day { Day(daysSince1970: Int32(Int(daysSince1970) + days)) }

    /// The day `days` later.
    public static func + (day: Day, days: Int) -> Day { day.advanced(by: days) }

    /// The day `days` earlier.
    public static func - (day: Day, days: Int) -> Day { day.advanced(by: -days) }

    /// Days from `rhs` to `lhs`.
    public static func - (lhs: Day, rhs: Day) -> Int { rhs.distance(to: lhs) }

    // MARK: Calendar

    /// True for a leap year of the Gregorian calendar.
    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// Days in `month` (1 … 12) of `year`.
    static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a valid civil date (Howard Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of days since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
