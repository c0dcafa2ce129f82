import Testing
@testable import MatchCore

extension ModelTests {
    @Suite("Day")
    struct DayTests {
        static let march5 = Day(year: 2021, month: 3, day: 5)!

        @Test(arguments: [
            "2021-03-05", "2021-3-5", "2021/03/05", "2021.03.05", "2564-03-05", "05/03/2564", "5/3/2564",
            "05/03/2021", "5/3/2021", "5-3-2021", "05-03-2564", "5.3.2564", " 05/03/2564 ",
            "5 มีนาคม 2564", "5 มี.ค. 2564", "5 มีค 2564", "5 มี.ค 2564", "5มี.ค.2564", "05 มี.ค. 2564",
            "5 มีนาคม พ.ศ. 2564", "5 มี.ค. พ.ศ.2564", "5 มีนาคม ค.ศ. 2021",
            "5 Mar 2021", "5 mar 2021", "5 MAR 2021", "05-Mar-2021", "5 March 2021", "5-march-2564",
            "๕ มี.ค. ๒๕๖๔", "๐๕/๐๓/๒๕๖๔", "๒๕๖๔-๐๓-๐๕", "๒๐๒๑-๐๓-๐๕",
        ])
        func parsesMarch5(text: String) throws {
            #expect(try Day(parsing: text) == Self.march5, "\(text)")
            #expect(try withBytes(text) { bytes throws(FieldProblem) in try Day(parsing: bytes) } == Self.march5)
        }

