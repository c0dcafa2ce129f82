import ArgumentParser
import Foundation
import Testing
@testable import MatchCLI
@testable import MatchCore

@Suite struct OutputFormatTests {
    /// Thai text, commas, quotes and line breaks survive CSV; numbers, integers and missing values
    /// come back as written.
    @Test func csvRoundTripsThaiAndAwkwardText() throws {
        var records = Records(columns: ["kind", "name", "value"])
        records.append([.text("reason"), .text("ทักษะตรง 4 จาก 5 ข้อ (ขาด: ใบขับขี่โฟล์คลิฟท์, \"ด่วน\")\nบรรทัดที่สอง"), .number(0.25)])
        records.append([.text("feature"), .text("distance_km"), .missing])
        records.append([.text("count"), .text("rows"), .integer(1_234_567)])
        let rows = CSVText.records(records.csv())
        #expect(rows.count == 4)
        #expect(rows[0] == ["kind", "name", "value"])
        #expect(rows[1] == ["reason", "ทักษะตรง 4 จาก 5 ข้อ (ขาด: ใบขับขี่โฟล์คลิฟท์, \"ด่วน\")\nบรรทัดที่สอง", "0.25"])
        #expect(rows[2] == ["feature", "distance_km", ""])
        #expect(rows[3] == ["count", "rows", "1234567"])
    }

    /// One JSON object a line, with the same values; missing and non-finite numbers are null.
    @Test func jsonLinesParseBack() throws {
        var records = Records(columns: ["name", "value", "count"])
        records.append([.text("ค่าจ้าง 15,000 บาท"), .number(-1.5), .integer(3)])
        records.append([.text("a/b"), .number(.nan), .missing])
        let lines = try records.jsonLines().split(separator: "\n")
        #expect(lines.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["name"] as? String == "ค่าจ้าง 15,000 บาท" && first["value"] as? Double == -1.5 && first["count"] as? Int == 3)
        let second = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(second["name"] as? String == "a/b" && second["value"] is NSNull && second["count"] is NSNull)
        #expect(lines[1].contains("\"a/b\""))  // slashes are not escaped
    }

    /// An explanation's records: score, average and eligibility first, then every reason and
    /// feature, whose contributions each add up to score − average.
    @Test func explanationRecordsCarryEveryContribution() throws {
        let contributions = [
            FeatureContribution(feature: .skillsMet, value: 4, contribution: 0.5),
            FeatureContribution(feature: .distanceKilometres, value: .nan, contribution: -0.25),
        ]
        let reasons = [
            MatchReason(topic: .skills, english: "skills met 4 of 5 (missing: forklift licence)", thai: "มีทักษะตรง 4 จาก 5 ข้อ", contribution: 0.5),
            MatchReason(topic: .place, english: "distance unknown", thai: "ไม่ทราบระยะทาง", contribution: -0.25),
        ]
        let explanation = MatchExplanation(score: 0.75, bias: 0.5, contributions: contributions, reasons: reasons)
        let rows = CSVText.records(explanationRecords(explanation, rule: .hardLicence).csv())
        #expect(rows[0] == ["kind", "name", "value", "contribution", "english", "thai"])
        #expect(rows.dropFirst().map { $0[0] } == ["score", "average", "eligibility", "reason", "reason", "feature", "feature"])
        #expect(rows[3][1] == EligibilityRule.hardLicence.rawValue && rows[3][5] == EligibilityRule.hardLicence.thai)
        #expect(rows[4][5] == "มีทักษะตรง 4 จาก 5 ข้อ")
        #expect(rows[7][2] == "")  // an unknown value is an empty field
        let sum = { (kind: String) in rows.filter { $0[0] == kind }.reduce(0.0) { $0 + Double($1[3])! } }
        #expect(abs(sum("reason") - 0.25) < 1e-6 && abs(sum("feature") - 0.25) < 1e-6)
    }

    /// An evaluation's records: a row per method, every cut-off's figures, the period; a figure
    /// not computed is missing, not 0.
    @Test func evaluationRecordsHaveARowPerMethod() throws {
        func method(_ name: EvaluatedMethod, _ ndcg: [Int: Double], oracle: Double?) -> MethodReport {
            MethodReport(method: name, recall: [1: 0.25, 10: 0.75], ndcg: ndcg, mrr: 0.5, coverage: 0.4, congestion: 0.7,
                         meanListLength: 10, groups: [:], provinces: [:], oracleShare: oracle)
        }
        let report = EvaluationReport(
            trainThrough: "2025-05-05", testFrom: "2025-06-03", testThrough: "2025-06-30", ks: [1, 10], listLength: 10,
            seekerWeeks: 77, positives: 82, positivesExcluded: 2, openVacancies: 339, oracleSeekers: 0,
            methods: [method(.model, [1: 0.5, 10: 0.625], oracle: 0.55), method(.random, [1: 0.01], oracle: nil)])
        let rows = CSVText.records(evaluationRecords(report).csv())
        #expect(rows[0] == ["method", "ndcg@1", "ndcg@10", "recall@1", "recall@10", "mrr", "coverage", "congestion", "oracle_share",
                            "test_from", "test_through", "seeker_weeks", "applications"])
        #expect(rows[1] == ["model", "0.5", "0.625", "0.25", "0.75", "0.5", "0.4", "0.7", "0.55", "2025-06-03", "2025-06-30", "77", "82"])
        #expect(rows[2][0] == "random" && rows[2][2] == "" && rows[2][8] == "")
        let lines = try evaluationRecords(report).jsonLines().split(separator: "\n")
        let random = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(random["ndcg@10"] is NSNull && random["ndcg@1"] as? Double == 0.01 && random["applications"] as? Int == 82)
    }

    /// Every command that prints records takes the same names, and a format it cannot print is
    /// refused with the ones it can.
    @Test func formatsAreCheckedByName() async throws {
        #expect(OutputFormat.allCases.map(\.rawValue) == ["table", "csv", "jsonl", "json"])
        #expect(throws: ValidationError.self) { try OutputFormat.check(.json, allowed: [.table, .csv, .jsonl]) }
        for arguments in [["stats", "--db", "x.sqlite", "--format", "json"], ["stats", "--db", "x.sqlite", "--format", "xml"],
                          ["explain", "--db", "x.sqlite", "--as-of", "2025-06-01", "--space", "s", "--model", "m", "--seeker", "1", "--vacancy", "v", "--format", "tsv"]] {
            let message: String? = {
                do { _ = try JobMatch.parseAsRoot(arguments); return nil } catch { return JobMatch.message(for: error) }
            }()
            #expect(message?.contains("--format") == true, "\(arguments): \(message ?? "accepted")")
        }
    }
}
