import Testing
@testable import MatchCore

@Suite("Tokenizer")
struct TokenizerTests {
    static let tokenizer = try! Tokenizer()

    @Test func englishWordsAndTheirTrigrams() {
        #expect(Self.tokenizer.terms(in: "Sales") == ["sales", "#<sa", "#sal", "#ale", "#les", "#es>"])
        #expect(Self.tokenizer.terms(in: "X") == ["x", "#<x>"])
        #expect(Self.tokenizer.terms(in: "C++") == ["c++", "#<c+", "#c++", "#++>"])
    }

    @Test func stopWordsAndNumbersGiveNoNGrams() {
        #expect(Self.tokenizer.terms(in: "the Sales and ๑๕,๐๐๐ บาท ของ")
                == ["sales", "#<sa", "#sal", "#ale", "#les", "#es>", "15000", "บาท", "#<บา", "#บาท", "#าท>"])
    }

    @Test func thaiCompoundGivesWordNGramsThenParts() {
        let terms = Self.tokenizer.terms(in: "ช่างเชื่อม TIG")
        let wrapped = Array("<ช่างเชื่อม>".unicodeScalars)
        let grams = (0...(wrapped.count - 3)).map { "#" + String(String.UnicodeScalarView(wrapped[$0..<$0 + 3])) }
        #expect(terms == ["ช่างเชื่อม"] + grams + ["ช่าง", "เชื่อม", "tig", "#<ti", "#tig", "#ig>"])
    }

    @Test(arguments: ["", " ", "\n\t  ", "!!!", "ๆ ฯ", "\u{200B}"])
    func emptyTextsHaveNoTerms(text: String) {
        #expect(Self.tokenizer.terms(in: text).isEmpty)
        #expect(Self.tokenizer.termHashes(in: text).isEmpty)
    }

    static let texts = [
        "ผู้จัดการฝ่ายขายประจำกรุงเทพมหานคร", "พนักงานขายหน้าร้าน", "ช่างเชื่อม TIG",
        "Sales exec (FMCG) ประจำสาขาบางนา", "รับสมัครพนักงานบัญชี ด่วน!!", "เงินเดือน ๑๕,๐๐๐ บาท",
        "Café crème 😀 — “quoted” 🇹🇭", "ພະນັກງານ ຂາຍ ມ້ຽນ", "ผู้จัดกานฝ่ายขาย พนักงานบันชี",
    ]

    static let configurations: [Tokenizer.Configuration] = [
        .init(), .init(words: false), .init(characterNGrams: 0), .init(characterNGrams: 5),
        .init(compoundParts: false), .init(removesStopWords: false), .init(characterNGrams: 1),
    ]

    @Test(arguments: configurations.indices)
    func hashesAreTheFNVOfTheTerms(configuration: Int) throws {
        let tokenizer = try Tokenizer(Self.configurations[configuration])
        for text in Self.texts {
            let terms = tokenizer.terms(in: text)
            #expect(tokenizer.termHashes(in: text) == terms.map(TermHash.hash), "\(text)")
            #expect(tokenizer.terms(in: text) == terms)  // deterministic
        }
        var buffer: [UInt64] = [42]
        tokenizer.appendTermHashes(in: Self.texts[0], to: &buffer)
        #expect(buffer == [42] + tokenizer.termHashes(in: Self.texts[0]))
    }

    @Test func configurationSwitchesWhatIsEmitted() throws {
        let text = "รับสมัครพนักงานบัญชี และ Sales"
        let all = Self.tokenizer.terms(in: text)
        let wordsOnly = try Tokenizer(.init(characterNGrams: 0)).terms(in: text)
        #expect(wordsOnly == ["รับสมัคร", "พนักงานบัญชี", "พนักงาน", "บัญชี", "sales"])
        let gramsOnly = try Tokenizer(.init(words: false)).terms(in: text)
        #expect(gramsOnly == all.filter { $0.unicodeScalars.first == "#" })
        #expect(try Tokenizer(.init(characterNGrams: 0, removesStopWords: false)).terms(in: text)
                == ["รับสมัคร", "พนักงานบัญชี", "พนักงาน", "บัญชี", "และ", "sales"])
        #expect(try Tokenizer(.init(compoundParts: false, characterNGrams: 0)).terms(in: text)
                == ["รับสมัคร", "พนักงานบัญชี", "sales"])
        #expect(try Tokenizer(.init(characterNGrams: 4)).terms(in: "Sales").suffix(4) == ["#<sal", "#sale", "#ales", "#les>"])
    }

    @Test func misspellingsStillShareFeatures() {
        // บัญชี misspelt บันชี, การ as กาน: the words differ, n-grams overlap.
        let right = Set(Self.tokenizer.terms(in: "พนักงานบัญชี ผู้จัดการ"))
        let wrong = Set(Self.tokenizer.terms(in: "พนักงานบันชี ผู้จัดกาน"))
        #expect(!right.contains("ผู้จัดกาน") && !wrong.contains("บัญชี"))
        let shared = right.intersection(wrong)
        #expect(shared.contains("พนักงาน"))
        #expect(shared.filter { $0.unicodeScalars.first == "#" }.count >= 5, "\(shared)")
    }

    @Test func customSegmenterAndStopWords() {
        let dictionary = ThaiDictionary(words: ["โฟล์คลิฟท์", "ขับ"])
        let tokenizer = Tokenizer(.init(characterNGrams: 0), segmenter: WordSegmenter(DictionarySegmenter(dictionary: dictionary)),
                                  stopWords: StopWords(["forklift"]))
        #expect(tokenizer.configuration.engine == .dictionary)
        #expect(tokenizer.terms(in: "ขับโฟล์คลิฟท์ Forklift driver") == ["ขับ", "โฟล์คลิฟท์", "driver"])
    }

    @Test func sharedAcrossTasks() async {
        let tokenizer = Self.tokenizer
        let expected = Self.texts.map { tokenizer.termHashes(in: $0) }
        let results = await withTaskGroup(of: (Int, [UInt64]).self) { group in
            for index in 0..<32 { group.addTask { (index, tokenizer.termHashes(in: Self.texts[index % Self.texts.count])) } }
            return await group.reduce(into: [Int: [UInt64]]()) { $0[$1.0] = $1.1 }
        }
        for (index, hashes) in results { #expect(hashes == expected[index % Self.texts.count]) }
    }

    #if os(Linux)
    @Test func icuEngineConfiguration() throws {
        let tokenizer = try Tokenizer(.init(engine: .icu, characterNGrams: 0))
        #expect(tokenizer.configuration.engine == .icu)
        #expect(tokenizer.terms(in: "รับสมัครพนักงานบัญชี ด่วน!!") == ["สมัคร", "พนักงาน", "บัญชี", "ด่วน"])
    }
    #endif
}
