import ArgumentParser
import Foundation
import Testing
@testable import MatchCLI
import MatchCore

// MARK: Helpers

/// A fresh folder under the system's temporary directory, removed by ``remove()``.
private struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("jobmatch-cli-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func contents() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() }
    func remove() { try? FileManager.default.removeItem(at: url) }
}

private func withTemporaryDirectory(_ body: (TemporaryDirectory) async throws -> Void) async throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    try await body(directory)
}

/// Small integer entries, so scores are exact and ties frequent.
private func integerMatrix(rows: Int, columns: Int, seed: UInt64) -> Matrix {
    var generator = SeededGenerator(seed: seed)
    return Matrix(rows: rows, columns: columns, elements: (0..<rows * columns).map { _ in
        Float(Int.random(in: -2...2, using: &generator))
    })
}

/// The message ArgumentParser would print for `arguments`, or nil when they parse.
private func parseFailure(_ arguments: [String]) -> String? {
    do {
        _ = try JobMatch.parseAsRoot(arguments)
        return nil
    } catch {
        return JobMatch.message(for: error)
    }
}

private let required = ["topk", "--queries", "q.npy", "--items", "x.npy", "--out", "ids.npy"]

// MARK: Parsing

@Suite("jobmatch topk: parsing")
struct TopKParsingTests {
    @Test func requiredOptionsAndDefaults() throws {
        let command = try #require(try JobMatch.parseAsRoot(required) as? TopKCommand)
        #expect(command.queries == "q.npy")
        #expect(command.items == "x.npy")
        #expect(command.out == "ids.npy")
        #expect(command.k == 10)
        #expect(command.scores == nil)
        #expect(command.excludeItems == nil)
        #expect(command.excludePairs == nil)
        #expect(!command.quiet)
        #expect(command.search.configuration == SearchConfiguration.default)
    }

    @Test func everyOption() throws {
        let arguments = required + [
            "-k", "3", "--scores", "scores.npy", "--exclude-items", "closed.npy", "--exclude-pairs", "applied.npy",
            "--query-block", "7", "--item-block", "5", "--workers", "2", "--quiet",
        ]
        let command = try #require(try JobMatch.parseAsRoot(arguments) as? TopKCommand)
        #expect(command.k == 3)
        #expect(command.scores == "scores.npy")
        #expect(command.excludeItems == "closed.npy")
        #expect(command.excludePairs == "applied.npy")
        #expect(command.quiet)
        #expect(command.search.configuration == SearchConfiguration(queryBlock: 7, itemBlock: 5, workers: 2))
    }

    @Test func kZeroIsAllowed() throws {
        let command = try #require(try JobMatch.parseAsRoot(required + ["-k", "0"]) as? TopKCommand)
        #expect(command.k == 0)
    }

    @Test func negativeKIsRejected() {
        #expect(throws: (any Error).self) { try JobMatch.parseAsRoot(required + ["-k=-1"]) }
        #expect(parseFailure(required + ["-k=-1"]) == "-k must be 0 or more")
        // Written as two words, "-1" reads as an option rather than a value; still an error.
        #expect(parseFailure(required + ["-k", "-5"]) != nil)
    }

    @Test func sameFileForOutAndScoresIsRejected() {
        #expect(throws: (any Error).self) { try JobMatch.parseAsRoot(required + ["--scores", "ids.npy"]) }
        #expect(parseFailure(required + ["--scores", "ids.npy"]) == "--scores and --out name the same file")
    }

    @Test(arguments: [["--workers", "0"], ["--query-block", "0"], ["--item-block", "0"], ["--workers=-2"]])
    func blockSizesAndWorkersMustBePositive(option: [String]) {
        #expect(throws: (any Error).self) { try JobMatch.parseAsRoot(required + option) }
        #expect(parseFailure(required + option)?.contains("must be at least 1") == true)
    }

    @Test(arguments: ["--queries", "--items", "--out"])
    func requiredOptionsAreRequired(option: String) {
        var arguments = required
        let index = arguments.firstIndex(of: option)!
        arguments.removeSubrange(index...index + 1)
        #expect(throws: (any Error).self) { try JobMatch.parseAsRoot(arguments) }
    }

    @Test func unknownOptionIsRejected() {
        #expect(throws: (any Error).self) { try JobMatch.parseAsRoot(required + ["--frobnicate"]) }
    }
}

// MARK: Running

