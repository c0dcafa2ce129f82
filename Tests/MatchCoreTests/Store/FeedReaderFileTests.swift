import Foundation
import Testing
@testable import MatchCore

@Suite("FeedReader: files, headers and formats")
struct FeedReaderFileTests {
    let schema = FeedSchema(
        columns: ["citizen_id", "name", "updated_at", "skills"], required: ["citizen_id", "updated_at"],
        lists: ["skills"])

    @Test(arguments: [
        ("people.csv", FeedFormat.csv), ("/data/2024/PEOPLE.CSV", .csv), ("a.jsonl", .jsonLines),
        ("a.ndjson", .jsonLines), ("dir.v2/a.json", .jsonLines),
    ])
    func formatFromTheFileName(path: String, format: FeedFormat) {
        #expect(FeedFormat(path: path) == format)
    }

    @Test(arguments: ["people.txt", "people", "csv", ".csv", "dir.csv/people", "people.csv.gz"])
    func noFormatFromOtherNames(path: String) {
        #expect(FeedFormat(path: path) == nil)
    }

    @Test func formatRawValues() {
        #expect(FeedFormat.allCases.map(\.rawValue) == ["csv", "jsonl"])
    }

    @Test func missingFileCannotBeOpened() {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("jobmatch-\(UUID()).csv").path
        let error = expectFeedReaderError { _ = try FeedReader(path: path, format: .csv, schema: schema) }
        #expect(error == FeedReaderError(file: path, problem: "cannot open: No such file or directory"))
        #expect(error?.description == "\(path): cannot open: No such file or directory")
    }

    @Test func folderCannotBeOpened() throws {
        try withTemporaryDirectory { directory in
            let error = expectFeedReaderError { _ = try FeedReader(path: directory.url.path, format: .jsonLines, schema: schema) }
            #expect(error?.problem == "cannot open: Is a directory")
        }
    }

    @Test(arguments: ["", "\u{FEFF}", "\n\n", "\r\n"])
    func emptyCSVHasNoHeader(text: String) throws {
        try withFeedFile(text) { path in
            let error = expectFeedReaderError { _ = try FeedReader(path: path, format: .csv, schema: schema) }
            #expect(error == FeedReaderError(file: path, problem: "empty file: no header"))
        }
    }

    @Test func emptyJSONLinesFileHasNoRows() throws {
        try withFeedFile("", named: "feed.jsonl") { path in
            let result = try readFeed(path, .jsonLines, schema)
            #expect(result.records.isEmpty)
        }
    }

    @Test func headerWithASchemaColumnTwice() throws {
        try withFeedFile("citizen_id,updated_at, Name,NAME \n") { path in
            let error = expectFeedReaderError { _ = try FeedReader(path: path, format: .csv, schema: schema) }
            #expect(error?.problem == "header: duplicate column 'NAME'")
        }
    }

    @Test func headerWithoutRequiredColumnsListsThemAll() throws {
        try withFeedFile("name,skills,other\n") { path in
            let error = expectFeedReaderError { _ = try FeedReader(path: path, format: .csv, schema: schema) }
            #expect(error?.problem == "missing required columns: citizen_id, updated_at")
        }
    }

    @Test func headerNamesAreTrimmedAndMatchedWithoutCase() throws {
        try withFeedFile("\u{FEFF} Citizen_ID ,\"UPDATED_AT\",x,x, y\n1,2,3,4,5\n") { path in
            let reader = try FeedReader(path: path, format: .csv, schema: schema)
            #expect(reader.unknownColumns == ["x", "y"])
            let result = try readFeed(path, .csv, schema)
            #expect(result.values == [["1", nil, "2", nil]])
        }
    }

    @Test func malformedHeaders() throws {
        let cases: [([UInt8], String)] = [
            (Array("citizen_id,\"updated_at\n".utf8), "header: unterminated quoted field"),
            (Array("citizen_id,\"updated_at\"x\n".utf8), "header: text after the closing quote of field 2"),
            (Array("citizen_id,updated_at,".utf8) + [0xFF] + [0x0A], "header: invalid UTF-8 in field 3"),
        ]
        for (bytes, problem) in cases {
            try withFeedFile(bytes) { path in
                let error = expectFeedReaderError { _ = try FeedReader(path: path, format: .csv, schema: schema) }
                #expect(error?.problem == problem)
            }
        }
    }

    @Test func sizeAndProgress() throws {
        let text = "citizen_id,updated_at\n1,2\n3,4\n"
        try withFeedFile(text) { path in
            let reader = try FeedReader(path: path, format: .csv, schema: schema)
            #expect(reader.fileSize == text.utf8.count)
            var rows = 0
            try reader.forEachRow { _ in rows += 1 }
            #expect(rows == 2)
            #expect(reader.bytesRead == text.utf8.count)
        }
    }

    @Test func problemDescriptionsNameTheFieldNotTheValue() {
        #expect(RecordProblem(field: "name", reason: "invalid UTF-8").description == "name: invalid UTF-8")
        #expect(RecordProblem(reason: "expected 4 fields, found 3").description == "expected 4 fields, found 3")
    }
}
