import Testing
@testable import MatchCore

extension ModelTests {
    @Suite("Timestamp")
    struct TimestampTests {
        /// 2021-03-05 14:30:00 in Bangkok, 07:30:00 UTC.
        static let afternoon = Timestamp(secondsSince1970: 1_614_929_400)

        @Test func bangkokAfternoon() {
            #expect(Timestamp(Day(year: 2021, month: 3, day: 5)!, hour: 14, minute: 30) == Self.afternoon)
            #expect(Timestamp(Day(year: 2021, month: 3, day: 5)!, hour: 7, minute: 30, utcOffsetSeconds: 0) == Self.afternoon)
            #expect(Self.afternoon.description == "2021-03-05T14:30:00+07:00")
            #expect(Self.afternoon.day == Day(year: 2021, month: 3, day: 5))
        }

        @Test(arguments: [
            "2021-03-05T14:30", "2021-03-05T14:30:00", "2021-03-05 14:30", "2021-03-05t14:30", "2021-03-05T14:30:00.123",
            "2021-03-05T14:30:00,5", "2021-03-05T07:30:00Z", "2021-03-05T07:30Z", "2021-03-05T07:30:00z",
            "2021-03-05T14:30:00+07:00", "2021-03-05T14:30+0700", "2021-03-05T14:30+07", "2021-03-05T02:30:00-05:00",
            "2021-03-05T12:00:00+04:30", "2564-03-05 14:30", "05/03/2564 14:30", "5/3/2021 14:30:00",
            "5 มี.ค. 2564 14:30", "5 Mar 2021 14:30", "๒๕๖๔-๐๓-๐๕ ๑๔:๓๐", "๒๕๖๔-๐๓-๐๕T๑๔:๓๐:๐๐+๐๗:๐๐",
            "  2021-03-05T14:30  ",
        ])
        func parsesAfternoon(text: String) throws {
            #expect(try Timestamp(parsing: text) == Self.afternoon, "\(text)")
            #expect(try withBytes(text) { bytes throws(FieldProblem) in try Timestamp(parsing: bytes) } == Self.afternoon)
        }

        @Test func dateAloneIsBangkokMidnight() throws {
            let midnight = try Timestamp(parsing: "2021-03-05")
            #expect(midnight.description == "2021-03-05T00:00:00+07:00")
            #expect(midnight.secondsSince1970 == 1_614_877_200)
            #expect(try Timestamp(parsing: "5 มี.ค. 2564") == midnight)
            #expect(try Timestamp(parsing: "05/03/2564") == midnight)
            #expect(midnight.day == Day(year: 2021, month: 3, day: 5))
        }

        @Test func singleDigitHourAndSeconds() throws {
            #expect(try Timestamp(parsing: "2021-03-05 9:05").description == "2021-03-05T09:05:00+07:00")
            #expect(try Timestamp(parsing: "2021-03-05 ๙:๐๕").description == "2021-03-05T09:05:00+07:00")
            #expect(try Timestamp(parsing: "2021-03-05T23:59:59").description == "2021-03-05T23:59:59+07:00")
        }

        @Test func dayIsInBangkok() throws {
            #expect(try Timestamp(parsing: "2021-03-05T17:00:00Z").day == Day(year: 2021, month: 3, day: 6))
            #expect(try Timestamp(parsing: "2021-03-05T16:59:59Z").day == Day(year: 2021, month: 3, day: 5))
            #expect(Timestamp(secondsSince1970: 0).description == "1970-01-01T07:00:00+07:00")
            #expect(try Timestamp(parsing: "1969-12-31T23:00:00Z").day == Day(year: 1970, month: 1, day: 1))
            #expect(try Timestamp(parsing: "1969-12-31T16:59:59Z").day == Day(year: 1969, month: 12, day: 31))
            #expect(try Timestamp(parsing: "1969-12-31T16:59:59Z").description == "1969-12-31T23:59:59+07:00")
            #expect(try Timestamp(parsing: "1900-01-01T00:00").description == "1900-01-01T00:00:00+07:00")
        }

        @Test(arguments: [
            ("2021-03-05T24:00", FieldProblem.outOfRange("time must be between 00:00:00 and 23:59:59")),
            ("2021-03-05T14:60", .outOfRange("time must be between 00:00:00 and 23:59:59")),
            ("2021-03-05T14:30:60", .outOfRange("time must be between 00:00:00 and 23:59:59")),
            ("2021-03-05T14:30+15:00", .outOfRange("zone offset must be between -14:00 and +14:00")),
            ("2021-03-05T14:30+07:60", .outOfRange("zone offset must be between -14:00 and +14:00")),
            ("2021-02-29T10:00", .outOfRange("day must exist in its month")),
            ("2101-01-01T10:00", .outOfRange("year must be between 1900 and 2100 (2443 and 2643 in the Buddhist era)")),
            ("2021-13-05", .outOfRange("month must be between 1 and 12")),
            ("", .missing),
        ])
        func refuses(text: String, expected: FieldProblem) {
            #expect(problem { () throws(FieldProblem) in try Timestamp(parsing: text) } == expected, "\(text)")
        }

        @Test(arguments: [
            "2021-03-05T14:3", "2021-03-05T14:", "2021-03-05T:30", "2021-03-05T14:30X", "2021-03-05  14:30",
            "2021-03-05_14:30", "T14:30", "14:30", " 14:30", "2021-03-05T14:30:00.", "2021-03-05T14:30:0",
            "2021-03-05T14:30+7", "2021-03-05T14:30+07:0", "2021-03-05T14:30+07:00Z", "2021-03-05T14:30Z+07",
            "2021-03-05T114:30", "2021-03-05T14:301", "2021-03-05T14:30 +07:00",
        ])
        func refusesMalformed(text: String) {
            #expect(problem { () throws(FieldProblem) in try Timestamp(parsing: text) } == .malformed(
                expected: "a date and time such as 2021-03-05T14:30:00+07:00, 2564-03-05 14:30 or 05/03/2564"
            ), "\(text)")
        }

        /// A malformed date before a good time is reported as a malformed date.
        @Test(arguments: ["21-03-05T14:30", "5 มี.ค. 64 14:30", "2021-03 14:30", "x 14:30"])
        func refusesMalformedDate(text: String) {
            #expect(problem { () throws(FieldProblem) in try Timestamp(parsing: text) }
                == .malformed(expected: "a date such as 2021-03-05, 05/03/2564 or 5 มี.ค. 2564"), "\(text)")
        }

        @Test func orders() throws {
            #expect(try Timestamp(parsing: "2021-03-05T14:30") < Timestamp(parsing: "2021-03-05T14:30:01"))
            #expect(try Timestamp(parsing: "2021-03-05T14:30+07:00") == Timestamp(parsing: "2021-03-05T07:30Z"))
        }
    }
}
