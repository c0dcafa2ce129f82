/// The second step of both 8-bit first passes (``QuantizedRows`` for one query, ``BlockedSearch``
/// with ``Int8Items`` for blocks of queries): the candidates the approximate scores kept,
/// ordered by their exact Float32 inner products with the query.
enum Refinement {
    /// `candidates` (row indices of `rows`, `query.count` columns each) with their exact inner
    /// products, best first, ties to the lower index.
    static func order(_ candidates: some Sequence<Int>, query: UnsafeBufferPointer<Float>,
                      rows: UnsafeBufferPointer<Float>) -> [(item: Int, score: Float)] {
        let d = query.count
        var exact = candidates.map { item in
            (item: item, score: d == 0 ? 0 : dot(query.baseAddress!, rows.baseAddress! + item * d, count: d))
        }
        exact.sort { $0.score > $1.score || ($0.score == $1.score && $0.item < $1.item) }
        return exact
    }

    /// The inner product of two rows, 16 lanes at a time.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD16<Float>()
        var column = 0
        while column + 16 <= count {
            lanes += UnsafeRawPointer(a + column).loadUnaligned(as: SIMD16<Float>.self)
                * UnsafeRawPointer(b + column).loadUnaligned(as: SIMD16<Float>.self)
            column += 16
        }
        var sum = lanes.sum()
        while column < count {
            sum += a[column] * b[column]
            column += 1
        }
        return sum
    }
}
