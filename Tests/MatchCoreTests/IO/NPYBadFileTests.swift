import Foundation
import Testing
@testable import MatchCore

/// Writes `bytes` to a file in a fresh folder, reads it with `read`, and returns the NPYError
/// after checking that it names the file.
private func readError(
    _ bytes: [UInt8], name: String = "bad.npy",
    sourceLocation: SourceLocation = #_sourceLocation,
    read: (String) throws -> Void = { _ = try NPY.readMatrix(at: $0) }
) throws -> NPYError? {
    try withTemporaryDirectory { directory in
        let path = try directory.write(bytes, to: name)
        let error = expectNPYError(sourceLocation: sourceLocation) { try read(path) }
        #expect(error?.file == path, sourceLocation: sourceLocation)
        #expect(error?.description.hasPrefix(path + ": ") == true, sourceLocation: sourceLocation)
        return error
    }
}

private let sixFloats = float32Bytes([1, 2, 3, 4, 5, 6])

@Suite("NPY files that cannot be opened or are not .npy")
struct NPYOpenErrorTests {
    @Test func missingFileCannotBeOpened() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("missing.npy")
            for read in [{ _ = try NPY.readMatrix(at: $0) }, { _ = try NPY.readInt64(at: $0) }, { _ = try NPY.readHeader(at: $0) }]
                as [(String) throws -> Void] {
                let error = expectNPYError { try read(path) }
                #expect(error?.file == path)
                guard case .cannotOpen(let reason) = error?.problem else {
                    Issue.record("expected cannotOpen, got \(String(describing: error))")
                    continue
                }
                #expect(!reason.isEmpty)
            }
        }
    }

    @Test func directoryIsNotARegularFile() throws {
        try withTemporaryDirectory { directory in
            let error = expectNPYError { _ = try NPY.readMatrix(at: directory.url.path) }
            #expect(error?.problem == .cannotOpen("not a regular file"))
            #expect(error?.file == directory.url.path)
        }
    }

    static let notNPY: [(String, [UInt8])] = [
        ("empty file", []),
        ("text", Array("hello, this is not numpy at all".utf8)),
        ("wrong magic", [0x93] + Array("NUMPZ".utf8) + [1, 0, 10, 0] + Array("{}        ".utf8)),
        ("magic only", [0x93] + Array("NUMPY".utf8)),
        ("nine bytes", [0x93] + Array("NUMPY".utf8) + [1, 0, 0]),
        ("zip (an .npz)", [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 60)),
    ]

    @Test(arguments: notNPY.indices)
    func notAnNPYFile(index: Int) throws {
        let error = try readError(Self.notNPY[index].1)
        #expect(error?.problem == .notNPY, "\(Self.notNPY[index].0)")
    }

    @Test(arguments: [UInt8(0), 4, 9, 255])
    func unsupportedVersion(version: UInt8) throws {
        var bytes = npyBytes(header: npyDictionary(shape: "(2, 3)"), data: sixFloats)
        bytes[6] = version
        let error = try readError(bytes)
        #expect(error?.problem == .unsupportedVersion(version))
        #expect(error?.description.contains("version \(version)") == true)
    }
}

@Suite("NPY malformed headers")
struct NPYMalformedHeaderTests {
    static let malformed: [(String, String)] = [
        ("no descr", "{'fortran_order': False, 'shape': (2, 3), }"),
        ("no fortran_order", "{'descr': '<f4', 'shape': (2, 3), }"),
        ("no shape", "{'descr': '<f4', 'fortran_order': False, }"),
        ("unknown key", "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'extra': 1, }"),
        ("not a dictionary", "['descr', '<f4']"),
        ("unterminated string", "{'descr: <f4, fortran_order: False, shape: (2, 3)}"),
        ("lowercase boolean", "{'descr': '<f4', 'fortran_order': false, 'shape': (2, 3), }"),
        ("negative dimension", "{'descr': '<f4', 'fortran_order': False, 'shape': (-2, 3), }"),
        ("shape not a tuple", "{'descr': '<f4', 'fortran_order': False, 'shape': [2, 3], }"),
        ("unclosed tuple", "{'descr': '<f4', 'fortran_order': False, 'shape': (2 3), }"),
        ("empty header", ""),
        ("cut off", "{'descr': '<f4', 'fortran_order': Fa"),
    ]

