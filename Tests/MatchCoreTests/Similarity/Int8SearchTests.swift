import Testing
@testable import MatchCore

/// The 8-bit first pass of ``BlockedSearch`` (``Int8Items``): the kernel against the exact inner
/// products, the portable kernel against the vector one, and the refined search against
/// ``ExactSearch``.
@Suite("8-bit first pass")
struct Int8SearchTests {
    /// Rounding moves each value by at most half a step (scale / 2), so an approximate score is
    /// off by at most sq/2·Σ|x| + sx/2·Σ|q| + sq·sx/4·d: a bound that holds for every pair.
    @Test("approximate scores stay within the rounding bound, on odd shapes")
    func approximateScoresAreWithinTheRoundingBound() throws {
        for (m, n, d) in [(1, 1, 1), (5, 17, 3), (9, 40, 17), (13, 100, 281)] {
            let queries = Matrix.gaussian(rows: m, columns: d, seed: UInt64(d))
            let items = Matrix.gaussian(rows: n, columns: d, seed: UInt64(d + 1))
            let approximate = Int8Items.scores(queries: queries, items: Int8Items(items))
            let exact = try ExactSearch.search(queries: queries, items: items, k: n)
            func scale(_ row: [Float]) -> Float { row.map(abs).max()! / 127 }
            for query in 0..<m {
                let q = queries.row(query)
                for (item, score) in exact.neighbors(ofQuery: query) {
                    let x = items.row(item)
                    let bound = scale(q) / 2 * x.map(abs).reduce(0, +) + scale(x) / 2 * q.map(abs).reduce(0, +)
                        + scale(q) * scale(x) / 4 * Float(d)
                    #expect(abs(approximate[query * n + item] - score) <= bound * 1.001 + 1e-5,
                            "m \(m), n \(n), d \(d), pair (\(query), \(item))")
                }
            }
        }
    }

    @Test("the portable kernel gives the same values as the one chosen for this processor")
    func portableKernelAgrees() {
        let queries = Matrix.gaussian(rows: 11, columns: 45, seed: 3)
        let items = Int8Items(Matrix.gaussian(rows: 70, columns: 45, seed: 4))
        #expect(Int8Items.scores(queries: queries, items: items) == Int8Items.scores(queries: queries, items: items, portable: true))
    }

    @Test("zero, huge and non-finite rows quantize to zero scores, never to NaN")
    func degenerateRows() {
        let items = Int8Items(Matrix(rows: 3, columns: 2, elements: [0, 0, .nan, 1, 3, -4]))
        #expect(items.scales[0] == 0 && items.scales[1] == 0)
        let scores = Int8Items.scores(queries: Matrix(rows: 1, columns: 2, elements: [1, 1]), items: items)
        #expect(scores[0] == 0 && scores[1] == 0)
        #expect(abs(scores[2] - -1) < 0.05)
    }

    /// With every item kept for refinement, the refined search is the exact search: integer
    /// problems (exact sums, many ties) under random exclusions, every block shape and worker count.
    @Test(arguments: 0..<40)
    func keepingEveryItemEqualsExactSearch(seed: Int) async throws {
        let problem = SearchProblem(seed: UInt64(seed), regime: .integers)
        let exclusions = randomExclusions(queryCount: problem.queries.rows, itemCount: problem.items.rows, seed: UInt64(seed))
        let firstPass = Int8Items(problem.items)
        for k in problem.ks {
            let expected = try ExactSearch.search(queries: problem.queries, items: problem.items, k: k, exclusions: exclusions)
            for shape in BlockShape.all {
                let found = try await BlockedSearch(configuration: shape.configuration(workers: 1 + seed % 3))
                    .search(queries: problem.queries, items: problem.items, k: k, exclusions: exclusions,
                            firstPass: firstPass, refine: problem.items.rows)
                #expect(found == expected, "\(problem), k \(k), \(shape.testDescription)")
            }
        }
    }

    @Test("refine 2 finds the exact top 50 of 3,000 items for almost every query, with exact scores")
    func refinedSearchAgreesWithExact() async throws {
        let queries = Matrix.gaussian(rows: 200, columns: 281, seed: 8)
        let items = Matrix.gaussian(rows: 3_000, columns: 281, seed: 9)
        let exact = try ExactSearch.search(queries: queries, items: items, k: 50)
        let found = try await BlockedSearch().search(queries: queries, items: items, k: 50, firstPass: Int8Items(items), refine: 2)
        var agreeing = 0
        for query in 0..<200 {
            let truth = Dictionary(uniqueKeysWithValues: exact.neighbors(ofQuery: query).map { ($0.item, $0.score) })
            let mine = found.neighbors(ofQuery: query)
            #expect(mine.count == 50)
            agreeing += mine.filter { truth[$0.item] != nil }.count
            for (item, score) in mine where truth[item] != nil {
                #expect(abs(score - truth[item]!) <= 1e-3 * max(1, abs(score)))
            }
            #expect(zip(mine, mine.dropFirst()).allSatisfy { $0.score >= $1.score }, "best first")
        }
        #expect(agreeing >= 9_950, "\(agreeing) of 10,000 exact top-50 items found")
    }
}
