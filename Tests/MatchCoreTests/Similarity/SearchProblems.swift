import Testing
@testable import MatchCore

/// Query and item block sizes of a ``SearchConfiguration`` under test.
struct BlockShape: Sendable, CustomTestStringConvertible {
    var queryBlock: Int
    var itemBlock: Int

    var testDescription: String { "blocks \(queryBlock)×\(itemBlock)" }

    func configuration(workers: Int) -> SearchConfiguration {
        SearchConfiguration(queryBlock: queryBlock, itemBlock: itemBlock, workers: workers)
    }

    /// Odd shapes: blocks that do not divide m or n, single rows and items, one block wider
    /// than any n used here, and an item block that is a multiple of the 16-lane compare.
    static let all: [BlockShape] = [
        BlockShape(queryBlock: 16, itemBlock: 12),
        BlockShape(queryBlock: 1, itemBlock: 1),
        BlockShape(queryBlock: 7, itemBlock: 3),
        BlockShape(queryBlock: 5, itemBlock: 1000),
        BlockShape(queryBlock: 3, itemBlock: 32),
    ]
}

/// Worker counts every property test runs with.
let workerCounts = [1, 2, 3]

/// A random search problem drawn from a seed.
///
/// Dimensions cycle through values that are and are not multiples of 16; item counts cycle
/// through n < 16, n not a multiple of 16, n a multiple of 16, and anything up to 90. The k
/// values always include 1, k == n and k > n.
struct SearchProblem: CustomStringConvertible {
    enum Regime { case integers, gaussian }

    var queries: Matrix
    var items: Matrix
    var ks: [Int]
    var seed: UInt64

    static let dimensions = [1, 2, 3, 5, 7, 8, 15, 16, 17, 24, 31, 33, 40, 47, 64, 65]

    init(seed: UInt64, regime: Regime) {
        var generator = SeededGenerator(seed: seed &* 0x9E37_79B9 &+ 17)
        let d = Self.dimensions[Int(seed % UInt64(Self.dimensions.count))]
        let m = Int.random(in: 1...37, using: &generator)
        let n: Int
        switch seed % 4 {
        case 0: n = Int.random(in: 1...15, using: &generator)
        case 1:
            var candidate = Int.random(in: 17...95, using: &generator)
            if candidate % 16 == 0 { candidate += 1 }
            n = candidate
        case 2: n = 16 * Int.random(in: 1...5, using: &generator)
        default: n = Int.random(in: 1...90, using: &generator)
        }
        switch regime {
        case .integers:
            queries = integerMatrix(rows: m, columns: d, seed: seed &* 2 &+ 1)
            items = integerMatrix(rows: n, columns: d, seed: seed &* 2 &+ 2)
        case .gaussian:
            queries = Matrix.gaussian(rows: m, columns: d, seed: seed &* 2 &+ 1)
            items = Matrix.gaussian(rows: n, columns: d, seed: seed &* 2 &+ 2)
        }
        let middle = n > 2 ? Int.random(in: 2..<n, using: &generator) : 2
        ks = Array(Set([1, middle, n, n + Int.random(in: 1...5, using: &generator)])).sorted()
        self.seed = seed
    }

    var description: String {
        "seed \(seed): m \(queries.rows), n \(items.rows), d \(queries.columns), k in \(ks)"
    }
}

/// Random exclusions for a problem: about a quarter of the items globally (sometimes none)
/// and a few pairs per query (sometimes none), drawn from `seed`.
func randomExclusions(queryCount m: Int, itemCount n: Int, seed: UInt64) -> Exclusions {
    var generator = SeededGenerator(seed: seed &+ 0xE8C1)
    var items: [Int] = []
    if seed % 3 != 0 {
        for item in 0..<n where Int.random(in: 0..<4, using: &generator) == 0 { items.append(item) }
    }
    var pairs: [Exclusions.Pair] = []
    if seed % 3 != 1 {
        for query in 0..<m {
            for _ in 0..<Int.random(in: 0...3, using: &generator) {
                pairs.append(.init(query: query, item: Int.random(in: 0..<n, using: &generator)))
            }
        }
    }
    // Sometimes exclude everything for one query, to force a fully padded row.
    if seed % 5 == 0, m > 0 {
        pairs += (0..<n).map { Exclusions.Pair(query: m - 1, item: $0) }
    }
    return Exclusions(items: items, pairs: pairs)
}