    @Test(arguments: malformed.indices)
    func malformedDictionary(index: Int) throws {
        let (what, header) = Self.malformed[index]
        let error = try readError(npyBytes(header: header, data: sixFloats))
        guard case .malformedHeader(let reason) = error?.problem else {
            Issue.record("\(what): expected malformedHeader, got \(String(describing: error?.problem))")
            return
        }
        #expect(!reason.isEmpty, "\(what)")
        #expect(error?.description.contains("malformed .npy header") == true)
    }

    @Test func malformedHeaderAlsoStopsReadHeaderAndReadInt64() throws {
        let bytes = npyBytes(header: "{'descr': '<i8'}", data: [])
        for read in [{ _ = try NPY.readHeader(at: $0) }, { _ = try NPY.readInt64(at: $0) }] as [(String) throws -> Void] {
            let error = try readError(bytes, read: read)
            guard case .malformedHeader = error?.problem else {
                Issue.record("expected malformedHeader, got \(String(describing: error?.problem))")
                continue
            }
        }
    }

    @Test func headerLengthPastTheEndOfTheFile() throws {
        var bytes = npyBytes(header: npyDictionary(shape: "(2, 3)"), data: [])
        bytes[8] = 0xFF
        bytes[9] = 0x7F
        let error = try readError(bytes)
        guard case .malformedHeader(let reason) = error?.problem else {
            Issue.record("expected malformedHeader, got \(String(describing: error?.problem))")
            return
        }
        #expect(reason.contains("past the end"))
    }

    @Test func version2FileEndingInsideTheHeaderLength() throws {
        let bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [2, 0, 0x40, 0, 0]
        let error = try readError(bytes)
        guard case .malformedHeader = error?.problem else {
            Issue.record("expected malformedHeader, got \(String(describing: error?.problem))")
            return
        }
    }

    @Test func headerThatIsNotUTF8() throws {
        var header = Array(npyDictionary(shape: "(2, 3)").utf8)
        header[3] = 0xFF
        let bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.count), 0] + header + sixFloats
        let error = try readError(bytes)
        #expect(error?.problem == .malformedHeader("not UTF-8 text"))
    }
}

@Suite("NPY unsupported dtypes, orders and shapes")
struct NPYUnsupportedContentTests {
    @Test func float64IsRejectedWithAHintToConvert() throws {
        let data = [UInt8](repeating: 0, count: 6 * 8)
        let error = try readError(npyBytes(header: npyDictionary(descr: "<f8", shape: "(2, 3)"), data: data))
        #expect(error?.problem == .unsupportedDType(found: "<f8", expected: "<f4"))
        #expect(error?.description.contains("astype") == true)
        #expect(error?.description.contains("float32") == true)
    }

    @Test func bigEndianFloat32IsRejected() throws {
        let error = try readError(npyBytes(header: npyDictionary(descr: ">f4", shape: "(2, 3)"), data: sixFloats))
        #expect(error?.problem == .unsupportedDType(found: ">f4", expected: "<f4"))
        #expect(error?.description.contains("astype") == false)
    }

    static let wrongTypes: [(descr: String, bytes: Int)] = [("<f2", 2), ("<i4", 4), ("<i8", 8), ("|u1", 1), (">i8", 8), ("<c8", 8)]

    @Test(arguments: wrongTypes.indices)
    func otherDTypesAreRejectedAsVectors(index: Int) throws {
        let (descr, size) = Self.wrongTypes[index]
        let data = [UInt8](repeating: 0, count: 6 * size)
        let error = try readError(npyBytes(header: npyDictionary(descr: descr, shape: "(2, 3)"), data: data))
        #expect(error?.problem == .unsupportedDType(found: descr, expected: "<f4"))
    }

    @Test func float32IsRejectedAsIds() throws {
        let error = try readError(npyBytes(header: npyDictionary(shape: "(2, 3)"), data: sixFloats)) {
            _ = try NPY.readInt64(at: $0)
        }
        #expect(error?.problem == .unsupportedDType(found: "<f4", expected: "<i8"))
        #expect(error?.description.contains("astype") == false)
    }

    @Test func fortranOrderTwoDimensionalIsRejected() throws {
        let error = try readError(npyBytes(header: npyDictionary(fortran: true, shape: "(2, 3)"), data: sixFloats))
        #expect(error?.problem == .fortranOrder)
        #expect(error?.description.contains("ascontiguousarray") == true)
    }

