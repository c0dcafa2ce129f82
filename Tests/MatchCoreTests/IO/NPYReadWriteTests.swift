import Foundation
import Testing
@testable import MatchCore

@Suite("NPY round trips")
struct NPYRoundTripTests {
    static let floatShapes: [(rows: Int, columns: Int)] = [(7, 5), (0, 5), (6, 1), (1, 1), (0, 0), (3, 17)]

    @Test(arguments: floatShapes.indices)
    func float32MatrixRoundTrips(shape: Int) throws {
        let (rows, columns) = Self.floatShapes[shape]
        try withTemporaryDirectory { directory in
            let path = directory.path("vectors.npy")
            let matrix = Matrix.gaussian(rows: rows, columns: columns, seed: UInt64(shape))
            try NPY.write(matrix, to: path)
            #expect(try NPY.readMatrix(at: path) == matrix)

            let header = try NPY.readHeader(at: path)
            #expect(header.version == 1)
            #expect(header.dtype == "<f4")
            #expect(!header.fortranOrder)
            #expect(header.shape == [rows, columns])
            #expect(header.dataOffset % 64 == 0)
            #expect(try readBytes(path).count == header.dataOffset + rows * columns * 4)
            #expect(try directory.contents() == ["vectors.npy"])
        }
    }

    @Test(arguments: [(4, 3), (0, 3), (5, 1), (1, 0)])
    func int32IdsRoundTripAsInt64(rows: Int, columns: Int) throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("ids.npy")
            let values = (0..<rows * columns).map { Int32($0 % 3 == 0 ? -1 : $0 * 1_000_003) }
            let ids = DenseMatrix<Int32>(rows: rows, columns: columns, elements: values)
            try NPY.write(ids, to: path)
            #expect(try NPY.readHeader(at: path).dtype == "<i8")
            let read = try NPY.readInt64(at: path)
            #expect(read == DenseMatrix<Int64>(rows: rows, columns: columns, elements: values.map(Int64.init)))
        }
    }

    @Test func int64ExtremesRoundTrip() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("big.npy")
            let values: [Int64] = [.min, -1, 0, 1, .max, Int64(Int32.max) + 1]
            let matrix = DenseMatrix<Int64>(rows: 3, columns: 2, elements: values)
            try NPY.write(matrix, to: path)
            #expect(try NPY.readInt64(at: path) == matrix)
        }
    }

    @Test func largeIntMatrixCrossesTheWriteChunk() throws {
        // More than the writer's 65 536-element conversion chunk.
        try withTemporaryDirectory { directory in
            let path = directory.path("ids.npy")
            let ids = DenseMatrix<Int32>(rows: 300, columns: 301, elements: (0..<300 * 301).map { Int32($0) - 5 })
            try NPY.write(ids, to: path)
            let read = try NPY.readInt64(at: path)
            #expect(read.elements == ids.elements.map(Int64.init))
        }
    }

    @Test func writingAViewWritesItsRows() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("view.npy")
            let matrix = integerMatrix(rows: 6, columns: 4, seed: 9)
            try NPY.write(matrix.rows(2..<5), to: path)
            #expect(try NPY.readMatrix(at: path) == matrix.rows(2..<5))
        }
    }

    @Test func writingReplacesAnExistingFile() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("vectors.npy")
            try NPY.write(Matrix(rows: 5, columns: 5, repeating: 1), to: path)
            let replacement = Matrix(rows: 1, columns: 2, elements: [7, 8])
            try NPY.write(replacement, to: path)
            #expect(try NPY.readMatrix(at: path) == replacement)
            #expect(try directory.contents() == ["vectors.npy"])
        }
    }

    @Test func writtenFilesAreByteForByteWhatNumPyWrites() throws {
        try withTemporaryDirectory { directory in
            let floats = directory.path("floats.npy")
            try NPY.write(Matrix(rows: 2, columns: 3, elements: [1.5, -2, 0, 3.25, 4, -0.5]), to: floats)
            #expect(try readBytes(floats) == NumPyFixtures.float32Matrix)
            let ids = directory.path("ids.npy")
            try NPY.write(DenseMatrix<Int32>(rows: 2, columns: 2, elements: [0, -1, 5, 2]), to: ids)
            #expect(try readBytes(ids) == NumPyFixtures.int64Matrix)
        }
    }
}

