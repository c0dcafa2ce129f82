extension Day {
    /// Parses the UTF-8 bytes of one field, surrounding whitespace ignored. Digits may be ASCII
    /// or Thai (๐-๙). Accepted forms:
    /// - year first: "2021-03-05", "2021/3/5" (a 4-digit year, then month and day of 1 or 2
    ///   digits);
    /// - day first: "05/03/2564", "5/3/2021", "5-3-2021", "5.3.2021" (day and month of 1 or 2
    ///   digits, a 4-digit year; the same separator twice);
    /// - with the month's name: "5 มีนาคม 2564", "5 มี.ค. 2564", "5 มีค 2564", "5 Mar 2021",
    ///   "05-Mar-2021", "5 March 2021" (Thai full or abbreviated names, dots optional; English
    ///   names or three-letter abbreviations, any case), optionally with พ.ศ. or ค.ศ. before the
    ///   year ("5 มีนาคม พ.ศ. 2564").
    ///
    /// **Buddhist era.** Thai records often give the year in the Buddhist era (พ.ศ., BE =
    /// CE + 543). A year of 2400 or more is taken as BE and 543 is subtracted, whatever the form
    /// (2564 → 2021); a smaller year is CE. No date in range is ambiguous: CE years here are
    /// 1900 … 2100, BE years 2443 … 2643.
    ///
    /// - Throws: ``FieldProblem/missing`` when empty; `.malformed` for any other form (including
    ///   2-digit years); `.outOfRange` for a month outside 1 … 12, a day that its month does not
    ///   have (29 February 2564 BE = 2021), or a day outside 1900-01-01 … 2100-12-31 (after the
    ///   BE conversion).
    /// - Complexity: O(n) in the field's length, no allocation.
    public init(parsing bytes: UnsafeBufferPointer<UInt8>) throws(FieldProblem) {
        let field = FieldBytes.trimmed(bytes)
        guard !field.isEmpty else { throw .missing }
        self = try Self.date(in: field)
    }

    /// Parses `text` as the byte version does.
    public init(parsing text: String) throws(FieldProblem) {
        self = try FieldBytes.withUTF8(text) { bytes throws(FieldProblem) in try Day(parsing: bytes) }
    }

    /// The earliest day accepted by the parsers, 1900-01-01.
    public static let earliest = Day(year: 1900, month: 1, day: 1)!
    /// The latest day accepted by the parsers, 2100-12-31.
    public static let latest = Day(year: 2100, month: 12, day: 31)!

    static let malformed = FieldProblem.malformed(expected: "a date such as 2021-03-05, 05/03/2564 or 5 มี.ค. 2564")

    /// The date that trimmed, non-empty `field` holds, in one of the forms of ``init(parsing:)``.
    static func date(in field: UnsafeBufferPointer<UInt8>) throws(FieldProblem) -> Day {
        var scanner = ByteScanner(field)
        let (first, firstCount) = scanner.digits(maximum: 4)
        guard firstCount > 0, !scanner.isAtDigit else { throw malformed }
        if firstCount == 4 {                                        // 2021-03-05
            guard let separator = scanner.current, isSeparator(separator) else { throw malformed }
            scanner.position += 1
            let month = scanner.digits(maximum: 2)
            guard month.count > 0, scanner.take(separator) else { throw malformed }
            let day = scanner.digits(maximum: 2)
            guard day.count > 0, scanner.isAtEnd else { throw malformed }
            return try validated(year: first, month: month.value, day: day.value)
        }
        guard firstCount <= 2 else { throw malformed }
        let afterDay = scanner.position
        if let separator = scanner.current, isSeparator(separator) {  // 05/03/2564
            scanner.position += 1
            let month = scanner.digits(maximum: 2)
            if month.count > 0 {
                guard !scanner.isAtDigit, scanner.take(separator) else { throw malformed }
                let year = scanner.digits(maximum: 4)
                guard year.count == 4, scanner.isAtEnd else { throw malformed }
                return try validated(year: year.value, month: month.value, day: first)
            }
            scanner.position = afterDay
        }
        // 5 มี.ค. 2564: the month's name runs to the year's first digit, after spaces or '-'.
        while let byte = scanner.current, FieldBytes.isSpace(byte) || byte == UInt8(ascii: "-") { scanner.position += 1 }
        let nameStart = scanner.position
        while !scanner.isAtEnd, !scanner.isAtDigit { scanner.position += 1 }
        let name = UnsafeBufferPointer(rebasing: field[nameStart..<scanner.position])
        guard let month = monthNames.lookup(name) else { throw malformed }
        let year = scanner.digits(maximum: 4)
        guard year.count == 4, scanner.isAtEnd else { throw malformed }
        return try validated(year: year.value, month: Int(month), day: first)
    }

    /// '-', '/' or '.': what may separate the numbers of a date.
    @inline(__always)
    private static func isSeparator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "-") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ".")
    }

    /// The day of `year` (BE when 2400 or more), `month` and `day`, checked.
    static func validated(year: Int, month: Int, day: Int) throws(FieldProblem) -> Day {
        let year = year >= 2400 ? year - 543 : year
        guard (1...12).contains(month) else { throw .outOfRange("month must be between 1 and 12") }
        guard (1900...2100).contains(year) else {
            throw .outOfRange("year must be between 1900 and 2100 (2443 and 2643 in the Buddhist era)")
        }
        guard day >= 1, day <= daysInMonth(month, year: year) else {
            throw .outOfRange("day must exist in its month")
        }
        return Day(daysSince1970: Int32(daysFromCivil(year: year, month: month, day: day)))
    }

    /// Month names (Thai full and abbreviated, English full and abbreviated) to month numbers,
    /// each also with พ.ศ. or ค.ศ. after it (the era before the year).
    static let monthNames: NameTable<Int8> = {
        let names: [[String]] = [
            ["มกราคม", "ม.ค.", "January", "Jan"],
            ["กุมภาพันธ์", "ก.พ.", "February", "Feb"],
            ["มีนาคม", "มี.ค.", "March", "Mar"],
            ["เมษายน", "เม.ย.", "April", "Apr"],
            ["พฤษภาคม", "พ.ค.", "May"],
            ["มิถุนายน", "มิ.ย.", "June", "Jun"],
            ["กรกฎาคม", "ก.ค.", "July", "Jul"],
            ["สิงหาคม", "ส.ค.", "August", "Aug"],
            ["กันยายน", "ก.ย.", "September", "Sep", "Sept"],
            ["ตุลาคม", "ต.ค.", "October", "Oct"],
            ["พฤศจิกายน", "พ.ย.", "November", "Nov"],
            ["ธันวาคม", "ธ.ค.", "December", "Dec"],
        ]
        var entries: [(String, Int8)] = []
        for (index, spellings) in names.enumerated() {
            for spelling in spellings {
                for era in ["", "พ.ศ.", "ค.ศ."] { entries.append((spelling + era, Int8(index + 1))) }
            }
        }
        return NameTable(entries)
    }()
}