    @Test(arguments: [("(1, 2, 3)", [1, 2, 3]), ("(6, 1, 1)", [6, 1, 1]), ("()", [] as [Int])])
    func shapesOtherThanOneOrTwoDimensionsAreRejected(shapeText: String, shape: [Int]) throws {
        let count = shape.reduce(1, *)
        let data = float32Bytes([Float](repeating: 1, count: count))
        let error = try readError(npyBytes(header: npyDictionary(shape: shapeText), data: data))
        #expect(error?.problem == .unsupportedShape(shape))
        let ids = try readError(npyBytes(header: npyDictionary(descr: "<i8", shape: shapeText),
                                         data: [UInt8](repeating: 0, count: count * 8))) { _ = try NPY.readInt64(at: $0) }
        #expect(ids?.problem == .unsupportedShape(shape))
    }
}

@Suite("NPY data that does not fit the header")
struct NPYDataErrorTests {
    @Test func truncatedData() throws {
        let error = try readError(npyBytes(header: npyDictionary(shape: "(2, 3)"), data: Array(sixFloats.prefix(20))))
        #expect(error?.problem == .truncated(expectedBytes: 24, foundBytes: 20))
    }

    @Test func noDataAtAll() throws {
        let error = try readError(npyBytes(header: npyDictionary(shape: "(2, 3)")))
        #expect(error?.problem == .truncated(expectedBytes: 24, foundBytes: 0))
    }

    @Test func truncatedIds() throws {
        let data = int64Bytes([1, 2, 3])
        let error = try readError(npyBytes(header: npyDictionary(descr: "<i8", shape: "(4,)"), data: data)) {
            _ = try NPY.readInt64(at: $0)
        }
        #expect(error?.problem == .truncated(expectedBytes: 32, foundBytes: 24))
    }

    @Test func trailingBytes() throws {
        let error = try readError(npyBytes(header: npyDictionary(shape: "(2, 3)"), data: sixFloats + [0, 0, 0, 0]))
        #expect(error?.problem == .trailingBytes(4))
    }

    @Test func oneTrailingByte() throws {
        let error = try readError(npyBytes(header: npyDictionary(shape: "(2, 3)"), data: sixFloats + [0]))
        #expect(error?.problem == .trailingBytes(1))
    }

    @Test func hugeShapeIsMalformedNotACrash() throws {
        let error = try readError(npyBytes(header: npyDictionary(shape: "(4611686018427387904, 4)"), data: sixFloats))
        guard case .malformedHeader = error?.problem else {
            Issue.record("expected malformedHeader, got \(String(describing: error?.problem))")
            return
        }
    }

    static let nonFinite: [(value: Float, index: Int, name: String)] = [
        (.nan, 5, "NaN"), (.infinity, 1, "+infinity"), (-.infinity, 3, "-infinity"), (.nan, 0, "NaN"),
    ]

    @Test(arguments: nonFinite.indices)
    func nonFiniteValuesAreRejectedWithTheirPlace(index: Int) throws {
        let (value, position, name) = Self.nonFinite[index]
        var values: [Float] = [1, 2, 3, 4, 5, 6]
        values[position] = value
        let error = try readError(npyBytes(header: npyDictionary(shape: "(2, 3)"), data: float32Bytes(values)))
        #expect(error?.problem == .nonFinite(row: position / 3, column: position % 3, value: name))
        #expect(error?.description.contains("row \(position / 3), column \(position % 3)") == true)
    }

    @Test func firstNonFiniteValueIsReported() throws {
        let values: [Float] = [1, 2, 3, 4, -.infinity, .nan, 7, .infinity]
        let error = try readError(npyBytes(header: npyDictionary(shape: "(4, 2)"), data: float32Bytes(values)))
        #expect(error?.problem == .nonFinite(row: 2, column: 0, value: "-infinity"))
    }

    @Test func nonFiniteInAOneDimensionalFile() throws {
        let values: [Float] = [1, 2, 3, .nan]
        let error = try readError(npyBytes(header: npyDictionary(shape: "(4,)"), data: float32Bytes(values)))
        #expect(error?.problem == .nonFinite(row: 3, column: 0, value: "NaN"))
    }
}
