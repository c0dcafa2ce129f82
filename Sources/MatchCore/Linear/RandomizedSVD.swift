/// The leading right singular vectors of a sparse matrix by randomized range finding with
/// power iterations (Halko, Martinsson and Tropp, "Finding structure with randomness", 2011,
/// algorithms 4.4 and 5.1), on BLAS for the dense products.
///
/// For a documents × terms matrix X it finds V (terms × d) with orthonormal columns spanning
/// X's top-d right singular subspace, so that x·V is the document's latent (LSA) vector.
public enum RandomizedSVD {
    /// The result: the right singular vectors as a `columnCount × rank` matrix (column j the
    /// j-th vector), and the singular values, largest first.
    public struct Result: Sendable {
        public var vectors: Matrix
        public var singularValues: [Float]
    }

    /// The top-`rank` right singular vectors of `x`.
    ///
    /// - Parameters:
    ///   - oversampling: extra random directions (10–20 is usual).
    ///   - powerIterations: passes of X·Xᵀ that sharpen a slowly decaying spectrum.
    ///   - seed: the Gaussian test matrix's seed; the same inputs, seed and BLAS give the same
    ///     vectors.
    /// - Returns: fewer than `rank` columns only if X has fewer nonzero singular values; the
    ///   missing columns are zero.
    public static func rightVectors(
        of x: SparseRows, rank: Int, oversampling: Int = 16, powerIterations: Int = 2, seed: UInt64
    ) throws -> Result {
        precondition(rank >= 1, "rank must be at least 1")
        let columns = x.columnCount
        let k = min(rank + oversampling, columns, max(x.rowCount, 1))
        let blas = try BLAS.library()
        let xt = x.transposed()
        var y = x.multiply(Matrix.gaussian(rows: columns, columns: k, seed: seed))
        for _ in 0..<powerIterations {
            orthonormalizeColumns(&y, blas: blas)
            var z = xt.multiply(y)
            orthonormalizeColumns(&z, blas: blas)
            y = x.multiply(z)
        }
        orthonormalizeColumns(&y, blas: blas)
        // B = Qᵀ·X is k × columns; its transpose Xᵀ·Q is what we can form from sparse rows.
        let bt = xt.multiply(y)
        let gram = gramOfColumns(bt, blas: blas)  // B·Bᵀ = (Xᵀ Q)ᵀ (Xᵀ Q), k × k
        let eigen = SymmetricEigen(symmetric: gram, n: k)
        // V = Bᵀ·W·Σ⁻¹ for the eigenvectors W of B·Bᵀ, Σ² its eigenvalues.
        let largest = max(eigen.values.first ?? 0, 0)
        var combination = Matrix(rows: k, columns: rank)  // W·Σ⁻¹, truncated
        var singularValues = [Float](repeating: 0, count: rank)
        for j in 0..<min(rank, k) {
            let value = eigen.values[j]
            guard value > largest * 1e-10, value > 0 else { continue }
            let sigma = value.squareRoot()
            singularValues[j] = Float(sigma)
            for i in 0..<k { combination[i, j] = Float(eigen.vectors[j][i] / sigma) }
        }
        var vectors = Matrix(rows: columns, columns: rank)
        bt.withUnsafeBufferPointer { b in
            combination.withUnsafeBufferPointer { w in
                vectors.withUnsafeMutableBufferPointer { v in
                    blas.gemm(transposeA: false, transposeB: false, m: columns, n: rank, k: k,
                              a: b.baseAddress!, lda: k, b: w.baseAddress!, ldb: rank, c: v.baseAddress!, ldc: rank)
                }
            }
        }
        return Result(vectors: vectors, singularValues: singularValues)
    }

    /// Mᵀ·M for M with few columns: summed by sgemm in single precision, returned as doubles for
    /// the eigensolver and the Cholesky factorisation.
    static func gramOfColumns(_ m: Matrix, blas: BLAS.Library) -> [Double] {
        let k = m.columns
        var gram = Matrix(rows: k, columns: k)
        m.withUnsafeBufferPointer { a in
            gram.withUnsafeMutableBufferPointer { c in
                blas.gemm(transposeA: true, transposeB: false, m: k, n: k, k: m.rows,
                          a: a.baseAddress!, lda: k, b: a.baseAddress!, ldb: k, c: c.baseAddress!, ldc: k)
            }
        }
        return gram.elements.map(Double.init)
    }

    /// Replaces M's columns by an orthonormal basis of their span: shifted Cholesky-QR, twice
    /// (Fukaya et al., "Shifted Cholesky QR for computing the QR factorization of
    /// ill-conditioned matrices", 2020): G = MᵀM + s·I = L·Lᵀ (factorised in double precision), then
    /// M ← M·L⁻ᵀ. The small shift keeps a rank-deficient M (a vocabulary smaller than the rank)
    /// factorable; its dependent columns come out near zero.
    static func orthonormalizeColumns(_ m: inout Matrix, blas: BLAS.Library) {
        let k = m.columns
        guard m.rows > 0, k > 0 else { return }
        for _ in 0..<2 {
            var gram = gramOfColumns(m, blas: blas)
            var trace = 0.0
            for i in 0..<k { trace += gram[i * k + i] }
            guard trace > 0 else { return }
            let shift = 1e-7 * trace / Double(k)
            for i in 0..<k { gram[i * k + i] += shift }
            let inverse = lowerCholeskyInverse(gram, n: k)  // L⁻¹, lower triangular
            // M ← M·L⁻ᵀ: transform[i, j] = L⁻¹[j, i].
            var transform = Matrix(rows: k, columns: k)
            for i in 0..<k { for j in i..<k { transform[i, j] = Float(inverse[j * k + i]) } }
            var result = Matrix(rows: m.rows, columns: k)
            m.withUnsafeBufferPointer { a in
                transform.withUnsafeBufferPointer { t in
                    result.withUnsafeMutableBufferPointer { c in
                        blas.gemm(transposeA: false, transposeB: false, m: m.rows, n: k, k: k,
                                  a: a.baseAddress!, lda: k, b: t.baseAddress!, ldb: k, c: c.baseAddress!, ldc: k)
                    }
                }
            }
            m = result
        }
    }

    /// L⁻¹ for the Cholesky factor L of the symmetric positive definite `n × n` matrix `a`
    /// (row-major, lower triangular result). A pivot that is not positive (rounding) is
    /// replaced by a tiny one, leaving that direction near zero.
    static func lowerCholeskyInverse(_ a: [Double], n: Int) -> [Double] {
        var l = [Double](repeating: 0, count: n * n)
        var floor = 0.0
        for i in 0..<n { floor = max(floor, a[i * n + i]) }
        floor = max(floor * 1e-300, .leastNormalMagnitude)
        for j in 0..<n {
            var diagonal = a[j * n + j]
            for p in 0..<j { diagonal -= l[j * n + p] * l[j * n + p] }
            let pivot = diagonal > floor ? diagonal.squareRoot() : 1e150
            l[j * n + j] = pivot
            for i in (j + 1)..<max(j + 1, n) {
                var sum = a[i * n + j]
                for p in 0..<j { sum -= l[i * n + p] * l[j * n + p] }
                l[i * n + j] = sum / pivot
            }
        }
        // Forward substitution, column by column of the identity.
        var inverse = [Double](repeating: 0, count: n * n)
        for column in 0..<n {
            for i in column..<n {
                var sum = i == column ? 1.0 : 0.0
                for p in column..<i { sum -= l[i * n + p] * inverse[p * n + column] }
                inverse[i * n + column] = sum / l[i * n + i]
            }
        }
        return inverse
    }
}
