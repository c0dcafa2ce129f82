import Foundation
import Synchronization
import Testing
@testable import MatchCore

/// Configurations the example-based tests run with, including the defaults.
private let configurations: [SearchConfiguration] = [
    .default,
    SearchConfiguration(queryBlock: 1, itemBlock: 1, workers: 1),
    SearchConfiguration(queryBlock: 2, itemBlock: 3, workers: 3),
    SearchConfiguration(queryBlock: 5, itemBlock: 1000, workers: 2),
]

/// Ten items on a line with scores 10, 9, ..., 1 for the query (1), twice.
private func descendingProblem() -> (queries: Matrix, items: Matrix) {
    (Matrix(rows: 2, columns: 1, elements: [1, 1]),
     Matrix(rows: 10, columns: 1, elements: (1...10).reversed().map(Float.init)))
}

/// Records progress reports from any thread.
private final class ProgressRecorder: Sendable {
    private let values = Mutex<[Int]>([])
    func record(_ value: Int) { values.withLock { $0.append(value) } }
    var recorded: [Int] { values.withLock { $0 } }
}

/// A task to cancel from code that may run before the task is known.
private final class TaskHandle: Sendable {
    private let task = Mutex<Task<TopKResult, any Error>?>(nil)
    func set(_ value: Task<TopKResult, any Error>) { task.withLock { $0 = value } }
    func cancelOnceSet() {
        while true {
            if let value = task.withLock({ $0 }) { value.cancel(); return }
            usleep(100)
        }
    }
}

@Suite("BlockedSearch exclusions")
struct BlockedSearchExclusionTests {
    @Test(arguments: configurations)
    func queryStillGetsKResultsWhenKAreEligible(configuration: SearchConfiguration) async throws {
        let (queries, items) = descendingProblem()
        // The excluded items are the best ones: filtering after selection would lose results.
        let exclusions = Exclusions(items: [0, 1, 2], pairs: [.init(query: 0, item: 3)])
        let result = try await BlockedSearch(configuration: configuration)
            .search(queries: queries, items: items, k: 5, exclusions: exclusions)
        #expect(result.ids.row(0) == [4, 5, 6, 7, 8])
        #expect(result.scores.row(0) == [6, 5, 4, 3, 2])
        #expect(result.ids.row(1) == [3, 4, 5, 6, 7])
        #expect(result.scores.row(1) == [7, 6, 5, 4, 3])
        #expect(result == (try ExactSearch.search(queries: queries, items: items, k: 5, exclusions: exclusions)))
    }

    @Test(arguments: configurations)
    func rowsArePaddedWhenFewerAreEligible(configuration: SearchConfiguration) async throws {
        let queries = Matrix(rows: 2, columns: 1, elements: [1, 1])
        let items = Matrix(rows: 6, columns: 1, elements: [6, 5, 4, 3, 2, 1])
        let exclusions = Exclusions(items: [0, 1, 2], pairs: [.init(query: 0, item: 3)])
        let result = try await BlockedSearch(configuration: configuration)
            .search(queries: queries, items: items, k: 5, exclusions: exclusions)
        #expect(result.ids.row(0) == [4, 5, -1, -1, -1])
        #expect(result.scores.row(0) == [2, 1, -.infinity, -.infinity, -.infinity])
        #expect(result.ids.row(1) == [3, 4, 5, -1, -1])
        #expect(result.scores.row(1) == [3, 2, 1, -.infinity, -.infinity])
    }

    @Test(arguments: configurations)
    func everythingExcludedGivesOnlyPadding(configuration: SearchConfiguration) async throws {
        let (queries, items) = descendingProblem()
        let exclusions = Exclusions(items: 0..<10)
        let result = try await BlockedSearch(configuration: configuration)
            .search(queries: queries, items: items, k: 3, exclusions: exclusions)
        #expect(result.ids.elements == [Int32](repeating: -1, count: 6))
        #expect(result.scores.elements == [Float](repeating: -.infinity, count: 6))
        #expect(result.neighbors(ofQuery: 0).isEmpty)
    }

