import Foundation
import Testing
@testable import MatchCore

/// The tokenizer's fast path against a plain reference built from the public pieces (the
/// segmenter's `Word`s, `StopWords.contains`, n-grams as strings, `TermHash.hash`), on
/// thousands of generated mixed Thai/English texts full of the slips real vacancies have; and
/// a digest of all their hashes, pinned so that a change anywhere in the pipeline (normaliser,
/// clusters, trie, segmenter, hashing) that changes one term shows.
@Suite("Tokenizer against a reference")
struct TokenizerReferenceTests {
    static let texts = MixedTexts.generate(count: 3000, seed: 0x7E57)

    /// The hashes of ``Tokenizer/termHashes(in:)``, made the slow and obvious way.
    static func referenceHashes(_ tokenizer: Tokenizer, _ text: String) -> [UInt64] {
        let configuration = tokenizer.configuration
        let n = configuration.characterNGrams
        let words = tokenizer.segmenter.segment(text, parts: configuration.words && configuration.compoundParts)
        var hashes: [UInt64] = []
        for word in words {
            let isStopWord = configuration.removesStopWords && tokenizer.stopWords.contains(word.text)
            if configuration.words && !isStopWord { hashes.append(TermHash.hash(word.text)) }
            guard n > 0, !isStopWord, !word.isPart, word.kind != .number else { continue }
            let wrapped = Array("<\(word.text)>".unicodeScalars)
            let grams = wrapped.count <= n ? [wrapped[...]] : (0...(wrapped.count - n)).map { wrapped[$0..<$0 + n] }
            for gram in grams {
                hashes.append(TermHash.hash("#" + String(String.UnicodeScalarView(gram))))
            }
        }
        return hashes
    }

    static let configurations: [Tokenizer.Configuration] = [
        .init(), .init(characterNGrams: 1), .init(characterNGrams: 5), .init(removesStopWords: false),
        .init(words: false), .init(compoundParts: false),
    ]

    @Test(arguments: configurations.indices)
    func fastPathMatchesTheReference(configuration: Int) throws {
        let tokenizer = try Tokenizer(Self.configurations[configuration])
        var scratch = Tokenizer.Scratch()
        var hashes: [UInt64] = []
        var mismatches = 0
        for text in Self.texts {
            let expected = Self.referenceHashes(tokenizer, text)
            hashes.removeAll(keepingCapacity: true)
            tokenizer.appendTermHashes(in: text, to: &hashes, scratch: &scratch)
            let terms = tokenizer.terms(in: text)
            if hashes != expected || tokenizer.termHashes(in: text) != expected || terms.map(TermHash.hash) != expected {
                mismatches += 1
                if mismatches <= 5 { Issue.record("\(text.debugDescription): \(terms)") }
            }
        }
        #expect(mismatches == 0)
    }

    /// FNV-1a over the term hashes of every generated text, in order, with the default
    /// configuration: the value the tokenizer gave before it was made faster.
    @Test func digestIsUnchanged() throws {
        let tokenizer = try Tokenizer()
        var digest = TermHash.offsetBasis
        var terms = 0
        for text in Self.texts {
            for hash in tokenizer.termHashes(in: text) {
                digest = (digest ^ hash) &* TermHash.prime
                terms += 1
            }
        }
        #expect(terms == 536_996)
        #expect(digest == 0x5883_6EF2_3E04_833C)
    }
}

