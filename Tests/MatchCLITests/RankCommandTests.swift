import ArgumentParser
import Foundation
import Testing
@testable import MatchCLI
import MatchCore

/// The Fixtures folder beside Tests/.
private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures")

private func run(_ arguments: [String]) async throws {
    var command = try #require(try JobMatch.parseAsRoot(arguments) as? AsyncParsableCommand)
    try await command.run()
}

private func failure(_ arguments: [String]) async -> String? {
    do { try await run(arguments); return nil } catch { return JobMatch.message(for: error) }
}

@Suite(.serialized) struct RankCommandTests {
    @Test func refusalsNameTheOption() async throws {
        let base = ["rank", "--as-of", "2025-06-01", "--space", "s.jmfs", "--model", "m.json"]
        #expect(await failure(base + ["--shard", "4/3"])?.contains("--shard") == true)
        #expect(await failure(base + ["-k", "20", "--candidates", "10"])?.contains("candidates (10) must be at least k (20)") == true)
        #expect(await failure(base + ["--for", "employers"])?.contains("--for") == true)
        #expect(await failure(base + ["--format", "xml"])?.contains("--format") == true)
        #expect(await failure(base + ["--db", "/nonexistent/x.sqlite"]) != nil)
        #expect(await failure(base + ["--refine", "-1"])?.contains("refine") == true)
        #expect(await failure(["train", "--letor", "t.txt", "--out", "m.json", "--tune"])?.contains("--valid") == true)
    }

    @Test func importTrainRankAndExplainTheFixtures() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jobmatch-rank-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        let db = path("central.sqlite")
        for feed in ["employers", "vacancies", "seekers", "events", "copay-graduates", "copay-vacancies",
                     "abroad-registrations", "work-permits"] {
            try await run(["import", "--db", db, "--feed", feed, fixtures.appendingPathComponent("feeds/\(feed).csv").path,
                           "--rejects-dir", folder.path, "--quiet"])
        }
        try await run(["examples", "--db", db, "--out", path("examples"), "--quiet"])
        try await run(["train", "--letor", path("examples/train.txt"), "--out", path("model.json"), "--rounds", "20", "--quiet"])
        // The tree shape chosen on the validation weeks: the model file records every shape tried.
        try await run(["train", "--letor", path("examples/train.txt"), "--valid", path("examples/valid.txt"), "--out", path("tuned.json"),
                       "--rounds", "20", "--tune", "--quiet"])
        let tuned = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("tuned.json")))) as! [String: Any]
        #expect((tuned["settings"] as? String)?.contains("\"trials\"") == true)
        let common = ["--db", db, "--as-of", "2025-06-01", "--space", path("examples/space.jmfs"), "--model", path("model.json"), "--quiet"]

        try await run(["rank"] + common + ["--out", path("all.csv"), "-k", "5"])
        var halves = 0
        for shard in ["1/2", "2/2"] {
            try await run(["rank"] + common + ["--shard", shard, "--out", path("half-\(shard.first!).jsonl"), "-k", "5", "--no-store"])
            halves += try String(contentsOfFile: path("half-\(shard.first!).jsonl"), encoding: .utf8).split(separator: "\n").count
        }
        let all = CSVText.records(try String(contentsOfFile: path("all.csv"), encoding: .utf8))
        #expect(all.count > 1000 && halves == all.count - 1)
        try await run(["rank"] + common + ["--for", "vacancies", "-k", "3", "--candidates", "30"])
        // Explaining a ranked pair: the header is list,rank,person,vacancy,vacancy_id,...
        for format in ["table", "csv", "jsonl", "json"] {
            try await run(["explain", "--db", db, "--as-of", "2025-06-01", "--space", path("examples/space.jmfs"), "--model", path("model.json"),
                           "--seeker", all[1][2], "--vacancy", all[1][4], "--format", format, "--quiet"])
        }
        for format in ["csv", "jsonl"] { try await run(["stats", "--db", db, "--as-of", "2025-06-01", "--format", format]) }
        // What stats --format csv prints: counts by section, and no ID number (13 digits) or name.
        let stats = statsRecords(try MatchStore(path: db).stats(), provinces: 10)
        let statsRows = CSVText.records(stats.csv())
        #expect(statsRows[0] == ["section", "name", "value"])
        #expect(statsRows.contains { $0[0] == "table" && $0[1] == "seeker" && (Int($0[2]) ?? 0) > 1_000 })
        #expect(statsRows.filter { $0[0] == "province_seekers" }.count == 10)
        #expect(stats.csv().range(of: #"\d{13}"#, options: .regularExpression) == nil)

        // Evaluation against the later weeks, with the baselines and the HTML report.
        try await run(["evaluate", "--db", db, "--space", path("examples/space.jmfs"), "--model", path("model.json"),
                       "--truth", fixtures.appendingPathComponent("truth").path, "--report", path("report.html"), "--format", "json", "--quiet"])
        let html = try String(contentsOfFile: path("report.html"), encoding: .utf8)
        #expect(html.contains("rule-filter") && html.contains("oracle share"))
        #expect(await failure(["evaluate", "--db", db, "--model", path("model.json")])?.contains("--space") == true)
        #expect(await failure(["evaluate", "--model", path("model.json")])?.contains("--db") == true)

        let store = try MatchStore(path: db)
        let runs = try store.runs()
        #expect(runs.map(\.direction) == [.vacancies, .seekers])  // the sharded runs were not stored
        #expect(runs.allSatisfy { $0.finishedAt != nil && $0.modelVersion.hasPrefix("boosted-trees") })
        let summary = try JSONSerialization.jsonObject(with: Data(runs[1].summary!.utf8)) as! [String: Any]
        #expect(summary["matches"] as? Int == all.count - 1)
        #expect(try store.matches(run: runs[1].id).count == all.count - 1)
        // No ID number or name reaches the output: the Fixtures' citizen IDs are 13 digits.
        let text = try String(contentsOfFile: path("all.csv"), encoding: .utf8)
        #expect(text.range(of: #"\d{13}"#, options: .regularExpression) == nil)
    }
}