        @Test func allMonthNames() throws {
            let thai = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม",
                        "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
            let abbreviated = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.",
                               "พ.ย.", "ธ.ค."]
            let english = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                           "October", "November", "December"]
            for month in 1...12 {
                let expected = Day(year: 2020, month: month, day: 9)!
                for name in [thai[month - 1], abbreviated[month - 1], abbreviated[month - 1].replacingOccurrences(of: ".", with: ""),
                             english[month - 1], String(english[month - 1].prefix(3)), english[month - 1].uppercased()] {
                    #expect(try Day(parsing: "9 \(name) 2563") == expected, "\(name)")
                    #expect(try Day(parsing: "9 \(name) 2020") == expected, "\(name)")
                }
            }
            #expect(try Day(parsing: "9 Sept 2020") == Day(year: 2020, month: 9, day: 9))
        }

        /// A year of 2400 or more is BE: minus 543. Leap years are those of the CE year.
        @Test func buddhistEraAndLeapYears() throws {
            #expect(try Day(parsing: "29/02/2563") == Day(year: 2020, month: 2, day: 29))   // 2020 leap
            #expect(try Day(parsing: "29 ก.พ. 2563") == Day(year: 2020, month: 2, day: 29))
            #expect(try Day(parsing: "29/02/2543") == Day(year: 2000, month: 2, day: 29))   // 2000 leap (÷400)
            #expect(try Day(parsing: "2096-02-29") == Day(year: 2096, month: 2, day: 29))
            let day = FieldProblem.outOfRange("day must exist in its month")
            #expect(problem { () throws(FieldProblem) in try Day(parsing: "29/02/2564") } == day)  // 2021
            #expect(problem { () throws(FieldProblem) in try Day(parsing: "29 กุมภาพันธ์ 2564") } == day)
            #expect(problem { () throws(FieldProblem) in try Day(parsing: "2100-02-29") } == day)  // ÷100
            #expect(problem { () throws(FieldProblem) in try Day(parsing: "29/02/2443") } == day)  // 1900
            #expect(problem { () throws(FieldProblem) in try Day(parsing: "31/04/2564") } == day)
            #expect(problem { () throws(FieldProblem) in try Day(parsing: "00/04/2564") } == day)
            #expect(problem { () throws(FieldProblem) in try Day(parsing: "32/01/2564") } == day)
        }

        @Test func range() throws {
            #expect(try Day(parsing: "1900-01-01") == Day.earliest)
            #expect(try Day(parsing: "2100-12-31") == Day.latest)
            #expect(try Day(parsing: "01/01/2443") == Day.earliest)
            #expect(try Day(parsing: "31/12/2643") == Day.latest)
            let year = FieldProblem.outOfRange("year must be between 1900 and 2100 (2443 and 2643 in the Buddhist era)")
            for text in ["1899-12-31", "2101-01-01", "31/12/2442", "01/01/2644", "2399-01-01", "0999-01-01", "01/01/0000"] {
                #expect(problem { () throws(FieldProblem) in try Day(parsing: text) } == year, "\(text)")
            }
            let month = FieldProblem.outOfRange("month must be between 1 and 12")
            for text in ["2021-13-01", "2021-00-10", "05/13/2564", "5/0/2021"] {
                #expect(problem { () throws(FieldProblem) in try Day(parsing: text) } == month, "\(text)")
            }
        }

        @Test(arguments: [
            "5 มี.ค. 64", "05/03/64", "5/3/21", "2021-3", "2021-03", "20210305", "2021-03-05T10:00", "2021-03-05 10:00",
            "March 5, 2021", "5 Foo 2021", "5/3-2021", "2021-03/05", "123/03/2021", "2021-003-05", "2021-03-005",
            "05/03/25640", "5 มีนาคม", "มีนาคม 2564", "5 3 2021", "5  2021", "x", "-", "5/3/2021x", "05.03.2564.",
            "+2021-03-05", "2021--03-05", "5 มี.ค. 2564 ค.ศ.", "12345",
        ])
        func refusesMalformed(text: String) {
            #expect(problem { () throws(FieldProblem) in try Day(parsing: text) }
                == .malformed(expected: "a date such as 2021-03-05, 05/03/2564 or 5 มี.ค. 2564"), "\(text)")
        }

        @Test func refusesEmpty() {
            #expect(problem { () throws(FieldProblem) in try Day(parsing: "  ") } == .missing)
        }

        @Test func initValidates() {
            #expect(Day(year: 1970, month: 1, day: 1)?.daysSince1970 == 0)
            #expect(Day(year: 2000, month: 3, day: 1)?.daysSince1970 == 11_017)
            #expect(Day(year: 1969, month: 12, day: 31)?.daysSince1970 == -1)
            #expect(Day(year: 2021, month: 2, day: 29) == nil)
            #expect(Day(year: 2021, month: 13, day: 1) == nil)
            #expect(Day(year: 0, month: 1, day: 1) == nil)
            #expect(Day(year: 2021, month: 4, day: 31) == nil)
        }

        /// Walks every day from 1900 to 2100: the civil conversion agrees with a day-by-day
        /// calendar, and every day round-trips through its description.
        @Test func everyDayRoundTrips() throws {
            var (year, month, day) = (1900, 1, 1)
            var current = Day.earliest
            while current <= Day.latest {
                #expect(current.year == year && current.month == month && current.day == day)
                #expect(Day(year: year, month: month, day: day) == current)
                if day == 1 { #expect(try Day(parsing: current.description) == current) }
                day += 1
                if day > Day.daysInMonth(month, year: year) { (day, month) = (1, month + 1) }
                if month > 12 { (month, year) = (1, year + 1) }
                current = current + 1
            }
            #expect(Day.latest - Day.earliest == 73_413)            // 73,414 days in 1900 … 2100
        }

        @Test func arithmeticAndDescription() throws {
            let start = try Day(parsing: "5 มี.ค. 2564")
            #expect(start.description == "2021-03-05")
            #expect((start + 30).description == "2021-04-04")
            #expect((start - 5).description == "2021-02-28")
            #expect((start + 30) - start == 30)
            #expect(start.distance(to: start.advanced(by: 7)) == 7)
            #expect(Array(stride(from: start, to: start + 3, by: 1)).count == 3)
            #expect(Day.earliest.description == "1900-01-01")
            #expect(Day(year: 1, month: 1, day: 1)?.description == "0001-01-01")
        }
    }
}
