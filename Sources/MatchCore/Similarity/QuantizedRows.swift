import Foundation
import QuantizedKernels

/// An item matrix kept a second time in 8 bits per value, for the first pass of a one-query
/// search: a query against 200,000 vacancies of dimension 281 reads 58 MB instead of 225 MB,
/// and memory bandwidth, not arithmetic, is what a single query waits on.
///
/// Each row is scaled by its largest magnitude to −127…127 (`scale = max|x| / 127`), and the
/// query to 16-bit integers, so a score is one exact integer inner product times two scales.
/// Its error is a fraction of a percent of the row's norm; ``search(query:rows:k:refine:excluded:)``
/// therefore keeps `refine × k` candidates by the approximate score and orders them by the exact
/// Float32 inner product with the original rows (FAISS calls this "SQ8 with refinement").
///
/// The kernel is C (target `QuantizedKernels`): AVX2 when the processor has it, chosen at run
/// time, portable C elsewhere.
public struct QuantizedRows: Sendable {
    public let rows: Int
    public let columns: Int
    /// Bytes per row: `columns` rounded up to 16, zero-padded.
    let stride: Int
    let values: [Int8]
    let scales: [Float]

    /// Quantizes every row of `matrix`.
    public init(_ matrix: Matrix) {
        let rows = matrix.rows, stride = max(16, (matrix.columns + 15) / 16 * 16)
        self.rows = rows
        columns = matrix.columns
        self.stride = stride
        var values = [Int8](repeating: 0, count: rows * stride)
        var scales = [Float](repeating: 0, count: rows)
        matrix.withUnsafeBufferPointer { source in
            for row in 0..<rows {
                let base = row * matrix.columns
                var largest: Float = 0
                for column in 0..<matrix.columns { largest = max(largest, abs(source[base + column])) }
                guard largest > 0, largest.isFinite else { continue }
                let scale = largest / 127
                scales[row] = scale
                for column in 0..<matrix.columns {
                    values[row * stride + column] = Int8((source[base + column] / scale).rounded())
                }
            }
        }
        self.values = values
        self.scales = scales
    }

    /// True when the AVX2 kernel runs on this processor.
    public static var usesAVX2: Bool { jm_int8_kernel_is_avx2() != 0 }

    /// The query as 16-bit integers (zero-padded to the stride) and its scale.
    func quantize(_ query: [Float]) -> (values: [Int16], scale: Float) {
        precondition(query.count == columns, "a query of \(query.count) values for rows of \(columns)")
        // Bound the query so that no 32-bit sum can overflow: stride × 127 × limit < 2^31.
        let limit = Float(min(32_767, (Int(Int32.max) / (stride * 127)) - 1))
        var largest: Float = 0
        for value in query { largest = max(largest, abs(value)) }
        var values = [Int16](repeating: 0, count: stride)
        guard largest > 0, largest.isFinite else { return (values, 0) }
        let scale = largest / limit
        for (column, value) in query.enumerated() { values[column] = Int16((value / scale).rounded()) }
        return (values, scale)
    }

    /// Approximate scores of `query` with rows `range`, into `out[0 ..< range.count]`.
    func scores(query: (values: [Int16], scale: Float), range: Range<Int>, into out: UnsafeMutablePointer<Float>) {
        guard !range.isEmpty else { return }
        values.withUnsafeBufferPointer { values in
            scales.withUnsafeBufferPointer { scales in
                query.values.withUnsafeBufferPointer { queryValues in
                    jm_int8_scores(values.baseAddress! + range.lowerBound * stride, range.count, stride, queryValues.baseAddress!,
                                   scales.baseAddress! + range.lowerBound, query.scale, out)
                }
            }
        }
    }

    /// Approximate scores of `query` with every row, on `workers` threads.
    public func scores(query: [Float], workers: Int = 2) -> [Float] {
        let quantized = quantize(query)
        var out = [Float](repeating: 0, count: rows)
        let parts = max(1, min(workers, rows / 4_096))
        out.withUnsafeMutableBufferPointer { buffer in
            let base = SharedPointer(buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let range = rows * part / parts..<rows * (part + 1) / parts
                scores(query: quantized, range: range, into: base.base + range.lowerBound)
            }
        }
        return out
    }

    /// The `k` rows of `rows` (the Float32 matrix this was made from) with the largest exact
    /// inner product with `query`, among the `refine × k` best by the approximate score; items
    /// for which `excluded` is true never count. Best first, ties to the lower index.
    public func search(query: [Float], rows matrix: Matrix, k: Int, refine: Int = 4, workers: Int = 2,
                       excluded: (Int) -> Bool) -> [(item: Int, score: Float)] {
        precondition(matrix.rows == rows && matrix.columns == columns, "rows of another matrix")
        guard k > 0, rows > 0 else { return [] }
        let approximate = scores(query: query, workers: workers)
        let keep = min(rows, max(k, refine * k))
        // The `keep` best approximate scores: a bounded min-heap, most rows rejected by one compare.
        var heap = SmallHeap(capacity: keep)
        for (item, score) in approximate.enumerated() where score > heap.threshold && !excluded(item) {
            heap.insert(score: score, item: item)
        }
        let exact = query.withUnsafeBufferPointer { query in
            matrix.withUnsafeBufferPointer { rows in Refinement.order(heap.items, query: query, rows: rows) }
        }
        return Array(exact.prefix(k))
    }
}

/// The best `capacity` (score, item) pairs offered: a min-heap on score.
struct SmallHeap {
    let capacity: Int
    private(set) var scores: [Float] = []
    private(set) var items: [Int] = []

    init(capacity: Int) {
        self.capacity = capacity
        scores.reserveCapacity(capacity)
        items.reserveCapacity(capacity)
    }

    /// The score to beat once full (−∞ before).
    var threshold: Float { scores.count < capacity ? -.infinity : scores[0] }

    mutating func insert(score: Float, item: Int) {
        if scores.count < capacity {
            scores.append(score)
            items.append(item)
            var child = scores.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard scores[child] < scores[parent] else { break }
                scores.swapAt(child, parent)
                items.swapAt(child, parent)
                child = parent
            }
        } else if score > scores[0] {
            scores[0] = score
            items[0] = item
            var parent = 0
            while true {
                let left = 2 * parent + 1
                guard left < scores.count else { break }
                var smaller = left
                if left + 1 < scores.count && scores[left + 1] < scores[left] { smaller = left + 1 }
                guard scores[smaller] < scores[parent] else { break }
                scores.swapAt(smaller, parent)
                items.swapAt(smaller, parent)
                parent = smaller
            }
        }
    }
}
