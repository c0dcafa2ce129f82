import ArgumentParser
import Foundation
import MatchSim
import Testing
@testable import MatchCLI
@testable import MatchCore

/// The `jobmatch` executable built beside this test bundle (`make test` builds it first).
private func jobmatchExecutable() throws -> URL {
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for folder in [bundle, bundle.deletingLastPathComponent()] {
        let candidate = folder.appendingPathComponent("jobmatch")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    throw CocoaError(.fileNoSuchFile, userInfo: [
        NSLocalizedDescriptionKey: "no jobmatch executable beside \(bundle.path): run `swift build` first (make test does)",
    ])
}

/// Runs `jobmatch` with `arguments`; returns how it ended.
private func runJobmatch(_ arguments: [String], environment: [String: String] = [:]) throws -> (reason: Process.TerminationReason, status: Int32, output: String) {
    let process = Process()
    process.executableURL = try jobmatchExecutable()
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationReason, process.terminationStatus, output)
}

private final class Folder {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("jobmatch-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

@Suite("jobmatch import: killed at any moment")
struct ImportKillTests {
    /// SIGKILL inside the first batch, at a batch boundary, mid-file and in the last batch; then
    /// the same command again must end exactly like one uninterrupted run.
    @Test("a killed import leaves a consistent dataset that a rerun completes", arguments: [1, 200, 777, 2_340])
    func killAndRerun(killAfter: Int) throws {
        let folder = try Folder()
        let feeds = SyntheticFeeds(seed: 11, people: 2_400, employers: 40, vacancies: 100, badRowRate: 0.02)
        try feeds.writeSeekers(count: 2_400, to: folder.path("seekers.csv"))
        try feeds.writeVacancies(to: folder.path("vacancies.csv"))
        let seekers = ["--feed", "seekers", "--batch-size", "200", "--rejects-dir", folder.path(""), "--quiet", folder.path("seekers.csv")]
        let vacancies = ["--feed", "vacancies", "--batch-size", "200", "--rejects-dir", folder.path(""), "--quiet", folder.path("vacancies.csv")]

        let reference = folder.path("reference.sqlite")
        #expect(try runJobmatch(["import", "--db", reference] + vacancies).status == 0)
        #expect(try runJobmatch(["import", "--db", reference] + seekers).status == 0)

        let killed = folder.path("killed.sqlite")
        #expect(try runJobmatch(["import", "--db", killed] + vacancies).status == 0)
        let run = try runJobmatch(["import", "--db", killed] + seekers, environment: ["JOBMATCH_FAULT_KILL_AFTER_ROWS": String(killAfter)])
        #expect(run.reason == .uncaughtSignal && run.status == SIGKILL, "\(run.output)")
        let halfway = try MatchStore(path: killed)
        #expect(try halfway.integrityCheck() == "ok")
        // Only whole batches before the kill are there: at most the rows written before it.
        #expect(try halfway.count("seeker") < max(killAfter, 1))

        let rerun = try runJobmatch(["import", "--db", killed] + seekers)
        #expect(rerun.status == 0, "\(rerun.output)")
        let expected = try MatchStore(path: reference).dump()
        #expect(try MatchStore(path: killed).dump() == expected)
    }
}

@Suite("jobmatch import and stats")
struct ImportCommandTests {
    @Test("import prints the counts; stats shows tables and the rejects; nothing personal on screen")
    func importAndStats() throws {
        let folder = try Folder()
        let feeds = SyntheticFeeds(seed: 4, people: 500, employers: 10, vacancies: 20, badRowRate: 0.05)
        try feeds.writeSeekers(count: 500, to: folder.path("seekers.csv"))
        let db = folder.path("c.sqlite")
        let run = try runJobmatch(["import", "--db", db, "--feed", "seekers", "--rejects-dir", folder.path(""), folder.path("seekers.csv")])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("read 500, accepted "))
        #expect(run.output.contains("seekers.csv.rejects.csv"))
        #expect(FileManager.default.fileExists(atPath: folder.path("seekers.csv.rejects.csv")))
        let stats = try runJobmatch(["stats", "--db", db])
        #expect(stats.status == 0)
        #expect(stats.output.contains("seeker"))
        #expect(stats.output.contains("latest imports:"))
        for person in 0..<500 {
            let id = feeds.citizenID(person: person)
            #expect(!run.output.contains(id) && !stats.output.contains(id))
        }
    }

    @Test("an unknown feed or a missing file is refused with a clear message")
    func refusals() throws {
        #expect(throws: (any Error).self) { try JobMatch.parseAsRoot(["import", "--feed", "nonsense", "x.csv"]) }
        let folder = try Folder()
        let run = try runJobmatch(["import", "--db", folder.path("c.sqlite"), "--feed", "seekers", folder.path("missing.csv")])
        #expect(run.status != 0)
        #expect(run.output.contains("missing.csv"))
    }
}

@Suite("jobmatch simulate, then import")
struct SimulateCommandTests {
    @Test("simulate writes the feeds, the truth and the manifest; import takes them with a new rejects folder")
    func simulateThenImport() throws {
        let folder = try Folder()
        let out = folder.path("market")
        let simulate = try runJobmatch(["simulate", "--seekers", "400", "--vacancies", "120", "--months", "2", "--seed", "9", "--out", out, "--quiet"])
        #expect(simulate.status == 0, "\(simulate.output)")
        #expect(simulate.output.contains("events.csv"))
        for kind in Simulation.importOrder {
            #expect(FileManager.default.fileExists(atPath: "\(out)/feeds/\(kind.name).csv"), "\(kind)")
        }
        #expect(FileManager.default.fileExists(atPath: "\(out)/truth/oracle.csv"))
        let manifest = try JSONDecoder().decode(Simulation.Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: "\(out)/manifest.json")))
        let rejects = folder.path("rejects/nested")
        for kind in Simulation.importOrder {
            let run = try runJobmatch([
                "import", "--db", folder.path("central.sqlite"), "--feed", kind.name, "--rejects-dir", rejects, "--quiet",
                "\(out)/feeds/\(kind.name).csv",
            ])
            #expect(run.status == 0, "\(run.output)")
            let invalid = manifest.feeds.first { $0.feed == kind.name }!.invalid
            #expect(run.output.contains("rejected \(invalid);"), "\(kind): \(run.output)")
        }
        #expect(FileManager.default.fileExists(atPath: "\(rejects)/seekers.csv.rejects.csv"))

