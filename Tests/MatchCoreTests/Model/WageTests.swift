import Testing
@testable import MatchCore

extension ModelTests {
    @Suite("Baht and WageUnit")
    struct WageTests {
        @Test(arguments: [
            ("15000", 15_000), ("15,000", 15_000), ("1,234,567", 1_234_567), ("๑๕,๐๐๐", 15_000), ("๑๕๐๐๐", 15_000),
            ("15000.50", 15_001), ("15000.5", 15_001), ("15000.49", 15_000), ("15000.499", 15_000), ("0.5", 1),
            ("0.49", 0), ("0", 0), ("15,000.00", 15_000), ("๑๕,๐๐๐.๕๐", 15_001),
            ("฿15,000", 15_000), ("฿ 15,000", 15_000), ("15,000฿", 15_000), ("15,000 บาท", 15_000),
            ("15000บาท", 15_000), ("บาท 15000", 15_000), ("THB 15000", 15_000), ("thb15000", 15_000),
            ("15000 THB", 15_000), ("15,000.-", 15_000), ("15,000.- บาท", 15_000), ("฿15,000.-", 15_000),
            ("  ๓๕๐ บาท  ", 350), ("9223372036854775807", Int.max),
        ])
        func parsesBaht(text: String, value: Int) throws {
            #expect(try Baht.parse(text) == value, "\(text)")
            #expect(try withBytes(text) { bytes throws(FieldProblem) in try Baht.parse(bytes) } == value)
        }

        @Test(arguments: [
            ("", FieldProblem.missing), ("  ", .missing),
            ("-100", .outOfRange("must not be negative")), ("฿-100", .outOfRange("must not be negative")),
            ("-฿100", .outOfRange("must not be negative")), ("- 100 บาท", .outOfRange("must not be negative")),
            ("99999999999999999999", .outOfRange("too large")), ("9223372036854775807.5", .outOfRange("too large")),
        ])
        func refusesBaht(text: String, expected: FieldProblem) {
            #expect(problem { () throws(FieldProblem) in try Baht.parse(text) } == expected, "\(text)")
        }

        @Test(arguments: [
            "1,2345", "12,5", ",100", "100,", "1,000,00", "1,,000", "15 000", "abc", "฿", "บาท", "THB", "15000.",
            "1.2.3", "15k", "15,000-20,000", ".5", "15,000.-.-", "฿฿100", "USD 100", "100 USD", "-", "--100", "+100",
            "1 5", "15.000,00", "0x10",
        ])
        func refusesMalformedBaht(text: String) {
            #expect(problem { () throws(FieldProblem) in try Baht.parse(text) }
                == .malformed(expected: "an amount in baht such as 15000, 15,000.50 or ฿15,000"), "\(text)")
        }

        @Test(arguments: [
            ("month", WageUnit.month), ("Monthly", .month), ("per month", .month), ("/month", .month), ("เดือน", .month),
            ("ต่อเดือน", .month), ("รายเดือน", .month), ("/เดือน", .month),
            ("day", .day), ("DAILY", .day), ("per day", .day), ("วัน", .day), ("ต่อวัน", .day), ("รายวัน", .day),
            ("hour", .hour), ("hourly", .hour), ("per hour", .hour), ("ชั่วโมง", .hour), ("ชม.", .hour),
            ("ต่อชั่วโมง", .hour), ("รายชั่วโมง", .hour),
        ])
        func parsesWageUnit(text: String, unit: WageUnit) throws {
            #expect(try WageUnit(parsing: text) == unit)
            #expect(try withBytes(text) { bytes throws(FieldProblem) in try WageUnit(parsing: bytes) } == unit)
        }

        @Test func wageUnitCodes() throws {
            #expect(WageUnit.allCases.map(\.code) == ["month", "day", "hour"])
            #expect(WageUnit.allCases.map(\.rawValue) == [1, 2, 3])
            for unit in WageUnit.allCases { #expect(try WageUnit(parsing: unit.code) == unit) }
            #expect(WageUnit.names.conflicts == [])
        }

        @Test(arguments: ["week", "weekly", "ปี", "year", "m", "d", "1"])
        func refusesUnknownWageUnit(text: String) {
            #expect(problem { () throws(FieldProblem) in try WageUnit(parsing: text) }
                == .unknown("unknown wage unit (month, day or hour expected)"))
        }

        @Test func refusesEmptyWageUnit() {
            #expect(problem { () throws(FieldProblem) in try WageUnit(parsing: "") } == .missing)
        }

        @Test func monthlyAmounts() {
            #expect(WageUnit.month.monthly(15_000) == 15_000)
            #expect(WageUnit.day.monthly(350) == 9_100)              // 350 × 26
            #expect(WageUnit.hour.monthly(50) == 10_400)             // 50 × 8 × 26
            #expect(WageUnit.day.monthly(Int.max / 2) == Int.max)
            #expect(WageUnit.hour.monthly(Int.min / 2) == Int.min)
            #expect(WageUnit.month.monthly(Int.max) == Int.max)
        }
    }
}
