import Foundation
import Testing
@testable import MatchCore

/// Random records written as CSV and as JSON Lines by independent, simple writers, read back
/// with every chunk size and compared with the originals.
@Suite("FeedReader: random records round-trip")
struct FeedReaderPropertyTests {
    static let schema = FeedSchema(
        columns: ["id", "name", "address", "skills", "note"], required: ["id"], lists: ["skills"])
    static let skills = 3

    /// One generated record: a value per column (nil: absent, JSON only), and the list items.
    struct Original {
        var values: [String?]
        var items: [String]?
    }

    static let pieces = [
        "Somchai", "a", "Z9", " ", ",", "\"", "\n", "\r\n", "\t", "\\", "/", "|", "\u{1}", "'",
        "สมชาย", "กรุงเทพฯ", "ช่างเชื่อม", "é", "😀", "𝄞", "{", "}", "[", ":", "null",
    ]

    static func randomText(_ generator: inout SeededGenerator, allowBar: Bool = true) -> String {
        var text = ""
        for _ in 0..<Int.random(in: 0...6, using: &generator) {
            let piece = pieces.randomElement(using: &generator)!
            if piece == "|" && !allowBar { continue }
            text += piece
        }
        return text
    }

    static func records(seed: UInt64, count: Int) -> [Original] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { index in
            var values: [String?] = schema.columns.indices.map { _ in randomText(&generator) }
            values[0] = "\(index)"
            var items: [String]?
            if Int.random(in: 0..<4, using: &generator) > 0 {
                items = (0..<Int.random(in: 0...3, using: &generator)).map { _ in randomText(&generator, allowBar: false) }
                values[skills] = items!.joined(separator: "|")
            }
            for column in 1..<values.count where Int.random(in: 0..<8, using: &generator) == 0 { values[column] = nil }
            if values[skills] == nil { items = nil }
            return Original(values: values, items: items)
        }
    }

    // MARK: Writers

    /// CSV with a header, some fields quoted without need, blank lines, LF or CRLF; and the
    /// line where each record starts.
    static func csv(_ records: [Original], seed: UInt64) -> (text: String, lines: [Int]) {
        var generator = SeededGenerator(seed: seed ^ 0xC5)
        let lineEnd = seed % 2 == 0 ? "\n" : "\r\n"
        var text = (seed % 3 == 0 ? "\u{FEFF}" : "") + schema.columns.joined(separator: ",") + lineEnd
        var line = 2
        var lines: [Int] = []
        for record in records {
            while Int.random(in: 0..<10, using: &generator) == 0 {
                text += lineEnd
                line += 1
            }
            let fields = record.values.map { value -> String in
                let value = value ?? ""
                let needsQuotes = value.utf8.contains(where: { Array(",\"\r\n".utf8).contains($0) })
                if needsQuotes || Int.random(in: 0..<5, using: &generator) == 0 {
                    return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                }
                return value
            }
            let written = fields.joined(separator: ",")
            lines.append(line)
            line += written.utf8.filter { $0 == 0x0A }.count + 1
            text += written + lineEnd
        }
        return (text, lines)
    }

    /// A JSON string literal, escaping what must be and, at random, other characters.
    static func jsonString(_ value: String, _ generator: inout SeededGenerator) -> String {
        var text = "\""
        for scalar in value.unicodeScalars {
            let roll = Int.random(in: 0..<10, using: &generator)
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += roll < 5 ? "\\n" : "\\u000a"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "/" where roll < 5: text += "\\/"
            case _ where scalar.value < 0x20 || (scalar.value >= 0x80 && roll < 3):
                for unit in String(scalar).utf16 { text += String(format: roll % 2 == 0 ? "\\u%04x" : "\\u%04X", unit) }
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }

    /// JSON Lines: keys sometimes shuffled, absent values missing or null, lists as arrays or
    /// strings, blank lines, CRLF at random.
    static func jsonLines(_ records: [Original], seed: UInt64) -> (text: String, lines: [Int]) {
        var generator = SeededGenerator(seed: seed ^ 0x15)
        var text = ""
        var line = 1
        var lines: [Int] = []
        for record in records {
            while Int.random(in: 0..<10, using: &generator) == 0 {
                text += Bool.random(using: &generator) ? "\n" : " \r\n"
                line += 1
            }
            var members: [String] = []
            for (column, name) in schema.columns.enumerated() {
                let key = jsonString(name, &generator)
                if column == skills, let items = record.items, Bool.random(using: &generator) {
                    members.append(key + ":[" + items.map { jsonString($0, &generator) }.joined(separator: ", ") + "]")
                } else if let value = record.values[column] {
                    members.append(key + (Bool.random(using: &generator) ? ":" : " : ") + jsonString(value, &generator))
                } else if Bool.random(using: &generator) {
                    members.append(key + ":null")
                }
            }
            if Int.random(in: 0..<5, using: &generator) == 0 { members.shuffle(using: &generator) }
            lines.append(line)
            text += "{" + members.joined(separator: ",") + "}" + (Bool.random(using: &generator) ? "\n" : "\r\n")
            line += 1
        }
        return (text, lines)
    }

    // MARK: Tests

    @Test(arguments: 1...12 as ClosedRange<UInt64>)
    func csvRoundTrip(seed: UInt64) throws {
        let originals = Self.records(seed: seed, count: 60)
        let (text, lines) = Self.csv(originals, seed: seed)
        try withFeedFile(text, named: "random.csv") { path in
            let result = try readFeedWithAllChunkSizes(path, .csv, Self.schema)
            #expect(result.records.count == originals.count)
            for (index, (read, original)) in zip(result.records, originals).enumerated() {
                #expect(read == record(index + 1, line: lines[index], original.values.map { $0 ?? "" }))
            }
        }
    }

    @Test(arguments: 1...12 as ClosedRange<UInt64>)
    func jsonLinesRoundTrip(seed: UInt64) throws {
        let originals = Self.records(seed: seed, count: 60)
        let (text, lines) = Self.jsonLines(originals, seed: seed)
        try withFeedFile(text, named: "random.jsonl") { path in
            let result = try readFeedWithAllChunkSizes(path, .jsonLines, Self.schema)
            #expect(result.records.count == originals.count)
            #expect(result.unknownColumns.isEmpty)
            for (index, (read, original)) in zip(result.records, originals).enumerated() {
                #expect(read == record(index + 1, line: lines[index], original.values))
            }
        }
    }
}
