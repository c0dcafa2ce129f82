import ArgumentParser
import Foundation
import MatchCore

/// `--db`, shared by the commands that use the central dataset.
struct DatasetOptions: ParsableArguments {
    @Option(help: "The central dataset: a SQLite file, created (mode 0600) if missing.")
    var db = "central.sqlite"
}

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import feed files of DOE's services into the central dataset.",
        discussion: """
            Feeds (columns in docs/feeds.md): \(FeedKind.allCases.map(\.name).joined(separator: ", ")).
            Files are CSV with a header (.csv) or JSON Lines (.jsonl, .ndjson). Every row is
            validated; bad rows go to <rejects-dir>/<file name>.rejects.csv (file, row, line,
            field, reason; never the value) and never stop the import. Re-importing a file
            changes nothing; a newer row of the same record replaces it. An import killed at
            any point can simply be run again.
            """
    )

    @OptionGroup var dataset: DatasetOptions

    @Option(help: "What the files hold: \(FeedKind.allCases.map(\.name).joined(separator: ", ")).")
    var feed: String

    @Argument(help: "Feed files, imported in the order given.")
    var files: [String]

    @Option(help: "Folder for the rejects files, created if missing (default: the current folder).")
    var rejectsDir = "."

    @Option(help: "Rows per transaction.")
    var batchSize = 20_000

    @Flag(help: "Check the files against the dataset and write the rejects, changing nothing.")
    var dryRun = false

    @Option(help: "An occupation coder file (`jobmatch coder train`): vacancies without an occupation code get the code it suggests from the title, marked as suggested (without it, such rows are rejected); after a seekers feed, desired titles without a code get suggestions (as `jobmatch coder suggest`).")
    var coder: String?

    @Flag(help: "Print no progress.")
    var quiet = false

    func validate() throws {
        guard FeedKind(name: feed) != nil else {
            throw ValidationError("unknown feed '\(feed)'; one of: \(FeedKind.allCases.map(\.name).joined(separator: ", "))")
        }
        guard !files.isEmpty else { throw ValidationError("name at least one file") }
        guard batchSize > 0 else { throw ValidationError("--batch-size must be 1 or more") }
    }

    func run() async throws {
        let kind = FeedKind(name: feed)!
        // The rejects folder is made when missing, like the dataset file.
        try FileManager.default.createDirectory(atPath: rejectsDir, withIntermediateDirectories: true)
        let store = try MatchStore(path: dataset.db)
        let occupationCoder = try coder.map { try OccupationCoder.load(from: $0).coder }
        for file in files {
            let name = URL(fileURLWithPath: file).lastPathComponent
            let progress = quiet ? nil : ProgressLine(label: "importing \(name)", unit: "MB")
            let options = ImportOptions(
                batchSize: batchSize,
                rejectsPath: URL(fileURLWithPath: rejectsDir).appendingPathComponent("\(name).rejects.csv").path,
                dryRun: dryRun,
                occupationCoder: occupationCoder,
                progress: progress.map { line in
                    { @Sendable update in line.update(update.bytesRead >> 20, of: update.fileSize >> 20) }
                })
            let summary = try store.importFeed(kind, file: file, options: options)
            progress?.finish()
            print((dryRun ? "dry run, nothing changed: " : "") + Self.report(summary))
        }
        if kind == .seekers, !dryRun, let occupationCoder {
            let suggestions = try OccupationSuggestions.update(in: store, coder: occupationCoder)
            print("occupation suggestions for desired titles: \(suggestions.coded) coded, \(suggestions.unchanged) up to date, \(suggestions.cleared) cleared")
        }
    }

    static func report(_ summary: ImportSummary) -> String {
        var lines = [
            "\(summary.file) (\(summary.feed)): read \(summary.read), accepted \(summary.accepted), "
                + "rejected \(summary.rejected); inserted \(summary.inserted), updated \(summary.updated), "
                + "unchanged \(summary.unchanged); new people \(summary.newPeople), new employers \(summary.newEmployers); "
                + "\(format(summary.seconds, digits: 2)) s, \(format(summary.rowsPerSecond, digits: 0)) rows/s",
        ]
        if !summary.unknownColumns.isEmpty {
            lines.append("  ignored columns: \(summary.unknownColumns.joined(separator: ", "))")
        }
        for (problem, count) in summary.problemsByCount.prefix(10) {
            lines.append("  \(count) × \(problem)")
        }
        if summary.rejected > 0, let rejects = summary.rejectsFile {
            lines.append("  rejected rows: \(rejects)")
        }
        return lines.joined(separator: "\n")
    }
}

/// What `stats --as-of` counts in a day's snapshot.
struct SnapshotCounts {
    var day: Day
    var seekers: Int, vacancies: Int, events: Int
    /// Active seekers by programme, in ``Service`` order, programmes with none left out.
    var programmes: [(service: Service, seekers: Int)]

    init(_ snapshot: Snapshot, day: Day) {
        self.day = day
        (seekers, vacancies, events) = (snapshot.seekers.count, snapshot.vacancies.count, snapshot.events.count)
        var counts: [Service: Int] = [:]
        for seeker in snapshot.seekers { for service in seeker.programmes.services { counts[service, default: 0] += 1 } }
        programmes = Service.allCases.compactMap { service in counts[service].map { (service, $0) } }
    }
}

