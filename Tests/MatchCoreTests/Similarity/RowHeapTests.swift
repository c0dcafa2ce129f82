import Testing
@testable import MatchCore

/// Hands `scores` to `offer` `width` items at a time, as a search hands a heap its block rows:
/// the row, its count and first item, the bitmap of `excluded` (nil when empty) and room for
/// the positions.
private func offerInBlocks(
    _ scores: inout [Float], width: Int, excluded: Set<Int>,
    _ offer: (UnsafeMutablePointer<Float>, Int, Int, UnsafePointer<UInt64>?, UnsafeMutablePointer<Int32>) -> Void
) {
    var bitmap = [UInt64](repeating: 0, count: (scores.count + 63) / 64 + 1)
    for item in excluded { bitmap[item >> 6] |= 1 << UInt64(item & 63) }
    bitmap.withUnsafeBufferPointer { bitmap in
        scores.withUnsafeMutableBufferPointer { row in
            var first = 0
            while first < row.count {
                let count = min(width, row.count - first)
                let positions = UnsafeMutablePointer<Int32>.allocate(capacity: count)
                defer { positions.deallocate() }
                offer(row.baseAddress! + first, count, first, excluded.isEmpty ? nil : bitmap.baseAddress, positions)
                first += count
            }
        }
    }
}

/// Runs a RowHeap of capacity `k` over `scores`, offered `width` items at a time, and checks
/// that it leaves the scores cleared to zero.
private func heapTopK(
    _ scores: [Float], k: Int, width: Int, excluded: Set<Int> = []
) -> (ids: [Int32], scores: [Float]) {
    var scores = scores
    var keptScores = [Float](repeating: .nan, count: max(k, 1))
    var keptIDs = [Int32](repeating: -99, count: max(k, 1))
    keptScores.withUnsafeMutableBufferPointer { keptScores in
        keptIDs.withUnsafeMutableBufferPointer { keptIDs in
            var heap = RowHeap(scores: keptScores.baseAddress!, ids: keptIDs.baseAddress!, capacity: k)
            offerInBlocks(&scores, width: width, excluded: excluded) { row, count, first, bitmap, positions in
                heap.offer(row: row, count: count, firstItem: first, excluded: bitmap, positions: positions, clear: true)
            }
            heap.finish()
        }
    }
    #expect(scores.allSatisfy { $0 == 0 }, "offer(clear: true) left scores that are not zero")
    return (Array(keptIDs.prefix(k)), Array(keptScores.prefix(k)))
}

/// The top k by sorting: score descending, ties to the lower index, −∞ and excluded never kept.
private func sortedTopK(_ scores: [Float], k: Int, excluded: Set<Int> = []) -> (ids: [Int32], scores: [Float]) {
    let ranked = scores.indices
        .filter { scores[$0] > -.infinity && !excluded.contains($0) }
        .sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        .prefix(k)
    let padding = k - ranked.count
    return (ranked.map { Int32($0) } + [Int32](repeating: -1, count: padding),
            ranked.map { scores[$0] } + [Float](repeating: -.infinity, count: padding))
}

/// Random scores from `seed` (few distinct values, so that ties decide most places; some −∞,
/// as pair exclusions arrive), excluded items for odd seeds, and the k values to try.
private func heapProblem(seed: Int) -> (scores: [Float], excluded: Set<Int>, ks: [Int]) {
    var generator = SeededGenerator(seed: UInt64(seed))
    let n = Int.random(in: 1...120, using: &generator)
    let scores: [Float] = (0..<n).map { _ in
        Int.random(in: 0..<10, using: &generator) == 0 ? -.infinity : Float(Int.random(in: -3...3, using: &generator))
    }
    let excluded = seed % 2 == 0 ? [] : Set((0..<n).filter { _ in Int.random(in: 0..<5, using: &generator) == 0 })
    return (scores, excluded, [0, 1, 3, 16, n - 1, n, n + 2].filter { $0 >= 0 })
}

@Suite("RowHeap")
struct RowHeapTests {
    static let widths = [1, 5, 15, 16, 17, 33, 1000]

    /// Both heaps (``RowHeap`` for the exact search, ``KeyHeap`` for the 8-bit pass) against sorting.
    @Test(arguments: 0..<16, widths)
    func keepsTheSameItemsAsSorting(seed: Int, width: Int) {
        let (scores, excluded, ks) = heapProblem(seed: seed)
        let n = scores.count
        for k in ks {
            let expected = sortedTopK(scores, k: k, excluded: excluded)
            for (name, heap) in [("RowHeap", heapTopK(scores, k: k, width: width, excluded: excluded)),
                                 ("KeyHeap", keyHeapTopK(scores, k: k, width: width, excluded: excluded))] {
                #expect(heap.ids == expected.ids, "\(name): n \(n), k \(k), width \(width)")
                #expect(heap.scores == expected.scores, "\(name): n \(n), k \(k), width \(width)")
            }
        }
    }

    @Test func risingScoresReplaceTheWorst() {
        let scores = (0..<50).map(Float.init)
        #expect(heapTopK(scores, k: 4, width: 16).ids == [49, 48, 47, 46])
    }

    @Test func equalScoreToTheWorstKeptLoses() {
        let scores: [Float] = [1, 2, 2, 2, 2, 2]
        #expect(heapTopK(scores, k: 3, width: 6).ids == [1, 2, 3])
        #expect(heapTopK(scores, k: 3, width: 1).ids == [1, 2, 3])
    }

