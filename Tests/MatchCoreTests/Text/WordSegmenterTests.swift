import Testing
@testable import MatchCore

@Suite("WordSegmenter")
struct WordSegmenterTests {
    static let dictionary = try! WordSegmenter(engine: .dictionary)

    @Test(arguments: [
        ("ผู้จัดการฝ่ายขายประจำกรุงเทพมหานคร", ["ผู้จัดการฝ่ายขาย", "ประจำ", "กรุงเทพมหานคร"]),
        ("ช่างเชื่อม TIG", ["ช่างเชื่อม", "tig"]),
        ("Sales exec (FMCG) ประจำสาขาบางนา", ["sales", "exec", "fmcg", "ประจำ", "สาขา", "บางนา"]),
        ("รับสมัครพนักงานบัญชี ด่วน!!", ["รับสมัคร", "พนักงานบัญชี", "ด่วน"]),
        ("เงินเดือน ๑๕,๐๐๐ บาท", ["เงินเดือน", "15000", "บาท"]),
        ("ประสบการณ์5ปีขึ้นไป", ["ประสบการณ์", "5", "ปี", "ขึ้นไป"]),
        ("ใช้Excelได้", ["ใช้", "excel", "ได้"]),
        ("ต่างๆ นานา", ["ต่าง", "ๆ", "นานา"]),
        ("mp3 c++ 3.5", ["mp3", "c++", "3.5"]),
        ("", []),
        ("  \n\t ", []),
    ])
    func splitsScriptsAndThaiWords(text: String, expected: [String]) {
        #expect(Self.dictionary.words(in: text) == expected)
    }

    @Test func reportsKinds() {
        let words = Self.dictionary.segment("พนักงานฐฑ sales 15,000 กรุงเทพฯ")
        #expect(words.map(\.kind) == [.thai, .unknownThai, .other, .number, .thai])
        #expect(words.map(\.text) == ["พนักงาน", "ฐฑ", "sales", "15000", "กรุงเทพฯ"])
    }

    @Test func partsFollowTheirCompound() {
        let words = Self.dictionary.segment("ช่างเชื่อม TIG", parts: true)
        #expect(words.map(\.text) == ["ช่างเชื่อม", "ช่าง", "เชื่อม", "tig"])
        #expect(words.map(\.isPart) == [false, true, true, false])
    }

    #if os(Linux)
    @Test func icuEngineSegmentsTheSameRunsFiner() throws {
        let icu = try WordSegmenter(engine: .icu)
        #expect(icu.engine == .icu)
        #expect(icu.words(in: "ช่างเชื่อม TIG") == ["ช่าง", "เชื่อม", "tig"])
        #expect(icu.words(in: "Sales exec (FMCG) ประจำสาขาบางนา") == ["sales", "exec", "fmcg", "ประจำ", "สาขา", "บางนา"])
        #expect(icu.segment("ช่างเชื่อม", parts: true).map(\.text) == ["ช่าง", "เชื่อม"])  // no parts from ICU
    }
    #endif
}
