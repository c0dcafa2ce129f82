import Testing
@testable import MatchCore

/// BlockedSearch against ExactSearch, the oracle, over many seeded random problems, block
/// shapes and worker counts.
@Suite("BlockedSearch equals ExactSearch")
struct BlockedSearchPropertyTests {
    static let seeds: [UInt64] = Array(0..<32)

    /// Integer-valued vectors: every score is an exact integer and ties are everywhere, so ids
    /// (ties to the lower item index) and scores must be identical to the oracle's.
    @Test(arguments: seeds, BlockShape.all)
    func integerVectorsGiveIdenticalResults(seed: UInt64, shape: BlockShape) async throws {
        let problem = SearchProblem(seed: seed, regime: .integers)
        for k in problem.ks {
            let oracle = try ExactSearch.search(queries: problem.queries, items: problem.items, k: k)
            for workers in workerCounts {
                let result = try await BlockedSearch(configuration: shape.configuration(workers: workers))
                    .search(queries: problem.queries, items: problem.items, k: k)
                let difference = firstDifference(result, oracle)
                #expect(difference == nil, "\(problem), k \(k), workers \(workers): \(difference ?? "")")
            }
        }
    }

    /// Gaussian vectors: scores within 1e-5 relative of the oracle's, ids equal except where
    /// a near-tie may swap.
    @Test(arguments: seeds, BlockShape.all)
    func gaussianVectorsAgreeUpToRounding(seed: UInt64, shape: BlockShape) async throws {
        let problem = SearchProblem(seed: seed, regime: .gaussian)
        for k in problem.ks {
            let oracle = try ExactSearch.search(queries: problem.queries, items: problem.items, k: k)
            for workers in workerCounts {
                let result = try await BlockedSearch(configuration: shape.configuration(workers: workers))
                    .search(queries: problem.queries, items: problem.items, k: k)
                let difference = firstSignificantDifference(
                    result, oracle, queries: problem.queries, items: problem.items)
                #expect(difference == nil, "\(problem), k \(k), workers \(workers): \(difference ?? "")")
            }
        }
    }

    /// Global and per-query exclusions, checked against the oracle and against the contract:
    /// no excluded item is returned and every row holds min(k, eligible) results, then padding.
    @Test(arguments: seeds, BlockShape.all)
    func exclusionsMatchTheOracle(seed: UInt64, shape: BlockShape) async throws {
        let problem = SearchProblem(seed: seed, regime: .integers)
        let (m, n) = (problem.queries.rows, problem.items.rows)
        let exclusions = randomExclusions(queryCount: m, itemCount: n, seed: seed)
        let closed = Set(exclusions.items)
        let excludedPairs = Set(exclusions.pairs)
        for k in problem.ks {
            let oracle = try ExactSearch.search(
                queries: problem.queries, items: problem.items, k: k, exclusions: exclusions)
            for workers in workerCounts {
                let result = try await BlockedSearch(configuration: shape.configuration(workers: workers))
                    .search(queries: problem.queries, items: problem.items, k: k, exclusions: exclusions)
                let difference = firstDifference(result, oracle)
                let excluded = "\(exclusions.items.count) items and \(exclusions.pairs.count) pairs excluded"
                #expect(difference == nil, "\(problem), k \(k), workers \(workers), \(excluded): \(difference ?? "")")
                for query in 0..<m {
                    let eligible = (0..<n).filter {
                        !closed.contains($0) && !excludedPairs.contains(.init(query: query, item: $0))
                    }.count
                    let ids = result.ids.row(query)
                    let kept = min(k, eligible)
                    #expect(ids[..<kept].allSatisfy { $0 >= 0 }, "query \(query): \(ids)")
                    #expect(ids[kept...].allSatisfy { $0 == -1 }, "query \(query): \(ids)")
                    #expect(result.scores.row(query)[kept...].allSatisfy { $0 == -.infinity })
                    #expect(!ids.contains { $0 >= 0 && closed.contains(Int($0)) }, "query \(query): \(ids)")
                    #expect(!ids.contains { excludedPairs.contains(.init(query: query, item: Int($0))) })
                }
            }
        }
    }

    /// Searching in the other direction (items as queries) equals the oracle with the roles
    /// swapped, and every score appears in both directions.
    @Test(arguments: Array(seeds.prefix(12)))
    func bothDirectionsMatchTheOracle(seed: UInt64) async throws {
        let problem = SearchProblem(seed: seed, regime: .integers)
        let (queries, items) = (problem.queries, problem.items)
        let search = BlockedSearch(configuration: .init(queryBlock: 7, itemBlock: 5, workers: 2))

        let forward = try await search.search(queries: queries, items: items, k: items.rows)
        let backward = try await search.search(queries: items, items: queries, k: queries.rows)
        #expect(firstDifference(forward, try ExactSearch.search(queries: queries, items: items, k: items.rows)) == nil)
        #expect(firstDifference(backward, try ExactSearch.search(queries: items, items: queries, k: queries.rows)) == nil)

        // With k = n and k = m both results hold the whole score matrix, once per direction.
        for query in 0..<queries.rows {
            for (item, score) in forward.neighbors(ofQuery: query) {
                let reverse = backward.neighbors(ofQuery: item)
                let match = reverse.first { $0.item == query }
                #expect(match?.score == score, "query \(query), item \(item)")
            }
        }
    }
}
