import Testing
@testable import MatchCore

extension ModelTests {
    @Suite("TextField")
    struct TextFieldTests {
        @Test(arguments: [
            ("  hello  ", "hello"), ("พนักงานขาย", "พนักงานขาย"), ("\tline 1\nline 2\r\n", "line 1\nline 2"),
            ("a\tb", "a\tb"), ("", ""), ("   ", ""), ("Café 😀", "Café 😀"), ("ช่างเชื่อม TIG/MIG", "ช่างเชื่อม TIG/MIG"),
        ])
        func parses(text: String, expected: String) throws {
            #expect(try TextField.parse(text, maximumLength: 100) == expected)
            #expect(try withBytes(text) { bytes throws(FieldProblem) in try TextField.parse(bytes, maximumLength: 100) } == expected)
        }

        @Test(arguments: ["a\u{0}b", "a\u{1B}b", "\u{7F}", "a\u{85}b", "x\u{9F}", "\u{8}"])
        func refusesControlCharacters(text: String) {
            #expect(problem { () throws(FieldProblem) in try TextField.parse(text, maximumLength: 100) }
                == .malformed(expected: "text without control characters"))
        }

        @Test(arguments: [[0xFF], [0x61, 0xC3], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
                          [0xE0, 0xB8], [0x80], [0xE0, 0xB8, 0x81, 0xB8]] as [[UInt8]])
        func refusesInvalidUTF8(bytes: [UInt8]) {
            let problem = problem { () throws(FieldProblem) in
                try bytes.withUnsafeBufferPointer { buffer throws(FieldProblem) in try TextField.parse(buffer, maximumLength: 100) }
            }
            #expect(problem == .invalidUTF8)
        }

        @Test func lengthInScalars() throws {
            #expect(try TextField.parse("abcde", maximumLength: 5) == "abcde")
            #expect(problem { () throws(FieldProblem) in try TextField.parse("abcdef", maximumLength: 5) } == .tooLong(maximum: 5))
            #expect(try TextField.parse("สวัสดี", maximumLength: 6) == "สวัสดี")         // 6 scalars, 18 bytes
            #expect(problem { () throws(FieldProblem) in try TextField.parse("สวัสดี", maximumLength: 5) } == .tooLong(maximum: 5))
            #expect(try TextField.parse("  😀 ", maximumLength: 1) == "😀")
            #expect(try TextField.parse("", maximumLength: 0) == "")
        }

        /// Random byte strings, biased to UTF-8 lead and continuation bytes: the parser accepts
        /// exactly what the standard library's validating initialiser accepts (once control
        /// characters are ruled out), and counts the same scalars.
        @Test func validatesLikeTheStandardLibrary() throws {
            var generator = SeededGenerator(seed: 7)
            let pool: [UInt8] = [0x41, 0x7A, 0x20, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xC3, 0xDF,
                                 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF, 0xB8, 0xB9]
            var accepted = 0
            for _ in 0..<20_000 {
                let length = Int.random(in: 1...6, using: &generator)
                let bytes = [0x61] + (0..<length).map { _ in pool.randomElement(using: &generator)! } + [0x62]
                let expected = String(validating: bytes, as: UTF8.self)
                let hasControl = expected.map { $0.unicodeScalars.contains { (0x80...0x9F).contains($0.value) } } ?? false
                let result = bytes.withUnsafeBufferPointer { buffer in
                    Result { () throws(FieldProblem) in try TextField.parse(buffer, maximumLength: 100) }
                }
                switch (expected, result) {
                case (let text?, .success(let parsed)):
                    #expect(!hasControl)
                    #expect(parsed == text)
                    #expect(parsed.unicodeScalars.count == text.unicodeScalars.count)
                    accepted += 1
                case (_?, .failure(let problem)):
                    #expect(hasControl && problem == .malformed(expected: "text without control characters"), "\(bytes)")
                case (nil, .failure(let problem)):
                    #expect(problem == .invalidUTF8 || problem == .malformed(expected: "text without control characters"))
                case (nil, .success):
                    Issue.record("accepted invalid UTF-8 \(bytes)")
                }
            }
            #expect(accepted > 500)
        }
    }
}
