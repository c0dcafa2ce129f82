import Testing
@testable import MatchCore

/// The address of a matrix's first element, to tell shared storage from a copy.
private func baseAddress<T>(_ matrix: DenseMatrix<T>) -> UnsafeRawPointer? {
    matrix.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
}

/// 4 × 3 matrix with elements 0, 1, ..., 11.
private func counting() -> Matrix {
    Matrix(rows: 4, columns: 3, elements: (0..<12).map(Float.init))
}

@Suite("DenseMatrix construction and access")
struct DenseMatrixConstructionTests {
    @Test func repeatingFillsEveryElement() {
        let matrix = DenseMatrix<Int32>(rows: 3, columns: 2, repeating: -7)
        #expect(matrix.rows == 3)
        #expect(matrix.columns == 2)
        #expect(matrix.count == 6)
        #expect(matrix.elements == [Int32](repeating: -7, count: 6))
    }

    @Test func zeroInitialiser() {
        let matrix = Matrix(rows: 2, columns: 5)
        #expect(matrix.elements == [Float](repeating: 0, count: 10))
    }

    @Test func elementsAreRowMajor() {
        let matrix = counting()
        #expect(matrix[0, 0] == 0)
        #expect(matrix[0, 2] == 2)
        #expect(matrix[1, 0] == 3)
        #expect(matrix[3, 2] == 11)
        #expect(matrix.row(2) == [6, 7, 8])
        #expect(matrix.elements == (0..<12).map(Float.init))
    }

    @Test func initializingWithWritesInPlace() {
        let matrix = DenseMatrix<Int64>(rows: 2, columns: 3) { buffer in
            for index in buffer.indices { buffer.initializeElement(at: index, to: Int64(index * 10)) }
        }
        #expect(matrix.elements == [0, 10, 20, 30, 40, 50])
        #expect(matrix[1, 1] == 40)
    }

    @Test func initializingWithRethrows() {
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            _ = try Matrix(rows: 2, columns: 2) { (_: UnsafeMutableBufferPointer<Float>) throws(Stop) in throw Stop() }
        }
    }

    @Test func subscriptSetChangesOneElement() {
        var matrix = counting()
        matrix[2, 1] = -1
        #expect(matrix[2, 1] == -1)
        var expected = (0..<12).map(Float.init)
        expected[7] = -1
        #expect(matrix.elements == expected)
    }

    @Test func emptyShapes() {
        let noRows = Matrix(rows: 0, columns: 4)
        #expect(noRows.count == 0)
        #expect(noRows.elements.isEmpty)
        let noColumns = Matrix(rows: 3, columns: 0)
        #expect(noColumns.count == 0)
        #expect(noColumns.row(1).isEmpty)
        #expect(noRows.rows(0..<0).rows == 0)
    }

    @Test func mutableBufferWritesThrough() {
        var matrix = Matrix(rows: 2, columns: 2)
        matrix.withUnsafeMutableBufferPointer { buffer in
            for index in buffer.indices { buffer[index] = Float(index + 1) }
        }
        #expect(matrix.elements == [1, 2, 3, 4])
    }

    @Test func descriptionNamesTypeAndShape() {
        #expect(DenseMatrix<Int32>(rows: 2, columns: 3).description == "DenseMatrix<Int32>(2 × 3)")
    }
}

@Suite("DenseMatrix row views and copy-on-write")
struct DenseMatrixSharingTests {
    @Test func viewHasTheRows() {
        let matrix = counting()
        let view = matrix.rows(1..<3)
        #expect(view.rows == 2)
        #expect(view.columns == 3)
        #expect(view.elements == [3, 4, 5, 6, 7, 8])
        #expect(view[1, 2] == 8)
        #expect(view.row(0) == matrix.row(1))
    }

    @Test func viewSharesStorageWithoutCopying() throws {
        let matrix = counting()
        let view = matrix.rows(2..<4)
        let base = try #require(baseAddress(matrix))
        #expect(baseAddress(view) == base + 2 * 3 * MemoryLayout<Float>.stride)
        let copy = matrix
        #expect(baseAddress(copy) == base)
    }

    @Test func viewOfAView() {
        let matrix = counting()
        let inner = matrix.rows(1..<4).rows(1..<2)
        #expect(inner.elements == [6, 7, 8])
        #expect(baseAddress(inner) == baseAddress(matrix).map { $0 + 2 * 3 * MemoryLayout<Float>.stride })
    }

