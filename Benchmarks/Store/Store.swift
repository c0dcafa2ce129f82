// The central dataset: import and snapshot at national scale, against sqlite3's own CSV loader.
//
// - "import seekers 1M csv": `MatchStore.importFeed(.seekers)` of a 1,000,000-row job-board
//   seeker feed (MatchSim.SyntheticFeeds, 1 % bad rows) into a new dataset: full validation,
//   identity linking, versioned upserts, rejects. Target (issue 3): ≥ 200,000 rows/s.
// - "import seekers 1M jsonl": the same rows as JSON Lines.
// - "re-import seekers 1M csv (unchanged)": the same file again into the filled dataset.
// - "sqlite3 .import seekers 1M csv (no validation)": the reference, in the same run: the
//   sqlite3 shell loading the same file into a table of text columns: no validation, no
//   identity, no versions; what moving the bytes into SQLite costs at best.
// - "snapshot 1M seekers 200k vacancies": `MatchStore.snapshot(asOf:)` of a dataset holding
//   1M seekers, 200,000 vacancies, 20,000 employers and 1M events. Target: < 10 s.
//
// - "FeedReader seekers.csv" / "FeedReader seekers.jsonl": the reader alone (FeedReader.swift).
//
// Every benchmark reports rows/s and the peak resident memory of the process so far (VmHWM).
// The feed files are made once in $TMPDIR/jobmatch-bench-store and reused.

import Benchmark
import Foundation
import MatchCore
import MatchSim

enum Metrics {
    static let rows = BenchmarkMetric.custom("rows/s", polarity: .prefersLarger, useScalingFactor: false)
    static let peak = BenchmarkMetric.custom("peak RSS MiB", polarity: .prefersSmaller, useScalingFactor: false)
    static let megabytes = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)
}

enum Data {
    static let seekers = 1_000_000
    static let vacancies = 200_000
    static let employers = 20_000
    static let events = 1_000_000
    static let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jobmatch-bench-store").path
    static let feeds = SyntheticFeeds(
        seed: 3, people: seekers, employers: employers, vacancies: vacancies,
        start: Day(year: 2025, month: 1, day: 1)!, days: 28, badRowRate: 0.01)
    /// After every registration and opening, before any vacancy closes (30–120 days after it
    /// opened): the snapshot holds (nearly) every seeker and every vacancy.
    static let snapshotDay = Day(year: 2025, month: 1, day: 29)!

    static func path(_ name: String) -> String { folder + "/" + name }

    /// Makes the feed files unless they exist.
    static func prepare() {
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let started = ContinuousClock.now
        func make(_ name: String, _ body: (String) throws -> Void) {
            guard !FileManager.default.fileExists(atPath: path(name)) else { return }
            let partial = path("partial-" + name)  // keeps the extension, which names the format
            try! body(partial)
            try! FileManager.default.moveItem(atPath: partial, toPath: path(name))
        }
        make("seekers.csv") { try feeds.writeSeekers(count: seekers, to: $0) }
        make("seekers.jsonl") { try feeds.writeSeekers(count: seekers, to: $0) }
        make("employers.csv") { try feeds.writeEmployers(to: $0) }
        make("vacancies.csv") { try feeds.writeVacancies(to: $0) }
        make("events.csv") { try feeds.writeEvents(count: events, to: $0) }
        print("feed files ready in \(folder) (\(format((ContinuousClock.now - started).seconds)) s)")
    }

    static func freshDatabase(_ name: String) -> String {
        let database = path(name)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        return database
    }
}

func format(_ value: Double, digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }

/// VmHWM of this process in MiB.
func peakResidentMiB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kib = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kib / 1024
}

func report(_ benchmark: Benchmark, _ name: String, rows: Int, seconds: Double) {
    benchmark.measurement(Metrics.rows, Int(Double(rows) / seconds))
    benchmark.measurement(Metrics.peak, peakResidentMiB())
    print("\(name): \(rows) rows in \(format(seconds)) s = \(Int(Double(rows) / seconds)) rows/s; peak RSS \(peakResidentMiB()) MiB")
}

