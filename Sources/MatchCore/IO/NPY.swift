import Foundation

/// NumPy `.npy` files: the format of `numpy.save`, so that vectors made elsewhere can be ranked
/// here and results compared with other tools.
///
/// Supported: format versions 1, 2 and 3; little-endian `float32` (`<f4`) and `int64` (`<i8`)
/// in C (row) order; 1-D and 2-D shapes. Reading checks everything a wrong file can get wrong
/// (magic, version, header, dtype, order, shape, length, NaN and infinity) and throws one
/// ``NPYError`` naming the file and the problem. Writing goes to a temporary file beside the
/// destination that is renamed over it only when complete (see ``StagedFile``).
public enum NPY {
    /// An element type that `.npy` files can hold and jobmatch reads or writes.
    public enum DType: String, Sendable {
        case float32 = "<f4"
        case int64 = "<i8"

        var size: Int { self == .float32 ? 4 : 8 }
    }

    /// What the header of a `.npy` file says.
    public struct Header: Sendable, Equatable {
        public var version: UInt8
        public var dtype: String
        public var fortranOrder: Bool
        public var shape: [Int]
        /// Byte offset of the first element.
        public var dataOffset: Int
    }

    // MARK: Reading

    /// Reads a 2-D float32 file as a matrix, rejecting NaN and infinity.
    ///
    /// A 1-D file of n values reads as n × 1. The elements are read straight into the matrix:
    /// the peak memory is the matrix itself.
    /// - Throws: ``NPYError``.
    public static func readMatrix(at path: String) throws -> Matrix {
        let file = try InputFile(path: path)
        let header = try file.header(expecting: .float32)
        let (rows, columns) = try matrixShape(header, path: path)
        let matrix = try Matrix(rows: rows, columns: columns) { buffer in
            try file.read(into: UnsafeMutableRawBufferPointer(buffer), at: header.dataOffset)
        }
        try matrix.withUnsafeBufferPointer { values in
            guard let bad = values.firstIndex(where: { !$0.isFinite }) else { return }
            let value = values[bad]
            throw NPYError(file: path, problem: .nonFinite(
                row: columns == 0 ? 0 : bad / columns, column: columns == 0 ? 0 : bad % columns,
                value: value.isNaN ? "NaN" : (value > 0 ? "+infinity" : "-infinity")))
        }
        return matrix
    }

    /// Reads a 1-D or 2-D int64 file; a 1-D file of n values reads as n × 1.
    /// - Throws: ``NPYError``.
    public static func readInt64(at path: String) throws -> DenseMatrix<Int64> {
        let file = try InputFile(path: path)
        let header = try file.header(expecting: .int64)
        let (rows, columns) = try matrixShape(header, path: path)
        return try DenseMatrix<Int64>(rows: rows, columns: columns) { buffer in
            try file.read(into: UnsafeMutableRawBufferPointer(buffer), at: header.dataOffset)
        }
    }

    /// Reads and checks only the header of a file.
    /// - Throws: ``NPYError``.
    public static func readHeader(at path: String) throws -> Header {
        try InputFile(path: path).header(expecting: nil)
    }

    private static func matrixShape(_ header: Header, path: String) throws -> (Int, Int) {
        switch header.shape.count {
        case 1: return (header.shape[0], 1)
        case 2: return (header.shape[0], header.shape[1])
        default: throw NPYError(file: path, problem: .unsupportedShape(header.shape))
        }
    }

    // MARK: Writing

    /// Writes a float32 matrix (2-D, C order), replacing `path` only when the file is complete.
    /// - Throws: ``NPYError`` when the file cannot be written; nothing is left at `path` then.
    public static func write(_ matrix: Matrix, to path: String) throws {
        let staged = try StagedFile(destination: path)
        try write(matrix, to: staged)
        try staged.commit()
    }

    /// Writes an index matrix as int64 (2-D, C order), replacing `path` only when complete.
    /// - Throws: ``NPYError``; nothing is left at `path` then.
    public static func write<Integer: FixedWidthInteger & BitwiseCopyable & Sendable>(
        _ matrix: DenseMatrix<Integer>, to path: String
    ) throws {
        let staged = try StagedFile(destination: path)
        try write(matrix, to: staged)
        try staged.commit()
    }