        // A feature space fitted on the dataset, and the seekers encoded with it.
        let asOf = String(data: try Data(contentsOf: URL(fileURLWithPath: "\(out)/truth/truth.json")), encoding: .utf8)!
            .firstMatch(of: /"asOf" : "([0-9-]+)"/)!.1
        let fit = try runJobmatch(["features", "fit", "--db", folder.path("central.sqlite"), "--as-of", String(asOf),
                                   "--out", folder.path("space.jmfs")])
        #expect(fit.status == 0 && fit.output.contains("text vocabulary"), "\(fit.output)")
        let encode = try runJobmatch(["features", "encode", "--db", folder.path("central.sqlite"), "--as-of", String(asOf),
                                      "--space", folder.path("space.jmfs"), "--for", "seekers", "--out", folder.path("seekers.npy"),
                                      "--keys", folder.path("keys.npy"), "--quiet"])
        #expect(encode.status == 0, "\(encode.output)")
        let rows = try NPY.readMatrix(at: folder.path("seekers.npy"))
        let keys = try NPY.readInt64(at: folder.path("keys.npy"))
        let space = try FeatureSpace.load(from: folder.path("space.jmfs"))
        #expect(rows.rows == keys.rows && rows.rows > 100 && rows.columns == space.dimension)
        let missing = try runJobmatch(["features", "encode", "--db", folder.path("central.sqlite"), "--as-of", String(asOf),
                                       "--space", folder.path("none.jmfs"), "--for", "vacancies", "--out", folder.path("v.npy")])
        #expect(missing.status != 0 && missing.output.contains("none.jmfs") && !FileManager.default.fileExists(atPath: folder.path("v.npy")))

        // Training examples split by time: three LETOR files that read back, and a space fitted
        // on the training end when none is given.
        let examples = try runJobmatch(["examples", "--db", folder.path("central.sqlite"), "--out", folder.path("examples"),
                                        "--train-through", "2025-01-31", "--valid-through", "2025-02-14", "--test-through", "2025-02-28",
                                        "--viewed", "4", "--hard", "3", "--random", "2", "--seed", "3"])
        #expect(examples.status == 0, "\(examples.output)")
        #expect(examples.output.contains("…2025-01-31: ") && examples.output.contains("test: 2025-02-15…2025-02-28: "), "\(examples.output)")
        #expect(FileManager.default.fileExists(atPath: folder.path("examples/space.jmfs")))
        for part in ["train", "valid", "test"] {
            let read = try LETORFile.read(from: folder.path("examples/\(part).txt"))
            #expect(read.schema == PairFeatures.schema)
            #expect(examples.output.contains("\(part): ") && examples.output.contains("\(read.groupCount) groups, \(read.rowCount) rows"),
                    "\(part): \(examples.output)")
            if part != "valid" { #expect(read.groupCount > 0, "\(part)") }  // a thin two-month market
        }
        let some = try runJobmatch(["examples", "--db", folder.path("central.sqlite"), "--out", folder.path("x"), "--train-through", "2025-01-31"])
        #expect(some.status != 0 && some.output.contains("all three"))
        #expect(!FileManager.default.fileExists(atPath: folder.path("x")))