    @Test func pairExclusionsApplyToTheirQueryOnly() async throws {
        let queries = Matrix(rows: 3, columns: 1, elements: [1, 1, 1])
        let items = Matrix(rows: 4, columns: 1, elements: [4, 3, 2, 1])
        let exclusions = Exclusions(pairs: [.init(query: 1, item: 0), .init(query: 1, item: 2), .init(query: 2, item: 3)])
        let result = try await BlockedSearch(configuration: .init(queryBlock: 2, itemBlock: 2, workers: 2))
            .search(queries: queries, items: items, k: 4, exclusions: exclusions)
        #expect(result.ids.row(0) == [0, 1, 2, 3])
        #expect(result.ids.row(1) == [1, 3, -1, -1])
        #expect(result.ids.row(2) == [0, 1, 2, -1])
    }

    @Test(arguments: configurations)
    func masksApplyToTheQueriesThatNameThem(configuration: SearchConfiguration) async throws {
        // 150 items across three bitmap words; queries 0 and 2 share mask 0, query 1 has mask 1,
        // query 3 none. The global exclusion of item 149 holds for all of them.
        let queries = Matrix.gaussian(rows: 4, columns: 8, seed: 7)
        let items = Matrix.gaussian(rows: 150, columns: 8, seed: 8)
        let masks = ItemMasks(itemCount: 150, excluded: [Array(stride(from: 0, to: 150, by: 2)), Array(60..<140)],
                              maskOfQuery: [0, 1, 0, -1])
        let exclusions = Exclusions(items: [149], pairs: [.init(query: 1, item: 3)], masks: masks)
        let result = try await BlockedSearch(configuration: configuration)
            .search(queries: queries, items: items, k: 40, exclusions: exclusions)
        // Same ids as the oracle (its scores are Float64 sums, so they differ in the last bits).
        #expect(result.ids == (try ExactSearch.search(queries: queries, items: items, k: 40, exclusions: exclusions)).ids)
        for query in 0..<4 {
            for (item, _) in result.neighbors(ofQuery: query) {
                #expect(!exclusions.excludes(query: query, item: item))
                #expect(item != 149)
            }
        }
        #expect(result.neighbors(ofQuery: 0).allSatisfy { $0.item % 2 == 1 })
        #expect(result.neighbors(ofQuery: 1).allSatisfy { !(60..<140).contains($0.item) && $0.item != 3 })
        #expect(result.neighbors(ofQuery: 3).count == 40)
    }

    @Test func masksOfAnotherShapeAreRefused() async throws {
        let queries = Matrix(rows: 2, columns: 1, elements: [1, 1])
        let items = Matrix(rows: 3, columns: 1, elements: [1, 2, 3])
        let wrongQueries = Exclusions(masks: ItemMasks(itemCount: 3, excluded: [[0]], maskOfQuery: [0]))
        await #expect(throws: SearchError.self) { try await BlockedSearch().search(queries: queries, items: items, k: 1, exclusions: wrongQueries) }
        let wrongItems = Exclusions(masks: ItemMasks(itemCount: 4, excluded: [[0]], maskOfQuery: [0, 0]))
        #expect(throws: SearchError.self) { try ExactSearch.search(queries: queries, items: items, k: 1, exclusions: wrongItems) }
    }

    @Test func globalExclusionsBeyondTheFirst64Items() async throws {
        // Items 63, 64 and 129 sit at the edges of the 64-bit words of the exclusion bitmap.
        let queries = Matrix(rows: 1, columns: 1, elements: [1])
        let items = Matrix(rows: 130, columns: 1, elements: (0..<130).map(Float.init))
        let exclusions = Exclusions(items: [63, 64, 129, 128])
        let result = try await BlockedSearch(configuration: .init(queryBlock: 1, itemBlock: 17, workers: 1))
            .search(queries: queries, items: items, k: 5, exclusions: exclusions)
        #expect(result.ids.row(0) == [127, 126, 125, 124, 123])
        let all = try await BlockedSearch().search(queries: queries, items: items, k: 130, exclusions: exclusions)
        let expected: Set<Int32> = Set((0..<130).map { Int32($0) }).subtracting([63, 64, 128, 129]).union([-1])
        #expect(Set(all.ids.row(0)) == expected)
    }
}