    /// Writes a float32 matrix into a staged file (commit it to make it visible).
    public static func write(_ matrix: Matrix, to staged: StagedFile) throws {
        try staged.write(headerBytes(dtype: .float32, shape: [matrix.rows, matrix.columns]))
        try matrix.withUnsafeBufferPointer { values in
            try staged.write(UnsafeRawBufferPointer(values))
        }
    }

    /// Writes an index matrix as int64 into a staged file (commit it to make it visible).
    public static func write<Integer: FixedWidthInteger & BitwiseCopyable & Sendable>(
        _ matrix: DenseMatrix<Integer>, to staged: StagedFile
    ) throws {
        try staged.write(headerBytes(dtype: .int64, shape: [matrix.rows, matrix.columns]))
        let chunk = 1 << 16
        var converted = [Int64](repeating: 0, count: chunk)
        try matrix.withUnsafeBufferPointer { values in
            var start = 0
            while start < values.count {
                let end = min(values.count, start + chunk)
                for index in start..<end { converted[index - start] = Int64(values[index]).littleEndian }
                try converted.withUnsafeBytes { bytes in
                    try staged.write(UnsafeRawBufferPointer(rebasing: bytes[0..<(end - start) * 8]))
                }
                start = end
            }
        }
    }

    /// The magic, version and header of a file of `dtype` and `shape`, padded so that the data
    /// starts on a 64-byte boundary (version 1 unless the header needs version 2's longer length).
    static func headerBytes(dtype: DType, shape: [Int]) -> [UInt8] {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var dictionary = Array("{'descr': '\(dtype.rawValue)', 'fortran_order': False, 'shape': \(shapeText), }".utf8)
        let prefixV1 = 10, prefixV2 = 12
        let version: UInt8 = dictionary.count + 1 + prefixV1 <= 65535 ? 1 : 2
        let prefix = version == 1 ? prefixV1 : prefixV2
        let total = (prefix + dictionary.count + 1 + 63) / 64 * 64
        dictionary += [UInt8](repeating: 0x20, count: total - prefix - dictionary.count - 1) + [0x0A]
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [version, 0]
        let length = UInt32(dictionary.count)
        bytes += [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF)]
        if version == 2 { bytes += [UInt8(length >> 16 & 0xFF), UInt8(length >> 24)] }
        return bytes + dictionary
    }
}

/// A `.npy` file that cannot be read or written, with the file and the problem.
public struct NPYError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Problem: Sendable, Equatable {
        case cannotOpen(String)
        case notNPY
        case unsupportedVersion(UInt8)
        case malformedHeader(String)
        case unsupportedDType(found: String, expected: String)
        case fortranOrder
        case unsupportedShape([Int])
        case truncated(expectedBytes: Int, foundBytes: Int)
        case trailingBytes(Int)
        case nonFinite(row: Int, column: Int, value: String)
        case cannotWrite(String)
    }

    /// The path as the user gave it.
    public var file: String
    public var problem: Problem

    public init(file: String, problem: Problem) {
        self.file = file
        self.problem = problem
    }

    public var description: String { "\(file): \(problemDescription)" }

    private var problemDescription: String {
        switch problem {
        case .cannotOpen(let reason): return "cannot open: \(reason)"
        case .notNPY: return "not a NumPy .npy file (no \\x93NUMPY magic)"
        case .unsupportedVersion(let v): return "unsupported .npy format version \(v) (1, 2 and 3 are read)"
        case .malformedHeader(let what): return "malformed .npy header: \(what)"
        case .unsupportedDType(let found, let expected):
            let hint = found.hasSuffix("f8") && expected == NPY.DType.float32.rawValue
                ? "; convert with array.astype(numpy.float32)" : ""
            return "dtype \(found) where \(expected) is needed\(hint)"
        case .fortranOrder:
            return "stored in Fortran (column) order; save a C-ordered array (numpy.ascontiguousarray)"
        case .unsupportedShape(let shape):
            return "shape \(shape) is not 1-D or 2-D"
        case .truncated(let expected, let found):
            return "truncated: the header promises \(expected) bytes of data but the file has \(found)"
        case .trailingBytes(let extra):
            return "\(extra) unexpected bytes after the data the header describes"
        case .nonFinite(let row, let column, let value):
            return "row \(row), column \(column) is \(value); vectors must be finite"
        case .cannotWrite(let reason): return "cannot write: \(reason)"
        }
    }
}