    @Test func mutatingAViewLeavesTheOriginal() {
        let matrix = counting()
        var view = matrix.rows(1..<3)
        view[0, 0] = 100
        #expect(view.elements == [100, 4, 5, 6, 7, 8])
        #expect(matrix.elements == (0..<12).map(Float.init))
    }

    @Test func mutatingTheOriginalLeavesAView() {
        var matrix = counting()
        let view = matrix.rows(0..<2)
        matrix[1, 1] = -5
        #expect(matrix[1, 1] == -5)
        #expect(view.elements == [0, 1, 2, 3, 4, 5])
    }

    @Test func mutatingACopyLeavesTheOriginal() {
        let matrix = counting()
        var copy = matrix
        copy[3, 2] = 42
        #expect(copy[3, 2] == 42)
        #expect(matrix[3, 2] == 11)
    }

    @Test func mutableBufferOnACopyLeavesTheOriginal() {
        let matrix = counting()
        var copy = matrix.rows(0..<4)
        copy.withUnsafeMutableBufferPointer { buffer in buffer.update(repeating: 9) }
        #expect(copy.elements == [Float](repeating: 9, count: 12))
        #expect(matrix.elements == (0..<12).map(Float.init))
    }

    @Test func normalizingAViewLeavesTheOriginal() {
        let matrix = Matrix(rows: 2, columns: 2, elements: [3, 4, 6, 8])
        var view = matrix.rows(1..<2)
        view.normalizeRows()
        #expect(isClose(view[0, 0], 0.6) && isClose(view[0, 1], 0.8))
        #expect(matrix.elements == [3, 4, 6, 8])
    }

    @Test func uniqueMatrixIsMutatedInPlace() throws {
        var matrix = counting()
        let before = try #require(baseAddress(matrix))
        matrix[0, 0] = 1
        #expect(baseAddress(matrix) == before)
        matrix.withUnsafeMutableBufferPointer { $0[1] = 2 }
        #expect(baseAddress(matrix) == before)
    }

    @Test func viewThatOutlivesItsOriginalKeepsItsRows() {
        var view: Matrix
        do {
            let matrix = counting()
            view = matrix.rows(3..<4)
        }
        #expect(view.elements == [9, 10, 11])
        view[0, 1] = 0
        #expect(view.elements == [9, 0, 11])
    }
}

@Suite("DenseMatrix equality")
struct DenseMatrixEqualityTests {
    @Test func equalElementsAreEqual() {
        #expect(counting() == counting())
        #expect(Matrix(rows: 0, columns: 3) == Matrix(rows: 0, columns: 3))
    }

    @Test func viewEqualsAFreshMatrixWithItsRows() {
        let view = counting().rows(1..<2)
        #expect(view == Matrix(rows: 1, columns: 3, elements: [3, 4, 5]))
    }

    @Test func oneDifferentElementIsUnequal() {
        var other = counting()
        other[3, 0] = 9.5
        #expect(counting() != other)
    }

    @Test func sameElementsDifferentShapeAreUnequal() {
        let wide = Matrix(rows: 2, columns: 3, elements: [1, 2, 3, 4, 5, 6])
        let tall = Matrix(rows: 3, columns: 2, elements: [1, 2, 3, 4, 5, 6])
        #expect(wide != tall)
        #expect(Matrix(rows: 0, columns: 2) != Matrix(rows: 0, columns: 3))
    }

    @Test func integerMatrices() {
        let a = DenseMatrix<Int32>(rows: 1, columns: 3, elements: [1, -1, 2])
        #expect(a == DenseMatrix<Int32>(rows: 1, columns: 3, elements: [1, -1, 2]))
        #expect(a != DenseMatrix<Int32>(rows: 1, columns: 3, elements: [1, -1, 3]))
    }
}

@Suite("DenseMatrix preconditions")
struct DenseMatrixPreconditionTests {
    @Test func subscriptOutOfRangeStops() async {
        await #expect(processExitsWith: .failure) {
            let matrix = Matrix(rows: 2, columns: 2)
            _ = matrix[2, 0]
        }
    }

    @Test func viewOutOfRangeStops() async {
        await #expect(processExitsWith: .failure) {
            _ = Matrix(rows: 2, columns: 2).rows(1..<3)
        }
    }

    @Test func elementCountMismatchStops() async {
        await #expect(processExitsWith: .failure) {
            _ = Matrix(rows: 2, columns: 2, elements: [1, 2, 3])
        }
    }
}