        // A model trained on the examples, evaluated on the test weeks, and one score explained.
        let train = try runJobmatch(["train", "--letor", folder.path("examples/train.txt"), "--out", folder.path("model.json"), "--rounds", "20"])
        #expect(train.status == 0 && train.output.contains("wrote ") && train.output.contains("most gain: "), "\(train.output)")
        let model = try ModelFile.load(from: folder.path("model.json"), expecting: PairFeatures.schema)
        #expect(model.kind == "boosted-trees" && (1...20).contains(model.rounds.count) && model.training.source == "train.txt")
        let evaluate = try runJobmatch(["evaluate", "--letor", folder.path("examples/test.txt"), "--model", folder.path("model.json"),
                                        "--predictions", folder.path("scores.txt")])
        #expect(evaluate.status == 0 && evaluate.output.contains("boosted-trees model: NDCG@1 ")
                && evaluate.output.contains("retrieval score alone: "), "\(evaluate.output)")
        let test = try LETORFile.read(from: folder.path("examples/test.txt"))
        let predictions = try String(contentsOfFile: folder.path("scores.txt"), encoding: .utf8).split(separator: "\n")
        #expect(predictions.count == test.rowCount)
        #expect(Float(predictions[0]) == model.model.score(Array(test.row(0))))
        let linear = try runJobmatch(["train", "--letor", folder.path("examples/train.txt"), "--out", folder.path("linear.json"), "--model", "linear", "--quiet"])
        let linearKind = try ModelFile.load(from: folder.path("linear.json")).kind
        #expect(linear.status == 0 && linearKind == "linear", "\(linear.output)")
        let wrongModel = try runJobmatch(["evaluate", "--letor", folder.path("examples/test.txt"), "--model", folder.path("scores.txt")])
        #expect(wrongModel.status != 0 && wrongModel.output.contains("scores.txt: not a jobmatch model file"), "\(wrongModel.output)")

        let day = "2025-02-16"
        let snapshot = try MatchStore(path: folder.path("central.sqlite")).snapshot(asOf: try Day(parsing: day))
        let people = Set(snapshot.seekers.map(\.person)), postings = Set(snapshot.vacancies.map(\.key))
        let pair = try #require(test.keys.first { people.contains($0.person) && postings.contains($0.vacancy) })
        let explain = try runJobmatch(["explain", "--db", folder.path("central.sqlite"), "--as-of", day, "--space", folder.path("examples/space.jmfs"),
                                       "--model", folder.path("model.json"), "--seeker", String(pair.person), "--vacancy", String(pair.vacancy), "--quiet"])
        #expect(explain.status == 0, "\(explain.output)")
        #expect(explain.output.contains("reasons (part of the score):") && explain.output.contains("skill")
                && explain.output.contains("ค่าจ้าง") && explain.output.contains("distance_km"), "\(explain.output)")
        let absent = try runJobmatch(["explain", "--db", folder.path("central.sqlite"), "--as-of", day, "--space", folder.path("examples/space.jmfs"),
                                      "--model", folder.path("model.json"), "--seeker", "999999999", "--vacancy", String(pair.vacancy), "--quiet"])
        #expect(absent.status != 0 && absent.output.contains("seeker 999999999 is not an active seeker on"), "\(absent.output)")

        // Block weights learnt from the outcomes; the space is written with the chosen ones.
        let tune = try runJobmatch(["features", "tune", "--db", folder.path("central.sqlite"), "--space", folder.path("examples/space.jmfs"),
                                    "--out", folder.path("tuned.jmfs"), "--k", "5", "--groups", "300"])
        #expect(tune.status == 0 && tune.output.contains("retrieval recall@K") && tune.output.contains("test learnt")
                && tune.output.contains("wrote "), "\(tune.output)")
        let fitted = try FeatureSpace.load(from: folder.path("examples/space.jmfs")), tuned = try FeatureSpace.load(from: folder.path("tuned.jmfs"))
        let unchanged = FeatureBlock.allCases.allSatisfy { abs(tuned.configuration.weights[$0] - fitted.configuration.weights[$0]) < 1e-6 }
        #expect(tune.output.contains("adopted the learnt weights") != unchanged, "\(tune.output)")
        #expect(tuned.dimension == fitted.dimension)
        let noK = try runJobmatch(["features", "tune", "--db", folder.path("central.sqlite"), "--space", folder.path("examples/space.jmfs"),
                                   "--out", folder.path("never.jmfs"), "--k", "0"])
        #expect(noK.status != 0 && noK.output.contains("--k must be positive") && !FileManager.default.fileExists(atPath: folder.path("never.jmfs")))

        // Bad arguments are refused before anything is written.
        let bad = try runJobmatch(["simulate", "--months", "0", "--out", folder.path("never")])
        #expect(bad.status != 0 && bad.output.contains("--months"))
        #expect(!FileManager.default.fileExists(atPath: folder.path("never")))
    }
}
