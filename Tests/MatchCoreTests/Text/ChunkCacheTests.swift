import Foundation
import Testing
@testable import MatchCore

/// The tokenizer's chunk cache (`ChunkCache`, in ``Tokenizer/Scratch``) must never change a
/// term: texts tokenized with it, again once it holds their chunks, and with a cache so small
/// that it keeps emptying, give what tokenizing each text whole gives.
@Suite("Chunk cache")
struct ChunkCacheTests {
    /// Mixed Thai/English texts full of the noise of pasted text (TokenizerReferenceTests), and
    /// texts built to cross the cache's limits: every ASCII whitespace, long runs without any.
    static let texts: [String] = {
        var texts = MixedTexts.generate(count: 1500, seed: 0xC4C4E)
        let thai = "พนักงานขายประจำสาขาเงินเดือนดีมีโบนัสช่างเชื่อมไฟฟ้าซ่อมบำรุงคลังสินค้าขับรถส่งของ"
        texts += [
            "", " ", "\t\n\u{0B}\u{0C}\r ", "a", "ช่าง", "  ช่างเชื่อม\tTIG\nMIG\r\nC++ \u{0B}15,000\u{0C}บาท  ",
            String(repeating: thai, count: 12),  // one chunk of ~4,000 bytes: past every chunk limit
            String(repeating: thai + " ", count: 40),
            String(repeating: "sales", count: 200) + " " + String(repeating: "๑,๐๐๐", count: 100),
            String(repeating: "เเ", count: 300) + " ก\u{E48}\u{E48}\u{E38} e\u{301}cole \u{301}x \u{200B}a \u{E48}",
            "15,000 15, 000 15 ,000 c++ c ++ r&d r& d node.js node. js men's men 's \u{2019}t",
        ]
        // Every text again, so that the second time its chunks come from the cache.
        var generator = SeededGenerator(seed: 42)
        return texts + texts.shuffled(using: &generator)
    }()

    /// The hashes of each text tokenized whole, without a cache.
    static func uncached(_ tokenizer: Tokenizer, _ texts: [String]) -> [[UInt64]] {
        var scratch = Tokenizer.Scratch(cachingChunks: false)
        return texts.map { text in
            var hashes: [UInt64] = []
            tokenizer.appendTermHashes(in: text, to: &hashes, scratch: &scratch)
            return hashes
        }
    }

    static func mismatches(_ tokenizer: Tokenizer, _ scratch: inout Tokenizer.Scratch, _ expected: [[UInt64]]) -> Int {
        var mismatches = 0
        var hashes: [UInt64] = [7]  // appended to, not replaced
        for (text, expected) in zip(texts, expected) {
            hashes.removeSubrange(1...)
            tokenizer.appendTermHashes(in: text, to: &hashes, scratch: &scratch)
            if hashes[0] != 7 || Array(hashes[1...]) != expected {
                mismatches += 1
                if mismatches <= 3 { Issue.record("\(text.debugDescription)") }
            }
        }
        return mismatches
    }

    @Test(arguments: TokenizerReferenceTests.configurations.indices)
    func cachedTermsAreTheTermsOfTheWholeText(configuration: Int) throws {
        let tokenizer = try Tokenizer(TokenizerReferenceTests.configurations[configuration])
        let expected = Self.uncached(tokenizer, Self.texts)
        var scratch = Tokenizer.Scratch()
        #expect(Self.mismatches(tokenizer, &scratch, expected) == 0)
        // A cache that holds every chunk: the second time through, every text comes from it.
        var large = Tokenizer.Scratch(chunkLimits: .init(slots: 1 << 17, bytes: 1 << 23, terms: 1 << 21, chunkBytes: 256))
        #expect(Self.mismatches(tokenizer, &large, expected) == 0)
        #expect(large.chunks!.count > 1000)
        #expect(large.chunks!.evictions == 0)
        // The pooled scratches of termHashes(in:) cache too.
        #expect(zip(Self.texts, expected).allSatisfy { tokenizer.termHashes(in: $0) == $1 })
    }

    @Test func aCacheThatKeepsFillingUpGivesTheSameTerms() throws {
        let tokenizer = try Tokenizer()
        let expected = Self.uncached(tokenizer, Self.texts)
        for limits in [ChunkCache.Limits(slots: 8, bytes: 64, terms: 32, chunkBytes: 16),
                       ChunkCache.Limits(slots: 64, bytes: 4096, terms: 100, chunkBytes: 200),
                       ChunkCache.Limits(slots: 2, bytes: 1, terms: 1, chunkBytes: 1)] {
            var scratch = Tokenizer.Scratch(chunkLimits: limits)
            #expect(Self.mismatches(tokenizer, &scratch, expected) == 0)
            #expect(scratch.chunks!.evictions > 10)
            #expect(scratch.chunks!.count <= limits.slots / 2)
        }
    }

