import QuantizedKernels

/// An item matrix packed in 8 bits for the first pass of a batch search (``BlockedSearch``
/// with `firstPass:`): many queries × many items at about four times the speed of Float32
/// `sgemm` on processors with AVX-512 VNNI.
///
/// Each item row and each query row is scaled by its largest magnitude to −127…127, so an
/// approximate score is one exact 32-bit integer inner product times two scales; its error is
/// about half a percent of the scores' magnitude. The search therefore keeps `refine × k`
/// candidates per query by the approximate score and orders them by the exact Float32 inner
/// product (FAISS calls this "SQ8 with refinement"): a true top-k item is lost only when
/// more than `(refine − 1) × k` items overtake it by rounding.
///
/// The kernel is C (target `QuantizedKernels`): AVX-512 VNNI chosen at run time, portable C
/// with the same results elsewhere (slower than BLAS: prefer the exact pass there, see
/// ``usesVNNI``).
public struct Int8Items: Sendable {
    public let rows: Int
    public let columns: Int
    /// Steps of 4 columns: `ceil(columns / 4)`.
    let steps: Int
    /// Groups of 16 items, `steps × 64` bytes each (layout: QuantizedKernels.h).
    let packed: [UInt8]
    /// Per item, padded with zeros to a whole group.
    let scales: [Float]

    /// Quantizes and packs every row of `matrix` (about 0.3 s for 200,000 rows of 281).
    public init(_ matrix: Matrix) {
        rows = matrix.rows
        columns = matrix.columns
        steps = (matrix.columns + 3) / 4
        var packed = [UInt8](repeating: 0, count: jm_i8_packed_bytes(matrix.rows, matrix.columns))
        var scales = [Float](repeating: 0, count: (matrix.rows + 15) / 16 * 16)
        matrix.withUnsafeBufferPointer { source in
            packed.withUnsafeMutableBufferPointer { packed in
                scales.withUnsafeMutableBufferPointer { scales in
                    guard let base = source.baseAddress, let out = packed.baseAddress else { return }
                    jm_i8_pack_items(base, matrix.rows, matrix.columns, out, scales.baseAddress!)
                }
            }
        }
        self.packed = packed
        self.scales = scales
    }

    /// True when the kernel runs on AVX-512 VNNI (else on portable C, slower than BLAS).
    public static var usesVNNI: Bool { jm_i8_kernel_is_vnni() != 0 }

    /// Bytes held: a quarter of the Float32 matrix.
    public var byteCount: Int { packed.count + scales.count * MemoryLayout<Float>.stride }
}

/// One worker's quantized query block: rows of `steps × 4` signed bytes, scales and corrections.
struct Int8QueryBlock {
    let steps: Int
    let values: UnsafeMutablePointer<Int8>
    let scales: UnsafeMutablePointer<Float>
    let corrections: UnsafeMutablePointer<Int32>

    init(capacity: Int, steps: Int) {
        self.steps = steps
        values = .allocate(capacity: max(1, capacity * steps * 4))
        scales = .allocate(capacity: max(1, capacity))
        corrections = .allocate(capacity: max(1, capacity))
    }

    func deallocate() {
        values.deallocate()
        scales.deallocate()
        corrections.deallocate()
    }

    /// Quantizes `count` rows of `columns` Float32 values.
    func quantize(_ rows: UnsafePointer<Float>, count: Int, columns: Int) {
        jm_i8_quantize_queries(rows, count, columns, values, scales, corrections)
    }

    /// Approximate scores of the block's first `count` queries with items `firstItem ..<
    /// firstItem + width` (`firstItem` a multiple of 16), into rows of `stride` ≥ width rounded
    /// up to 16.
    /// - Parameter portable: the portable kernel even where AVX-512 VNNI runs (for tests).
    func scores(count: Int, packed: UnsafePointer<UInt8>, scales itemScales: UnsafePointer<Float>,
                firstItem: Int, width: Int, into out: UnsafeMutablePointer<Float>, stride: Int, portable: Bool = false) {
        let groups = (width + 15) / 16
        let kernel = portable ? jm_i8_scores_portable : jm_i8_scores
        kernel(values, count, steps, corrections, scales, packed + firstItem / 16 * steps * 64, groups,
               itemScales + firstItem, out, stride)
    }
}

extension Int8Items {
    /// Approximate scores of `queries` with every item of `items` (queries × items, row-major),
    /// for tests and the benchmark's accuracy line.
    static func scores(queries: Matrix, items: Int8Items, portable: Bool = false) -> [Float] {
        precondition(queries.columns == items.columns, "queries of \(queries.columns) columns for items of \(items.columns)")
        let stride = (items.rows + 15) / 16 * 16
        var out = [Float](repeating: 0, count: queries.rows * stride)
        guard queries.rows > 0, items.rows > 0, items.columns > 0 else { return [] }
        let block = Int8QueryBlock(capacity: queries.rows, steps: items.steps)
        defer { block.deallocate() }
        queries.withUnsafeBufferPointer { block.quantize($0.baseAddress!, count: queries.rows, columns: queries.columns) }
        items.packed.withUnsafeBufferPointer { packed in
            items.scales.withUnsafeBufferPointer { scales in
                out.withUnsafeMutableBufferPointer { out in
                    block.scores(count: queries.rows, packed: packed.baseAddress!, scales: scales.baseAddress!, firstItem: 0,
                                 width: items.rows, into: out.baseAddress!, stride: stride, portable: portable)
                }
            }
        }
        return (0..<queries.rows).flatMap { row in out[row * stride..<row * stride + items.rows] }
    }
}
