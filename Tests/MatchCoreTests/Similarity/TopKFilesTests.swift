import Foundation
import Synchronization
import Testing
@testable import MatchCore

/// Inputs of a TopKFiles run, written to a temporary folder.
private struct Inputs {
    let directory: TemporaryDirectory
    let queries: Matrix
    let items: Matrix
    let queriesPath: String
    let itemsPath: String

    init(_ directory: TemporaryDirectory, m: Int = 9, n: Int = 23, d: Int = 6, itemDimension: Int? = nil) throws {
        self.directory = directory
        queries = integerMatrix(rows: m, columns: d, seed: 101)
        items = integerMatrix(rows: n, columns: itemDimension ?? d, seed: 202)
        queriesPath = directory.path("queries.npy")
        itemsPath = directory.path("items.npy")
        try NPY.write(queries, to: queriesPath)
        try NPY.write(items, to: itemsPath)
    }

    var idsPath: String { directory.path("ids.npy") }
    var scoresPath: String { directory.path("scores.npy") }

    func job(k: Int = 5, scores: Bool = true, excludedItems: String? = nil, excludedPairs: String? = nil) -> TopKFiles {
        TopKFiles(
            queries: queriesPath, items: itemsPath, k: k, idsOutput: idsPath, scoresOutput: scores ? scoresPath : nil,
            excludedItems: excludedItems, excludedPairs: excludedPairs,
            configuration: SearchConfiguration(queryBlock: 4, itemBlock: 7, workers: 2))
    }

    /// Writes int64 values as a file of `shape`, e.g. "(3,)" or "(2, 2)".
    func writeInt64(_ values: [Int64], shape: String, to name: String) throws -> String {
        try directory.write(npyBytes(header: npyDictionary(descr: "<i8", shape: shape), data: int64Bytes(values)), to: name)
    }

    /// The folder holds the inputs and nothing else (no output, no temporary file).
    func expectNoOutputs(sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(!fileExists(idsPath), sourceLocation: sourceLocation)
        #expect(!fileExists(scoresPath), sourceLocation: sourceLocation)
        let names = try directory.contents()
        #expect(!names.contains { $0.hasPrefix(".") || $0 == "ids.npy" || $0 == "scores.npy" },
                "\(names)", sourceLocation: sourceLocation)
    }
}

/// Float32 values of a float32 `.npy` file, infinities allowed (the reader rejects them).
private func rawFloat32Values(at path: String) throws -> [Float] {
    let header = try NPY.readHeader(at: path)
    let bytes = try readBytes(path)[header.dataOffset...]
    return stride(from: bytes.startIndex, to: bytes.endIndex, by: 4).map { start in
        let bits = bytes[start..<start + 4].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return Float(bitPattern: bits)
    }
}

private final class Reports: Sendable {
    let values = Mutex<[[Int]]>([])
}

@Suite("TopKFiles end to end")
struct TopKFilesTests {
    @Test func idsAndScoresEqualTheOracle() async throws {
        try await withTemporaryDirectory { directory in
            let inputs = try Inputs(directory)
            let report = try await inputs.job(k: 5).run()
            let oracle = try ExactSearch.search(queries: inputs.queries, items: inputs.items, k: 5)

            let ids = try NPY.readInt64(at: inputs.idsPath)
            #expect(ids == DenseMatrix<Int64>(rows: 9, columns: 5, elements: oracle.ids.elements.map(Int64.init)))
            #expect(try NPY.readMatrix(at: inputs.scoresPath) == oracle.scores)
            #expect(try directory.contents() == ["ids.npy", "items.npy", "queries.npy", "scores.npy"])

            #expect(report.queryCount == 9)
            #expect(report.itemCount == 23)
            #expect(report.dimension == 6)
            #expect(report.k == 5)
            #expect(report.excludedItemCount == 0)
            #expect(report.excludedPairCount == 0)
            #expect(report.readSeconds >= 0 && report.searchSeconds >= 0 && report.writeSeconds >= 0)
        }
    }

