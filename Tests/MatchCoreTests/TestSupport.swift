import Foundation
import Testing
@testable import MatchCore

// Helpers shared by the MatchCore suites: seeded test data, a float tolerance, temporary
// folders and hand-made `.npy` bytes.

// MARK: Data

/// A matrix of small integers in `range` (default -2...2), so that every inner product of a
/// few dozen terms is an exact integer in Float32 and ties are frequent.
func integerMatrix(rows: Int, columns: Int, seed: UInt64, in range: ClosedRange<Int> = -2...2) -> Matrix {
    var generator = SeededGenerator(seed: seed)
    return Matrix(rows: rows, columns: columns, elements: (0..<rows * columns).map { _ in
        Float(Int.random(in: range, using: &generator))
    })
}

/// The inner product of two rows, in Float64.
func exactDot(_ a: Matrix, _ row: Int, _ b: Matrix, _ other: Int) -> Double {
    var sum: Double = 0
    for column in 0..<a.columns { sum += Double(a[row, column]) * Double(b[other, column]) }
    return sum
}

// MARK: Tolerance

/// True when `a` and `b` agree to `relative` of the larger magnitude (at least 1, so that
/// scores near zero are compared absolutely). Equal infinities are close.
func isClose(_ a: Float, _ b: Float, relative: Double = 1e-5) -> Bool {
    if a == b { return true }
    guard a.isFinite, b.isFinite else { return false }
    let (x, y) = (Double(a), Double(b))
    return abs(x - y) <= relative * max(1, abs(x), abs(y))
}

func isClose(_ a: Double, _ b: Float, relative: Double = 1e-5) -> Bool {
    guard b.isFinite else { return false }
    return abs(a - Double(b)) <= relative * max(1, abs(a), abs(Double(b)))
}

// MARK: Comparing results

/// A description of the first place where `result` differs from `oracle`, or nil when the ids
/// and scores are identical (the integer regime).
func firstDifference(_ result: TopKResult, _ oracle: TopKResult) -> String? {
    guard result.ids.rows == oracle.ids.rows, result.ids.columns == oracle.ids.columns else {
        return "shape \(result.ids.rows)×\(result.ids.columns), oracle \(oracle.ids.rows)×\(oracle.ids.columns)"
    }
    for query in 0..<oracle.queryCount {
        if result.ids.row(query) != oracle.ids.row(query) || result.scores.row(query) != oracle.scores.row(query) {
            return "query \(query): ids \(result.ids.row(query)) scores \(result.scores.row(query)); "
                + "oracle ids \(oracle.ids.row(query)) scores \(oracle.scores.row(query))"
        }
    }
    return nil
}

/// A description of the first place where `result` differs from `oracle` by more than Float32
/// rounding, or nil. Column by column the scores must agree within tolerance; an id may differ
/// from the oracle's only when that item's exact score is within tolerance of the oracle's
/// score in that column (a near-tie that rounding may swap). Ids in a row must be distinct.
func firstSignificantDifference(
    _ result: TopKResult, _ oracle: TopKResult, queries: Matrix, items: Matrix
) -> String? {
    guard result.ids.rows == oracle.ids.rows, result.ids.columns == oracle.ids.columns else {
        return "shape \(result.ids.rows)×\(result.ids.columns), oracle \(oracle.ids.rows)×\(oracle.ids.columns)"
    }
    for query in 0..<oracle.queryCount {
        let ids = result.ids.row(query)
        let valid = ids.filter { $0 >= 0 }
        if Set(valid).count != valid.count { return "query \(query): repeated ids \(ids)" }
        for column in 0..<oracle.k {
            let id = result.ids[query, column], expectedID = oracle.ids[query, column]
            let score = result.scores[query, column], expected = oracle.scores[query, column]
            guard isClose(score, expected) else {
                return "query \(query), column \(column): score \(score), oracle \(expected)"
            }
            if id == expectedID { continue }
            guard id >= 0, expectedID >= 0 else {
                return "query \(query), column \(column): id \(id), oracle \(expectedID)"
            }
            let exact = exactDot(queries, query, items, Int(id))
            guard isClose(exact, expected) else {
                return "query \(query), column \(column): id \(id) (exact score \(exact)), "
                    + "oracle id \(expectedID) (score \(expected)) is not a near-tie"
            }
        }
    }
    return nil
}

// MARK: Files

/// A fresh folder under the system's temporary directory; call ``remove()`` when done.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("jobmatch-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the folder.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// The names in the folder, sorted, hidden ones included.
    func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    /// Writes `bytes` to `name` and returns its path.
    @discardableResult
    func write(_ bytes: [UInt8], to name: String) throws -> String {
        let path = self.path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// Runs `body` with a fresh temporary folder and removes the folder afterwards.
func withTemporaryDirectory<R>(_ body: (TemporaryDirectory) throws -> R) throws -> R {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    return try body(directory)
}

/// Runs `body` with a fresh temporary folder and removes the folder afterwards.
func withTemporaryDirectory<R>(_ body: (TemporaryDirectory) async throws -> R) async throws -> R {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    return try await body(directory)
}

func fileExists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

func readBytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

// MARK: Hand-made .npy bytes

/// A `.npy` file with the given header dictionary text, format version and data bytes. The
/// dictionary is padded with spaces and a newline so the data starts on a 64-byte boundary,
/// as NumPy does; `pad: false` writes it exactly as given.
func npyBytes(header: String, version: UInt8 = 1, data: [UInt8] = [], pad: Bool = true) -> [UInt8] {
    var dictionary = Array(header.utf8)
    let prefix = version == 1 ? 10 : 12
    if pad {
        let total = (prefix + dictionary.count + 1 + 63) / 64 * 64
        dictionary += [UInt8](repeating: 0x20, count: total - prefix - dictionary.count - 1) + [0x0A]
    }
    var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [version, 0]
    let length = UInt32(dictionary.count)
    bytes += [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF)]
    if version != 1 { bytes += [UInt8(length >> 16 & 0xFF), UInt8(length >> 24)] }
    return bytes + dictionary + data
}

/// The header dictionary of a file of `descr` and `shape`, as NumPy writes it.
func npyDictionary(descr: String = "<f4", fortran: Bool = false, shape: String) -> String {
    "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shape), }"
}

/// Little-endian bytes of Float32 values.
func float32Bytes(_ values: [Float]) -> [UInt8] {
    values.flatMap { value -> [UInt8] in
        let bits = value.bitPattern.littleEndian
        return withUnsafeBytes(of: bits) { Array($0) }
    }
}

/// Little-endian bytes of Int64 values.
func int64Bytes(_ values: [Int64]) -> [UInt8] {
    values.flatMap { value -> [UInt8] in withUnsafeBytes(of: value.littleEndian) { Array($0) } }
}

/// Runs `body` expecting an ``NPYError`` and returns it (nil, with a recorded issue, if
/// something else happened).
func expectNPYError(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) -> NPYError? {
    do {
        try body()
        Issue.record("expected an NPYError, but nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as NPYError {
        return error
    } catch {
        Issue.record("expected an NPYError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