@Suite("BlockedSearch without exclusions returns every item")
struct BlockedSearchCompletenessTests {
    /// With no exclusions and k == n every item must come back, ranked by score.
    @Test(arguments: [1, 15, 16, 64, 65, 200, 1000, 5000])
    func kEqualToNReturnsAPermutation(n: Int) async throws {
        let queries = Matrix(rows: 1, columns: 1, elements: [1])
        let items = Matrix(rows: n, columns: 1, elements: (0..<n).map { Float(($0 * 7919) % n) })
        let result = try await BlockedSearch(configuration: .init(queryBlock: 1, itemBlock: 64, workers: 1))
            .search(queries: queries, items: items, k: n)
        let ids = result.ids.row(0)
        let missing = Set(0..<Int32(n)).subtracting(ids)
        #expect(missing.isEmpty, "n \(n): \(missing.count) items missing, e.g. \(missing.sorted().prefix(10))")
        #expect(result.scores.row(0) == result.scores.row(0).sorted(by: >))
    }

    @Test func bestItemIsFound() async throws {
        // One item far above the rest, at every position of a 70-item list.
        for position in 0..<70 {
            var values = [Float](repeating: 1, count: 70)
            values[position] = 100
            let items = Matrix(rows: 70, columns: 1, elements: values)
            let result = try await BlockedSearch(configuration: .init(queryBlock: 1, itemBlock: 70, workers: 1))
                .search(queries: Matrix(rows: 1, columns: 1, elements: [1]), items: items, k: 1)
            #expect(result.ids[0, 0] == Int32(position))
        }
    }
}

@Suite("BlockedSearch on empty inputs")
struct BlockedSearchEmptyInputTests {
    @Test(arguments: configurations)
    func noQueries(configuration: SearchConfiguration) async throws {
        let result = try await BlockedSearch(configuration: configuration)
            .search(queries: Matrix(rows: 0, columns: 4), items: integerMatrix(rows: 5, columns: 4, seed: 1), k: 3)
        #expect(result.queryCount == 0)
        #expect(result.k == 3)
    }

    @Test(arguments: configurations)
    func noItemsGivesPaddedRows(configuration: SearchConfiguration) async throws {
        let queries = integerMatrix(rows: 3, columns: 4, seed: 1)
        let items = Matrix(rows: 0, columns: 4)
        let result = try await BlockedSearch(configuration: configuration).search(queries: queries, items: items, k: 2)
        #expect(result.ids == DenseMatrix<Int32>(rows: 3, columns: 2, repeating: -1))
        #expect(result.scores == Matrix(rows: 3, columns: 2, repeating: -.infinity))
        #expect(result == (try ExactSearch.search(queries: queries, items: items, k: 2)))
    }

    @Test(arguments: configurations)
    func zeroDimensionScoresZeroAndTiesGoToLowerIndex(configuration: SearchConfiguration) async throws {
        let queries = Matrix(rows: 4, columns: 0)
        let items = Matrix(rows: 6, columns: 0)
        let result = try await BlockedSearch(configuration: configuration).search(queries: queries, items: items, k: 3)
        for query in 0..<4 {
            #expect(result.ids.row(query) == [0, 1, 2])
            #expect(result.scores.row(query) == [0, 0, 0])
        }
        #expect(result == (try ExactSearch.search(queries: queries, items: items, k: 3)))
    }

    @Test(arguments: configurations)
    func kZeroGivesEmptyRows(configuration: SearchConfiguration) async throws {
        let result = try await BlockedSearch(configuration: configuration).search(
            queries: integerMatrix(rows: 3, columns: 2, seed: 1), items: integerMatrix(rows: 4, columns: 2, seed: 2), k: 0)
        #expect(result.queryCount == 3)
        #expect(result.k == 0)
        #expect(result.neighbors(ofQuery: 2).isEmpty)
    }

    @Test func everythingEmpty() async throws {
        let result = try await BlockedSearch().search(queries: Matrix(rows: 0, columns: 0), items: Matrix(rows: 0, columns: 0), k: 0)
        #expect(result.queryCount == 0 && result.k == 0)
    }