    @Test func withoutScoresOnlyIdsAreWritten() async throws {
        try await withTemporaryDirectory { directory in
            let inputs = try Inputs(directory)
            _ = try await inputs.job(k: 3, scores: false).run()
            #expect(fileExists(inputs.idsPath))
            #expect(!fileExists(inputs.scoresPath))
            #expect(try directory.contents() == ["ids.npy", "items.npy", "queries.npy"])
        }
    }

    @Test func kAboveNPadsTheOutputs() async throws {
        try await withTemporaryDirectory { directory in
            let inputs = try Inputs(directory, m: 2, n: 3)
            _ = try await inputs.job(k: 5).run()
            let ids = try NPY.readInt64(at: inputs.idsPath)
            #expect(ids.row(0)[3...] == [-1, -1])
            #expect(ids.row(1)[3...] == [-1, -1])
            #expect(Set(ids.row(0)[..<3]) == [0, 1, 2])
            let scores = try rawFloat32Values(at: inputs.scoresPath)
            #expect(scores.count == 10)
            #expect(scores[3] == -.infinity && scores[4] == -.infinity && scores[8] == -.infinity)
        }
    }

    @Test func exclusionFilesAreApplied() async throws {
        try await withTemporaryDirectory { directory in
            let inputs = try Inputs(directory)
            let items = try inputs.writeInt64([4, 0, 17, 4], shape: "(4,)", to: "closed.npy")
            let pairs = try inputs.writeInt64([0, 1, 0, 2, 8, 22, 3, 5], shape: "(4, 2)", to: "applied.npy")
            let report = try await inputs.job(k: 6, excludedItems: items, excludedPairs: pairs).run()
            let exclusions = Exclusions(
                items: [4, 0, 17],
                pairs: [.init(query: 0, item: 1), .init(query: 0, item: 2), .init(query: 8, item: 22), .init(query: 3, item: 5)])
            let oracle = try ExactSearch.search(queries: inputs.queries, items: inputs.items, k: 6, exclusions: exclusions)
            #expect(try NPY.readInt64(at: inputs.idsPath).elements == oracle.ids.elements.map(Int64.init))
            #expect(try NPY.readMatrix(at: inputs.scoresPath) == oracle.scores)
            #expect(report.excludedItemCount == 3)
            #expect(report.excludedPairCount == 4)
        }
    }

    @Test func excludedItemsMayBeAColumn() async throws {
        try await withTemporaryDirectory { directory in
            let inputs = try Inputs(directory)
            let items = try inputs.writeInt64([2, 3], shape: "(2, 1)", to: "closed.npy")
            _ = try await inputs.job(k: 23, scores: false, excludedItems: items).run()
            let ids = try NPY.readInt64(at: inputs.idsPath)
            for query in 0..<9 {
                #expect(!ids.row(query).contains(2) && !ids.row(query).contains(3))
                #expect(ids.row(query).suffix(2) == [-1, -1])
            }
        }
    }

    @Test func emptyExclusionFilesAreFine() async throws {
        try await withTemporaryDirectory { directory in
            let inputs = try Inputs(directory)
            let items = try inputs.writeInt64([], shape: "(0,)", to: "closed.npy")
            let pairs = try inputs.writeInt64([], shape: "(0, 2)", to: "applied.npy")
            _ = try await inputs.job(k: 4, excludedItems: items, excludedPairs: pairs).run()
            let oracle = try ExactSearch.search(queries: inputs.queries, items: inputs.items, k: 4)
            #expect(try NPY.readInt64(at: inputs.idsPath).elements == oracle.ids.elements.map(Int64.init))
        }
    }

    @Test func progressReachesTheQueryCount() async throws {
        try await withTemporaryDirectory { directory in
            let inputs = try Inputs(directory)
            let reports = Reports()
            _ = try await inputs.job().run { done, total in reports.values.withLock { $0.append([done, total]) } }
            let values = reports.values.withLock { $0 }
            #expect(values.count == 3)  // 9 queries in blocks of 4
            #expect(values.allSatisfy { $0[1] == 9 })
            #expect(values.map { $0[0] }.max() == 9)
        }
    }
}

