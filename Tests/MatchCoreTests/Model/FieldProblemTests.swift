import Testing
@testable import MatchCore

extension ModelTests {
    @Suite("FieldProblem")
    struct FieldProblemTests {
        @Test func descriptions() {
            #expect(FieldProblem.missing.description == "required value is missing")
            #expect(FieldProblem.malformed(expected: "13 digits").description == "malformed value, expected 13 digits")
            #expect(FieldProblem.outOfRange("must be between 0 and 60").description
                == "value out of range: must be between 0 and 60")
            #expect(FieldProblem.unknown("unknown province").description == "unknown province")
            #expect(FieldProblem.checkDigit.description == "13-digit ID whose check digit does not match")
            #expect(FieldProblem.invalidUTF8.description == "bytes that are not valid UTF-8")
            #expect(FieldProblem.tooLong(maximum: 200).description == "text longer than 200 characters")
        }

        /// Bad values for every parser: no problem's description contains the value (nor, for
        /// values of digits, any run of five of its digits).
        @Test(arguments: [
            ("id", "1234567890123"), ("id", "1-2345-67890-12-3"), ("id", "123456789012"), ("id", "Somchai Jaidee"),
            ("country", "Atlantis"), ("country", "ประเทศสมมติ"), ("isco", "99999"), ("isco", "8888"),
            ("province", "Gotham City"), ("province", "จังหวัดสมมติ"), ("education", "kindergarten"),
            ("day", "31/02/2564"), ("day", "29/02/2021"), ("day", "1899-12-31"), ("day", "5 Smarch 2021"),
            ("timestamp", "2021-03-05T25:61"), ("timestamp", "2021-03-05T10:00+15:00"), ("baht", "-15,000"),
            ("baht", "23,4567"), ("baht", "77777777777777777777"), ("wage", "fortnightly"), ("flag", "perhaps"),
            ("integer", "61234"), ("integer", "1,23456"), ("decimal", "60.123"), ("language", "Klingon"),
            ("text", "Somchai Jaidee\u{0}"), ("text", "Somchai Jaidee, 99/9 Moo 4"),
        ])
        func descriptionsNeverHoldTheValue(parser: String, value: String) {
            guard let problem = Self.problem(parsing: value, as: parser) else { return }
            let description = problem.description
            #expect(!description.contains(value), "\(parser): \(description)")
            let digits = value.filter(\.isNumber)
            if digits.count >= 5 {
                for start in 0...(digits.count - 5) {
                    let run = digits.dropFirst(start).prefix(5)
                    #expect(!description.contains(run), "\(parser): \(description)")
                }
            }
            #expect(!String(describing: problem).contains(value))
            #expect(!String(reflecting: problem).contains(value))
        }

        static func problem(parsing value: String, as parser: String) -> FieldProblem? {
            MatchCoreTests.problem { () throws(FieldProblem) -> Any in
                switch parser {
                case "id": try ThaiID(parsing: value)
                case "country": try CountryCode(parsing: value)
                case "isco": try ISCOCode(parsing: value)
                case "province": try Province(parsing: value)
                case "education": try EducationLevel(parsing: value)
                case "day": try Day(parsing: value)
                case "timestamp": try Timestamp(parsing: value)
                case "baht": try Baht.parse(value)
                case "wage": try WageUnit(parsing: value)
                case "flag": try MatchCore.YesNo.parse(value)
                case "integer": try Number.integer(value, in: 0...60)
                case "decimal": try Number.decimal(value, in: 0...60)
                case "language": try LanguageCode(parsing: value)
                default: try TextField.parse(value, maximumLength: 10)
                }
            }
        }
    }
}
