/// Eigenvalues and eigenvectors of a small symmetric matrix by the cyclic Jacobi method, in
/// double precision: what the randomized SVD needs for its k × k Gram matrices (k a few
/// hundred), without a LAPACK dependency.
///
/// Results are deterministic: eigenvalues in descending order, and each eigenvector's sign
/// chosen so that its entry of largest magnitude (the first such) is positive.
public struct SymmetricEigen: Sendable {
    /// Eigenvalues, largest first.
    public let values: [Double]
    /// Eigenvectors as rows: `vectors[i]` belongs to `values[i]`.
    public let vectors: [[Double]]

    /// Decomposes the symmetric `n × n` matrix given row-major in `matrix`.
    ///
    /// - Precondition: `matrix.count == n * n`; only symmetry up to rounding is assumed (the
    ///   average of the two triangles is used).
    public init(symmetric matrix: [Double], n: Int, tolerance: Double = 1e-12, maxSweeps: Int = 60) {
        precondition(matrix.count == n * n, "\(matrix.count) entries for a \(n) × \(n) matrix")
        var a = matrix
        for i in 0..<n { for j in (i + 1)..<max(i + 1, n) { let m = (a[i * n + j] + a[j * n + i]) / 2; a[i * n + j] = m; a[j * n + i] = m } }
        // v holds the eigenvectors as columns while rotating.
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        var scale: Double = 0
        for value in a { scale += value * value }
        let threshold = tolerance * tolerance * max(scale, .leastNormalMagnitude)
        for _ in 0..<maxSweeps {
            var offDiagonal: Double = 0
            for i in 0..<n { for j in (i + 1)..<max(i + 1, n) { offDiagonal += a[i * n + j] * a[i * n + j] } }
            if offDiagonal <= threshold { break }
            for p in 0..<n {
                for q in (p + 1)..<max(p + 1, n) {
                    let apq = a[p * n + q]
                    if abs(apq) < 1e-300 { continue }
                    let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot()
                    let s = t * c
                    for k in 0..<n {  // rows p and q of A·J, columns p and q
                        let akp = a[k * n + p], akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {  // Jᵀ·A
                        let apk = a[p * n + k], aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k * n + p], vkq = v[k * n + q]
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let order = (0..<n).sorted { a[$0 * n + $0] > a[$1 * n + $1] || (a[$0 * n + $0] == a[$1 * n + $1] && $0 < $1) }
        values = order.map { a[$0 * n + $0] }
        vectors = order.map { column in
            var vector = (0..<n).map { v[$0 * n + column] }
            var largest = 0
            for index in vector.indices where abs(vector[index]) > abs(vector[largest]) + 1e-12 { largest = index }
            if vector[largest] < 0 { vector = vector.map { -$0 } }
            return vector
        }
    }
}
