import Foundation
import Testing
@testable import MatchCore

@Suite struct RandomizedSVDTests {
    @Test func jacobiDiagonalizesAKnownMatrix() {
        // [[2, 1], [1, 2]] has eigenvalues 3 and 1 with vectors (1, 1)/√2 and (1, −1)/√2.
        let eigen = SymmetricEigen(symmetric: [2, 1, 1, 2], n: 2)
        #expect(abs(eigen.values[0] - 3) < 1e-12 && abs(eigen.values[1] - 1) < 1e-12)
        #expect(abs(eigen.vectors[0][0] - 0.5.squareRoot()) < 1e-12 && abs(eigen.vectors[0][1] - 0.5.squareRoot()) < 1e-12)
        // A random symmetric matrix is rebuilt from its decomposition.
        var generator = SeededGenerator(seed: 5)
        let n = 12
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in i..<n { let v = Double.random(in: -1...1, using: &generator); a[i * n + j] = v; a[j * n + i] = v } }
        let decomposition = SymmetricEigen(symmetric: a, n: n)
        for i in 0..<n {
            for j in 0..<n {
                let rebuilt = (0..<n).reduce(0.0) { $0 + decomposition.values[$1] * decomposition.vectors[$1][i] * decomposition.vectors[$1][j] }
                #expect(abs(rebuilt - a[i * n + j]) < 1e-9)
            }
        }
        #expect(decomposition.values == decomposition.values.sorted(by: >))
    }

    /// A documents × terms matrix of rank 3 plus a little noise: the randomized SVD finds its
    /// singular values and subspace as an exact eigendecomposition of XᵀX does.
    @Test func findsTheLeadingSubspaceOfALowRankSparseMatrix() throws {
        var generator = SeededGenerator(seed: 11)
        let terms = 60, documents = 400
        let topics = (0..<3).map { topic in (0..<terms).map { $0 % 3 == topic ? Float.random(in: 0.5...1, using: &generator) : 0 } }
        var x = SparseRows(columnCount: terms)
        var dense = [[Float]]()
        for _ in 0..<documents {
            let mix = (0..<3).map { _ in Float.random(in: 0...1, using: &generator) }
            var row = (0..<terms).map { t in (0..<3).reduce(Float(0)) { $0 + mix[$1] * topics[$1][t] } }
            for t in 0..<terms where Float.random(in: 0...1, using: &generator) < 0.05 { row[t] += 0.01 }
            dense.append(row)
            x.append(row: row.enumerated().filter { $0.element != 0 }.map { (Int32($0.offset), $0.element) })
        }
        var gram = [Double](repeating: 0, count: terms * terms)
        for row in dense { for i in 0..<terms where row[i] != 0 { for j in 0..<terms { gram[i * terms + j] += Double(row[i] * row[j]) } } }
        let exact = SymmetricEigen(symmetric: gram, n: terms)
        let svd = try RandomizedSVD.rightVectors(of: x, rank: 3, oversampling: 5, powerIterations: 2, seed: 1)
        for j in 0..<3 {
            #expect(abs(Double(svd.singularValues[j]) - exact.values[j].squareRoot()) < 1e-3 * exact.values[0].squareRoot())
            // The same direction up to sign.
            let cosine = (0..<terms).reduce(0.0) { $0 + Double(svd.vectors[$1, j]) * exact.vectors[j][$1] }
            #expect(abs(abs(cosine) - 1) < 1e-3, "vector \(j): \(cosine)")
        }
    }

    @Test func aRankDeficientMatrixGivesZeroColumnsNotNaN() throws {
        var x = SparseRows(columnCount: 10)
        for _ in 0..<20 { x.append(row: [(0, 1), (1, 1)]) }
        let svd = try RandomizedSVD.rightVectors(of: x, rank: 4, oversampling: 2, powerIterations: 1, seed: 3)
        #expect(svd.vectors.elements.allSatisfy { $0.isFinite })
        #expect(abs(svd.singularValues[0] - Float(40).squareRoot()) < 1e-3)
        #expect(svd.singularValues[1...].allSatisfy { $0 < 1e-2 })
    }

    @Test func sparseProductsMatchDenseOnes() {
        var x = SparseRows(columnCount: 3)
        x.append(row: [(0, 1), (2, 2)])
        x.append(row: [])
        x.append(row: [(1, -1)])
        let dense = Matrix(rows: 3, columns: 2, elements: [1, 2, 3, 4, 5, 6])
        #expect(x.multiply(dense).elements == [11, 14, 0, 0, -3, -4])
        let t = x.transposed()
        #expect(t.rowCount == 3 && t.columnCount == 3)
        #expect(t.multiply(Matrix(rows: 3, columns: 1, elements: [1, 1, 1])).elements == [1, -1, 2])
    }
}
