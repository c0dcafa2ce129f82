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
/// (kept in its own output row) while the scores are still in cache (``RowHeap/offer(row:count:firstItem:excluded:positions:clear:)``:
/// one vector pass lists the few scores above the heap's threshold); that pass also clears the
/// scores, so the next `sgemm` accumulates into zeros and BLAS makes no pass of its own to clear
/// them. Results equal
/// ``ExactSearch`` (same ids, ties to the lower item index) up to Float32 rounding of scores.
///
/// With an 8-bit first pass (``Int8Items``), the block scores come from the 8-bit kernel
/// instead of `sgemm`; each query keeps `refine × k` candidates in a row of its worker, and
/// their exact Float32 inner products (16 lanes at a time) give the `k` returned. The ids
/// equal the exact search's unless rounding pushed a true top-k item below `refine × k`
/// others; the scores are exact.
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
    ///   - firstPass: the items packed in 8 bits (``Int8Items``, made once from `items`):
    ///     the block scores come from the 8-bit kernel instead of BLAS, each query keeps its
    ///     `refine × k` best by those, and they are ordered by the exact Float32 inner product.
    ///     nil: the exact search.
    ///   - refine: how many times `k` candidates the 8-bit pass keeps (at least 1).
    public func search(
        queries: Matrix, items: Matrix, k: Int, exclusions: Exclusions = .none,
        firstPass: Int8Items? = nil, refine: Int = 2,
        progress: (@Sendable (_ queriesDone: Int) -> Void)? = nil
    ) async throws -> TopKResult {
        try SearchError.check(queries: queries, items: items, k: k, exclusions: exclusions)
        // Without columns or items there is nothing to pack: the exact pass is as cheap.
        let firstPass = items.rows > 0 && items.columns > 0 ? firstPass : nil
        if let firstPass {
            precondition(firstPass.rows == items.rows && firstPass.columns == items.columns,
                         "an 8-bit first pass of \(firstPass.rows) × \(firstPass.columns) for items of \(items.rows) × \(items.columns)")
            precondition(refine >= 1, "refine must be at least 1, not \(refine)")
        }

        var ids = DenseMatrix<Int32>(rows: queries.rows, columns: k)
        var scores = Matrix(rows: queries.rows, columns: k)
        guard queries.rows > 0, k > 0 else { return TopKResult(ids: ids, scores: scores) }

        let global = exclusions.itemBitmap(itemCount: items.rows)
        let job = Job(
            queries: queries, items: items, k: k, exclusions: exclusions,
            excludedItems: global, maskBitmaps: exclusions.mergedMasks(globalBitmap: global),
            configuration: configuration, blas: try BLAS.library(), firstPass: firstPass,
            keep: firstPass == nil ? k : min(items.rows, max(k, refine * k)),
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

/// One worker's 8-bit pass: its quantized query block, the packed items, and the rows of
/// candidates the pass keeps before refinement.
private struct FirstPass {
    let block: Int8QueryBlock
    let packed: UnsafePointer<UInt8>
    let scales: UnsafePointer<Float>
    /// `keep` packed keys per query of the block (``KeyHeap``).
    let candidates: UnsafeMutablePointer<UInt64>
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
    /// The 8-bit first pass, and the candidates it keeps per query (`k` without it).
    let firstPass: Int8Items?
    let keep: Int
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
        configuration: SearchConfiguration, blas: BLAS.Library, firstPass: Int8Items?, keep: Int, ids: SharedPointer<Int32>,
        scores: SharedPointer<Float>, progress: (@Sendable (Int) -> Void)?
    ) {
        self.firstPass = firstPass
        self.keep = keep
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
        var itemBlock = min(configuration.itemBlock, max(items.rows, 1))
        if firstPass != nil { itemBlock = (itemBlock + 15) / 16 * 16 }  // whole groups of 16 items
        // Zero now, and left zero by every selection pass: each sgemm accumulates into zeros.
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: queryBlock * itemBlock)
        scratch.initialize(repeating: 0, count: queryBlock * itemBlock)
        defer { scratch.deallocate() }
        var pairCursors = [Int](repeating: 0, count: queryBlock)
        let positions = UnsafeMutablePointer<Int32>.allocate(capacity: itemBlock)
        defer { positions.deallocate() }
        // The 8-bit pass: the block's quantized queries and its `keep` candidates per query.
        let quantized = firstPass.map { Int8QueryBlock(capacity: queryBlock, steps: $0.steps) }
        let candidates = UnsafeMutablePointer<UInt64>.allocate(capacity: firstPass == nil ? 1 : queryBlock * keep)
        defer {
            quantized?.deallocate()
            candidates.deallocate()
        }
        let packed = firstPass?.packed ?? []
        let itemScales = firstPass?.scales ?? []

        queries.withUnsafeBufferPointer { queryVectors in
            items.withUnsafeBufferPointer { itemVectors in
                excludedItems.withUnsafeBufferPointer { bitmap in
                  maskBitmaps.withUnsafeBufferPointer { masks in
                   packed.withUnsafeBufferPointer { packed in
                    itemScales.withUnsafeBufferPointer { itemScales in
                    let pass = quantized.map {
                        FirstPass(block: $0, packed: packed.baseAddress!, scales: itemScales.baseAddress!,
                                  candidates: candidates)
                    }
                    while !isCancelled {
                        let block = nextBlock.add(1, ordering: .relaxed).oldValue
                        guard block < blockCount else { return }
                        let first = block * queryBlock
                        let count = min(queryBlock, queries.rows - first)
                        searchBlock(
                            firstQuery: first, queryCount: count, itemBlock: itemBlock,
                            queryVectors: queryVectors.baseAddress!, itemVectors: itemVectors.baseAddress,
                            excluded: bitmap.isEmpty ? nil : bitmap.baseAddress, masks: masks.isEmpty ? nil : masks.baseAddress,
                            scratch: scratch, positions: positions, pairCursors: &pairCursors, firstPass: pass)
                        let done = queriesDone.add(count, ordering: .relaxed).newValue
                        progress?(done)
                    }
                    }
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
        positions: UnsafeMutablePointer<Int32>, pairCursors: inout [Int], firstPass: FirstPass?
    ) {
        let d = queries.columns
        let n = items.rows
        // Exact: each query's heap is its output row. 8-bit: a row of `keep` candidate keys, refined below.
        var heaps = firstPass == nil ? (0..<queryCount).map { row in
            RowHeap(scores: scores.base + (firstQuery + row) * k, ids: ids.base + (firstQuery + row) * k, capacity: k)
        } : []
        var keyHeaps = firstPass.map { pass in (0..<queryCount).map { KeyHeap(keys: pass.candidates + $0 * keep, capacity: keep) } } ?? []
        firstPass?.block.quantize(queryVectors + firstQuery * d, count: queryCount, columns: d)
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
            // The 8-bit kernel writes whole groups of 16: rows of the block padded to 16.
            let stride = firstPass == nil ? width : (width + 15) / 16 * 16
            if let firstPass {
                firstPass.block.scores(count: queryCount, packed: firstPass.packed, scales: firstPass.scales,
                                       firstItem: firstItem, width: width, into: scratch, stride: stride)
            } else if d > 0, let itemVectors {  // with d = 0 every score is the zero already there
                blas.gemmTransposingB(
                    a: queryVectors + firstQuery * d, rowsA: queryCount, b: itemVectors + firstItem * d,
                    rowsB: width, depth: d, c: scratch, rowStrideC: width, accumulate: true)
            }
            if !pairs.isEmpty {
                let end = firstItem + width
                for row in 0..<queryCount {
                    var cursor = pairCursors[row]
                    while cursor < pairs.count && pairs[cursor].query == firstQuery + row && pairs[cursor].item < end {
                        scratch[row * stride + pairs[cursor].item - firstItem] = -.infinity
                        cursor += 1
                    }
                    pairCursors[row] = cursor
                }
            }
            for row in 0..<queryCount {
                if firstPass == nil {
                    heaps[row].offer(row: scratch + row * stride, count: width, firstItem: firstItem, excluded: rowBitmaps[row],
                                     positions: positions, clear: true)
                } else {
                    keyHeaps[row].offer(row: scratch + row * stride, count: width, firstItem: firstItem, excluded: rowBitmaps[row],
                                        positions: positions)
                }
            }
            firstItem += width
        }
        guard firstPass != nil, let itemVectors else {
            for row in 0..<queryCount { heaps[row].finish() }
            return
        }
        // Refinement: the exact inner product of each candidate kept, the best `k` of those.
        for row in 0..<queryCount {
            let heap = keyHeaps[row]
            let exact = Refinement.order((0..<heap.count).lazy.map { KeyHeap.item(heap.keys[$0]) },
                                         query: UnsafeBufferPointer(start: queryVectors + (firstQuery + row) * d, count: d),
                                         rows: UnsafeBufferPointer(start: itemVectors, count: n * d))
            let base = (firstQuery + row) * k
            for column in 0..<k {
                if column < exact.count {
                    scores.base[base + column] = exact[column].score
                    ids.base[base + column] = Int32(exact[column].item)
                } else {
                    scores.base[base + column] = -.infinity
                    ids.base[base + column] = -1
                }
            }
        }
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