    /// One scratch used by tokenizers of different configurations in turn: each gets its own
    /// terms (the cache empties when the tokenizer changes).
    @Test func oneScratchServesTokenizersWithOtherConfigurations() throws {
        let tokenizers = try [Tokenizer(), Tokenizer(.init(characterNGrams: 5)), Tokenizer(.init(removesStopWords: false))]
        let expected = tokenizers.map { Self.uncached($0, Self.texts) }
        var scratch = Tokenizer.Scratch()
        var mismatches = 0
        for (index, text) in Self.texts.enumerated() {
            for (tokenizer, expected) in zip(tokenizers, expected) {
                var hashes: [UInt64] = []
                tokenizer.appendTermHashes(in: text, to: &hashes, scratch: &scratch)
                if hashes != expected[index] { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
    }

    /// What the cache rests on: the normalised text is its ASCII-whitespace chunks normalised
    /// one by one, the non-empty ones joined by single spaces.
    @Test func normalisingChunkByChunkIsNormalisingTheText() {
        let normalizer = TextNormalizer()
        for text in Self.texts {
            let chunks = text.unicodeScalars.split(whereSeparator: { $0.value == 0x20 || (0x09...0x0D).contains($0.value) })
                .map { normalizer.normalize(String(String.UnicodeScalarView($0))) }.filter { !$0.isEmpty }
            #expect(normalizer.normalize(text) == chunks.joined(separator: " "), "\(text.debugDescription)")
        }
    }

    @Test func keysDependOnEveryByte() {
        func key(_ text: String) -> UInt64 { Array(text.utf8).withUnsafeBufferPointer(ChunkCache.key) }
        let keys = ["", "a", "b", "ab", "ba", "abcdefgh", "abcdefgi", "abcdefghi", "bbcdefghi", "พนักงาน", "พนักงาร"].map(key)
        #expect(Set(keys).count == keys.count)
    }

    /// Texts whose chunks never come back make the cache step aside (and the terms do not
    /// change); texts that repeat keep it.
    @Test func stepsAsideWhereTextsDoNotRepeat() throws {
        let tokenizer = try Tokenizer()
        let unique = MixedTexts.generate(count: 400, seed: 0x51DE)
        let expected = Self.uncached(tokenizer, unique)
        var scratch = Tokenizer.Scratch()
        var mismatches = 0
        for (text, expected) in zip(unique, expected) where tokenizer.termHashes(in: text, scratch: &scratch) != expected {
            mismatches += 1
        }
        #expect(mismatches == 0)
        #expect(scratch.chunks!.pauses >= 2)  // 400 texts: windows of 32, pauses of 96, 192, 384

        let repeated = (0..<400).map { unique[$0 % 8] }
        var repeating = Tokenizer.Scratch()
        for text in repeated { _ = tokenizer.termHashes(in: text, scratch: &repeating) }
        #expect(repeating.chunks!.pauses == 0)

        // A pause ends: the cache takes texts again and notices that they now repeat.
        for text in repeated { _ = tokenizer.termHashes(in: text, scratch: &scratch) }
        let pauses = scratch.chunks!.pauses
        for text in repeated { _ = tokenizer.termHashes(in: text, scratch: &scratch) }
        #expect(scratch.chunks!.pauses == pauses)
    }

    /// Each window in a row that finds too little doubles the pause, up to the longest; one
    /// that finds enough brings back the shortest.
    @Test func pausesGrowWhileTextsKeepNotRepeating() {
        var cache = ChunkCache(adaptation: .init(window: 2, minimumHitShare: 0.5, pause: 3, longestPause: 12))
        func texts(_ count: Int, hitting: Bool) -> [Bool] {
            (0..<count).map { _ in
                guard cache.takesNextText() else { return false }
                cache.record(bytes: 10, hitBytes: hitting ? 10 : 0)
                return true
            }
        }
        // Window, pause 3, window, pause 6, window, pause 12, window, pause 12, window (a fifth
        // pause of 12 begins).
        let through = texts(2 + 3 + 2 + 6 + 2 + 12 + 2 + 12 + 2, hitting: false)
        let expected = [true, true] + Array(repeating: false, count: 3) + [true, true] + Array(repeating: false, count: 6)
            + [true, true] + Array(repeating: false, count: 12) + [true, true] + Array(repeating: false, count: 12) + [true, true]
        #expect(through == expected)
        #expect(cache.pauses == 5)
        // Texts repeat now: after that pause, a good window; the next bad window pauses for 3.
        #expect(texts(12, hitting: true).allSatisfy { !$0 })
        #expect(texts(2, hitting: true) == [true, true])
        #expect(texts(2 + 3 + 1, hitting: false) == [true, true, false, false, false, true])
        #expect(cache.pauses == 6)
    }
}

extension Tokenizer {
    /// The hashes of `text`, worked out in `scratch`.
    func termHashes(in text: String, scratch: inout Scratch) -> [UInt64] {
        var hashes: [UInt64] = []
        appendTermHashes(in: text, to: &hashes, scratch: &scratch)
        return hashes
    }
}