/// The dataset's counts as records (`stats --format csv|jsonl`): section, name, value. Names are
/// tables, programmes, provinces, countries, feed files and problems: never a person.
func statsRecords(_ stats: DatasetStats, provinces: Int, snapshot: SnapshotCounts? = nil) -> Records {
    var records = Records(columns: ["section", "name", "value"])
    func record(_ section: String, _ name: String, _ value: Int) { records.append([.text(section), .text(name), .integer(value)]) }
    for table in stats.tables { record("table", table.table, table.rows) }
    for entry in stats.peopleByService { record("programme", entry.service.description, entry.people) }
    for count in stats.provinces.prefix(provinces) {
        let name = count.province.map { "\($0.nameEnglish) (\($0.code))" } ?? "none or abroad"
        record("province_seekers", name, count.seekers)
        record("province_vacancies", name, count.vacancies)
    }
    for entry in stats.vacanciesAbroad { record("vacancies_abroad", entry.country, entry.vacancies) }
    for run in stats.imports {
        record("import_read", run.file, run.read)
        record("import_accepted", run.file, run.accepted)
        record("import_rejected", run.file, run.rejected)
        for entry in run.problems { record("import_problem", "\(run.file): \(entry.problem)", entry.count) }
    }
    if let snapshot {
        record("snapshot", "active seekers on \(snapshot.day)", snapshot.seekers)
        record("snapshot", "open vacancies on \(snapshot.day)", snapshot.vacancies)
        record("snapshot", "events up to \(snapshot.day)", snapshot.events)
        for entry in snapshot.programmes { record("snapshot_programme", entry.service.description, entry.seekers) }
    }
    return records
}

struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Counts of the central dataset: tables, people by programme, provinces, rejects.",
        discussion: """
            --format csv or jsonl: one count a record, with the columns section, name, value (sections: table, \
            programme, province_seekers, province_vacancies, vacancies_abroad, import_read, import_accepted, \
            import_rejected, import_problem, snapshot, snapshot_programme).
            """)

    @OptionGroup var dataset: DatasetOptions

    @Option(help: "Provinces to list (the largest first).")
    var provinces = 10

    @Option(help: "Also load the snapshot of this day (YYYY-MM-DD or DD/MM/YYYY, BE years allowed): active seekers, open vacancies, events.")
    var asOf: String?

    @Option(help: "table, csv or jsonl.")
    var format = OutputFormat.table

    func validate() throws {
        try OutputFormat.check(format, allowed: [.table, .csv, .jsonl])
        if let asOf, (try? Day(parsing: asOf)) == nil {
            throw ValidationError("--as-of: not a day: use YYYY-MM-DD or DD/MM/YYYY")
        }
    }

    func run() async throws {
        guard FileManager.default.fileExists(atPath: dataset.db) else {
            throw ValidationError("\(dataset.db): no such dataset (create one with jobmatch import)")
        }
        let stats = try MatchStore(path: dataset.db).stats()
        var lines = ["tables:"]
        lines += stats.tables.map { "  \($0.table.padding(toLength: 20, withPad: " ", startingAt: 0)) \($0.rows)" }
        lines.append("people by programme:")
        lines += stats.peopleByService.map { "  \($0.service.description.padding(toLength: 40, withPad: " ", startingAt: 0)) \($0.people)" }
        lines.append("provinces (seekers, vacancies):")
        for count in stats.provinces.prefix(provinces) {
            let name = count.province.map { "\($0.nameEnglish) (\($0.code))" } ?? "none or abroad"
            lines.append("  \(name.padding(toLength: 30, withPad: " ", startingAt: 0)) \(count.seekers)  \(count.vacancies)")
        }
        if !stats.vacanciesAbroad.isEmpty {
            lines.append("vacancies abroad: " + stats.vacanciesAbroad.map { "\($0.country) \($0.vacancies)" }.joined(separator: ", "))
        }
        lines.append("latest imports:")
        for run in stats.imports {
            lines.append("  \(run.file) (\(run.feed)): read \(run.read), accepted \(run.accepted), rejected \(run.rejected)")
            for entry in run.problems.prefix(5) { lines.append("    \(entry.count) × \(entry.problem)") }
        }
        var counts: SnapshotCounts?
        if let asOf, let day = try? Day(parsing: asOf) {
            let started = ContinuousClock.now
            let loaded = try MatchStore(path: dataset.db).snapshot(asOf: day)
            let seconds = (ContinuousClock.now - started).seconds
            let snapshot = SnapshotCounts(loaded, day: day)
            lines.append("snapshot of \(day): \(snapshot.seekers) active seekers, \(snapshot.vacancies) open vacancies, "
                + "\(snapshot.events) events (loaded in \(MatchCLI.format(seconds, digits: 2)) s)")
            for entry in snapshot.programmes { lines.append("  active in \(entry.service): \(entry.seekers)") }
            counts = snapshot
        }
        if format == .table {
            print(lines.joined(separator: "\n"))
        } else {
            print(try statsRecords(stats, provinces: provinces, snapshot: counts).rendered(format), terminator: "")
        }
    }
}
