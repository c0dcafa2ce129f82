import Foundation
import Testing
@testable import MatchCore

@Suite("FeedReader: JSON Lines records")
struct FeedReaderJSONLinesTests {
    let schema = FeedSchema(columns: ["id", "name", "city", "skills", "score"], required: ["id"], lists: ["skills"])

    /// Reads `lines` joined with LF, with every chunk size.
    func read(_ lines: [String], maximumRecordBytes: Int = 1 << 20) throws -> ReadResult {
        try withFeedFile(lines.joined(separator: "\n") + "\n", named: "feed.jsonl") { path in
            try readFeedWithAllChunkSizes(path, .jsonLines, schema, maximumRecordBytes: maximumRecordBytes)
        }
    }

    @Test func stringEscapesAndSurrogatePairs() throws {
        let result = try read([
            #"{"id":"1","name":"a\"b\\c\/d\b\f\n\r\t","city":"\u00e9\u0E01\uD83D\uDE00 \u0000"}"#,
            #"{"id":"2","name":"ไทย \u0e44\u0E17\u0e22","city":"x\ud834\udd1ey"}"#,
        ])
        #expect(result.values == [
            ["1", "a\"b\\c/d\u{8}\u{C}\n\r\t", "é\u{0E01}😀 \u{0}", nil, nil],
            ["2", "ไทย ไทย", "x𝄞y", nil, nil],
        ])
    }

    @Test func numbersLiteralsNullEmptyAndMissing() throws {
        let result = try read([
            #"{"id":1,"name":"","city":null,"score":-12.5e+3}"#,
            #"{ "id" : 0 , "name" : true , "city" : false , "score" : 3E7 }"#,
            #"{}"#,
        ])
        #expect(result.values == [
            ["1", "", nil, nil, "-12.5e+3"],
            ["0", "true", "false", nil, "3E7"],
            [nil, nil, nil, nil, nil],
        ])
    }

    @Test func arraysOfListColumns() throws {
        let result = try read([
            #"{"id":"1","skills":["weld","ขับรถ",42, "x\"y" , -1.5]}"#,
            #"{"id":"2","skills":[]}"#,
            #"{"id":"3","skills":["", "a"]}"#,
            #"{"id":"4","skills":"a|b"}"#,
            #"{"id":"5","skills":["a|b"]}"#,
            #"{"id":"6","skills":["a\u007cb"]}"#,
            #"{"id":"7","skills":["a",["b"]]}"#,
            #"{"id":"8","skills":[{"a":1}]}"#,
            #"{"id":"9","skills":[true]}"#,
            #"{"id":"10","name":["a"]}"#,
            #"{"id":"11","name":{"first":"a"}}"#,
            #"{"id":"12","skills":["a" "b"]}"#,
            #"{"id":"13","skills":[null]}"#,
        ])
        #expect(result.records.prefix(4).map(\.fields) == [
            ["1", nil, nil, "weld|ขับรถ|42|x\"y|-1.5", nil],
            ["2", nil, nil, "", nil],
            ["3", nil, nil, "|a", nil],
            ["4", nil, nil, "a|b", nil],
        ])
        #expect(Array(result.problems) == [
            RecordProblem(field: "skills", reason: "list item contains '|'"),
            RecordProblem(field: "skills", reason: "list item contains '|'"),
            RecordProblem(field: "skills", reason: "nested array not allowed"),
            RecordProblem(field: "skills", reason: "nested object not allowed"),
            RecordProblem(field: "skills", reason: "list item must be a string or number"),
            RecordProblem(field: "name", reason: "array not allowed"),
            RecordProblem(field: "name", reason: "nested object not allowed"),
            RecordProblem(reason: "invalid JSON: expected ',' or ']' at byte 25"),
            RecordProblem(field: "skills", reason: "list item must be a string or number"),
        ])
    }

    @Test func badLinesInTheMiddleAreProblemsAndReadingGoesOn() throws {
        let lines = [
            #"{"id":"1"}"#,
            #"{"id":"2",}"#,
            #"{"id" "3"}"#,
            #"{"id":"4""#,
            #"not json"#,
            #"{"id":"5"} x"#,
            #"{"id":"6","name":"a\qb"}"#,
            "{\"id\":\"7\",\"name\":\"tab\there\"}",
            #"{"id":"8","name":"\ud800"}"#,
            #"{"id":"9","score":01}"#,
            #"{"id":"10","score":1.}"#,
            #"{"id":"11","name":"x}"#,
            #"[1,2]"#,
            #"{"id":"12","name":tru}"#,
            #"{"id":"13","name":"\u12G4"}"#,
            #"{"id":"14"}"#,
        ]
        let result = try read(lines)
        #expect(result.records.map(\.line) == Array(1...16))
        #expect(result.records.map(\.row) == Array(1...16))
        #expect(result.records.first?.fields == ["1", nil, nil, nil, nil])
        #expect(result.records.last?.fields == ["14", nil, nil, nil, nil])
        #expect(result.problems.map(\.reason) == [
            "invalid JSON: expected a key at byte 10",
            "invalid JSON: expected ':' at byte 6",
            "invalid JSON: expected ',' or '}' at the end of the line (byte 9)",
            "invalid JSON: expected '{' at byte 0",
            "invalid JSON: expected the end of the line after the object at byte 11",
            "invalid JSON: unknown escape at byte 19",
            "invalid JSON: control character in a string at byte 21",
            "invalid JSON: unpaired surrogate escape at byte 18",
            "invalid JSON: expected ',' or '}' at byte 19",
            "invalid JSON: expected a digit at byte 21",
            "invalid JSON: expected '\"' to end the string at the end of the line (byte 21)",
            "invalid JSON: expected '{' at byte 0",
            "invalid JSON: expected a value at byte 18",
            "invalid JSON: expected 4 hex digits at byte 23",
        ])
        #expect(result.problems.allSatisfy { $0.field == nil })
    }

    @Test func duplicateKeysAreProblemsExceptForUnknownKeys() throws {
        let result = try read([
            #"{"id":"1","name":"a","name":"b"}"#,
            #"{"id":"2","name":null,"name":"b"}"#,
            #"{"id":"3","x":1,"x":2}"#,
        ])
        #expect(result.records.map(\.problem) == [
            RecordProblem(field: "name", reason: "duplicate key"), RecordProblem(field: "name", reason: "duplicate key"), nil,
        ])
        #expect(result.unknownColumns == ["x"])
    }

    @Test func keysMatchExactlyInAnyOrderAndUnknownOnesAreCollected() throws {
        let result = try read([
            #"{"id":"1","name":"A","city":"B","Name":"z","meta":{"a":[1,{"b":null}],"c":"x"}}"#,
            #"{"city":"C","meta":[],"id":"2","n\u0061me":"D","extra":true}"#,
            #"{"name":"E","id":"3","Name":"y","note":"ไทย"}"#,
        ])
        #expect(result.values == [["1", "A", "B", nil, nil], ["2", "D", "C", nil, nil], ["3", "E", nil, nil, nil]])
        #expect(result.unknownColumns == ["Name", "meta", "extra", "note"])
    }

    @Test func unknownKeysAreCappedAtFifty() throws {
        let keys = (0..<60).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
        let result = try read(["{\(keys),\"id\":\"1\"}", #"{"k59":1,"k3":2,"id":"2"}"#])
        #expect(result.unknownColumns == (0..<50).map { "k\($0)" })
        #expect(result.values.map { $0[0] } == ["1", "2"])
    }

    @Test func crlfBlankLinesByteOrderMarkAndMissingFinalNewline() throws {
        let text = "\u{FEFF}{\"id\":\"1\"}\r\n\r\n  \t \n\n{\"id\":\"2\",\"name\":\"a\\r\\n\"}\r\n{\"id\":\"3\"}"
        try withFeedFile(text, named: "feed.jsonl") { path in
            let result = try readFeedWithAllChunkSizes(path, .jsonLines, schema)
            #expect(result.records == [
                record(1, line: 1, ["1", nil, nil, nil, nil]),
                record(2, line: 5, ["2", "a\r\n", nil, nil, nil]),
                record(3, line: 6, ["3", nil, nil, nil, nil]),
            ])
        }
    }

    @Test func linesLongerThanTheMaximumAreProblems() throws {
        let long = #"{"id":"1","name":""# + String(repeating: "x", count: 100) + #""}"#
        let result = try read([long, #"{"id":"2"}"#, long], maximumRecordBytes: 64)
        #expect(result.records == [
            problemRecord(1, line: 1, columns: 5, "line longer than 64 bytes"),
            record(2, line: 2, ["2", nil, nil, nil, nil]),
            problemRecord(3, line: 3, columns: 5, "line longer than 64 bytes"),
        ])
    }

    @Test func invalidUTF8IsAProblemOfItsFieldButNotInAnIgnoredValue() throws {
        var bytes = Array(#"{"id":"1","name":""#.utf8) + [0xE0, 0x80, 0x80] + Array("\"}\n".utf8)
        bytes += Array(#"{"id":"2","skills":["a",""#.utf8) + [0xED, 0xA0, 0x80] + Array("\"]}\n".utf8)
        bytes += Array(#"{"id":"3","other":""#.utf8) + [0xFF] + Array("\"}\n".utf8)
        try withFeedFile(bytes, named: "feed.jsonl") { path in
            let result = try readFeedWithAllChunkSizes(path, .jsonLines, schema)
            #expect(result.records == [
                problemRecord(1, line: 1, columns: 5, field: "name", "invalid UTF-8"),
                problemRecord(2, line: 2, columns: 5, field: "skills", "invalid UTF-8"),
                record(3, line: 3, ["3", nil, nil, nil, nil]),
            ])
        }
    }

    @Test func nestingDeeperThanTheLimitIsAProblem() throws {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        let fine = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        let result = try read([#"{"x":\#(deep),"id":"1"}"#, #"{"x":\#(fine),"id":"2"}"#])
        #expect(result.problems == [RecordProblem(reason: "invalid JSON: nesting deeper than 64 at byte 69")])
        #expect(result.values == [["2", nil, nil, nil, nil]])
    }
}