    @Test func allEqualScoresTieToLowerIndex() async throws {
        let queries = Matrix(rows: 3, columns: 2, repeating: 1)
        let items = Matrix(rows: 40, columns: 2, repeating: 0.5)
        let result = try await BlockedSearch(configuration: .init(queryBlock: 2, itemBlock: 7, workers: 2))
            .search(queries: queries, items: items, k: 20)
        for query in 0..<3 { #expect(result.ids.row(query) == (0..<20).map(Int32.init)) }
    }
}

@Suite("BlockedSearch and ExactSearch errors")
struct SearchErrorTests {
    let queries = integerMatrix(rows: 3, columns: 4, seed: 1)
    let items = integerMatrix(rows: 5, columns: 4, seed: 2)

    @Test func negativeKThrows() async {
        await #expect(throws: SearchError.negativeK(-1)) {
            try await BlockedSearch().search(queries: queries, items: items, k: -1)
        }
        #expect(throws: SearchError.negativeK(-1)) {
            try ExactSearch.search(queries: queries, items: items, k: -1)
        }
    }

    @Test func dimensionMismatchThrows() async {
        let wide = integerMatrix(rows: 5, columns: 6, seed: 3)
        await #expect(throws: SearchError.dimensionMismatch(queries: 4, items: 6)) {
            try await BlockedSearch().search(queries: queries, items: wide, k: 2)
        }
        #expect(throws: SearchError.dimensionMismatch(queries: 4, items: 6)) {
            try ExactSearch.search(queries: queries, items: wide, k: 2)
        }
        // Also when one side is empty.
        await #expect(throws: SearchError.dimensionMismatch(queries: 4, items: 6)) {
            try await BlockedSearch().search(queries: queries, items: Matrix(rows: 0, columns: 6), k: 2)
        }
    }

    /// Each bad exclusion, the limit it breaks, and the index named in the message.
    static let badExclusions: [(Exclusions, limit: Int, names: String)] = [
        (Exclusions(items: [5]), 5, "5"),
        (Exclusions(items: [-1]), 5, "-1"),
        (Exclusions(items: [0, 2, 7]), 5, "7"),
        (Exclusions(pairs: [.init(query: 3, item: 0)]), 3, "query 3"),
        (Exclusions(pairs: [.init(query: -2, item: 0)]), 3, "query -2"),
        (Exclusions(pairs: [.init(query: 0, item: 5)]), 5, "item 5"),
        (Exclusions(pairs: [.init(query: 1, item: -1)]), 5, "item -1"),
    ]

    @Test(arguments: badExclusions.indices)
    func outOfRangeExclusionThrows(index: Int) async throws {
        let (exclusions, limit, names) = Self.badExclusions[index]
        let blocked = await #expect(throws: SearchError.self) {
            try await BlockedSearch().search(queries: queries, items: items, k: 2, exclusions: exclusions)
        }
        let exact = #expect(throws: SearchError.self) {
            try ExactSearch.search(queries: queries, items: items, k: 2, exclusions: exclusions)
        }
        for error in [blocked, exact] {
            guard case .exclusionOutOfRange(let what, let reportedLimit) = error else {
                Issue.record("expected exclusionOutOfRange, got \(String(describing: error))")
                continue
            }
            #expect(reportedLimit == limit)
            #expect(what.contains(names), "\(what)")
            #expect(error?.description.contains("0..<\(limit)") == true)
        }
    }

    @Test func exclusionsAreCheckedEvenWithNoQueries() async {
        await #expect(throws: SearchError.self) {
            try await BlockedSearch().search(
                queries: Matrix(rows: 0, columns: 4), items: items, k: 2, exclusions: Exclusions(items: [9]))
        }
    }

    @Test func descriptionsNameTheProblem() {
        #expect(SearchError.negativeK(-3).description.contains("-3"))
        #expect(SearchError.dimensionMismatch(queries: 4, items: 6).description.contains("4"))
        #expect(SearchError.dimensionMismatch(queries: 4, items: 6).description.contains("6"))
    }
}