    @Test func minusInfinityIsNeverKept() {
        let scores: [Float] = [-.infinity, 0, -.infinity]
        #expect(heapTopK(scores, k: 3, width: 3).ids == [1, -1, -1])
    }

    @Test func largeNegativeScoresAreKept() {
        let scores: [Float] = [-Float.greatestFiniteMagnitude, -1e30]
        #expect(heapTopK(scores, k: 3, width: 16).ids == [1, 0, -1])
    }
}

/// KeyHeap's top k, sorted best first (score descending, ties to the lower index), padded.
private func keyHeapTopK(_ scores: [Float], k: Int, width: Int, excluded: Set<Int> = []) -> (ids: [Int32], scores: [Float]) {
    var scores = scores
    let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: max(k, 1))
    defer { keys.deallocate() }
    var heap = KeyHeap(keys: keys, capacity: k)
    offerInBlocks(&scores, width: width, excluded: excluded) { row, count, first, bitmap, positions in
        heap.offer(row: row, count: count, firstItem: first, excluded: bitmap, positions: positions)
    }
    let kept = (0..<heap.count).map { keys[$0] }.sorted(by: >)
    let padding = k - kept.count
    return (kept.map { Int32(KeyHeap.item($0)) } + [Int32](repeating: -1, count: padding),
            kept.map(KeyHeap.score) + [Float](repeating: -.infinity, count: padding))
}

@Suite("KeyHeap")
struct KeyHeapTests {
    @Test func keysOrderAsScoreThenLowerItem() {
        let scores: [Float] = [-.greatestFiniteMagnitude, -1e30, -2.5, -0.0, 0, 1e-40, 1, 3.5, .greatestFiniteMagnitude]
        for (a, b) in zip(scores, scores.dropFirst()) where a < b {
            #expect(KeyHeap.key(score: a, item: 7) < KeyHeap.key(score: b, item: 7), "\(a) < \(b)")
        }
        #expect(KeyHeap.key(score: 1, item: 3) > KeyHeap.key(score: 1, item: 4))
        for score in scores {
            let key = KeyHeap.key(score: score, item: 123_456)
            #expect(KeyHeap.score(key).bitPattern == score.bitPattern && KeyHeap.item(key) == 123_456)
        }
    }
}

@Suite("Exclusions")
struct ExclusionsTests {
    @Test func initSortsAndRemovesDuplicates() {
        let exclusions = Exclusions(
            items: [5, 1, 5, 3],
            pairs: [.init(query: 2, item: 1), .init(query: 0, item: 4), .init(query: 2, item: 0), .init(query: 0, item: 4)])
        #expect(exclusions.items == [1, 3, 5])
        #expect(exclusions.pairs == [.init(query: 0, item: 4), .init(query: 2, item: 0), .init(query: 2, item: 1)])
        #expect(!exclusions.isEmpty)
        #expect(Exclusions.none.isEmpty)
        #expect(Exclusions(items: [1]) != Exclusions(pairs: [.init(query: 0, item: 1)]))
    }

    @Test func itemBitmapSetsOneBitPerItem() {
        let bitmap = Exclusions(items: [0, 63, 64, 129]).itemBitmap(itemCount: 130)
        #expect(bitmap == [1 | 1 << 63, 1, 2])
        #expect(Exclusions.none.itemBitmap(itemCount: 100).isEmpty)
    }

    @Test func firstPairFindsTheFirstPairOfAQuery() {
        let exclusions = Exclusions(pairs: [
            .init(query: 1, item: 0), .init(query: 1, item: 3), .init(query: 4, item: 2), .init(query: 6, item: 1),
        ])
        #expect(exclusions.firstPair(atOrAfterQuery: 0) == 0)
        #expect(exclusions.firstPair(atOrAfterQuery: 1) == 0)
        #expect(exclusions.firstPair(atOrAfterQuery: 2) == 2)
        #expect(exclusions.firstPair(atOrAfterQuery: 5) == 3)
        #expect(exclusions.firstPair(atOrAfterQuery: 7) == 4)
    }
}

@Suite("TopKResult")
struct TopKResultTests {
    @Test func neighborsDropPadding() {
        let result = TopKResult(
            ids: DenseMatrix<Int32>(rows: 2, columns: 3, elements: [4, 0, -1, -1, -1, -1]),
            scores: Matrix(rows: 2, columns: 3, elements: [2.5, 1, -.infinity, -.infinity, -.infinity, -.infinity]))
        #expect(result.queryCount == 2)
        #expect(result.k == 3)
        let first = result.neighbors(ofQuery: 0)
        #expect(first.map(\.item) == [4, 0])
        #expect(first.map(\.score) == [2.5, 1])
        #expect(result.neighbors(ofQuery: 1).isEmpty)
    }

    @Test func neighborsOfASearchWithKAboveN() async throws {
        let items = Matrix(rows: 3, columns: 1, elements: [1, 3, 2])
        let result = try await BlockedSearch().search(queries: Matrix(rows: 1, columns: 1, elements: [1]), items: items, k: 5)
        let neighbors = result.neighbors(ofQuery: 0)
        #expect(neighbors.map(\.item) == [1, 2, 0])
        #expect(neighbors.map(\.score) == [3, 2, 1])
    }
}
