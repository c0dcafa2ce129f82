import Testing
@testable import MatchCore
import TextKernels

/// The words of a segmentation as "a|b|?c" (unknown words marked with ?).
func joined(_ words: [(text: String, known: Bool, isPart: Bool)]) -> String {
    words.map { ($0.isPart ? "+" : "") + ($0.known ? "" : "?") + $0.text }.joined(separator: "|")
}

@Suite("DictionarySegmenter")
struct DictionarySegmenterTests {
    static let standard = DictionarySegmenter(dictionary: try! ThaiDictionary.standard())

    // MARK: The algorithm, on small dictionaries

    @Test func takesTheFewestWords() {
        // ตากลม: ตา|กลม and ตาก|ลม both have two words; the shortest first word wins the tie.
        let segmenter = DictionarySegmenter(dictionary: ThaiDictionary(words: ["ตา", "ตาก", "กลม", "ลม"]))
        #expect(joined(segmenter.words(inThaiRun: "ตากลม")) == "ตา|กลม")
        // A longer word beats two shorter ones.
        let longer = DictionarySegmenter(dictionary: ThaiDictionary(words: ["พนักงาน", "ขาย", "พนักงานขาย"]))
        #expect(joined(longer.words(inThaiRun: "พนักงานขาย")) == "พนักงานขาย")
    }

    @Test func keepsUnknownStretchesWhole() {
        let segmenter = DictionarySegmenter(dictionary: ThaiDictionary(words: ["พนักงาน", "ขาย"]))
        #expect(joined(segmenter.words(inThaiRun: "พนักงานสมชายขาย")) == "พนักงาน|?สมชาย|ขาย")
        #expect(joined(segmenter.words(inThaiRun: "สมชาย")) == "?สมชาย")
        #expect(joined(segmenter.words(inThaiRun: "")) == "")
        #expect(joined(Self.standard.words(inThaiRun: "พนักงานฐฑขาย")) == "พนักงาน|?ฐฑ|ขาย")
    }

    @Test func prefersFewerUnknownScalarsToFewerWords() {
        // "กขค" (three one-consonant clusters) as one unknown word has one word but three
        // unknown scalars; กข|?ค has two words and one unknown scalar, and wins.
        let segmenter = DictionarySegmenter(dictionary: ThaiDictionary(words: ["กข", "คง"]))
        #expect(joined(segmenter.words(inThaiRun: "กขค")) == "กข|?ค")
        #expect(joined(segmenter.words(inThaiRun: "คกขค")) == "?ค|กข|?ค")
        #expect(joined(segmenter.words(inThaiRun: "ฮฮกขคง")) == "?ฮฮ|กข|คง")
    }

    @Test func cutsOnlyAtClusterBoundaries() {
        // "เก" is a dictionary word, but เกาะ is one cluster: no cut after เก.
        let segmenter = DictionarySegmenter(dictionary: ThaiDictionary(words: ["เก", "าะ"]))
        #expect(joined(segmenter.words(inThaiRun: "เกาะ")) == "?เกาะ")
    }

    @Test func dictionarySkipsEntriesThatCannotMatch() {
        let dictionary = ThaiDictionary(words: ["ก.พ.", "น.", "ก ข ไม่กระดิกหู", "ต่างๆ", "abc", "ขาย", "๑๒", " พนักงาน "])
        #expect(dictionary.count == 2)
        #expect(dictionary.contains("ขาย") && dictionary.contains("พนักงาน"))
        #expect(!dictionary.contains("น") && !dictionary.contains("ก"))
    }