@Suite("BlockedSearch cancellation and progress")
struct BlockedSearchCancellationTests {
    @Test func searchInACancelledTaskThrowsCancellationError() async {
        let queries = integerMatrix(rows: 20, columns: 8, seed: 1)
        let items = integerMatrix(rows: 30, columns: 8, seed: 2)
        let task = Task {
            // Start the search only once the task has been cancelled.
            while !Task.isCancelled { await Task.yield() }
            return try await BlockedSearch(configuration: .init(queryBlock: 4, itemBlock: 8, workers: 2))
                .search(queries: queries, items: items, k: 3)
        }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test func cancellingDuringTheSearchStopsAtTheNextBlock() async {
        let queries = integerMatrix(rows: 20, columns: 8, seed: 1)
        let items = integerMatrix(rows: 30, columns: 8, seed: 2)
        let recorder = ProgressRecorder()
        let handle = TaskHandle()
        // One worker, ten blocks of two queries: the first progress report cancels the task
        // that runs the search (the workers run on threads of their own, not in that task).
        let task = Task {
            try await BlockedSearch(configuration: .init(queryBlock: 2, itemBlock: 8, workers: 1)).search(
                queries: queries, items: items, k: 3,
                progress: { done in
                    recorder.record(done)
                    handle.cancelOnceSet()
                })
        }
        handle.set(task)
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(recorder.recorded == [2])
    }

    @Test func progressReportsEveryBlockOnce() async throws {
        let recorder = ProgressRecorder()
        _ = try await BlockedSearch(configuration: .init(queryBlock: 4, itemBlock: 8, workers: 1)).search(
            queries: integerMatrix(rows: 10, columns: 3, seed: 1), items: integerMatrix(rows: 9, columns: 3, seed: 2),
            k: 2, progress: { recorder.record($0) })
        #expect(recorder.recorded == [4, 8, 10])
    }

    @Test func progressWithSeveralWorkersReachesTheQueryCount() async throws {
        let recorder = ProgressRecorder()
        _ = try await BlockedSearch(configuration: .init(queryBlock: 3, itemBlock: 8, workers: 3)).search(
            queries: integerMatrix(rows: 20, columns: 3, seed: 1), items: integerMatrix(rows: 9, columns: 3, seed: 2),
            k: 2, progress: { recorder.record($0) })
        // Blocks finish in any order: the running totals rise by one block size (3 or 2) each.
        let totals = recorder.recorded.sorted()
        #expect(totals.count == 7)
        #expect(totals.last == 20)
        #expect(zip(totals, [0] + totals).map { $0 - $1 }.sorted() == [2, 3, 3, 3, 3, 3, 3])
    }
}

@Suite("SearchConfiguration")
struct SearchConfigurationTests {
    @Test func defaultsAndScratch() {
        let configuration = SearchConfiguration(queryBlock: 8, itemBlock: 16, workers: 3)
        #expect(configuration.scratchBytes == 3 * 8 * 16 * 4)
        #expect(SearchConfiguration.default.workers == SearchConfiguration.defaultWorkers)
        #expect(SearchConfiguration.defaultWorkers >= 1)
    }

    @Test func zeroWorkersStops() async {
        await #expect(processExitsWith: .failure) {
            _ = SearchConfiguration(queryBlock: 1, itemBlock: 1, workers: 0)
        }
    }
}

@Suite("BlockedSearch on row views")
struct BlockedSearchViewTests {
    /// Views start inside their storage; the kernel must use their offset, not the storage's start.
    @Test(arguments: [1, 2, 3])
    func viewsSearchLikeCopies(workers: Int) async throws {
        let queries = integerMatrix(rows: 12, columns: 9, seed: 4)
        let items = integerMatrix(rows: 40, columns: 9, seed: 5)
        let (queryView, itemView) = (queries.rows(3..<10), items.rows(7..<33))
        let copies = (Matrix(rows: 7, columns: 9, elements: queryView.elements),
                      Matrix(rows: 26, columns: 9, elements: itemView.elements))
        let exclusions = Exclusions(items: [0, 25], pairs: [.init(query: 6, item: 3)])
        let result = try await BlockedSearch(configuration: .init(queryBlock: 3, itemBlock: 5, workers: workers))
            .search(queries: queryView, items: itemView, k: 6, exclusions: exclusions)
        let oracle = try ExactSearch.search(queries: copies.0, items: copies.1, k: 6, exclusions: exclusions)
        #expect(firstDifference(result, oracle) == nil)
    }
}
