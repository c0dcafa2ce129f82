import Foundation
import Testing
@testable import MatchCore

@Suite("FeedReader: CSV records")
struct FeedReaderCSVTests {
    let schema = FeedSchema(columns: ["id", "name", "city", "skills"], required: ["id"], lists: ["skills"])

    @Test func quotedFieldsHoldCommasQuotesAndNewlines() throws {
        let text = #"""
            id,name,city,skills
            1,"Somchai, Jr.","Bangkok",a|b
            2,"He said ""hi""","Chiang
            Mai",""
            3,"","",

            """#
        try withFeedFile(text) { path in
            let result = try readFeedWithAllChunkSizes(path, .csv, schema)
            #expect(result.records == [
                record(1, line: 2, ["1", "Somchai, Jr.", "Bangkok", "a|b"]),
                record(2, line: 3, ["2", "He said \"hi\"", "Chiang\nMai", ""]),
                record(3, line: 5, ["3", "", "", ""]),
            ])
        }
    }

    @Test func crlfByteOrderMarkAndMissingFinalNewline() throws {
        let text = "\u{FEFF}id,name,city,skills\r\n1,A,\"x\r\ny\",s\r\n2,B,C,\"t\"\r\n3,D,E,F"
        try withFeedFile(text) { path in
            let result = try readFeedWithAllChunkSizes(path, .csv, schema)
            #expect(result.records == [
                record(1, line: 2, ["1", "A", "x\r\ny", "s"]),
                record(2, line: 4, ["2", "B", "C", "t"]),
                record(3, line: 5, ["3", "D", "E", "F"]),
            ])
            #expect(result.unknownColumns.isEmpty)
        }
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        let text = "\nid,name,city,skills\n\n\r\n1,A,B,C\n\n\n2,D,E,F\n\n"
        try withFeedFile(text) { path in
            let result = try readFeedWithAllChunkSizes(path, .csv, schema)
            #expect(result.records == [record(1, line: 5, ["1", "A", "B", "C"]), record(2, line: 8, ["2", "D", "E", "F"])])
        }
    }

    @Test func spacesAroundUnquotedFieldsAreKept() throws {
        try withFeedFile("id,name,city,skills\n 1 ,  A,B  , \n") { path in
            let result = try readFeed(path, .csv, schema)
            #expect(result.values == [[" 1 ", "  A", "B  ", " "]])
        }
    }

    @Test func wrongFieldCountsAreProblemsAndReadingGoesOn() throws {
        let text = "id,name,city,skills\n1,A,B\n2,A,B,C,D\n3,A,B,C\n\"4\",\"x,y\"\n5,A,B,C\n"
        try withFeedFile(text) { path in
            let result = try readFeedWithAllChunkSizes(path, .csv, schema)
            #expect(result.records == [
                problemRecord(1, line: 2, columns: 4, "expected 4 fields, found 3"),
                problemRecord(2, line: 3, columns: 4, "expected 4 fields, found 5"),
                record(3, line: 4, ["3", "A", "B", "C"]),
                problemRecord(4, line: 5, columns: 4, "expected 4 fields, found 2"),
                record(5, line: 6, ["5", "A", "B", "C"]),
            ])
        }
    }

    @Test func unterminatedQuoteAtTheEndIsOneProblemAndTheLinesAfterItAreRead() throws {
        let text = "id,name,city,skills\n1,A,B,C\n2,\"Somchai,B,C\n3,Malee,D,E\n\n4,Anan,F,G\n"
        try withFeedFile(text) { path in
            let result = try readFeedWithAllChunkSizes(path, .csv, schema)
            #expect(result.records == [
                record(1, line: 2, ["1", "A", "B", "C"]),
                problemRecord(2, line: 3, columns: 4, "unterminated quoted field"),
                record(3, line: 4, ["3", "Malee", "D", "E"]),
                record(4, line: 6, ["4", "Anan", "F", "G"]),
            ])
        }
    }

    @Test func quotedFieldStillOpenAfterTheMaximumIsUnterminated() throws {
        // The stray quote of record 2 is "closed" by the quote of record 7, far away: with a
        // maximum of 64 bytes record 2 is reported and records 3 to 7 are read.
        var text = "id,name,city,skills\n1,A,B,C\n2,\"broken,B,C\n"
        for row in 3...6 { text += "\(row),Name \(row),City \(row),skill\n" }
        text += "7,\"quoted\",B,C\n8,A,B,C"
        try withFeedFile(text) { path in
            let result = try readFeedWithAllChunkSizes(path, .csv, schema, maximumRecordBytes: 64)
            #expect(result.records.map(\.row) == Array(1...8))
            #expect(result.records.map(\.line) == Array(2...9))
            #expect(result.records[1] == problemRecord(2, line: 3, columns: 4, "unterminated quoted field"))
            #expect(result.records[6] == record(7, line: 8, ["7", "quoted", "B", "C"]))
            #expect(result.problems.count == 1)
            // Without the limit the quote runs to record 7's and the file is misread, but
            // nothing is lost silently: every misread record is a problem.
            let unlimited = try readFeed(path, .csv, schema)
            #expect(unlimited.records.count == 3)
            #expect(unlimited.records[1].problem != nil)
        }
    }

    @Test func recordLongerThanTheMaximumIsAProblem() throws {
        let long = String(repeating: "x", count: 100)
        let text = "id,name,city,skills\n1,\(long),B,C\n2,A,B,C\n"
        try withFeedFile(text) { path in
            let result = try readFeedWithAllChunkSizes(path, .csv, schema, maximumRecordBytes: 64)
            #expect(result.records == [
                problemRecord(1, line: 2, columns: 4, "record longer than 64 bytes"),
                record(2, line: 3, ["2", "A", "B", "C"]),
            ])
        }
    }

    @Test func thaiTextFields() throws {
        let text = "id,name,city,skills\n1,สมชาย ใจดี,\"กรุงเทพมหานคร, เขตบางรัก\",ช่างเชื่อม|ขับรถ\n"
        try withFeedFile(text) { path in
            let result = try readFeedWithAllChunkSizes(path, .csv, schema)
            #expect(result.values == [["1", "สมชาย ใจดี", "กรุงเทพมหานคร, เขตบางรัก", "ช่างเชื่อม|ขับรถ"]])
        }
    }

    @Test func invalidUTF8IsAProblemOfItsFieldButNotOfAnIgnoredColumn() throws {
        var bytes = Array("id,name,city,skills,note\n1,".utf8) + [0xE0, 0xB8] + Array(",B,C,D\n".utf8)
        bytes += Array("2,A,\"B".utf8) + [0xC0, 0xAF] + Array("\",C,D\n".utf8)
        bytes += Array("3,A,B,C,".utf8) + [0xFF] + Array("\n".utf8)
        try withFeedFile(bytes) { path in
            let result = try readFeedWithAllChunkSizes(path, .csv, schema)
            #expect(result.records == [
                problemRecord(1, line: 2, columns: 4, field: "name", "invalid UTF-8"),
                problemRecord(2, line: 3, columns: 4, field: "city", "invalid UTF-8"),
                record(3, line: 4, ["3", "A", "B", "C"]),
            ])
            #expect(result.unknownColumns == ["note"])
        }
    }

    @Test func textAfterAClosingQuoteIsAProblem() throws {
        let text = "id,name,city,skills\n1,\"A\"x,B,C\n2,A,B,C\n"
        try withFeedFile(text) { path in
            let result = try readFeedWithAllChunkSizes(path, .csv, schema)
            #expect(result.records == [
                problemRecord(1, line: 2, columns: 4, field: "name", "text after closing quote"),
                record(2, line: 3, ["2", "A", "B", "C"]),
            ])
        }
    }

    @Test func columnsMissingFromTheHeaderAreAbsentAndEmptyFieldsArePresent() throws {
        try withFeedFile("ID, Name ,extra\n1,,x\n2,\"\",y\n") { path in
            let result = try readFeed(path, .csv, schema)
            #expect(result.values == [["1", "", nil, nil], ["2", "", nil, nil]])
            #expect(result.unknownColumns == ["extra"])
        }
    }

    @Test func headerOnlyFileHasNoRows() throws {
        try withFeedFile("id,name,city,skills\n") { path in
            let result = try readFeed(path, .csv, schema)
            #expect(result.records.isEmpty)
        }
    }

    @Test func recordsAcrossTheDefaultFourMiBChunkBoundary() throws {
        // 55,000 records of about 80 bytes, 4.5 MB: the record across the 4 MiB mark is mostly
        // a quoted field with a line break, quotes and Thai text.
        var text = "id,name,city,skills\r\n"
        var expected: [[String?]] = []
        for row in 1...55_000 {
            let name = "ชื่อ \(row), \"q\"\nline two" + String(repeating: "x", count: row % 37)
            text += "\(row),\"\(name.replacingOccurrences(of: "\"", with: "\"\""))\",เมือง \(row % 77),a|b\r\n"
            expected.append(["\(row)", name, "เมือง \(row % 77)", "a|b"])
        }
        #expect(text.utf8.count > (4 << 20) + 100_000)
        try withFeedFile(text) { path in
            let whole = try readFeed(path, .csv, schema)
            #expect(whole.problems.isEmpty)
            #expect(whole.values == expected)
            #expect(whole.records.last?.line == 2 * 55_000)
            #expect(try readFeed(path, .csv, schema, chunkSize: 4099) == whole)
        }
    }

    @Test func carriageReturnAtTheEndOfTheFileEndsTheRecord() throws {
        for text in ["id,name,city,skills\n1,A,B,C\r", "id,name,city,skills\n1,A,B,\"C\"\r"] {
            try withFeedFile(text) { path in
                let result = try readFeedWithAllChunkSizes(path, .csv, schema)
                #expect(result.records == [record(1, line: 2, ["1", "A", "B", "C"])])
            }
        }
    }

    @Test func anErrorOfTheCallbackPropagatesAndReadingCanContinue() throws {
        struct Stop: Error {}
        try withFeedFile("id,name,city,skills\n1,A,B,C\n2,A,B,C\n3,A,B,C\n") { path in
            let reader = try FeedReader(path: path, format: .csv, schema: schema)
            var seen: [Int] = []
            #expect(throws: Stop.self) {
                try reader.forEachRow { row in
                    seen.append(row.row)
                    if row.row == 2 { throw Stop() }
                }
            }
            try reader.forEachRow { row in seen.append(row.row) }
            #expect(seen == [1, 2, 3])
        }
    }
}
