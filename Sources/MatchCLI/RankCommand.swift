import ArgumentParser
import Foundation
import MatchCore

struct RankCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rank",
        abstract: "Rank every seeker's vacancies (or every vacancy's seekers) under the eligibility rules, with reasons.",
        discussion: """
            The pipeline: snapshot → encode → retrieval of --candidates per query under the eligibility rules → \
            the model's re-rank → the best -k with reasons. The lists go to the dataset's results table (a run, \
            with the model version and parameters; --no-store to skip), and to --out as CSV or JSON Lines. \
            --shard K/N ranks a deterministic share of the queries, so N machines can split the work. \
            The rules and every output format: docs/ranking.md. Only pseudonymous keys are written.
            """)

    @OptionGroup var snapshot: SnapshotOptions

    @Option(help: "The fitted space (.jmfs) the model's examples were made with.")
    var space: String

    @Option(help: "The model file (jobmatch train).")
    var model: String

    @Option(name: .customLong("for"), help: "seekers: vacancies for each seeker; vacancies: seekers for each vacancy.")
    var direction: RankingDirection = .seekers

    @Option(name: .shortAndLong, help: "Matches per list.")
    var k = RankingOptions().k

    @Option(help: "Candidates retrieved per list for the model to re-rank.")
    var candidates = RankingOptions().candidates

    @Option(help: "This machine's share of the queries, K/N (e.g. 3/16).")
    var shard = "1/1"

    @Option(help: "Also write the lists to this file.")
    var out: String?

    @Option(help: "Format of --out: csv or jsonl (default: from the extension, else csv).")
    var format: RankingFormat?

    @Flag(help: "Do not record the run in the dataset's results table.")
    var noStore = false

    @Option(help: "Print this many lists with their reasons on standard output.")
    var show = 0

    @Option(help: "Reasons kept per match.")
    var reasons = RankingOptions().reasons

    @Option(help: ArgumentHelp(
        "Retrieval: an 8-bit pass keeps this many times --candidates, ordered by their exact scores; 0: one exact pass.",
        discussion: "Default: 2 on processors with AVX-512 VNNI, 0 elsewhere."))
    var refine = RankingOptions.defaultRefine

    @Option(help: "Queries per block (memory grows with it).")
    var blockSize = RankingOptions().blockSize

    @Option(help: "A corrected foreign-worker occupation table (CSV, columns as Resources/reference/foreign_worker_occupations_2020.csv).")
    var foreignWorkerOccupations: String?

    @Flag(help: "Print the run's summary as JSON on standard output.")
    var json = false

    @Flag(help: "Print no progress or summary on standard error.")
    var quiet = false

    func validate() throws {
        guard (try? Shard(parsing: shard)) != nil else { throw ValidationError("--shard: expected K/N with 1 ≤ K ≤ N, such as 3/16") }
        guard show >= 0 else { throw ValidationError("--show must be 0 or more") }
        do {
            try options(shard: Shard(parsing: shard)).validate()
        } catch {
            throw ValidationError("\(error)")
        }
    }

    func options(shard: Shard) -> RankingOptions {
        RankingOptions(direction: direction, candidates: candidates, k: k, shard: shard, blockSize: blockSize, reasons: reasons,
                       refine: refine)
    }

    func run() async throws {
        let file = try ModelFile.load(from: model, expecting: PairFeatures.schema)
        let fitted = try FeatureSpace.load(from: space)
        var rules = EligibilityRules.standard
        if let foreignWorkerOccupations { rules.foreignWorkerOccupations = try ForeignWorkerOccupations(contentsOf: foreignWorkerOccupations) }
        let corpus = try snapshot.load(quiet: quiet)
        let options = options(shard: try Shard(parsing: shard))
        let pipeline = try RankingPipeline(snapshot: corpus, space: fitted, model: file.model, rules: rules, options: options)
        let writer = try out.map { path in
            try RankingFileWriter(path: path, format: format ?? (path.hasSuffix(".jsonl") ? .jsonl : .csv))
        }
        let store = noStore ? nil : try MatchStore(path: snapshot.dataset.db)
        let parameters = ["for": direction.rawValue, "k": String(k), "candidates": String(candidates), "refine": String(refine), "shard": shard,
                          "space": URL(fileURLWithPath: space).lastPathComponent, "model": URL(fileURLWithPath: model).lastPathComponent,
                          "foreign_worker_occupations": foreignWorkerOccupations.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "embedded"]
        let run = try store?.beginRun(modelVersion: file.identity, parameters: parameters, asOf: corpus.asOf,
                                      direction: direction, shard: options.shard)
        var shown: [RankedList] = []
        let line = ProgressLine(label: "ranking \(direction.rawValue)", unit: "lists")
        let summary = try await pipeline.run(progress: { step in
            if !quiet, case let .ranking(done, total) = step { line.update(done, of: total) }
        }) { lists in
            try writer?.write(lists)
            if let store, let run { try store.appendLists(lists, run: run, direction: direction) }
            if shown.count < show { shown += lists.prefix(show - shown.count) }
        }
        line.finish()
        try writer?.commit()
        let summaryJSON = try jsonText(summary)
        if let store, let run { try store.finishRun(run, summary: summaryJSON) }

        for list in shown { printList(list, corpus: corpus) }
        if json { print(summaryJSON) }
        if !quiet {
            standardError(describe(summary) + "\n")
            if let run { standardError("results: run \(run) in \(snapshot.dataset.db) (model \(file.identity))\n") }
            if let out { standardError("wrote \(out)\n") }
        }
    }

    private func printList(_ list: RankedList, corpus: Snapshot) {
        let who = direction == .seekers ? "seeker \(list.key)" : "vacancy \(corpus.vacancies.first { $0.key == list.key }?.externalID ?? String(list.key))"
        print(list.matches.isEmpty ? "\(who): no eligible match" : "\(who):")
        for match in list.matches {
            let other = direction == .seekers ? "\(match.vacancyID)" : "seeker \(match.person)"
            let title = direction == .seekers ? (corpus.vacancies.first { $0.key == match.vacancy }?.title ?? "") : ""
            print("  \(match.rank). \(other) \(title)  score \(MatchCLI.format(Double(match.score), digits: 3))")
            for reason in match.reasons { print("       · \(reason.english) / \(reason.thai)") }
        }
    }
}

