/// The period a wage is paid for.
public enum WageUnit: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case month = 1, day, hour

    /// Working days in a month, as DOE counts them when comparing daily and monthly wages.
    public static let workingDaysPerMonth = 26
    /// Working hours in a day.
    public static let workingHoursPerDay = 8

    /// "month", "day", "hour".
    public var code: String {
        switch self {
        case .month: "month"
        case .day: "day"
        case .hour: "hour"
        }
    }

    /// The ``code``.
    public var description: String { code }

    /// `amount` per this unit as a monthly amount, the way DOE usually compares wages: a month
    /// has 26 working days of 8 hours, so a day's wage × 26 and an hour's × 8 × 26 = 208.
    /// Saturates at `Int.max` instead of overflowing.
    public func monthly(_ amount: Int) -> Int {
        let factor = switch self {
        case .month: 1
        case .day: Self.workingDaysPerMonth
        case .hour: Self.workingDaysPerMonth * Self.workingHoursPerDay
        }
        let (product, overflow) = amount.multipliedReportingOverflow(by: factor)
        return overflow ? (amount < 0 ? Int.min : Int.max) : product
    }

    /// Parses the UTF-8 bytes of one field: month, monthly, per month, /month, เดือน, ต่อเดือน,
    /// รายเดือน; day, daily, per day, วัน, ต่อวัน, รายวัน; hour, hourly, per hour, ชั่วโมง, ชม.,
    /// ต่อชั่วโมง, รายชั่วโมง. ASCII case, spaces, dots and '/' do not matter; surrounding
    /// whitespace is ignored.
    ///
    /// - Throws: ``FieldProblem/missing`` when empty;
    ///   `.unknown("unknown wage unit (month, day or hour expected)")`.
    /// - Complexity: O(n) in the field's length, no allocation.
    public init(parsing bytes: UnsafeBufferPointer<UInt8>) throws(FieldProblem) {
        let field = FieldBytes.trimmed(bytes)
        guard !field.isEmpty else { throw .missing }
        guard let unit = Self.names.lookup(field) else { throw .unknown("unknown wage unit (month, day or hour expected)") }
        self = unit
    }

    /// Parses `text` as the byte version does.
    public init(parsing text: String) throws(FieldProblem) {
        self = try FieldBytes.withUTF8(text) { bytes throws(FieldProblem) in try WageUnit(parsing: bytes) }
    }

    static let names = NameTable<WageUnit>([
        ("month", .month), ("monthly", .month), ("months", .month), ("per month", .month), ("a month", .month),
        ("mo", .month), ("เดือน", .month), ("ต่อเดือน", .month), ("รายเดือน", .month), ("เงินเดือน", .month),
        ("day", .day), ("daily", .day), ("days", .day), ("per day", .day), ("a day", .day),
        ("วัน", .day), ("ต่อวัน", .day), ("รายวัน", .day), ("ค่าแรงรายวัน", .day),
        ("hour", .hour), ("hourly", .hour), ("hours", .hour), ("per hour", .hour), ("an hour", .hour), ("hr", .hour),
        ("ชั่วโมง", .hour), ("ชม.", .hour), ("ต่อชั่วโมง", .hour), ("รายชั่วโมง", .hour), ("ต่อชม.", .hour),
    ])
}
