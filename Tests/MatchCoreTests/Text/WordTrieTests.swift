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
}
