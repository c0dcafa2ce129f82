import ArgumentParser
import Foundation
import Testing
@testable import MatchCLI
import MatchCore

/// The Fixtures folder beside Tests/.
private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures")

private func folder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("jobmatch-code-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

private func run(_ arguments: [String]) throws {
    var command = try JobMatch.parseAsRoot(arguments)
    try command.run()
}

private func failure(_ arguments: [String]) -> String? {
    do { try run(arguments); return nil } catch { return JobMatch.message(for: error) }
}

@Suite(.serialized) struct CodeCommandTests {
    @Test func parsingAndRefusals() throws {
        let command = try #require(try JobMatch.parseAsRoot(["code", "ช่างเชื่อม"]) as? CodeCommand)
        #expect(command.title == "ช่างเชื่อม" && command.top == 5 && command.coder.coderFile == nil)
        #expect(failure(["code"])?.contains("give a title or --file") == true)
        #expect(failure(["code", "x", "--file", "t.csv", "--out", "o.csv"])?.contains("give a title or --file") == true)
        #expect(failure(["code", "--file", "t.csv"])?.contains("--file needs --out") == true)
        #expect(failure(["code", "x", "--top", "0"])?.contains("--top") == true)
        #expect(failure(["coder", "train", "--out", "c.json", "--scorer", "forest"])?.contains("--scorer") == true)
        #expect(failure(["coder", "evaluate", "--holdout", "1.5"])?.contains("--holdout") == true)
    }

    @Test func trainCodeAFileAndSuggestForTheFixtures() throws {
        let space = try folder()
        defer { try? FileManager.default.removeItem(at: space) }
        func path(_ name: String) -> String { space.appendingPathComponent(name).path }
        // Coded titles with a mistake: the error names the file, the record and the field.
        try "title,isco_code\nช่างเคาะพ่นสี,7213\nน้องจัดของ,99x9\n".write(toFile: path("bad.csv"), atomically: true, encoding: .utf8)
        let message = failure(["coder", "train", "--examples", path("bad.csv"), "--out", path("coder.json"), "--quiet"])
        #expect(message?.contains("bad.csv: record 2, field isco_code") == true, "\(message ?? "")")
        #expect(!FileManager.default.fileExists(atPath: path("coder.json")))

        try "title,isco_code\nช่างเคาะพ่นสี,7213\nน้องจัดของขึ้นเชลฟ์,9334\n".write(toFile: path("coded.csv"), atomically: true, encoding: .utf8)
        try run(["coder", "train", "--examples", path("coded.csv"), "--out", path("coder.json"), "--training-titles", "300",
                 "--thai-training-titles", "300", "--scorer", "linear", "--quiet"])
        let (coder, file) = try OccupationCoder.load(from: path("coder.json"))
        #expect(file.training.codedTitles == 2 && coder.knowledge.labels.filter { $0.kind == .coded }.count == 2)

        // A file of titles, with a quoted one; every title gets --top rows, in order.
        try "id,title\n1,ช่างเคาะพ่นสี\n2,\"Sales exec, FMCG\"\n3,พนักงานขับรถบรรทุก 6 ล้อ\n".write(toFile: path("titles.csv"), atomically: true, encoding: .utf8)
        try run(["code", "--coder", path("coder.json"), "--file", path("titles.csv"), "--out", path("coded-out.csv"), "--top", "2", "--quiet"])
        let records = CSVText.records(try String(contentsOfFile: path("coded-out.csv"), encoding: .utf8))
        #expect(records.first == ["row", "title", "rank", "isco_code", "isco_label", "isco_probability", "occupation_id",
                                  "occupation_code", "occupation", "occupation_probability"])
        #expect(records.count == 1 + 3 * 2)
        #expect(records[1][1] == "ช่างเคาะพ่นสี" && records[1][3] == "7213" && records[1][2] == "1")
        #expect(records[3][1] == "Sales exec, FMCG")
        #expect(records[5][3] == "8332")
        // A missing column is named.
        #expect(failure(["code", "--coder", path("coder.json"), "--file", path("titles.csv"), "--column", "job", "--out", path("x.csv")])?
            .contains("no column job") == true)

        // Suggestions in a dataset holding the Fixtures' seekers.
        let store = try MatchStore(path: path("central.sqlite"))
        _ = try store.importFeed(.seekers, file: fixtures.appendingPathComponent("feeds/seekers.csv").path)
        try run(["coder", "suggest", "--db", path("central.sqlite"), "--coder", path("coder.json"), "--quiet"])
        let snapshot = try store.snapshot(asOf: Day(year: 2025, month: 6, day: 1)!)
        let suggested = snapshot.seekers.filter { $0.suggestedOccupation != nil }
        let withoutCodes = snapshot.seekers.filter { $0.desiredOccupations.isEmpty && !$0.desiredTitle.isEmpty }
        #expect(!suggested.isEmpty && suggested.count <= withoutCodes.count)
        #expect(suggested.allSatisfy { $0.desiredOccupations.isEmpty })
        #expect(failure(["coder", "suggest", "--db", path("none.sqlite")])?.contains("no such dataset") == true)
    }
}
