import Testing
@testable import MatchCore

@Suite("StopWords")
struct StopWordsTests {
    static let standard = try! StopWords.standard()

    @Test func standardListHasThaiAndEnglish() {
        for word in ["และ", "ที่", "ของ", "ๆ", "ฯ", "the", "and", "The", "AND"] {
            #expect(Self.standard.contains(word), "\(word)")
        }
        #expect(Self.standard.count > 1000)
    }

    @Test func keepsJobWordsAndTheWordsThatLookLikeFunctionWords() {
        for word in StopWords.keptThaiWords + ["it", "IT", "us", "am", "pm", "no", "not", "พนักงาน", "sales"] {
            #expect(!Self.standard.contains(word), "\(word)")
        }
    }

    @Test func aListIsNormalisedAndExact() {
        let list = StopWords(["  Foo ", "ก่่อน", "", "foo"])
        #expect(list.count == 2)
        #expect(list.contains("FOO") && list.contains("ก่อน"))
        #expect(!list.contains("fo") && !list.contains("food") && !list.contains(""))
    }
}