/// Generated vacancy-like texts: Thai phrases without spaces (common job-board words and rare
/// dictionary words, some misspelt), English words and tokens with punctuation inside ("c++",
/// "node.js", "r&d", "men's"), numbers with thousands separators in ASCII and Thai digits, and
/// the noise of pasted text: zero-width spaces, soft hyphens, marks typed out of canonical
/// order or twice, "เเ" for "แ", full-width letters, decomposed Latin, emoji, other scripts.
enum MixedTexts {
    static let thaiWords = [
        "พนักงาน", "ขาย", "บัญชี", "ผู้จัดการ", "ฝ่าย", "ประจำ", "สาขา", "เงินเดือน", "บาท", "ช่าง",
        "เชื่อม", "ไฟฟ้า", "ซ่อมบำรุง", "คลังสินค้า", "ขับรถ", "ส่งของ", "ประสบการณ์", "ปี", "วุฒิ",
        "ปริญญาตรี", "การตลาด", "ทำงาน", "สวัสดิการ", "ประกันสังคม", "โบนัส", "รับสมัคร", "ด่วน",
        "เจ้าหน้าที่", "ธุรการ", "แม่บ้าน", "ทำความสะอาด", "แคชเชียร์", "วิศวกร", "โปรแกรมเมอร์",
        "กรุงเทพมหานคร", "กรุงเทพฯ", "ต่างๆ", "ค่าคอมมิชชั่น", "จันทร์", "เกร็ด", "และ", "หรือ", "ที่",
        "การ", "ของ", "ไม่เกิน", "เพศ", "หญิง", "แข็งแรง", "ขยัน", "อดทน", "เสาร์", "ก็", "เอื้อเฟื้อ",
    ]
    static let englishWords = [
        "Sales", "Executive", "C++", "c#", "F#", "A+", "node.js", "ASP.NET", "R&D", "AT&T", "men's",
        "don\u{2019}t", "full-time", "TIG/MIG", "Excel", "GPA", "3.5", "B2B", "KPI", "Java", "AutoCAD",
        "HR", "IT", "(FMCG)", "Café", "CRÈME", "e\u{301}cole", "Ärzte", "ＡＢＣ１２３", "ｘｙｚ", "mp3",
        "10+", "a+b", "+66", "<b>Hello</b>", "#1", "C++/Java", "v2.0.1", "e-mail", "x.", ".net",
    ]
    static let numbers = [
        "15,000", "๑๕,๐๐๐", "฿15,000-20,000/เดือน", "1,234,567", "1,2345", "12,5", "๒๕๖๗", "3.5", "0",
        "๙", "100%", "08:00-17:00", "๑,๐๐๐", "9,99", "10,000+",
    ]
    static let noise = [
        " ", " ", " ", "  ", "\n", "\t", ", ", "/", "(", ")", "!!", "-", "…", "“", "”", "—", "\u{200B}",
        "\u{00AD}", "\u{00A0}", "\u{FEFF}", "\u{200D}", "😀", "🇹🇭", "฿", "ๆ", "ฯ", " ๆ ", "๏", "\u{3000}",
        "ພະນັກງານ", "工程师", "ប្រាក់", "Ω", "\u{301}", "\u{E48}", "\u{E38}", "'", "\u{2019}", ".", ",", "+",
        "&", "#",
    ]
    /// Thai letters, vowels, marks and digits, for misspellings.
    static let thaiScalars: [Unicode.Scalar] = (0x0E01...0x0E5B).compactMap(Unicode.Scalar.init)

    static func generate(count: Int, seed: UInt64) -> [String] {
        let dictionary = try! ThaiDictionary.standardWords()
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            var text = ""
            for _ in 0..<Int.random(in: 0...30, using: &generator) {
                let roll = Int.random(in: 0..<100, using: &generator)
                if roll < 45 {
                    for _ in 0..<Int.random(in: 1...5, using: &generator) {
                        let rare = Int.random(in: 0..<4, using: &generator) == 0
                        var word = rare ? dictionary.randomElement(using: &generator)! : thaiWords.randomElement(using: &generator)!
                        if Int.random(in: 0..<4, using: &generator) == 0 { word = misspell(word, &generator) }
                        text += word
                    }
                } else if roll < 65 {
                    text += englishWords.randomElement(using: &generator)!
                } else if roll < 75 {
                    text += numbers.randomElement(using: &generator)!
                } else {
                    text += noise.randomElement(using: &generator)!
                }
                if Int.random(in: 0..<3, using: &generator) > 0 { text += " " }
            }
            return text
        }
    }

    /// `word` with one typing slip.
    static func misspell(_ word: String, _ generator: inout SeededGenerator) -> String {
        var scalars = Array(word.unicodeScalars)
        let index = Int.random(in: 0..<scalars.count, using: &generator)
        switch Int.random(in: 0..<8, using: &generator) {
        case 0: scalars.remove(at: index)
        case 1: scalars.insert(thaiScalars.randomElement(using: &generator)!, at: index)
        case 2: scalars[index] = thaiScalars.randomElement(using: &generator)!
        case 3 where index + 1 < scalars.count: scalars.swapAt(index, index + 1)  // marks out of order
        case 4: scalars.insert(scalars[index], at: index)  // typed twice
        case 5: scalars.insert("\u{200B}", at: index)
        case 6:
            return word.replacingOccurrences(of: "แ", with: "เเ").replacingOccurrences(of: "ำ", with: "\u{E4D}า")
        default: scalars.insert(contentsOf: ["\u{E48}", "\u{E38}"], at: index)
        }
        return String(String.UnicodeScalarView(scalars))
    }
}
