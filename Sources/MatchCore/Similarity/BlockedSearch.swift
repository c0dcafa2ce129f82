import Foundation

import Synchronization

/// Block sizes and parallelism of ``BlockedSearch``.
///
/// Extra memory is `workers × queryBlock × itemBlock` Float32 scores plus a few words per query
/// of a block, whatever the number of queries and items.
public struct SearchConfiguration: Sendable, Equatable {
    /// Queries multiplied together in one BLAS call.
    public var queryBlock: Int
    /// Items multiplied together in one BLAS call.
    public var itemBlock: Int
    /// Query blocks worked on at once (one BLAS call each, single-threaded).
    public var workers: Int

    public init(queryBlock: Int = 512, itemBlock: Int = 512, workers: Int = SearchConfiguration.defaultWorkers) {
        precondition(queryBlock >= 1 && itemBlock >= 1 && workers >= 1, "block sizes and workers must be at least 1")
        self.queryBlock = queryBlock
        self.itemBlock = itemBlock
        self.workers = workers
    }

    /// Defaults measured on the benchmark shapes (see Benchmarks/README.md).
    public static let `default` = SearchConfiguration()

    /// One worker per active processor.
    public static var defaultWorkers: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Bytes of scratch the search allocates at most.
    public var scratchBytes: Int { workers * queryBlock * itemBlock * MemoryLayout<Float>.stride }
}

/// Exact top-k by inner product, at the speed of the machine's matrix multiply.
///
/// The queries are cut into blocks of ``SearchConfiguration/queryBlock`` rows, which the
/// workers take in turn. For each query block and each block of
/// ``SearchConfiguration/itemBlock`` items, one `sgemm` writes the block's scores into the
/// worker's scratch buffer, and each query row is then offered to that query's bounded heap
/// (kept in its own output row) while the scores are still in cache; that pass also clears the
/// scores, so the next `sgemm` accumulates into zeros and BLAS makes no pass of its own to clear
/// them. Results equal
/// ``ExactSearch`` (same ids, ties to the lower item index) up to Float32 rounding of scores.
///
/// Both directions are the same call: seekers as queries against vacancies as items ranks
/// vacancies for seekers; swap the two to rank seekers for vacancies.
public struct BlockedSearch: Sendable {
    public var configuration: SearchConfiguration

    public init(configuration: SearchConfiguration = .default) {
        self.configuration = configuration
    }

    /// The `k` items with the largest inner product with each query.
    ///
    /// - Parameters:
    ///   - queries: query vectors, row-major (m × d).
    ///   - items: item vectors, row-major (n × d).
    ///   - k: results per query; when fewer than `k` items are eligible, rows are padded
    ///     with id −1 and score −∞.
    ///   - exclusions: items no query, or one query, may get; applied before selection.
    ///   - progress: called after each query block with the number of queries done so far.
    /// - Returns: ids and scores, m × k, best first.
    /// - Throws: ``SearchError`` for inconsistent inputs, `CancellationError` when the task is
    ///   cancelled (checked once per query block), `BLASUnavailableError` without BLAS.
    /// - Complexity: 2·m·n·d floating-point operations in BLAS, plus O(m·n) comparisons.
    public func search(
        queries: Matrix, items: Matrix, k: Int, exclusions: Exclusions = .none,
        progress: (@Sendable (_ queriesDone: Int) -> Void)? = nil
    ) async throws -> TopKResult {
        try SearchError.check(queries: queries, items: items, k: k, exclusions: exclusions)

        var ids = DenseMatrix<Int32>(rows: queries.rows, columns: k)
        var scores = Matrix(rows: queries.rows, columns: k)
        guard queries.rows > 0, k > 0 else { return TopKResult(ids: ids, scores: scores) }

        let global = exclusions.itemBitmap(itemCount: items.rows)
        let job = Job(
            queries: queries, items: items, k: k, exclusions: exclusions,
            excludedItems: global, maskBitmaps: exclusions.mergedMasks(globalBitmap: global),
            configuration: configuration, blas: try BLAS.library(),
            ids: .init(ids.unsafeMutableBaseAddress()), scores: .init(scores.unsafeMutableBaseAddress()),
            progress: progress)
        try Task.checkCancellation()
        let workers = min(configuration.workers, job.blockCount)
        // The workers run on threads of their own, not on Swift concurrency's cooperative pool:
        // a search is seconds to minutes of blocking BLAS work, which would starve every other
        // task of a service that embeds MatchCore, and would run serially wherever the caller
        // has a serial task executor preference.
        await withTaskCancellationHandler {
            await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in
                DispatchQueue.global(qos: .userInitiated).async {
                    DispatchQueue.concurrentPerform(iterations: workers) { _ in job.work() }
                    finished.resume()
                }
            }
        } onCancel: {
            job.cancel()
        }
        if job.isCancelled { throw CancellationError() }
        return TopKResult(ids: ids, scores: scores)
    }
}

/// A pointer that tasks may share because each writes rows no other task touches.
struct SharedPointer<Pointee>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Pointee>
    init(_ base: UnsafeMutablePointer<Pointee>) { self.base = base }
}

/// One search's shared state: inputs, outputs and the next query block to take.
private final class Job: Sendable {
    let queries: Matrix
    let items: Matrix
    let k: Int
    let exclusions: Exclusions
    let excludedItems: [UInt64]
    /// Per mask, its bitmap or'ed with `excludedItems` (empty without masks).
    let maskBitmaps: [UInt64]
    let configuration: SearchConfiguration
    let blas: BLAS.Library
    let ids: SharedPointer<Int32>
    let scores: SharedPointer<Float>
    let progress: (@Sendable (Int) -> Void)?
    let blockCount: Int
    private let nextBlock = Atomic<Int>(0)
    private let queriesDone = Atomic<Int>(0)
    private let cancelled = Atomic<Bool>(false)