@Suite("NPY header variants")
struct NPYHeaderVariantTests {
    let values: [Float] = [1, -2, 3.5, 0, 1e-3, -1e6]

    @Test(arguments: [UInt8(1), 2, 3])
    func everyFormatVersionReads(version: UInt8) throws {
        try withTemporaryDirectory { directory in
            let bytes = npyBytes(header: npyDictionary(shape: "(2, 3)"), version: version, data: float32Bytes(values))
            let path = try directory.write(bytes, to: "v\(version).npy")
            #expect(try NPY.readMatrix(at: path) == Matrix(rows: 2, columns: 3, elements: values))
            let header = try NPY.readHeader(at: path)
            #expect(header.version == version)
            #expect(header.dataOffset == bytes.count - 24)
            #expect(header.shape == [2, 3])
        }
    }

    @Test(arguments: [UInt8(2), 3])
    func headerLongerThan64KiBUsesAllFourLengthBytes(version: UInt8) throws {
        try withTemporaryDirectory { directory in
            // About 70 000 bytes of header, so the length needs its third byte.
            let header = npyDictionary(shape: "(1, 2)") + String(repeating: " ", count: 70_000 - 64) + "\n"
            let bytes = npyBytes(header: header, version: version, data: float32Bytes([7, 8]), pad: false)
            #expect(bytes[10] == 0x01)
            let path = try directory.write(bytes, to: "long.npy")
            #expect(try NPY.readMatrix(at: path).elements == [7, 8])
            #expect(try NPY.readHeader(at: path).dataOffset == 12 + header.utf8.count)
        }
    }

    @Test func version3HeaderMayHoldUTF8() throws {
        try withTemporaryDirectory { directory in
            // Version 3 exists for UTF-8 headers; a non-ASCII character before the closing brace.
            let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }  ·"
            let path = try directory.write(npyBytes(header: header, version: 3, data: float32Bytes([5, 6])), to: "utf8.npy")
            #expect(try NPY.readMatrix(at: path) == Matrix(rows: 1, columns: 2, elements: [5, 6]))
        }
    }

    @Test func oneDimensionalShapeReadsAsAColumn() throws {
        try withTemporaryDirectory { directory in
            let path = try directory.write(
                npyBytes(header: npyDictionary(shape: "(5,)"), data: float32Bytes([1, 2, 3, 4, 5])),
                to: "column.npy")
            let matrix = try NPY.readMatrix(at: path)
            #expect(matrix.rows == 5)
            #expect(matrix.columns == 1)
            #expect(matrix.elements == [1, 2, 3, 4, 5])
            #expect(try NPY.readHeader(at: path).shape == [5])
        }
    }

    @Test func nativeByteOrderIsAcceptedAsLittleEndian() throws {
        try withTemporaryDirectory { directory in
            let floats = try directory.write(
                npyBytes(header: npyDictionary(descr: "=f4", shape: "(1, 2)"), data: float32Bytes([2, -3])),
                to: "native.npy")
            #expect(try NPY.readMatrix(at: floats).elements == [2, -3])
            let ints = try directory.write(
                npyBytes(header: npyDictionary(descr: "=i8", shape: "(2,)"), data: int64Bytes([9, -9])),
                to: "native-ids.npy")
            #expect(try NPY.readInt64(at: ints).elements == [9, -9])
        }
    }

    /// Headers NumPy could have written, or that other writers produce.
    static let unusualHeaders = [
        "{'shape': (2, 1), 'fortran_order': False, 'descr': '<f4'}",  // other key order, no trailing comma
        "{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (2, 1)}",  // double quotes
        "{ 'descr' : '<f4' , 'fortran_order' : False , 'shape' : ( 2 , 1 ) , }",  // spaces
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 1L), }",  // Python 2 longs
        "{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }",  // Fortran order is moot in 1-D
    ]

    @Test(arguments: unusualHeaders)
    func unusualButValidHeadersRead(header: String) throws {
        try withTemporaryDirectory { directory in
            let path = try directory.write(npyBytes(header: header, data: float32Bytes([4, 5])), to: "h.npy")
            let matrix = try NPY.readMatrix(at: path)
            #expect(matrix.elements == [4, 5])
            #expect(matrix.rows == 2)
        }
    }

    @Test func unpaddedHeaderReads() throws {
        try withTemporaryDirectory { directory in
            let path = try directory.write(
                npyBytes(header: npyDictionary(shape: "(1, 1)"), data: float32Bytes([3]), pad: false),
                to: "tight.npy")
            #expect(try NPY.readMatrix(at: path).elements == [3])
        }
    }

    @Test func emptyArraysRead() throws {
        try withTemporaryDirectory { directory in
            let rows = try directory.write(npyBytes(header: npyDictionary(shape: "(0, 4)")), to: "rows.npy")
            let matrix = try NPY.readMatrix(at: rows)
            #expect(matrix.rows == 0 && matrix.columns == 4)
            let vector = try directory.write(npyBytes(header: npyDictionary(descr: "<i8", shape: "(0,)")), to: "vector.npy")
            let ids = try NPY.readInt64(at: vector)
            #expect(ids.rows == 0 && ids.columns == 1)
        }
    }
}

