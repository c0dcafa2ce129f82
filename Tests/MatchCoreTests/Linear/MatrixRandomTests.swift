import Testing
@testable import MatchCore

private func rowNorm(_ matrix: Matrix, _ row: Int) -> Double {
    matrix.row(row).reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
}

@Suite("SeededGenerator and Matrix.gaussian")
struct MatrixRandomTests {
    @Test func generatorIsReproducible() {
        var a = SeededGenerator(seed: 12345)
        var b = SeededGenerator(seed: 12345)
        var c = SeededGenerator(seed: 12346)
        let first = (0..<8).map { _ in a.next() }
        #expect(first == (0..<8).map { _ in b.next() })
        #expect(first != (0..<8).map { _ in c.next() })
    }

    @Test(arguments: [UInt64(0), 1, 42, 0xDEAD_BEEF])
    func gaussianIsReproducibleForASeed(seed: UInt64) {
        let a = Matrix.gaussian(rows: 7, columns: 5, seed: seed)
        let b = Matrix.gaussian(rows: 7, columns: 5, seed: seed)
        #expect(a == b)
        #expect(a != Matrix.gaussian(rows: 7, columns: 5, seed: seed &+ 1))
        #expect(a.elements.allSatisfy { $0.isFinite })
    }

    @Test func gaussianHasStandardNormalMoments() {
        let values = Matrix.gaussian(rows: 100, columns: 100, seed: 7).elements.map(Double.init)
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        #expect(abs(mean) < 0.05)
        #expect(abs(variance - 1) < 0.05)
        #expect(Set(values).count > values.count * 99 / 100, "values should rarely repeat")
    }

    @Test func normalizedGaussianRowsHaveUnitNorm() {
        let matrix = Matrix.gaussian(rows: 9, columns: 13, seed: 3, normalized: true)
        for row in 0..<matrix.rows {
            #expect(abs(rowNorm(matrix, row) - 1) < 1e-6, "row \(row)")
        }
    }

    @Test func normalizedIsTheSameSamplesScaled() {
        let raw = Matrix.gaussian(rows: 4, columns: 6, seed: 99)
        let unit = Matrix.gaussian(rows: 4, columns: 6, seed: 99, normalized: true)
        for row in 0..<4 {
            let norm = rowNorm(raw, row)
            for column in 0..<6 {
                #expect(isClose(Double(raw[row, column]) / norm, unit[row, column], relative: 1e-6))
            }
        }
    }

    @Test func normalizeRowsGivesUnitNormsAndKeepsDirections() {
        var matrix = Matrix(rows: 3, columns: 4, elements: [
            3, 0, 4, 0,
            1, 1, 1, 1,
            -2, 0, 0, 0,
        ])
        matrix.normalizeRows()
        let expected: [Float] = [0.6, 0, 0.8, 0, 0.5, 0.5, 0.5, 0.5, -1, 0, 0, 0]
        for (value, want) in zip(matrix.elements, expected) {
            #expect(isClose(value, want, relative: 1e-6))
        }
        for row in 0..<3 { #expect(abs(rowNorm(matrix, row) - 1) < 1e-6) }
    }

    @Test func normalizeRowsLeavesZeroRowsZero() {
        var matrix = Matrix(rows: 3, columns: 3, elements: [0, 0, 0, 1, 2, 2, 0, 0, 0])
        matrix.normalizeRows()
        #expect(matrix.row(0) == [0, 0, 0])
        #expect(matrix.row(2) == [0, 0, 0])
        #expect(matrix.elements.allSatisfy { !$0.isNaN })
        #expect(abs(rowNorm(matrix, 1) - 1) < 1e-6)
    }

    @Test func normalizeRowsOnEmptyShapes() {
        var noRows = Matrix(rows: 0, columns: 3)
        noRows.normalizeRows()
        #expect(noRows.rows == 0)
        var noColumns = Matrix(rows: 2, columns: 0)
        noColumns.normalizeRows()
        #expect(noColumns.rows == 2)
    }

    @Test func normalizeRowsHandlesTinyAndHugeValues() {
        var matrix = Matrix(rows: 2, columns: 2, elements: [1e-30, 1e-30, 1e30, -1e30])
        matrix.normalizeRows()
        for row in 0..<2 { #expect(abs(rowNorm(matrix, row) - 1) < 1e-6, "row \(row): \(matrix.row(row))") }
    }
}
