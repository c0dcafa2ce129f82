import Foundation
import MatchCore

/// Encodes feed rows as CSV or JSON Lines bytes, in the formats of `docs/feeds.md`.
///
/// Rows are lists of optional strings in the order of `columns`; nil is blank (CSV) or an
/// absent key (JSON). Columns named in `lists` hold `|`-joined items, written as JSON arrays.
/// CSV fields holding `,`, `"` or a line break are quoted with `"` doubled.
public struct FeedEncoder: Sendable {
    public let columns: [String]
    public let format: FeedFormat
    private let lists: Set<Int>
    /// `"name":` of each column, for JSON Lines.
    private let keys: [[UInt8]]
    /// The encoded rows so far.
    public internal(set) var bytes: [UInt8] = []

    public init(columns: [String], lists: Set<String> = [], format: FeedFormat) {
        self.columns = columns
        self.format = format
        self.lists = Set(columns.indices.filter { lists.contains(columns[$0]) })
        keys = columns.map { Array((FeedEncoder.jsonString($0) + ":").utf8) }
    }

    /// The CSV header line (JSON Lines has none).
    mutating func appendHeader() {
        guard format == .csv else { return }
        encode(columns)
    }

    /// Appends one row (`values.count == columns.count`).
    public mutating func encode(_ values: [String?]) {
        precondition(values.count == columns.count, "one value per column")
        if format == .csv {
            for index in values.indices {
                if index > 0 { bytes.append(0x2C) }
                if let value = values[index] { appendCSVField(value) }
            }
            bytes.append(0x0A)
        } else {
            appendJSONLine(values)
        }
    }

    public mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    /// The field's bytes, quoted (with `"` doubled) when it holds `,`, `"` or a line break.
    private mutating func appendCSVField(_ value: String) {
        var value = value
        value.withUTF8 { field in
            guard field.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
                bytes.append(contentsOf: field)
                return
            }
            bytes.append(0x22)
            for byte in field {
                if byte == 0x22 { bytes.append(0x22) }
                bytes.append(byte)
            }
            bytes.append(0x22)
        }
    }

    /// One JSON object: absent keys for nil, arrays for list columns (items cut at `|`).
    private mutating func appendJSONLine(_ values: [String?]) {
        bytes.append(0x7B)
        var first = true
        for index in values.indices {
            guard let value = values[index] else { continue }
            if !first { bytes.append(0x2C) }
            first = false
            bytes.append(contentsOf: keys[index])
            if lists.contains(index) {
                bytes.append(0x5B)
                var firstItem = true
                for item in value.split(separator: "|", omittingEmptySubsequences: true) {
                    if !firstItem { bytes.append(0x2C) }
                    firstItem = false
                    appendJSONString(String(item))
                }
                bytes.append(0x5D)
            } else {
                appendJSONString(value)
            }
        }
        bytes.append(contentsOf: [0x7D, 0x0A])
    }

    private mutating func appendJSONString(_ value: String) {
        var value = value
        bytes.append(0x22)
        value.withUTF8 { text in
            for byte in text {
                switch byte {
                case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
                case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
                case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
                case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
                case 0..<0x20: bytes.append(contentsOf: Array(String(format: "\\u%04x", byte).utf8))
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(0x22)
    }

    static func jsonString(_ value: String) -> String {
        var encoder = FeedEncoder(columns: [], format: .jsonLines)
        encoder.appendJSONString(value)
        return String(decoding: encoder.bytes, as: UTF8.self)
    }
}

/// Writes feed rows as CSV (with header) or JSON Lines to a file, through a ``FeedEncoder``.
/// Output is buffered and written in large chunks; call ``close()`` at the end.
public final class FeedWriter {
    public let path: String
    private let handle: FileHandle
    private var encoder: FeedEncoder

    public init(path: String, columns: [String], lists: Set<String> = [], format: FeedFormat? = nil) throws {
        self.path = path
        encoder = FeedEncoder(columns: columns, lists: lists, format: format ?? FeedFormat(path: path) ?? .csv)
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        encoder.bytes.reserveCapacity(1 << 20)
        encoder.appendHeader()
    }

    /// An empty encoder for this file's columns and format: rows encoded elsewhere (on other
    /// threads) and handed to ``write(encoded:)``.
    public func makeEncoder() -> FeedEncoder {
        var copy = encoder
        copy.bytes = []
        return copy
    }

    /// Appends one row (`values.count == columns.count`).
    public func write(_ values: [String?]) throws {
        encoder.encode(values)
        if encoder.bytes.count >= 1 << 20 { try flush() }
    }

    /// Appends rows encoded by an encoder of ``makeEncoder()``.
    public func write(encoded: FeedEncoder) throws {
        try flush()
        try handle.write(contentsOf: encoded.bytes)
    }

    /// Appends a raw line as it is (for deliberately broken rows in tests).
    public func writeRaw(_ line: String) throws {
        encoder.bytes.append(contentsOf: (line + "\n").utf8)
    }

    public func close() throws {
        try flush()
        try handle.close()
    }

    private func flush() throws {
        try handle.write(contentsOf: encoder.bytes)
        encoder.removeAll()
    }
}