/// The summary of a ranking run, in lines for standard error.
func describe(_ summary: RankingSummary) -> String {
    var lines = ["\(summary.queries) lists for \(summary.direction.rawValue) (shard \(summary.shard)) against \(summary.items) "
        + "\(summary.direction == .seekers ? "vacancies" : "seekers"): \(summary.matches) matches, \(summary.emptyLists) lists empty"]
    let counts = summary.eligibility
    let share = { (pairs: Int) in counts.pairs > 0 ? format(100 * Double(pairs) / Double(counts.pairs), digits: 1) + "%" : "-" }
    lines.append("pairs of seekers × vacancies: \(counts.pairs), eligible \(counts.eligible) (\(share(counts.eligible)))")
    for (rule, excluded) in zip(EligibilityRule.allCases, counts.excluded) {
        var text = "  excluded by \(rule.rawValue): \(excluded) (\(share(excluded)))"
        if rule == .foreignWorkerOccupation && counts.suggestedOccupationExclusions > 0 {
            text += ", \(counts.suggestedOccupationExclusions) on a coder-suggested occupation"
        }
        lines.append(text)
    }
    let stages = ["encode-items", "encode-queries", "retrieve", "rerank", "write"]
    lines.append("seconds: " + stages.map { "\($0) \(format(summary.seconds[$0] ?? 0, digits: 1))" }.joined(separator: ", "))
    return lines.joined(separator: "\n")
}

extension RankingDirection: ExpressibleByArgument {}
extension RankingFormat: ExpressibleByArgument {}
