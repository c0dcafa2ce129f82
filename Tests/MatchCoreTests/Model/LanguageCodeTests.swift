import Testing
@testable import MatchCore

extension ModelTests {
    @Suite("LanguageCode")
    struct LanguageCodeTests {
        @Test func holdsAll184Codes() throws {
            let all = LanguageCode.all
            #expect(all.count == 184)
            #expect(Set(all).count == 184)
            #expect(all == all.sorted())
            for language in all {
                #expect(LanguageCode(code: language.code) == language)
                #expect(try LanguageCode(parsing: language.code.uppercased()) == language)
            }
            #expect(LanguageCode.thai.code == "th")
            #expect(LanguageCode.english.description == "en")
            #expect(LanguageCode(code: "xx") == nil)
        }

        @Test(arguments: [
            ("th", "th"), ("TH", "th"), (" En ", "en"), ("my", "my"),
            ("Thai", "th"), ("ไทย", "th"), ("ภาษาไทย", "th"), ("English", "en"), ("อังกฤษ", "en"),
            ("ภาษาอังกฤษ", "en"), ("Chinese", "zh"), ("Mandarin", "zh"), ("จีน", "zh"), ("Japanese", "ja"),
            ("ญี่ปุ่น", "ja"), ("Korean", "ko"), ("เกาหลี", "ko"), ("Burmese", "my"), ("Myanmar", "my"),
            ("พม่า", "my"), ("Lao", "lo"), ("ลาว", "lo"), ("Khmer", "km"), ("เขมร", "km"), ("กัมพูชา", "km"),
            ("Malay", "ms"), ("มลายู", "ms"), ("Vietnamese", "vi"), ("เวียดนาม", "vi"), ("French", "fr"),
            ("German", "de"), ("Arabic", "ar"), ("Hindi", "hi"), ("tha", "th"), ("BUR", "my"),
        ])
        func parses(text: String, code: String) throws {
            #expect(try LanguageCode(parsing: text).code == code)
            #expect(try withBytes(text) { bytes throws(FieldProblem) in try LanguageCode(parsing: bytes) }.code == code)
        }

        @Test(arguments: ["xx", "jp", "Klingon", "ภาษา", "ภาษาต่างดาว", "e", "english language"])
        func refusesUnknown(text: String) {
            #expect(problem { () throws(FieldProblem) in try LanguageCode(parsing: text) }
                == .unknown("unknown language (ISO 639-1 code expected)"))
        }

        @Test func refusesEmpty() {
            #expect(problem { () throws(FieldProblem) in try LanguageCode(parsing: "") } == .missing)
        }

        @Test func namesHaveNoConflicts() {
            #expect(LanguageCode.names.conflicts == [])
        }
    }
}