    @Test func longWordsUpTo128Scalars() {
        // The standard list's longest entry (70 scalars, past 64 bits of word ends) is one word.
        let agency = "สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตและประพฤติมิชอบในวงราชการ"
        #expect(agency.unicodeScalars.count == 70)
        #expect(joined(Self.standard.words(inThaiRun: "ที่" + agency)) == "ที่|" + agency)
        // 128 scalars is the longest a dictionary holds; a longer entry is left out.
        let syllable = "กา", longest = String(repeating: syllable, count: 64), tooLong = longest + syllable
        let dictionary = ThaiDictionary(words: [longest, tooLong, "ขาย"])
        #expect(dictionary.count == 2 && dictionary.longestWord == 128 && !dictionary.contains(tooLong))
        let segmenter = DictionarySegmenter(dictionary: dictionary)
        #expect(joined(segmenter.words(inThaiRun: "ขาย" + longest + "ขาย")) == "ขาย|\(longest)|ขาย")
    }

    /// Compound parts of a word past 64 scalars, in a run that does not start at 0: the parts'
    /// dynamic programme steps across the words of boundary bits.
    @Test func partsOfAWordLongerThanSixtyFourScalars() {
        let syllable = "กา", longest = String(repeating: syllable, count: 64)  // 64 clusters, 128 scalars
        let segmenter = DictionarySegmenter(dictionary: ThaiDictionary(words: [longest, "กากา", "ขาย"]))
        let words = segmenter.words(inThaiRun: "ขาย" + longest + "ขาย", parts: true)
        #expect(words.map(\.text) == ["ขาย", longest] + Array(repeating: "กากา", count: 32) + ["ขาย"])
        #expect(words.filter(\.isPart).count == 32 && words.allSatisfy(\.known))
    }

    /// Flags packed 64 to a word as the segmenter reads them: against packing one at a time, for
    /// lengths around the 16-flag vector steps and 64-flag words.
    @Test func packedFlagsAreTheFlags() {
        var generator = SystemRandomNumberGenerator()
        for count in [0, 1, 15, 16, 17, 63, 64, 65, 100, 128, 129, 200] {
            let flags = (0..<count).map { _ in UInt8.random(in: 0...1, using: &generator) }
            var bits = [UInt64](repeating: .max, count: count / 64 + 1)
            flags.withUnsafeBufferPointer { flags in
                bits.withUnsafeMutableBufferPointer { jm_pack_flags(flags.baseAddress ?? UnsafePointer(bitPattern: 1), count, $0.baseAddress!) }
            }
            var expected = [UInt64](repeating: 0, count: count / 64 + 1)
            for (index, flag) in flags.enumerated() where flag == 1 { expected[index / 64] |= 1 << UInt64(index % 64) }
            if count % 64 == 0 { expected[count / 64] = .max }  // a word with no flag in it is not written
            #expect(bits == expected, "\(count)")
        }
    }

    /// The segmenter steps from boundary to boundary through bits: against a plain scan, on
    /// random boundaries, across 64-bit words.
    @Test func boundaryBitsStepAsAScanWould() {
        var generator = SystemRandomNumberGenerator()
        for density in [0.02, 0.3, 0.9] {
            let count = 300
            var flags = (0...count).map { _ in Double.random(in: 0..<1, using: &generator) < density }
            flags[0] = true
            flags[count] = true
            var words = [UInt64](repeating: 0, count: count / 64 + 1)
            for (place, flag) in flags.enumerated() where flag { words[place >> 6] |= 1 << UInt64(place & 63) }
            words.withUnsafeBufferPointer { words in
                let bits = BoundaryBits(words.baseAddress!)
                for place in 0..<count {
                    #expect(bits.next(after: place) == (place + 1...count).first { flags[$0] })
                    #expect(bits.previous(before: place + 1) == (0...place).last { flags[$0] })
                    for end in stride(from: place, through: min(count, place + 130), by: 7) {
                        #expect(bits.count(after: place, through: end) == flags[(place + 1)..<(end + 1)].filter { $0 }.count)
                    }
                }
            }
        }
    }

