import Foundation
import MatchCore

/// Writes feed rows as CSV (with header) or JSON Lines, in the formats of `docs/feeds.md`.
///
/// Rows are lists of optional strings in the order of `columns`; nil is blank (CSV) or an
/// absent key (JSON). Columns named in `lists` hold `|`-joined items, written as JSON arrays.
/// Output is buffered and written in large chunks; call ``close()`` at the end.
public final class FeedWriter {
    public let path: String
    private let columns: [String]
    private let lists: Set<Int>
    private let format: FeedFormat
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    /// `"name":` of each column, for JSON Lines.
    private let keys: [[UInt8]]

    public init(path: String, columns: [String], lists: Set<String> = [], format: FeedFormat? = nil) throws {
        self.path = path
        self.columns = columns
        self.lists = Set(columns.indices.filter { lists.contains(columns[$0]) })
        self.format = format ?? FeedFormat(path: path) ?? .csv
        keys = columns.map { Array((Self.jsonString($0) + ":").utf8) }
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        buffer.reserveCapacity(1 << 20)
        if self.format == .csv {
            append(csvLine(columns))
        }
    }

    /// Appends one row (`values.count == columns.count`).
    public func write(_ values: [String?]) throws {
        precondition(values.count == columns.count, "one value per column")
        if format == .csv {
            for index in values.indices {
                if index > 0 { buffer.append(0x2C) }
                if let value = values[index] { appendCSVField(value) }
            }
            buffer.append(0x0A)
        } else {
            appendJSONLine(values)
        }
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Appends a raw line as it is (for deliberately broken rows in tests).
    public func writeRaw(_ line: String) throws {
        append(line + "\n")
    }

    public func close() throws {
        try flush()
        try handle.close()
    }

    private func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private func append(_ text: String) { buffer.append(contentsOf: text.utf8) }

    private func csvLine(_ values: [String]) -> String {
        values.map(Self.csvField).joined(separator: ",") + "\n"
    }

    static func csvField(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The field's bytes, quoted (with `"` doubled) when it holds `,`, `"` or a line break.
    private func appendCSVField(_ value: String) {
        var value = value
        value.withUTF8 { bytes in
            guard bytes.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
                buffer.append(contentsOf: bytes)
                return
            }
            buffer.append(0x22)
            for byte in bytes {
                if byte == 0x22 { buffer.append(0x22) }
                buffer.append(byte)
            }
            buffer.append(0x22)
        }
    }

    /// One JSON object: absent keys for nil, arrays for list columns (items cut at `|`).
    private func appendJSONLine(_ values: [String?]) {
        buffer.append(0x7B)
        var first = true
        for index in values.indices {
            guard let value = values[index] else { continue }
            if !first { buffer.append(0x2C) }
            first = false
            buffer.append(contentsOf: keys[index])
            if lists.contains(index) {
                buffer.append(0x5B)
                var firstItem = true
                for item in value.split(separator: "|", omittingEmptySubsequences: true) {
                    if !firstItem { buffer.append(0x2C) }
                    firstItem = false
                    appendJSONString(String(item))
                }
                buffer.append(0x5D)
            } else {
                appendJSONString(value)
            }
        }
        buffer.append(contentsOf: [0x7D, 0x0A])
    }

    private func appendJSONString(_ value: String) {
        var value = value
        buffer.append(0x22)
        value.withUTF8 { bytes in
            for byte in bytes {
                switch byte {
                case 0x22: buffer.append(contentsOf: [0x5C, 0x22])
                case 0x5C: buffer.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: buffer.append(contentsOf: [0x5C, 0x6E])
                case 0x0D: buffer.append(contentsOf: [0x5C, 0x72])
                case 0x09: buffer.append(contentsOf: [0x5C, 0x74])
                case 0..<0x20: buffer.append(contentsOf: Array(String(format: "\\u%04x", byte).utf8))
                default: buffer.append(byte)
                }
            }
        }
        buffer.append(0x22)
    }

    static func jsonString(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let control where control.value < 0x20: out += String(format: "\\u%04x", control.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