@Suite("jobmatch topk: running")
struct TopKRunTests {
    @Test func writesIdsAndScoresEqualToTheOracle() async throws {
        try await withTemporaryDirectory { directory in
            let queries = integerMatrix(rows: 7, columns: 5, seed: 1)
            let items = integerMatrix(rows: 19, columns: 5, seed: 2)
            try NPY.write(queries, to: directory.path("q.npy"))
            try NPY.write(items, to: directory.path("x.npy"))
            let pairs = DenseMatrix<Int32>(rows: 2, columns: 2, elements: [0, 3, 6, 18])
            try NPY.write(pairs, to: directory.path("pairs.npy"))

            var command = try #require(try JobMatch.parseAsRoot([
                "topk", "--queries", directory.path("q.npy"), "--items", directory.path("x.npy"),
                "--out", directory.path("ids.npy"), "--scores", directory.path("scores.npy"),
                "--exclude-pairs", directory.path("pairs.npy"),
                "-k", "4", "--query-block", "3", "--item-block", "4", "--workers", "2", "--quiet",
            ]) as? AsyncParsableCommand)
            try await command.run()

            let exclusions = Exclusions(pairs: [.init(query: 0, item: 3), .init(query: 6, item: 18)])
            let oracle = try ExactSearch.search(queries: queries, items: items, k: 4, exclusions: exclusions)
            #expect(try NPY.readInt64(at: directory.path("ids.npy")).elements == oracle.ids.elements.map(Int64.init))
            #expect(try NPY.readMatrix(at: directory.path("scores.npy")) == oracle.scores)
            #expect(try directory.contents() == ["ids.npy", "pairs.npy", "q.npy", "scores.npy", "x.npy"])
        }
    }

    @Test func failingRunThrowsAndWritesNothing() async throws {
        try await withTemporaryDirectory { directory in
            try NPY.write(integerMatrix(rows: 3, columns: 4, seed: 1), to: directory.path("q.npy"))
            try NPY.write(integerMatrix(rows: 5, columns: 3, seed: 2), to: directory.path("x.npy"))
            var command = try #require(try JobMatch.parseAsRoot([
                "topk", "--queries", directory.path("q.npy"), "--items", directory.path("x.npy"),
                "--out", directory.path("ids.npy"), "--scores", directory.path("scores.npy"), "--quiet",
            ]) as? AsyncParsableCommand)
            await #expect(throws: TopKFilesError.self) { try await command.run() }
            #expect(try directory.contents() == ["q.npy", "x.npy"])
        }
    }
}

@Suite("jobmatch topk: one file named twice")
struct TopKSameFileTests {
    /// `--out DIR/./ids.npy --scores DIR/ids.npy` name one file: the run is refused and writes
    /// nothing, rather than letting the scores replace the ids.
    @Test func outAndScoresNamingOneFileByTwoPathsAreRefused() async throws {
        try await withTemporaryDirectory { directory in
            try NPY.write(integerMatrix(rows: 3, columns: 4, seed: 1), to: directory.path("q.npy"))
            try NPY.write(integerMatrix(rows: 5, columns: 4, seed: 2), to: directory.path("x.npy"))
            let arguments = [
                "topk", "--queries", directory.path("q.npy"), "--items", directory.path("x.npy"),
                "--out", directory.url.path + "/./ids.npy", "--scores", directory.path("ids.npy"), "-k", "2", "--quiet",
            ]
            var refused = false
            do {
                var command = try #require(try JobMatch.parseAsRoot(arguments) as? AsyncParsableCommand)
                try await command.run()
            } catch {
                refused = true
            }
            #expect(refused)
            #expect(!FileManager.default.fileExists(atPath: directory.path("ids.npy")))
        }
    }
}

@Suite("jobmatch vectors and version")
struct OtherCommandTests {
    @Test func vectorsWritesTheSeededMatrix() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.path("v.npy")
            var command = try #require(try JobMatch.parseAsRoot([
                "vectors", "--count", "6", "--dimension", "5", "--seed", "42", "--normalize", "--out", path,
            ]) as? AsyncParsableCommand)
            try await command.run()
            #expect(try NPY.readMatrix(at: path) == Matrix.gaussian(rows: 6, columns: 5, seed: 42, normalized: true))
        }
    }

    @Test func vectorsRejectsNegativeCounts() {
        #expect(throws: (any Error).self) {
            try JobMatch.parseAsRoot(["vectors", "--count=-1", "--dimension", "5", "--out", "v.npy"])
        }
    }

    @Test func versionNamesTheReleaseAndBLAS() {
        let text = JobMatch.versionText()
        #expect(text.hasPrefix("jobmatch \(JobMatchVersion.current)\n"))
        #expect(text.contains("BLAS: "))
    }

    @Test func formatRoundsToTheDigitsAsked() {
        #expect(format(2.0 / 3.0) == "0.67")
        #expect(format(3.14159, digits: 3) == "3.142")
        #expect(format(5, digits: 0) == "5")
    }
}