    @Test func workIsLinearInLength() {
        // A long run of one unknown syllable and a long run of words: both finish, every scalar
        // covered once.
        let long = String(repeating: "ฮฮ", count: 5000) + String(repeating: "พนักงานขาย", count: 2000)
        let words = Self.standard.words(inThaiRun: long)
        #expect(words.map(\.text).joined() == long)
        #expect(words.first?.known == false && words.first?.text.unicodeScalars.count == 10_000)
    }

    // MARK: The standard dictionary on job-board text

    /// PyThaiNLP 5.4.0's newmm gives the same segmentations (checked when written, with 16 more
    /// job phrases that all agreed).
    static let jobPhrases: [(String, String)] = [
        ("ผู้จัดการฝ่ายขายประจำกรุงเทพมหานคร", "ผู้จัดการฝ่ายขาย|ประจำ|กรุงเทพมหานคร"),
        ("พนักงานขายหน้าร้าน", "พนักงาน|ขายหน้า|ร้าน"),
        ("ช่างเชื่อม", "ช่างเชื่อม"),
        ("รับสมัครพนักงานบัญชี", "รับสมัคร|พนักงานบัญชี"),
        ("ประจำสาขาบางนา", "ประจำ|สาขา|บางนา"),
        ("พนักงานขับรถส่งของ", "พนักงาน|ขับรถ|ส่ง|ของ"),
        ("แม่บ้านทำความสะอาด", "แม่บ้าน|ทำความสะอาด"),
        ("เจ้าหน้าที่ฝ่ายบุคคล", "เจ้าหน้าที่|ฝ่าย|บุคคล"),
        ("มีประสบการณ์ด้านการขายอย่างน้อยสองปี", "มีประสบการณ์|ด้าน|การ|ขาย|อย่าง|น้อย|สอง|ปี"),
        ("สามารถขับรถยนต์ได้และมีใบขับขี่", "สามารถ|ขับ|รถยนต์|ได้|และ|มี|ใบขับขี่"),
        ("สวัสดิการประกันสังคมและโบนัสประจำปี", "สวัสดิการ|ประกันสังคม|และ|โบนัส|ประจำปี"),
        ("แคชเชียร์ประจำร้านสะดวกซื้อ", "แคชเชียร์|ประจำ|ร้าน|สะดวก|ซื้อ"),
        ("ช่างไฟฟ้าโรงงาน", "ช่างไฟฟ้า|โรงงาน"),
        // Misspellings: การ as กาน (itself a dictionary word), บัญชี as บันชี.
        ("ผู้จัดกานฝ่ายขาย", "ผู้|จัด|กาน|ฝ่ายขาย"),
        ("พนักงานบันชี", "พนักงาน|บัน|ชี"),
    ]

    @Test(arguments: jobPhrases)
    func segmentsJobPhrasesAsNewmm(phrase: String, expected: String) {
        #expect(joined(Self.standard.words(inThaiRun: phrase)) == expected)
    }

    @Test func givesThePartsOfCompounds() {
        #expect(joined(Self.standard.words(inThaiRun: "ช่างเชื่อม", parts: true)) == "ช่างเชื่อม|+ช่าง|+เชื่อม")
        #expect(joined(Self.standard.words(inThaiRun: "รับสมัครพนักงานบัญชี", parts: true))
                == "รับสมัคร|พนักงานบัญชี|+พนักงาน|+บัญชี")
        #expect(joined(Self.standard.words(inThaiRun: "แม่บ้านทำความสะอาด", parts: true))
                == "แม่บ้าน|ทำความสะอาด|+ทำความ|+สะอาด")
        // No parts from one-cluster entries (ร้า|น, สา|ขา), and none for unknown words.
        #expect(joined(Self.standard.words(inThaiRun: "ร้านสาขา", parts: true)) == "ร้าน|สาขา")
        #expect(joined(Self.standard.words(inThaiRun: "ช่างเชื่อมฐฑ", parts: true)) == "ช่างเชื่อม|+ช่าง|+เชื่อม|?ฐฑ")
    }
}