func importFile(_ benchmark: Benchmark, _ name: String, file: String, database: String, fresh: Bool) {
    let path = fresh ? Data.freshDatabase(database) : Data.path(database)
    let store = try! MatchStore(path: path)
    benchmark.startMeasurement()
    let started = ContinuousClock.now
    let summary = try! store.importFeed(.seekers, file: Data.path(file), options: ImportOptions(rejectsPath: path + ".rejects.csv"))
    let seconds = (ContinuousClock.now - started).seconds
    benchmark.stopMeasurement()
    precondition(summary.accepted + summary.rejected == summary.read)
    print("  read \(summary.read), accepted \(summary.accepted), rejected \(summary.rejected), inserted \(summary.inserted), "
          + "updated \(summary.updated), unchanged \(summary.unchanged)")
    report(benchmark, name, rows: summary.read, seconds: seconds)
}

let benchmarks = {
    Data.prepare()
    feedReaderBenchmarks()
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, Metrics.rows, Metrics.peak], timeUnits: .seconds,
        warmupIterations: 0, maxDuration: .seconds(60), maxIterations: 3)

    Benchmark("import seekers 1M csv", configuration: configuration) { benchmark in
        importFile(benchmark, "import seekers 1M csv", file: "seekers.csv", database: "import.sqlite", fresh: true)
    }

    Benchmark("re-import seekers 1M csv (unchanged)", configuration: configuration) { benchmark in
        importFile(benchmark, "re-import seekers 1M csv", file: "seekers.csv", database: "import.sqlite", fresh: false)
    }

    Benchmark("import seekers 1M jsonl", configuration: configuration) { benchmark in
        importFile(benchmark, "import seekers 1M jsonl", file: "seekers.jsonl", database: "import-jsonl.sqlite", fresh: true)
    }

    Benchmark("sqlite3 .import seekers 1M csv (no validation)", configuration: configuration) { benchmark in
        let database = Data.freshDatabase("raw.sqlite")
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        shell.arguments = [database, "PRAGMA journal_mode=WAL;", "PRAGMA synchronous=NORMAL;", ".import --csv \(Data.path("seekers.csv")) seeker"]
        benchmark.startMeasurement()
        let started = ContinuousClock.now
        try! shell.run()
        shell.waitUntilExit()
        let seconds = (ContinuousClock.now - started).seconds
        benchmark.stopMeasurement()
        precondition(shell.terminationStatus == 0, "sqlite3 failed (is the sqlite3 shell installed?)")
        report(benchmark, "sqlite3 .import seekers 1M csv", rows: Data.seekers, seconds: seconds)
    }

    Benchmark("snapshot 1M seekers 200k vacancies", configuration: configuration) { benchmark in
        let database = Data.path("snapshot.sqlite")
        if !FileManager.default.fileExists(atPath: database) {
            let store = try! MatchStore(path: Data.freshDatabase("snapshot.sqlite"))
            for (kind, file) in [(FeedKind.seekers, "seekers.csv"), (.employers, "employers.csv"), (.vacancies, "vacancies.csv"), (.events, "events.csv")] {
                let summary = try! store.importFeed(kind, file: Data.path(file))
                print("  snapshot dataset: \(file): accepted \(summary.accepted) of \(summary.read)")
            }
        }
        let store = try! MatchStore(path: database)
        benchmark.startMeasurement()
        let started = ContinuousClock.now
        let snapshot = try! store.snapshot(asOf: Data.snapshotDay)
        let seconds = (ContinuousClock.now - started).seconds
        benchmark.stopMeasurement()
        print("  snapshot: \(snapshot.seekers.count) seekers, \(snapshot.vacancies.count) vacancies, \(snapshot.events.count) events")
        report(benchmark, "snapshot", rows: snapshot.seekers.count + snapshot.vacancies.count + snapshot.events.count, seconds: seconds)
    }
}