@Suite("NPY files written by NumPy")
struct NumPyFileTests {
    @Test func float32Matrix() throws {
        try withTemporaryDirectory { directory in
            let path = try directory.write(NumPyFixtures.float32Matrix, to: "a.npy")
            #expect(try NPY.readMatrix(at: path) == Matrix(rows: 2, columns: 3, elements: [1.5, -2, 0, 3.25, 4, -0.5]))
        }
    }

    @Test func int64Vector() throws {
        try withTemporaryDirectory { directory in
            let path = try directory.write(NumPyFixtures.int64Vector, to: "ids.npy")
            #expect(try NPY.readInt64(at: path) == DenseMatrix<Int64>(rows: 3, columns: 1, elements: [3, -1, 7]))
        }
    }

    @Test func int64Matrix() throws {
        try withTemporaryDirectory { directory in
            let path = try directory.write(NumPyFixtures.int64Matrix, to: "pairs.npy")
            #expect(try NPY.readInt64(at: path) == DenseMatrix<Int64>(rows: 2, columns: 2, elements: [0, -1, 5, 2]))
        }
    }

    @Test func versions2And3() throws {
        try withTemporaryDirectory { directory in
            let v2 = try directory.write(NumPyFixtures.float32Version2, to: "v2.npy")
            #expect(try NPY.readHeader(at: v2).version == 2)
            #expect(try NPY.readMatrix(at: v2) == Matrix(rows: 2, columns: 1, elements: [0.25, 8]))
            let v3 = try directory.write(NumPyFixtures.float32Version3, to: "v3.npy")
            #expect(try NPY.readHeader(at: v3).version == 3)
            #expect(try NPY.readMatrix(at: v3) == Matrix(rows: 1, columns: 2, elements: [1, 2]))
        }
    }

    @Test func rejectedNumPyFiles() throws {
        try withTemporaryDirectory { directory in
            let f8 = try directory.write(NumPyFixtures.float64Matrix, to: "f8.npy")
            #expect(expectNPYError { _ = try NPY.readMatrix(at: f8) }?.problem
                == .unsupportedDType(found: "<f8", expected: "<f4"))
            let fortran = try directory.write(NumPyFixtures.fortranMatrix, to: "fortran.npy")
            #expect(expectNPYError { _ = try NPY.readMatrix(at: fortran) }?.problem == .fortranOrder)
            let big = try directory.write(NumPyFixtures.bigEndianMatrix, to: "big.npy")
            #expect(expectNPYError { _ = try NPY.readMatrix(at: big) }?.problem
                == .unsupportedDType(found: ">f4", expected: "<f4"))
        }
    }
}
