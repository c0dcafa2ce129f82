import ArgumentParser
import Foundation
import MatchCore

/// How a command prints its results on standard output: `--format table|csv|jsonl`, the same flag
/// and names in every command that prints records (`evaluate`, `stats`, `explain`; `rank` writes
/// its lists to a file with `--format csv|jsonl`). `json`, one document, where a command has one.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// Aligned text for a person at a terminal (the default).
    case table
    /// CSV with a header row: RFC 4180 quoting, lines ending in a line feed, UTF-8 without a
    /// byte-order mark (Thai as is; spreadsheet programs may need to be told the encoding).
    case csv
    /// One JSON object a line, keys sorted.
    case jsonl
    /// One JSON document.
    case json

    /// Refuses a format the command does not print, naming the ones it does.
    static func check(_ format: OutputFormat, allowed: [OutputFormat]) throws {
        guard allowed.contains(format) else {
            let names = allowed.map(\.rawValue)
            throw ValidationError("--format: \(names.dropLast().joined(separator: ", ")) or \(names.last!)")
        }
    }
}

/// Rows of named columns: what `--format csv` and `--format jsonl` print.
struct Records {
    enum Value: Equatable {
        case text(String)
        case integer(Int)
        case number(Double)
        /// A Float written as its shortest decimal (not the longer one of its Double value).
        case float(Float)
        /// An empty CSV field, `null` in JSON.
        case missing
    }

    let columns: [String]
    private(set) var rows: [[Value]] = []

    init(columns: [String]) { self.columns = columns }

    mutating func append(_ row: [Value]) {
        precondition(row.count == columns.count, "a record has one value a column")
        rows.append(row)
    }

    /// The header and the rows as CSV, each line ending in a line feed.
    func csv() -> String {
        var lines = [columns.map(CSVText.quoted).joined(separator: ",")]
        for row in rows {
            lines.append(row.map { value -> String in
                switch value {
                case .text(let text): CSVText.quoted(text)
                case .integer(let integer): String(integer)
                case .number(let number): number.isFinite ? String(number) : ""
                case .float(let number): number.isFinite ? String(number) : ""
                case .missing: ""
                }
            }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One JSON object a row (keys sorted), each line ending in a line feed. A number that is not
    /// finite is `null`.
    func jsonLines() throws -> String {
        var text = ""
        for row in rows {
            var object: [String: Any] = [:]
            for (column, value) in zip(columns, row) {
                switch value {
                case .text(let string): object[column] = string
                case .integer(let integer): object[column] = integer
                case .number(let number): object[column] = number.isFinite ? number : NSNull()
                case .float(let number): object[column] = number.isFinite ? shortest(number) : NSNull()
                case .missing: object[column] = NSNull()
                }
            }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            text += String(decoding: data, as: UTF8.self) + "\n"
        }
        return text
    }

    /// The records as `format` (csv or jsonl).
    func rendered(_ format: OutputFormat) throws -> String {
        switch format {
        case .csv: csv()
        case .jsonl: try jsonLines()
        case .table, .json: preconditionFailure("Records print as csv or jsonl")
        }
    }
}

/// A finite Float as the Double of its shortest decimal, so JSON shows 1.5532677, not
/// 1.5532677173614502.
func shortest(_ value: Float) -> Double { Double(String(value)) ?? Double(value) }
