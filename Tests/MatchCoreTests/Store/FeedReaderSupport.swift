import Foundation
import Testing
@testable import MatchCore

// Helpers of the FeedReader suites: reading a whole file into values, and writing one.

/// One record as read, copied out of the reader's buffers.
struct ReadRecord: Equatable, CustomStringConvertible {
    var row: Int
    var line: Int
    /// Fields by schema column; nil when absent.
    var fields: [String?]
    var problem: RecordProblem?

    var description: String {
        let values = fields.map { $0.map { "\"\($0.debugDescription.dropFirst().dropLast())\"" } ?? "nil" }
        return "row \(row) line \(line): " + (problem.map { "problem \($0)" } ?? values.joined(separator: ", "))
    }
}

/// Everything a reader gives for one file.
struct ReadResult: Equatable {
    var records: [ReadRecord]
    var unknownColumns: [String]

    /// The fields of the records without problems.
    var values: [[String?]] { records.filter { $0.problem == nil }.map(\.fields) }
    /// The problems, in order.
    var problems: [RecordProblem] { records.compactMap(\.problem) }
}

/// Chunk sizes that put record and field boundaries everywhere, and the default.
let boundaryChunkSizes = [1, 2, 3, 7, 64, 4 << 20]

/// Reads the whole file at `path`.
func readFeed(
    _ path: String, _ format: FeedFormat, _ schema: FeedSchema,
    chunkSize: Int = 4 << 20, maximumRecordBytes: Int = 1 << 20
) throws -> ReadResult {
    let reader = try FeedReader(
        path: path, format: format, schema: schema, maximumRecordBytes: maximumRecordBytes, chunkSize: chunkSize)
    var records: [ReadRecord] = []
    try reader.forEachRow { row in
        let fields = (0..<row.columnCount).map { column in
            row.field(column).map { String(decoding: $0, as: UTF8.self) }
        }
        records.append(ReadRecord(row: row.row, line: row.line, fields: fields, problem: row.problem))
    }
    #expect(reader.bytesRead == reader.fileSize)
    return ReadResult(records: records, unknownColumns: reader.unknownColumns)
}

/// Reads the file with every chunk size of ``boundaryChunkSizes``, expects the same result
/// from each and returns it.
func readFeedWithAllChunkSizes(
    _ path: String, _ format: FeedFormat, _ schema: FeedSchema, maximumRecordBytes: Int = 1 << 20,
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> ReadResult {
    let reference = try readFeed(path, format, schema, maximumRecordBytes: maximumRecordBytes)
    for chunkSize in boundaryChunkSizes.dropLast() {
        let result = try readFeed(path, format, schema, chunkSize: chunkSize, maximumRecordBytes: maximumRecordBytes)
        #expect(result == reference, "chunk size \(chunkSize)", sourceLocation: sourceLocation)
    }
    return reference
}

/// Runs `body` with the path of a temporary file holding `bytes`, named `name`, and deletes it.
func withFeedFile<R>(_ bytes: [UInt8], named name: String = "feed.csv", _ body: (String) throws -> R) throws -> R {
    try withTemporaryDirectory { directory in
        try body(try directory.write(bytes, to: name))
    }
}

/// Runs `body` with the path of a temporary file holding `text`, named `name`, and deletes it.
func withFeedFile<R>(_ text: String, named name: String = "feed.csv", _ body: (String) throws -> R) throws -> R {
    try withFeedFile(Array(text.utf8), named: name, body)
}

/// Runs `body` expecting a ``FeedReaderError`` and returns it.
func expectFeedReaderError(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) -> FeedReaderError? {
    do {
        try body()
        Issue.record("expected a FeedReaderError, but nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as FeedReaderError {
        return error
    } catch {
        Issue.record("expected a FeedReaderError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// A record read without problem.
func record(_ row: Int, line: Int, _ fields: [String?]) -> ReadRecord {
    ReadRecord(row: row, line: line, fields: fields, problem: nil)
}

/// A record with a problem (and so no fields) in a schema of `columns` columns.
func problemRecord(_ row: Int, line: Int, columns: Int, field: String? = nil, _ reason: String) -> ReadRecord {
    ReadRecord(
        row: row, line: line, fields: [String?](repeating: nil, count: columns),
        problem: RecordProblem(field: field, reason: reason))
}
