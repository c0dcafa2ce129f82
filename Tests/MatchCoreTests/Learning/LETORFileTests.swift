import Foundation
import Testing
@testable import MatchCore

@Suite("LETOR files")
struct LETORFileTests {
    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("jobmatch-letor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func readError(_ text: String, schema: [String]? = nil) throws -> LETORError? {
        let path = try folder().appendingPathComponent("train.txt").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try LETORFile.read(from: path, schema: schema)
            return nil
        } catch {
            return error
        }
    }

    @Test("write then read gives the same examples, NaN included (the Fixtures' training examples)")
    func roundTripFixtures() async throws {
        let examples = try await learningFixture().train
        let path = try folder().appendingPathComponent("train.txt").path
        try LETORFile.write(examples, to: path)
        let read = try LETORFile.read(from: path)
        #expect(sameExamples(read, examples))
        #expect(examples.values.contains { $0.isNaN })
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(":nan ") && text.contains(" # person="))
        #expect(text.split(separator: "\n").count == examples.rowCount)
    }

    @Test("awkward floats read back bit for bit", arguments: [1, 2, 3])
    func roundTripFloats(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let schema = ["a", "b", "c", "d", "e"]
        var examples = RankingExamples(schema: schema)
        let special: [Float] = [0, -0.0, 1, -1, .nan, 1e-30, -3.4e38, .leastNormalMagnitude, .leastNonzeroMagnitude,
                                0.1, 16_777_216, 16_777_218, 123_456_792, 1.0 / 3, .greatestFiniteMagnitude, -.infinity]
        for group in 0..<40 {
            let rows = Int.random(in: 1...6, using: &random)
            var values: [Float] = []
            for _ in 0..<(rows * schema.count) {
                values.append(Bool.random(using: &random) ? special.randomElement(using: &random)!
                    : Float(bitPattern: UInt32.random(in: 0...UInt32.max, using: &random) & 0xBFFF_FFFF))
            }
            let labels = (0..<rows).map { _ in Float(Int.random(in: 0...3, using: &random)) }
            examples.appendGroup(id: Int64(group * 7 + 3), labels: labels, values: values,
                                 keys: (0..<rows).map { PairKey(person: Int64(group), vacancy: Int64($0)) })
        }
        let path = try folder().appendingPathComponent("x.txt").path
        try LETORFile.write(examples, to: path)
        let read = try LETORFile.read(from: path)
        #expect(read.labels == examples.labels && read.groupOffsets == examples.groupOffsets && read.keys == examples.keys)
        for (a, b) in zip(read.values, examples.values) where !(a.isNaN && b.isNaN) {
            #expect(a.bitPattern == b.bitPattern, "\(b) read as \(a)")
        }
    }

    @Test("sparse lines, no keys and no sidecar: indices left out are 0, names f1…")
    func sparse() throws {
        let path = try folder().appendingPathComponent("s.txt").path
        try "# a comment line\n2 qid:5 1:0.5 3:2\n0 qid:5 2:1\n\n1 qid:9 4:-1 # note\n".write(toFile: path, atomically: true, encoding: .utf8)
        let read = try LETORFile.read(from: path)
        #expect(read.schema == ["f1", "f2", "f3", "f4"])
        #expect(read.values == [0.5, 0, 2, 0, 0, 1, 0, 0, 0, 0, 0, -1])
        #expect(read.groupIDs == [5, 9] && read.groupOffsets == [0, 2, 3] && read.keys.isEmpty)
    }

    @Test("parse errors name the file, the line and the field, and show at most the token")
    func errors() throws {
        let schema = ["a", "b", "c"]
        let cases: [(String, Int, Int?, String)] = [
            ("1 qid:1 1:0.5\nx qid:1 1:2\n", 2, 1, "expected a label"),
            ("1 qid:1 1:0.5\n0 1:2 2:3\n", 2, 2, "expected qid:N"),
            ("1 qid:1 1:0.5 2:abc\n", 1, 4, "expected index:value"),
            ("1 qid:1 1:0.5 0.25\n", 1, 4, "expected index:value"),
            ("1 qid:1 2:0.5 1:3\n", 1, 4, "does not follow"),
            ("1 qid:1 4:0.5\n", 1, 3, "beyond the 3 features"),
            ("1 qid:1 1:1\n0 qid:2 1:1\n0 qid:1 1:1\n", 3, 2, "qid 1 reappears"),
            ("1\n", 1, 2, "expected qid:N"),
        ]
        for (text, line, field, problem) in cases {
            let error = try #require(try readError(text, schema: schema), "\(text)")
            #expect(error.line == line && error.field == field && error.problem.contains(problem), "\(error)")
            #expect(error.description.hasPrefix("train.txt:\(line): "), "\(error)")
        }
        let long = String(repeating: "9", count: 200) + "x"
        let error = try #require(try readError("1 qid:1 1:\(long)\n", schema: schema))
        #expect(error.description.count < 120, "\(error)")
        #expect(try readError("1 qid:1 1:0.5 2:1 3:1\n", schema: schema) == nil)
    }

    @Test("100,000 rows of the pair features read back, in bounded time even in a debug build")
    func speed() throws {
        let schema = PairFeatures.schema
        var random = SeededGenerator(seed: 4)
        let rows = 100_000
        var values = [Float](repeating: 0, count: rows * schema.count)
        for index in values.indices where index % 3 != 0 { values[index] = Float.random(in: -2...300, using: &random) }
        let offsets = Array(stride(from: 0, through: rows, by: 20))
        let examples = RankingExamples.flat(schema: schema, values: values, labels: (0..<rows).map { Float($0 % 4) },
                                            groupOffsets: offsets, groupIDs: (0..<Int64(offsets.count - 1)).map { $0 })
        let path = try folder().appendingPathComponent("big.txt").path
        try LETORFile.write(examples, to: path)
        let started = ContinuousClock.now
        let read = try LETORFile.read(from: path)
        let seconds = (ContinuousClock.now - started) / .seconds(1)
        #expect(read == examples)
        // Debug builds are many times slower than release (figures in docs/scorer.md); this
        // only catches a quadratic slip.
        #expect(seconds < 60, "\(seconds) s for \(rows) rows")
    }
}
