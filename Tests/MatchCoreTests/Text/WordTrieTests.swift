import Testing
@testable import MatchCore

@Suite("WordTrie")
struct WordTrieTests {
    static func scalars(_ text: String) -> [Unicode.Scalar] { Array(text.unicodeScalars) }

    @Test func findsEveryPrefixWordShortestFirst() {
        let words = ["ก", "กา", "การ", "การบ้าน", "กาว", "บ้าน", "ขา", "ขาย"]
        let trie = WordTrie(words: words.map(Self.scalars) + [Self.scalars("กา"), []])  // duplicate and empty ignored
        #expect(trie.count == words.count)
        #expect(trie.longestWord == 7)
        for word in words { #expect(trie.contains(Self.scalars(word)), "\(word)") }
        for absent in ["", "การบ้", "บ้า", "ขายของ", "x"] { #expect(!trie.contains(Self.scalars(absent)), "\(absent)") }
        let text = Self.scalars("การบ้านขาย")
        var ends: [Int] = []
        text.withUnsafeBufferPointer { text in trie.forEachWordEnd(in: text, from: 0, limit: text.count) { ends.append($0) } }
        #expect(ends == [1, 2, 3, 7])
        ends = []
        text.withUnsafeBufferPointer { text in trie.forEachWordEnd(in: text, from: 0, limit: 3) { ends.append($0) } }
        #expect(ends == [1, 2, 3])
        ends = []
        text.withUnsafeBufferPointer { text in trie.forEachWordEnd(in: text, from: 7, limit: text.count) { ends.append($0) } }
        #expect(ends == [9, 10])
    }

    @Test(arguments: 0..<8)
    func agreesWithASetOnRandomWords(seed: Int) {
        // Few letters, so that words share long prefixes and nodes have many children.
        var generator = SeededGenerator(seed: UInt64(seed))
        let letters = (0x0E01...0x0E2E).compactMap { Unicode.Scalar(UInt32($0)) }.prefix(seed % 2 == 0 ? 3 : 46)
        let words = (0..<300).map { _ in
            (0..<Int.random(in: 1...6, using: &generator)).map { _ in letters.randomElement(using: &generator)! }
        }
        let set = Set(words.map { String(String.UnicodeScalarView($0)) })
        let trie = WordTrie(words: words)
        #expect(trie.count == set.count)
        for _ in 0..<50 {
            let text = (0..<12).map { _ in letters.randomElement(using: &generator)! }
            for start in 0..<text.count {
                var ends: [Int] = []
                text.withUnsafeBufferPointer { text in
                    trie.forEachWordEnd(in: text, from: start, limit: text.count) { ends.append($0) }
                }
                let expected = (start + 1...text.count).filter { set.contains(String(String.UnicodeScalarView(text[start..<$0]))) }
                #expect(ends == expected)
            }
        }
    }

    /// The walks taken together (`markWordEnds`) find exactly the words that one walk from each
    /// start finds, cut at the starts' runs and at boundaries, and touch no other place.
    @Test(arguments: 0..<6)
    func markWordEndsAgreesWithOneWalkAtATime(seed: Int) {
        var generator = SeededGenerator(seed: UInt64(100 + seed))
        let letters = (0x0E01...0x0E2E).compactMap { Unicode.Scalar(UInt32($0)) }.prefix(seed % 2 == 0 ? 3 : 20)
        var words = (0..<400).map { _ in
            (0..<Int.random(in: 1...9, using: &generator)).map { _ in letters.randomElement(using: &generator)! }
        }
        words.append(Array(repeating: letters.first!, count: WordTrie.maximumWordLength))  // the longest a trie holds
        let trie = WordTrie(words: words)
        for _ in 0..<40 {
            let text = (0..<Int.random(in: 1...160, using: &generator)).map { _ in letters.randomElement(using: &generator)! }
            // Runs with gaps of one or more places between them, and random boundaries.
            var runs: [Range<Int>] = []
            var position = Int.random(in: 0...2, using: &generator)
            while position < text.count {
                let end = min(text.count, position + Int.random(in: 1...140, using: &generator))
                runs.append(position..<end)
                position = end + Int.random(in: 1...3, using: &generator)
            }
            let boundary = (0...text.count).map { _ in Bool.random(using: &generator) || Bool.random(using: &generator) }
            let untouched = WordTrie.WordEnds(0xDEAD_BEEF)
            var ends = [WordTrie.WordEnds](repeating: untouched, count: text.count)
            var walks: [WordTrie.Walk] = []
            text.withUnsafeBufferPointer { text in
                boundary.withUnsafeBufferPointer { boundary in
                    runs.withUnsafeBufferPointer { runs in
                        ends.withUnsafeMutableBufferPointer { ends in
                            trie.markWordEnds(in: text, runs: runs, boundary: boundary, into: ends, walks: &walks)
                        }
                    }
                }
            }
            for start in 0..<text.count {
                guard let run = runs.first(where: { $0.contains(start) }), boundary[start] else {
                    #expect(ends[start] == untouched, "place \(start) is not a run's boundary")
                    continue
                }
                var expected: WordTrie.WordEnds = 0
                text.withUnsafeBufferPointer { text in
                    trie.forEachWordEnd(in: text, from: start, limit: run.upperBound) { end in
                        if boundary[end] { expected |= 1 << (end - start - 1) }
                    }
                }
                #expect(ends[start] == expected, "words from \(start) in \(run)")
            }
        }
    }
}
