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

    public init(path: String, columns: [String], lists: Set<String> = [], format: FeedFormat? = nil) throws {
        self.path = path
        self.columns = columns
        self.lists = Set(columns.indices.filter { lists.contains(columns[$0]) })
        self.format = format ?? FeedFormat(path: path) ?? .csv
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
        append(format == .csv ? csvLine(values.map { $0 ?? "" }) : jsonLine(values))
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

    private func jsonLine(_ values: [String?]) -> String {
        var parts: [String] = []
        for (index, value) in values.enumerated() {
            guard let value else { continue }
            let key = Self.jsonString(columns[index])
            if lists.contains(index) {
                let items = value.split(separator: "|", omittingEmptySubsequences: true).map { Self.jsonString(String($0)) }
                parts.append("\(key):[\(items.joined(separator: ","))]")
            } else {
                parts.append("\(key):\(Self.jsonString(value))")
            }
        }
        return "{" + parts.joined(separator: ",") + "}\n"
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