    /// Asks the workers to stop after the query block each is on.
    func cancel() { cancelled.store(true, ordering: .relaxed) }
    var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    init(
        queries: Matrix, items: Matrix, k: Int, exclusions: Exclusions, excludedItems: [UInt64], maskBitmaps: [UInt64],
        configuration: SearchConfiguration, blas: BLAS.Library, ids: SharedPointer<Int32>,
        scores: SharedPointer<Float>, progress: (@Sendable (Int) -> Void)?
    ) {
        self.queries = queries
        self.items = items
        self.k = k
        self.exclusions = exclusions
        self.excludedItems = excludedItems
        self.maskBitmaps = maskBitmaps
        self.configuration = configuration
        self.blas = blas
        self.ids = ids
        self.scores = scores
        self.progress = progress
        blockCount = (queries.rows + configuration.queryBlock - 1) / configuration.queryBlock
    }

    /// Takes query blocks until none is left or the search is cancelled.
    func work() {
        let queryBlock = configuration.queryBlock
        let itemBlock = min(configuration.itemBlock, max(items.rows, 1))
        // Zero now, and left zero by every selection pass: each sgemm accumulates into zeros.
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: queryBlock * itemBlock)
        scratch.initialize(repeating: 0, count: queryBlock * itemBlock)
        defer { scratch.deallocate() }
        var pairCursors = [Int](repeating: 0, count: queryBlock)

        queries.withUnsafeBufferPointer { queryVectors in
            items.withUnsafeBufferPointer { itemVectors in
                excludedItems.withUnsafeBufferPointer { bitmap in
                  maskBitmaps.withUnsafeBufferPointer { masks in
                    while !isCancelled {
                        let block = nextBlock.add(1, ordering: .relaxed).oldValue
                        guard block < blockCount else { return }
                        let first = block * queryBlock
                        let count = min(queryBlock, queries.rows - first)
                        searchBlock(
                            firstQuery: first, queryCount: count, itemBlock: itemBlock,
                            queryVectors: queryVectors.baseAddress!, itemVectors: itemVectors.baseAddress,
                            excluded: bitmap.isEmpty ? nil : bitmap.baseAddress, masks: masks.isEmpty ? nil : masks.baseAddress,
                            scratch: scratch, pairCursors: &pairCursors)
                        let done = queriesDone.add(count, ordering: .relaxed).newValue
                        progress?(done)
                    }
                  }
                }
            }
        }
    }

    private func searchBlock(
        firstQuery: Int, queryCount: Int, itemBlock: Int,
        queryVectors: UnsafePointer<Float>, itemVectors: UnsafePointer<Float>?,
        excluded: UnsafePointer<UInt64>?, masks: UnsafePointer<UInt64>?, scratch: UnsafeMutablePointer<Float>,
        pairCursors: inout [Int]
    ) {
        let d = queries.columns
        let n = items.rows
        var heaps = (0..<queryCount).map { row in
            RowHeap(scores: scores.base + (firstQuery + row) * k, ids: ids.base + (firstQuery + row) * k, capacity: k)
        }
        let rowBitmaps = (0..<queryCount).map { bitmap(of: firstQuery + $0, excluded: excluded, masks: masks) }
        let pairs = exclusions.pairs
        if !pairs.isEmpty {
            var cursor = exclusions.firstPair(atOrAfterQuery: firstQuery)
            for row in 0..<queryCount {
                while cursor < pairs.count && pairs[cursor].query < firstQuery + row { cursor += 1 }
                pairCursors[row] = cursor
            }
        }

        var firstItem = 0
        while firstItem < n {
            let width = min(itemBlock, n - firstItem)
            if d > 0, let itemVectors {  // with d = 0 every score is the zero already there
                blas.gemmTransposingB(
                    a: queryVectors + firstQuery * d, rowsA: queryCount, b: itemVectors + firstItem * d,
                    rowsB: width, depth: d, c: scratch, rowStrideC: width, accumulate: true)
            }
            if !pairs.isEmpty {
                let end = firstItem + width
                for row in 0..<queryCount {
                    var cursor = pairCursors[row]
                    while cursor < pairs.count && pairs[cursor].query == firstQuery + row && pairs[cursor].item < end {
                        scratch[row * width + pairs[cursor].item - firstItem] = -.infinity
                        cursor += 1
                    }
                    pairCursors[row] = cursor
                }
            }
            for row in 0..<queryCount {
                heaps[row].offerAndClear(row: scratch + row * width, count: width, firstItem: firstItem,
                                         excluded: rowBitmaps[row])
            }
            firstItem += width
        }
        for row in 0..<queryCount { heaps[row].finish() }
    }

    /// The bitmap of items excluded for `query`: its mask (global exclusions merged in) or the
    /// global bitmap.
    @inline(__always)
    private func bitmap(of query: Int, excluded: UnsafePointer<UInt64>?, masks: UnsafePointer<UInt64>?) -> UnsafePointer<UInt64>? {
        guard let masks, let itemMasks = exclusions.masks else { return excluded }
        let mask = Int(itemMasks.maskOfQuery[query])
        return mask < 0 ? excluded : masks + mask * itemMasks.words
    }
}
