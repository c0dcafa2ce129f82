import Testing
@testable import MatchCore

extension ModelTests {
    @Suite("YesNo and Number")
    struct FlagNumberTests {
        @Test(arguments: [
            ("true", true), ("TRUE", true), ("yes", true), ("Yes", true), ("y", true), ("Y", true), ("1", true),
            ("๑", true), ("t", true), ("on", true), ("ใช่", true), ("ได้", true), ("มี", true), (" yes ", true),
            ("false", false), ("False", false), ("no", false), ("NO", false), ("n", false), ("0", false),
            ("๐", false), ("f", false), ("off", false), ("ไม่ใช่", false), ("ไม่ได้", false), ("ไม่มี", false),
        ])
        func parsesFlag(text: String, value: Bool) throws {
            #expect(try MatchCore.YesNo.parse(text) == value, "\(text)")
            #expect(try withBytes(text) { bytes throws(FieldProblem) in try MatchCore.YesNo.parse(bytes) } == value)
        }

        @Test(arguments: ["maybe", "2", "-1", "yess", "ไม่", "ok", "10"])
        func refusesFlag(text: String) {
            #expect(problem { () throws(FieldProblem) in try MatchCore.YesNo.parse(text) }
                == .malformed(expected: "yes or no (true/false, 1/0, ใช่/ไม่ใช่, มี/ไม่มี)"))
        }

        @Test func refusesEmptyFlag() {
            #expect(problem { () throws(FieldProblem) in try MatchCore.YesNo.parse("") } == .missing)
            #expect(MatchCore.YesNo.names.conflicts == [])
        }

        @Test(arguments: [
            ("42", 42), ("+42", 42), ("-5", -5), ("0", 0), ("1,234", 1_234), ("-1,234,567", -1_234_567), ("๔๒", 42),
            ("๑,๒๓๔", 1_234), ("12.0", 12), ("12.00", 12), (" 7 ", 7), ("-0", 0),
        ])
        func parsesInteger(text: String, value: Int) throws {
            #expect(try Number.integer(text, in: -10_000_000...10_000_000) == value, "\(text)")
            #expect(try withBytes(text) { bytes throws(FieldProblem) in
                try Number.integer(bytes, in: -10_000_000...10_000_000)
            } == value)
        }

        @Test(arguments: ["12.5", "1,23", "1,2345", "abc", "42 years", "4 2", "--4", "+-4", "1e3", "0x10", ".5",
                          "5.", "1,000.5", "๔๒ปี"])
        func refusesMalformedInteger(text: String) {
            #expect(problem { () throws(FieldProblem) in try Number.integer(text, in: 0...100) }
                == .malformed(expected: "a whole number"), "\(text)")
        }

        @Test func integerRange() throws {
            let rule = FieldProblem.outOfRange("must be between 0 and 60")
            #expect(problem { () throws(FieldProblem) in try Number.integer("61", in: 0...60) } == rule)
            #expect(problem { () throws(FieldProblem) in try Number.integer("-1", in: 0...60) } == rule)
            #expect(problem { () throws(FieldProblem) in try Number.integer("99999999999999999999", in: 0...60) } == rule)
            #expect(problem { () throws(FieldProblem) in try Number.integer("", in: 0...60) } == .missing)
            #expect(try Number.integer("60", in: 0...60) == 60)
            #expect(try Number.integer("0", in: 0...60) == 0)
        }

        @Test(arguments: [
            ("3.5", 3.5), ("๓.๕", 3.5), ("-0.25", -0.25), ("+2", 2), ("1,234.75", 1_234.75), ("0.1", 0.1),
            ("100", 100), ("0", 0), ("0.000123", 0.000123), ("12345678.9", 12_345_678.9),
            ("0.12345678901234567890123", 0.12345678901234567890123), ("123456789012345678901234", 123456789012345678901234.0),
        ])
        func parsesDecimal(text: String, value: Double) throws {
            #expect(try Number.decimal(text, in: -1e30...1e30) == value, "\(text)")
            #expect(try withBytes(text) { bytes throws(FieldProblem) in try Number.decimal(bytes, in: -1e30...1e30) } == value)
        }

        @Test(arguments: ["abc", "1e5", "3.", ".5", "3,5", "1.2.3", "NaN", "inf", "3.5 kg", "- 3"])
        func refusesMalformedDecimal(text: String) {
            #expect(problem { () throws(FieldProblem) in try Number.decimal(text, in: 0...100) }
                == .malformed(expected: "a number such as 3.5"), "\(text)")
        }

        @Test func decimalRange() {
            #expect(problem { () throws(FieldProblem) in try Number.decimal("60.5", in: 0...60) }
                == .outOfRange("must be between 0 and 60"))
            #expect(problem { () throws(FieldProblem) in try Number.decimal("3", in: 0.5...2.5) }
                == .outOfRange("must be between 0.5 and 2.5"))
            #expect(problem { () throws(FieldProblem) in try Number.decimal("", in: 0...1) } == .missing)
        }

        /// Random decimals with up to 22 digits agree exactly with the standard library's parser.
        @Test func decimalsMatchTheStandardLibrary() throws {
            var generator = SeededGenerator(seed: 42)
            for _ in 0..<5_000 {
                let integerDigits = Int.random(in: 1...12, using: &generator)
                let fractionDigits = Int.random(in: 0...10, using: &generator)
                var text = Bool.random(using: &generator) ? "-" : ""
                text += String(Int.random(in: 1...9, using: &generator))
                for _ in 1..<integerDigits { text += String(Int.random(in: 0...9, using: &generator)) }
                if fractionDigits > 0 {
                    text += "."
                    for _ in 0..<fractionDigits { text += String(Int.random(in: 0...9, using: &generator)) }
                }
                let expected = try #require(Double(text))
                #expect(try Number.decimal(text, in: -1e30...1e30) == expected, "\(text)")
                #expect(try Number.decimal(thaiDigits(text), in: -1e30...1e30) == expected)
            }
        }
    }
}