@Suite("TopKFiles errors name the file at fault and leave no output")
struct TopKFilesErrorTests {
    @Test func dimensionMismatchNamesBothFiles() async throws {
        try await withTemporaryDirectory { directory in
            let inputs = try Inputs(directory, d: 6, itemDimension: 5)
            await #expect(throws: TopKFilesError.dimensionMismatch(
                queries: inputs.queriesPath, queryDimension: 6, items: inputs.itemsPath, itemDimension: 5)) {
                try await inputs.job().run()
            }
            let description = TopKFilesError.dimensionMismatch(
                queries: inputs.queriesPath, queryDimension: 6, items: inputs.itemsPath, itemDimension: 5).description
            #expect(description.contains(inputs.queriesPath) && description.contains(inputs.itemsPath))
            try inputs.expectNoOutputs()
        }
    }

    /// Exclusion files with one bad row each: (file contents, shape, which option, row, field, value, limit).
    static let outOfRange: [(values: [Int64], shape: String, pairs: Bool, row: Int, field: String, value: Int64, limit: Int)] = [
        ([0, 23, 2], "(3,)", false, 1, "item", 23, 23),
        ([5, 7, -1], "(3,)", false, 2, "item", -1, 23),
        ([0, 1, 9, 0], "(2, 2)", true, 1, "query", 9, 9),
        ([0, 1, 1, 2, 2, -1], "(3, 2)", true, 2, "item", -1, 23),
        ([-3, 0], "(1, 2)", true, 0, "query", -3, 9),
        ([8, 1000], "(1, 2)", true, 0, "item", 1000, 23),
    ]

    @Test(arguments: outOfRange.indices)
    func outOfRangeExclusionNamesFileRowAndField(index: Int) async throws {
        let bad = Self.outOfRange[index]
        try await withTemporaryDirectory { directory in
            let inputs = try Inputs(directory)
            let path = try inputs.writeInt64(bad.values, shape: bad.shape, to: "exclude.npy")
            let expected = TopKFilesError.indexOutOfRange(
                file: path, row: bad.row, field: bad.field, value: bad.value, limit: bad.limit)
            await #expect(throws: expected) {
                try await inputs.job(excludedItems: bad.pairs ? nil : path, excludedPairs: bad.pairs ? path : nil).run()
            }
            #expect(expected.description.contains(path))
            #expect(expected.description.contains("row \(bad.row)"))
            #expect(expected.description.contains(bad.field))
            try inputs.expectNoOutputs()
        }
    }

    @Test func exclusionFilesOfTheWrongShape() async throws {
        try await withTemporaryDirectory { directory in
            let inputs = try Inputs(directory)
            let items = try inputs.writeInt64([1, 2, 3, 4], shape: "(2, 2)", to: "closed.npy")
            await #expect(throws: TopKFilesError.wrongShape(file: items, shape: [2, 2], expected: "(e,) or (e, 1)")) {
                try await inputs.job(excludedItems: items).run()
            }
            let pairs = try inputs.writeInt64([1, 2, 3], shape: "(3,)", to: "applied.npy")
            await #expect(throws: TopKFilesError.wrongShape(file: pairs, shape: [3, 1], expected: "(p, 2)")) {
                try await inputs.job(excludedPairs: pairs).run()
            }
            try inputs.expectNoOutputs()
        }
    }

    @Test func badItemsFileLeavesNoOutput() async throws {
        try await withTemporaryDirectory { directory in
            let inputs = try Inputs(directory)
            // Replace the items with float64 vectors.
            try directory.write(npyBytes(header: npyDictionary(descr: "<f8", shape: "(1, 6)"), data: [UInt8](repeating: 0, count: 48)),
                                to: "items.npy")
            let error = await #expect(throws: NPYError.self) { try await inputs.job().run() }
            #expect(error?.file == inputs.itemsPath)
            #expect(error?.problem == .unsupportedDType(found: "<f8", expected: "<f4"))
            try inputs.expectNoOutputs()
        }
    }

    @Test func missingQueriesFileLeavesNoOutput() async throws {
        try await withTemporaryDirectory { directory in
            let inputs = try Inputs(directory)
            try FileManager.default.removeItem(atPath: inputs.queriesPath)
            let error = await #expect(throws: NPYError.self) { try await inputs.job().run() }
            #expect(error?.file == inputs.queriesPath)
            try inputs.expectNoOutputs()
        }
    }

    @Test func badExclusionFileLeavesNoOutput() async throws {
        try await withTemporaryDirectory { directory in
            let inputs = try Inputs(directory)
            let floats = try directory.write(npyBytes(header: npyDictionary(shape: "(2,)"), data: float32Bytes([1, 2])),
                                             to: "closed.npy")
            let error = await #expect(throws: NPYError.self) { try await inputs.job(excludedItems: floats).run() }
            #expect(error?.file == floats)
            #expect(error?.problem == .unsupportedDType(found: "<f4", expected: "<i8"))
            try inputs.expectNoOutputs()
        }
    }

    @Test func negativeKLeavesNoOutput() async throws {
        try await withTemporaryDirectory { directory in
            let inputs = try Inputs(directory)
            await #expect(throws: SearchError.negativeK(-2)) { try await inputs.job(k: -2).run() }
            try inputs.expectNoOutputs()
        }
    }

    /// The two outputs are committed together: when the scores cannot replace their path (here a
    /// non-empty folder), no ids file appears either.
    @Test func scoresThatCannotBeRenamedLeaveNoIds() async throws {
        try await withTemporaryDirectory { directory in
            let inputs = try Inputs(directory)
            try FileManager.default.createDirectory(atPath: inputs.scoresPath, withIntermediateDirectories: false)
            try directory.write([0], to: "scores.npy/keep")
            let error = await #expect(throws: NPYError.self) { try await inputs.job().run() }
            #expect(error?.file == inputs.scoresPath)
            #expect(isCannotWrite(error), "\(String(describing: error))")
            let names = try directory.contents()
            #expect(!names.contains { $0.hasPrefix(".") }, "temporary files left: \(names)")
            #expect(!fileExists(inputs.idsPath))
        }
    }

    /// A failed run leaves an earlier run's outputs exactly as they were.
    @Test func failedRunKeepsEarlierOutputs() async throws {
        try await withTemporaryDirectory { directory in
            let inputs = try Inputs(directory)
            _ = try await inputs.job().run()
            let earlierIds = try Data(contentsOf: URL(fileURLWithPath: inputs.idsPath))
            try FileManager.default.removeItem(atPath: inputs.scoresPath)
            try FileManager.default.createDirectory(atPath: inputs.scoresPath, withIntermediateDirectories: false)
            try directory.write([0], to: "scores.npy/keep")
            await #expect(throws: NPYError.self) { try await inputs.job(k: 1).run() }
            #expect(try Data(contentsOf: URL(fileURLWithPath: inputs.idsPath)) == earlierIds)
            let names = try directory.contents()
            #expect(!names.contains { $0.hasPrefix(".") }, "temporary files left: \(names)")
        }
    }

    @Test func oneFileNamedTwiceIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let inputs = try Inputs(directory)
            var job = inputs.job()
            job.scoresOutput = directory.url.path + "/./" + URL(fileURLWithPath: inputs.idsPath).lastPathComponent
            await #expect(throws: TopKFilesError.sameOutput(ids: job.idsOutput, scores: job.scoresOutput!)) {
                try await job.run()
            }
            try inputs.expectNoOutputs()
        }
    }

    @Test func unwritableScoresLeaveNoIds() async throws {
        try await withTemporaryDirectory { directory in
            let inputs = try Inputs(directory)
            var job = inputs.job()
            let scores = directory.path("missing-folder/scores.npy")
            job.scoresOutput = scores
            let error = await #expect(throws: NPYError.self) { try await job.run() }
            #expect(error?.file == scores)
            #expect(isCannotWrite(error), "\(String(describing: error))")
            try inputs.expectNoOutputs()
        }
    }
}
