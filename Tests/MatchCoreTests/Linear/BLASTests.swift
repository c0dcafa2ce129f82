import Testing
@testable import MatchCore

/// C = A · Bᵀ by the definition, in Float64.
private func naiveProduct(_ a: Matrix, transposing b: Matrix) -> [[Double]] {
    (0..<a.rows).map { i in (0..<b.rows).map { j in exactDot(a, i, b, j) } }
}

/// Shapes (rows of A, rows of B, shared depth), small and odd.
private let shapes: [(m: Int, n: Int, d: Int)] = [
    (3, 7, 5), (1, 1, 1), (2, 9, 17), (5, 3, 33), (4, 16, 16), (11, 2, 3), (1, 13, 64),
]

@Suite("BLAS")
struct BLASTests {
    @Test(arguments: shapes.indices)
    func integerProductIsExact(shape: Int) throws {
        let (m, n, d) = shapes[shape]
        let a = integerMatrix(rows: m, columns: d, seed: UInt64(10 + shape), in: -3...3)
        let b = integerMatrix(rows: n, columns: d, seed: UInt64(100 + shape), in: -3...3)
        let c = try BLAS.multiply(a, transposing: b)
        #expect(c.rows == m)
        #expect(c.columns == n)
        let expected = naiveProduct(a, transposing: b)
        for i in 0..<m {
            #expect(c.row(i).map(Double.init) == expected[i], "row \(i)")
        }
    }

    @Test(arguments: shapes.indices)
    func gaussianProductMatchesNaiveLoop(shape: Int) throws {
        let (m, n, d) = shapes[shape]
        let a = Matrix.gaussian(rows: m, columns: d, seed: UInt64(20 + shape))
        let b = Matrix.gaussian(rows: n, columns: d, seed: UInt64(200 + shape))
        let c = try BLAS.multiply(a, transposing: b)
        let expected = naiveProduct(a, transposing: b)
        for i in 0..<m {
            for j in 0..<n {
                #expect(isClose(expected[i][j], c[i, j]), "C[\(i), \(j)] = \(c[i, j]), expected \(expected[i][j])")
            }
        }
    }

    @Test func productOfViewsUsesTheirRows() throws {
        let a = integerMatrix(rows: 6, columns: 5, seed: 1)
        let b = integerMatrix(rows: 8, columns: 5, seed: 2)
        let full = try BLAS.multiply(a, transposing: b)
        let part = try BLAS.multiply(a.rows(2..<5), transposing: b.rows(3..<8))
        #expect(part.rows == 3)
        #expect(part.columns == 5)
        for i in 0..<3 {
            #expect(part.row(i) == Array(full.row(i + 2)[3..<8]), "row \(i)")
        }
    }

    @Test func emptyOperandsGiveEmptyOrZeroProducts() throws {
        let noRowsA = try BLAS.multiply(Matrix(rows: 0, columns: 4), transposing: Matrix(rows: 3, columns: 4))
        #expect(noRowsA.rows == 0 && noRowsA.columns == 3)
        let noRowsB = try BLAS.multiply(Matrix(rows: 2, columns: 4), transposing: Matrix(rows: 0, columns: 4))
        #expect(noRowsB.rows == 2 && noRowsB.columns == 0)
        let noDepth = try BLAS.multiply(Matrix(rows: 2, columns: 0), transposing: Matrix(rows: 3, columns: 0))
        #expect(noDepth == Matrix(rows: 2, columns: 3))
    }

    @Test func multiplyLeavesItsOperandsUnchanged() throws {
        let a = integerMatrix(rows: 3, columns: 5, seed: 5)
        let b = integerMatrix(rows: 7, columns: 5, seed: 6)
        let (aBefore, bBefore) = (a.elements, b.elements)
        _ = try BLAS.multiply(a, transposing: b)
        #expect(a.elements == aBefore)
        #expect(b.elements == bBefore)
    }

    @Test func infoReportsAKernelAndOneThread() throws {
        let info = try BLAS.info()
        #expect(!info.kernel.isEmpty)
        #expect(!info.library.isEmpty)
        #expect(info.threads == 1)
        #expect(info.description.contains(info.kernel))
        #expect(info.description.contains("1 thread per call"))
    }

    @Test func mismatchedDepthStops() async {
        await #expect(processExitsWith: .failure) {
            _ = try? BLAS.multiply(Matrix(rows: 2, columns: 3), transposing: Matrix(rows: 2, columns: 4))
        }
    }
}
