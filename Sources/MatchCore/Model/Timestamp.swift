/// An instant, to the second: when a record was created, changed or applied.
///
/// Stored as seconds since 1970-01-01T00:00:00Z. Thailand keeps one zone, Asia/Bangkok, UTC+7
/// all year (no daylight saving time), so a time written without a zone is Bangkok time and
/// ``day`` and ``description`` use Bangkok time too.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let secondsSince1970: Int64

    /// Thailand's offset from UTC, seven hours, in seconds.
    public static let bangkokOffset: Int64 = 7 * 3600

    /// The instant `secondsSince1970` seconds after 1970-01-01T00:00:00Z.
    public init(secondsSince1970: Int64) { self.secondsSince1970 = secondsSince1970 }

    /// The instant at `hour`:`minute`:`second` of `day`, read in the zone `utcOffsetSeconds`
    /// ahead of UTC (Bangkok by default).
    ///
    /// - Precondition: `hour` 0 … 23, `minute` and `second` 0 … 59.
    public init(_ day: Day, hour: Int = 0, minute: Int = 0, second: Int = 0,
                utcOffsetSeconds: Int64 = Timestamp.bangkokOffset) {
        precondition((0...23).contains(hour) && (0...59).contains(minute) && (0...59).contains(second),
                     "Timestamp: time of day out of range")
        secondsSince1970 = Int64(day.daysSince1970) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
            - utcOffsetSeconds
    }

    /// The day in Bangkok at this instant.
    public var day: Day {
        let local = secondsSince1970 + Self.bangkokOffset
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        return Day(daysSince1970: Int32(days))
    }

    /// ISO 8601 in Bangkok time, "2021-03-05T14:30:00+07:00".
    public var description: String {
        let local = secondsSince1970 + Self.bangkokOffset
        let seconds = Int(local - Int64(day.daysSince1970) * 86_400)
        var bytes = Array(day.description.utf8)
        bytes.append(UInt8(ascii: "T"))
        Day.appendDigits(seconds / 3600, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        Day.appendDigits(seconds / 60 % 60, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        Day.appendDigits(seconds % 60, count: 2, to: &bytes)
        return String(decoding: bytes, as: UTF8.self) + "+07:00"
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.secondsSince1970 < rhs.secondsSince1970 }

    /// Parses the UTF-8 bytes of one field, surrounding whitespace ignored: a date in any form
    /// that ``Day`` parses (Buddhist-era years included), optionally followed by 'T' or one space
    /// and a time of day:
    /// - "HH:MM", "HH:MM:SS", with an optional fraction of a second (".123", ignored: the
    ///   instant is truncated to the second); one-digit hours allowed ("9:05");
    /// - then optionally a zone: "Z", "±HH:MM", "±HHMM" or "±HH". Without one, Bangkok time.
    ///
    /// A date alone is 00:00 Bangkok time. "2021-03-05T14:30:00Z", "2564-03-05 21:30",
    /// "05/03/2564 21:30:00+07:00" and "5 มี.ค. 2564 21:30" are accepted.
    ///
    /// - Throws: ``FieldProblem/missing`` when empty; `.malformed` for another form;
    ///   `.outOfRange` for an impossible date (see ``Day``), time or offset (beyond ±14:00).
    /// - Complexity: O(n) in the field's length, no allocation.
    public init(parsing bytes: UnsafeBufferPointer<UInt8>) throws(FieldProblem) {
        let field = FieldBytes.trimmed(bytes)
        guard !field.isEmpty else { throw .missing }
        guard let colon = field.firstIndex(of: UInt8(ascii: ":")) else {
            try self.init(Day(parsing: field))                     // a date alone
            return
        }
        // The hour is the one or two digits before the first ':'; before them 'T' or a space.
        var hourStart = colon, hourDigits = 0
        while hourDigits < 2 {
            if hourStart >= 1, field[hourStart - 1] &- 0x30 < 10 {
                hourStart -= 1
            } else if hourStart >= 3, field[hourStart - 3] == 0xE0, FieldBytes.digit(field, at: hourStart - 3) != nil {
                hourStart -= 3                                      // a Thai digit
            } else {
                break
            }
            hourDigits += 1
        }
        guard hourStart < colon, hourStart >= 2,
              field[hourStart - 1] == UInt8(ascii: "T") || field[hourStart - 1] == UInt8(ascii: "t")
                || field[hourStart - 1] == UInt8(ascii: " ")
        else { throw Self.malformed }
        let date = UnsafeBufferPointer(rebasing: field[..<(hourStart - 1)])
        guard let last = date.last, !FieldBytes.isSpace(last) else { throw Self.malformed }
        let day = try Day.date(in: date)
        var scanner = ByteScanner(UnsafeBufferPointer(rebasing: field[hourStart...]))
        let seconds = try Self.timeOfDay(&scanner)
        let offset = try Self.utcOffset(&scanner)
        self.init(secondsSince1970: Int64(day.daysSince1970) * 86_400 + Int64(seconds) - offset)
    }

    /// Parses `text` as the byte version does.
    public init(parsing text: String) throws(FieldProblem) {
        self = try FieldBytes.withUTF8(text) { bytes throws(FieldProblem) in try Timestamp(parsing: bytes) }
    }

    static let malformed = FieldProblem.malformed(
        expected: "a date and time such as 2021-03-05T14:30:00+07:00, 2564-03-05 14:30 or 05/03/2564"
    )

    /// Seconds since midnight of "H:MM", "HH:MM:SS" or "HH:MM:SS.fff" at the scanner.
    private static func timeOfDay(_ scanner: inout ByteScanner) throws(FieldProblem) -> Int {
        let hour = scanner.digits(maximum: 2)
        guard hour.count > 0, scanner.take(UInt8(ascii: ":")) else { throw malformed }
        let minute = scanner.digits(maximum: 2)
        guard minute.count == 2 else { throw malformed }
        var second = 0
        if scanner.take(UInt8(ascii: ":")) {
            let digits = scanner.digits(maximum: 2)
            guard digits.count == 2 else { throw malformed }
            second = digits.value
            if scanner.take(UInt8(ascii: ".")) || scanner.take(UInt8(ascii: ",")) {
                guard scanner.isAtDigit else { throw malformed }
                while scanner.isAtDigit { _ = scanner.digits(maximum: 18) }
            }
        }
        guard !scanner.isAtDigit else { throw malformed }
        guard hour.value <= 23, minute.value <= 59, second <= 59 else {
            throw .outOfRange("time must be between 00:00:00 and 23:59:59")
        }
        return hour.value * 3600 + minute.value * 60 + second
    }

    /// The zone's offset from UTC in seconds: 0 for "Z", that of "±HH[:MM]" or "±HHMM", Bangkok's
    /// at the end of the field.
    private static func utcOffset(_ scanner: inout ByteScanner) throws(FieldProblem) -> Int64 {
        if scanner.isAtEnd { return bangkokOffset }
        if scanner.take(UInt8(ascii: "Z")) || scanner.take(UInt8(ascii: "z")) {
            guard scanner.isAtEnd else { throw malformed }
            return 0
        }
        let sign: Int64
        if scanner.take(UInt8(ascii: "+")) {
            sign = 1
        } else if scanner.take(UInt8(ascii: "-")) {
            sign = -1
        } else {
            throw malformed
        }
        let hours = scanner.digits(maximum: 2)
        guard hours.count == 2 else { throw malformed }
        var minutes = 0
        if !scanner.isAtEnd {
            _ = scanner.take(UInt8(ascii: ":"))
            let digits = scanner.digits(maximum: 2)
            guard digits.count == 2, scanner.isAtEnd else { throw malformed }
            minutes = digits.value
        }
        guard hours.value * 60 + minutes <= 14 * 60, minutes <= 59 else {
            throw .outOfRange("zone offset must be between -14:00 and +14:00")
        }
        return sign * Int64(hours.value * 3600 + minutes * 60)
    }
}
