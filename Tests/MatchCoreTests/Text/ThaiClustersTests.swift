import Testing
@testable import MatchCore

@Suite("ThaiClusters")
struct ThaiClustersTests {
    /// The fixture's clusters, split on "|" by scalar (a "|" before a mark must not merge).
    static func expected(_ line: String) -> [String] {
        line.unicodeScalars.split(separator: "|").map { String(String.UnicodeScalarView($0)) }
    }

    @Test func matchPyThaiNLPOnDictionaryWords() {
        var mismatches: [String] = []
        for line in ThaiClusterFixtures.pyThaiNLP {
            let clusters = Self.expected(line)
            let word = clusters.joined()
            let fast = ThaiClusters.clusters(word)
            let rules = ThaiClusters.clusters(word, rulesOnly: true)
            if fast != clusters || rules != clusters {
                mismatches.append("\(word): expected \(clusters.joined(separator: "|")), direct \(fast.joined(separator: "|")), rules \(rules.joined(separator: "|"))")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(ThaiClusterFixtures.pyThaiNLP.count): \(mismatches.prefix(5))")
        #expect(ThaiClusterFixtures.pyThaiNLP.count == 300)
    }

    // Expected clusters from PyThaiNLP 5.4.0 (tcc_p.tcc).
    @Test(arguments: [
        ("จันทร์", ["จันทร์"]),                          // silent ending ทร์ joins the cluster
        ("เกาะ", ["เกาะ"]),
        ("เรียน", ["เรีย", "น"]),
        ("ผู้จัดการ", ["ผู้", "จัด", "กา", "ร"]),
        ("ก็", ["ก็"]),
        ("ไม่", ["ไม่"]),
        ("โต๊ะ", ["โต๊ะ"]),
        ("ศักดิ์สิทธิ์", ["ศักดิ์", "สิทธิ์"]),
    ])
    func clustersOfKnownWords(word: String, clusters: [String]) {
        #expect(ThaiClusters.clusters(word) == clusters)
        #expect(ThaiClusters.clusters(word, rulesOnly: true) == clusters)
    }

    @Test func directPathAgreesWithRulesOnRandomThai() {
        // Random strings of Thai letters, vowels and marks: far more shapes than real words.
        var generator = SeededGenerator(seed: 5)
        let pool = (0x0E01...0x0E4E).compactMap { Unicode.Scalar(UInt32($0)) }.filter { ThaiScript.isWordScalar($0.value) }
        for _ in 0..<2000 {
            var view = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 1...12, using: &generator) { view.append(pool.randomElement(using: &generator)!) }
            let text = String(view)
            #expect(ThaiClusters.clusters(text) == ThaiClusters.clusters(text, rulesOnly: true), "\(Array(text.unicodeScalars).map { String($0.value, radix: 16) })")
            #expect(ThaiClusters.clusters(text).joined() == text)
        }
    }

    @Test func directPathAgreesWithRulesOnRuleShapes() throws {
        // Strings over the few scalars the rules name (leading vowels, a few consonants, the
        // vowels and marks of the rules), so that every rule and its near misses turn up often;
        // and every entry of the word list.
        var generator = SeededGenerator(seed: 17)
        let pool = Array("เแโใไกรยวอขนะาำิีึืุูั็่้์".unicodeScalars)
        var texts = try ThaiDictionary.standardWords()
        for _ in 0..<20000 {
            var view = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 1...10, using: &generator) { view.append(pool.randomElement(using: &generator)!) }
            texts.append(String(view))
        }
        var mismatches: [String] = []
        for text in texts where ThaiClusters.clusters(text) != ThaiClusters.clusters(text, rulesOnly: true) {
            mismatches.append(text)
        }
        #expect(mismatches.isEmpty, "\(mismatches.count): \(mismatches.prefix(5))")
    }

    @Test func emptyRunHasOnlyItsEnds() {
        var boundary: [Bool] = [false]
        boundary.withUnsafeMutableBufferPointer { boundary in
            [Unicode.Scalar]().withUnsafeBufferPointer { ThaiClusters.markBoundaries(of: $0, into: boundary) }
        }
        #expect(boundary == [true])
    }
}
