import ArgumentParser
import Foundation
import MatchCore
import MatchSim

struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a ranking model on LETOR examples and save it as a model file.",
        discussion: """
            Examples come from `jobmatch examples` (or any SVMlight/LETOR file with qid). boosted-trees is \
            LambdaMART on histogram-binned features; linear is the baseline. With --valid, training stops \
            when validation NDCG@10 has not improved for --early-stopping rounds and keeps the best round. \
            The model file (JSON) carries the feature names, the training summary and the metrics. \
            Details: docs/scorer.md.
            """)

    @Option(help: "Training examples (LETOR text).")
    var letor: String

    @Option(help: "Validation examples, for early stopping and the saved metrics.")
    var valid: String?

    @Option(help: "Where to write the model file.")
    var out: String

    @Option(help: "boosted-trees or linear.")
    var model = "boosted-trees"

    @Option(help: "Most trees (boosted-trees) or epochs (linear).")
    var rounds: Int?

    @Option(help: "Learning rate (shrinkage of each tree, or Adam's step for linear).")
    var learningRate: Double?

    @Option(help: "Leaves a tree.")
    var leaves = BoostedTreesConfiguration().leaves

    @Option(help: "Fewest training rows in a leaf.")
    var minLeafRows = BoostedTreesConfiguration().minimumLeafRows

    @Option(help: "L2 penalty on leaf values (boosted-trees): λ in −ΣG / (ΣH + λ).")
    var l2 = BoostedTreesConfiguration().l2

    @Option(help: "Stop after this many rounds without a better validation NDCG@10 (0: never).")
    var earlyStopping = 20

    @Flag(help: ArgumentHelp(
        "Choose the tree shape on the validation examples (boosted-trees, needs --valid).",
        discussion: "Trains one model per shape of --leaves 4, 8, 16, 31 × --min-leaf-rows 50, 20 (simplest first) and keeps the best by validation NDCG@10; --leaves and --min-leaf-rows are then ignored. For small datasets, where the default shape overfits (docs/scorer.md)."))
    var tune = false

    @Flag(help: "Print no progress or summary.")
    var quiet = false

    func validate() throws {
        guard ["boosted-trees", "linear"].contains(model) else { throw ValidationError("--model: boosted-trees or linear") }
        if let rounds, rounds < 1 { throw ValidationError("--rounds must be at least 1") }
        guard earlyStopping >= 0 else { throw ValidationError("--early-stopping must be 0 or more") }
        guard l2 >= 0, l2.isFinite else { throw ValidationError("--l2 must be 0 or more") }
        if tune {
            guard valid != nil else { throw ValidationError("--tune chooses on the validation examples: give --valid") }
            guard model == "boosted-trees" else { throw ValidationError("--tune is for --model boosted-trees") }
        }
    }

    func run() async throws {
        let started = ContinuousClock.now
        let training = try readExamples(letor, quiet: quiet)
        let validation = try valid.map { try readExamples($0, quiet: quiet) }
        let readSeconds = (ContinuousClock.now - started).seconds
        let line = RoundLine(quiet: quiet)
        let trainingStarted = ContinuousClock.now
        let trained: ScoringModel, rounds: [TrainingRound], settings: String
        switch model {
        case "linear":
            var configuration = LinearRankerConfiguration()
            if let value = self.rounds { configuration.epochs = value }
            if let learningRate { configuration.learningRate = learningRate }
            configuration.earlyStoppingRounds = earlyStopping > 0 ? earlyStopping : nil
            let result = try LinearRankerTrainer(configuration).fit(training, validation: validation) { line.update($0, of: configuration.epochs) }
            (trained, rounds, settings) = (.linear(result.model), result.rounds, try jsonText(configuration))
        default:
            var configuration = BoostedTreesConfiguration()
            if let value = self.rounds { configuration.rounds = value }
            if let learningRate { configuration.learningRate = learningRate }
            configuration.leaves = leaves
            configuration.minimumLeafRows = minLeafRows
            configuration.l2 = l2
            configuration.earlyStoppingRounds = earlyStopping > 0 ? earlyStopping : nil
            if tune, let validation {
                let search = try TreeShapeSearch().run(base: configuration, training: training, validation: validation) { trial in
                    if !quiet {
                        standardError("leaves \(trial.leaves), min leaf rows \(trial.minimumLeafRows): validation NDCG@10 "
                                      + "\(format(trial.validationNDCG, digits: 4)) (\(trial.rounds) rounds)\n")
                    }
                }
                if !quiet { standardError("chose leaves \(search.configuration.leaves), min leaf rows \(search.configuration.minimumLeafRows)\n") }
                (trained, rounds) = (.boostedTrees(search.model), search.rounds)
                settings = try jsonText(TunedSettings(configuration: search.configuration, trials: search.trials))
            } else {
                let result = try BoostedTreesTrainer(configuration).fit(training, validation: validation) { line.update($0, of: configuration.rounds) }
                (trained, rounds, settings) = (.boostedTrees(result.model), result.rounds, try jsonText(configuration))
            }
        }
        line.finish()
        let trainingSeconds = (ContinuousClock.now - trainingStarted).seconds
        var metrics: [String: RankingReport] = [:]
        if let validation { metrics["validation"] = RankingReport(scores: try trained.scores(validation), examples: validation) }
        let source = ([letor] + (valid.map { [$0] } ?? [])).map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", ")
        let file = ModelFile(model: trained, training: TrainingSummary(source: source, training: training, validation: validation),
                             metrics: metrics, settings: settings, rounds: rounds)
        try file.save(to: out)
        if !quiet {
            standardError("read in \(format(readSeconds, digits: 1)) s; trained in \(format(trainingSeconds, digits: 1)) s (\(rounds.count) rounds)\n")
            if let report = metrics["validation"] { standardError("validation: \(report)\n") }
            if case let .boostedTrees(trees) = trained {
                let importance = zip(trees.schema, trees.gainImportance).sorted { $0.1 > $1.1 }.prefix(8)
                let total = max(trees.gainImportance.reduce(0, +), .leastNonzeroMagnitude)
                standardError("most gain: " + importance.map { "\($0.0) \(format(Double(100 * $0.1 / total), digits: 0))%" }.joined(separator: ", ") + "\n")
            }
            standardError("wrote \(out) (\(trained.kind), \(training.featureCount) features)\n")
        }
    }
}

/// The settings a tuned model file records: the configuration chosen and every shape tried.
private struct TunedSettings: Encodable {
    var configuration: BoostedTreesConfiguration
    var trials: [TreeShapeSearch.Trial]
}

struct EvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate rankings against later outcomes (--db), or score LETOR examples (--letor).",
        discussion: """
            With --db: a time split of the dataset's events (the test part: the last --weeks weeks); each test week, the \
            seekers who applied are ranked against the vacancies open that week, with the rules and what was known at the \
            week's start, by the model and by the baselines (random, popularity, rule filter of same 2-digit occupation and \
            province, text only, retrieval only). Metrics: recall@k, NDCG@k, MRR for k = 1, 5, 10, 20; coverage; congestion; \
            figures by seeker group; with --truth, the share of the simulator oracle's NDCG@10. Output: a table (--format \
            csv or jsonl: a row per method; json: the whole report) and --report report.html. Details: docs/ranking.md, "Evaluation".
            With --letor: NDCG@1/5/10, MRR and recall of a model's scores of LETOR examples, beside the retrieval score alone.
            """)

    @Option(help: "The central dataset to evaluate rankings on.")
    var db: String?

    @Option(help: "The fitted space (.jmfs) the model's examples were made with (--db).")
    var space: String?

    @Option(help: "Weeks in the test part and in the validation part before it (--db).")
    var weeks = 4

    @Option(help: "The simulator's truth folder (oracle.csv, truth.json), for the oracle share (--db).")
    var truth: String?

    @Option(help: "Write the HTML report here (--db).")
    var report: String?

    @Option(help: "table, csv, jsonl or json (--db).")
    var format = OutputFormat.table

    @Option(help: "Examples to evaluate on (LETOR text), held out by time from training.")
    var letor: String?

    @Option(help: "The model file.")
    var model: String

    @Option(help: "Also write one score per line, in row order (--letor).")
    var predictions: String?

    @Flag(help: "Print the reports as JSON on standard output (--letor).")
    var json = false

    @Flag(help: "Print no progress.")
    var quiet = false

    func validate() throws {
        guard (db == nil) != (letor == nil) else { throw ValidationError("give --db (rankings) or --letor (examples), one of them") }
        if db != nil && space == nil { throw ValidationError("--db needs --space, the fitted space of the model's examples") }
        try OutputFormat.check(format, allowed: [.table, .csv, .jsonl, .json])
        guard weeks >= 1 else { throw ValidationError("--weeks must be at least 1") }
    }

    func run() async throws {
        if let db, let space { try await evaluateRankings(db: db, space: space) } else if let letor { try evaluateExamples(letor) }
    }

    private func evaluateRankings(db: String, space spacePath: String) async throws {
        guard FileManager.default.fileExists(atPath: db) else { throw ValidationError("\(db): no such dataset (create one with jobmatch import)") }
        let file = try ModelFile.load(from: model, expecting: PairFeatures.schema)
        let fitted = try FeatureSpace.load(from: spacePath)
        let store = try MatchStore(path: db)
        guard let days = try store.eventDays() else { throw ValidationError("\(db) holds no events to evaluate on") }
        let split = try TimeSplit.default(firstDay: days.lowerBound, lastDay: days.upperBound, weeks: weeks)
        var oracle: OracleTruth?
        if let truth {
            let ground = try GroundTruth(directory: URL(fileURLWithPath: truth))
            let keys = try store.personKeys(identities: Array(ground.probabilities.keys))
            let snapshot = try store.snapshot(asOf: ground.asOf)
            let vacancyKeys = Dictionary(snapshot.vacancies.map { ($0.externalID, $0.key) }, uniquingKeysWith: { a, _ in a })
            var probabilities: [Int64: [Int64: Double]] = [:]
            for (identity, row) in ground.probabilities {
                guard let person = keys[identity] else { continue }
                probabilities[person] = Dictionary(row.compactMap { id, p in vacancyKeys[id].map { ($0, p) } }, uniquingKeysWith: max)
            }
            oracle = OracleTruth(asOf: ground.asOf, probabilities: probabilities)
        }
        if !quiet { standardError("evaluating on \(split)\n") }
        let quiet = self.quiet
        let result = try await RankingEvaluation(split: split).run(store: store, space: fitted, model: file.model, truth: oracle) { step in
            guard !quiet else { return }
            switch step {
            case .week(let week, let total): standardError("test week \(week)/\(total)\n")
            case .oracle: standardError("ranking the ground truth's held-out seekers\n")
            }
        }
        if let report {
            try Data(result.html(title: "jobmatch evaluation: \(URL(fileURLWithPath: db).lastPathComponent)").utf8)
                .write(to: URL(fileURLWithPath: report), options: .atomic)
            if !quiet { standardError("wrote \(report)\n") }
        }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        case .table: print(evaluationTable(result))
        case .csv, .jsonl: print(try evaluationRecords(result).rendered(format), terminator: "")
        }
    }

    private func evaluateExamples(_ letor: String) throws {
        let examples = try readExamples(letor, quiet: quiet)
        let file = try ModelFile.load(from: model, expecting: examples.schema)
        let started = ContinuousClock.now
        let scores = try file.model.scores(examples)
        let seconds = (ContinuousClock.now - started).seconds
        var reports = ["model": RankingReport(scores: scores, examples: examples)]
        if let retrieval = examples.schema.firstIndex(of: PairFeature.retrieval.rawValue) {
            let baseline = (0..<examples.rowCount).map { examples.values[$0 * examples.featureCount + retrieval] }
            reports["retrieval"] = RankingReport(scores: baseline.map { $0.isNaN ? -.infinity : $0 }, examples: examples)
        }
        if let predictions {
            let text = scores.map { "\($0)" }.joined(separator: "\n") + "\n"
            try Data(text.utf8).write(to: URL(fileURLWithPath: predictions), options: .atomic)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(reports), as: UTF8.self))
        } else {
            print("\(file.kind) model: \(reports["model"]!)")
            if let baseline = reports["retrieval"] { print("retrieval score alone: \(baseline)") }
            if !quiet { standardError("scored \(examples.rowCount) rows in \(MatchCLI.format(seconds, digits: 2)) s\n") }
        }
    }
}

/// An evaluation as a terminal table: a row per method.
func evaluationTable(_ report: EvaluationReport) -> String {
    var lines = ["test weeks \(report.testFrom) … \(report.testThrough): \(report.seekerWeeks) seeker-weeks, \(report.positives) applications "
        + "(\(report.positivesExcluded) more excluded by the rules), top \(report.listLength) for coverage"]
    var header = "method".padding(toLength: 15, withPad: " ", startingAt: 0)
    for k in report.ks { header += "NDCG@\(k)".leftPadded(9) }
    for k in report.ks { header += "R@\(k)".leftPadded(8) }
    header += "MRR".leftPadded(7) + "cover".leftPadded(7) + "Gini".leftPadded(6)
    if report.oracleSeekers > 0 { header += "oracle".leftPadded(8) }
    lines.append(header)
    for method in report.methods {
        var line = method.method.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0)
        for k in report.ks { line += format(method.ndcg[k] ?? 0, digits: 3).leftPadded(9) }
        for k in report.ks { line += format(method.recall[k] ?? 0, digits: 3).leftPadded(8) }
        line += format(method.mrr, digits: 3).leftPadded(7) + format(method.coverage, digits: 2).leftPadded(7)
            + format(method.congestion, digits: 2).leftPadded(6)
        if report.oracleSeekers > 0 { line += (method.oracleShare.map { format($0, digits: 3) } ?? "-").leftPadded(8) }
        lines.append(line)
    }
    if report.oracleSeekers > 0 { lines.append("oracle: NDCG@\(report.listLength) against the true hire probabilities of \(report.oracleSeekers) held-out seekers") }
    return lines.joined(separator: "\n")
}

/// An explanation as records (`explain --format csv|jsonl`): the score, the average pair, the
/// eligibility, then each reason and each feature's contribution; reasons and features each add
/// up to score − average.
func explanationRecords(_ explanation: MatchExplanation, rule: EligibilityRule?) -> Records {
    var records = Records(columns: ["kind", "name", "value", "contribution", "english", "thai"])
    records.append([.text("score"), .text("score"), .missing, .float(explanation.score), .missing, .missing])
    records.append([.text("average"), .text("average pair"), .missing, .float(explanation.bias), .missing, .missing])
    records.append([.text("eligibility"), .text(rule?.rawValue ?? "eligible"), .missing, .missing,
                    .text(rule?.english ?? "no rule excludes the pair"), .text(rule?.thai ?? "ไม่มีกฎใดคัดคู่นี้ออก")])
    for reason in explanation.reasons {
        records.append([.text("reason"), .text(reason.topic.rawValue), .missing, .float(reason.contribution), .text(reason.english), .text(reason.thai)])
    }
    for item in explanation.contributions {
        records.append([.text("feature"), .text(item.feature.rawValue), item.value.isNaN ? .missing : .float(item.value),
                        .float(item.contribution), .missing, .missing])
    }
    return records
}

/// An evaluation as records: a row per method (`--format csv|jsonl`). A figure not computed
/// (`oracle_share` without a ground truth) is missing, not 0.
func evaluationRecords(_ report: EvaluationReport) -> Records {
    var records = Records(columns: ["method"] + report.ks.map { "ndcg@\($0)" } + report.ks.map { "recall@\($0)" }
        + ["mrr", "coverage", "congestion", "oracle_share", "test_from", "test_through", "seeker_weeks", "applications"])
    for method in report.methods {
        records.append([.text(method.method.rawValue)] + report.ks.map { method.ndcg[$0].map { .number($0) } ?? .missing }
            + report.ks.map { method.recall[$0].map { .number($0) } ?? .missing }
            + [.number(method.mrr), .number(method.coverage), .number(method.congestion), method.oracleShare.map { .number($0) } ?? .missing,
               .text(report.testFrom), .text(report.testThrough), .integer(report.seekerWeeks), .integer(report.positives)])
    }
    return records
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? " " + self : String(repeating: " ", count: width - count) + self }
}

struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a model's score for one seeker and one vacancy: reasons in Thai and English, and every feature's contribution.",
        discussion: """
            The seeker is a person key (as in jobmatch outputs), never an ID number; the vacancy its posting ID or key. \
            --format csv or jsonl: one record per line (kind score, average, eligibility, reason, feature), with the \
            columns kind, name, value, contribution, english, thai; json: one document.
            """)

    @OptionGroup var snapshot: SnapshotOptions

    @Option(help: "The fitted space (.jmfs) the model's examples were made with.")
    var space: String

    @Option(help: "The model file.")
    var model: String

    @Option(help: "The seeker's person key.")
    var seeker: Int64

    @Option(help: "The vacancy's posting ID (e.g. JB0000123) or key.")
    var vacancy: String

    @Option(help: "table, csv, jsonl or json.")
    var format = OutputFormat.table

    @Flag(help: "Print no progress.")
    var quiet = false

    func validate() throws {
        try OutputFormat.check(format, allowed: [.table, .csv, .jsonl, .json])
    }

    func run() async throws {
        let file = try ModelFile.load(from: model, expecting: PairFeatures.schema)
        let fitted = try FeatureSpace.load(from: space)
        let corpus = try snapshot.load(quiet: quiet)
        guard let seekerIndex = corpus.seekers.firstIndex(where: { $0.person == seeker }) else {
            throw ValidationError("seeker \(seeker) is not an active seeker on \(corpus.asOf)")
        }
        guard let vacancyIndex = corpus.vacancies.firstIndex(where: { $0.externalID == vacancy || String($0.key) == vacancy }) else {
            throw ValidationError("vacancy \(vacancy) is not open on \(corpus.asOf)")
        }
        let profile = corpus.seekers[seekerIndex], posting = corpus.vacancies[vacancyIndex]
        let extractor = PairFeatureExtractor(space: fitted, seekers: [profile], vacancies: [posting])
        let features = extractor.features(seeker: 0, vacancy: 0, seekerRow: fitted.encode(profile), vacancyRow: fitted.encode(posting))
        let explanation = MatchExplanation(features: features, seeker: profile, vacancy: posting, model: file.model)
        let rule = EligibilityTable(snapshot: corpus).rule(excluding: seekerIndex, vacancyIndex)
        switch format {
        case .table:
            print(explanationText(explanation, seeker: seeker, vacancy: posting.externalID, asOf: corpus.asOf, rule: rule))
        case .csv, .jsonl:
            print(try explanationRecords(explanation, rule: rule).rendered(format), terminator: "")
        case .json:
            let document: [String: Any] = [
                "seeker": seeker, "vacancy": posting.externalID, "as_of": corpus.asOf.description,
                "score": shortest(explanation.score), "average": shortest(explanation.bias),
                "eligible": rule == nil, "rule": rule.map { $0.rawValue as Any } ?? NSNull(),
                "reasons": explanation.reasons.map { ["topic": $0.topic.rawValue, "english": $0.english, "thai": $0.thai, "contribution": shortest($0.contribution)] },
                "features": explanation.contributions.map {
                    ["feature": $0.feature.rawValue, "value": $0.value.isNaN ? NSNull() : shortest($0.value) as Any, "contribution": shortest($0.contribution)]
                },
            ]
            let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        }
    }

    private func explanationText(_ explanation: MatchExplanation, seeker: Int64, vacancy: String, asOf: Day, rule: EligibilityRule?) -> String {
        var lines = ["seeker \(seeker) × vacancy \(vacancy) on \(asOf): score \(signed(explanation.score)) (average pair \(signed(explanation.bias)))"]
        if let rule {
            lines.append("not shown by jobmatch rank: excluded by the rule \(rule.rawValue): \(rule.english) / \(rule.thai)")
        } else {
            lines.append("eligible: no rule excludes the pair")
        }
        lines.append("\nreasons (part of the score):")
        for reason in explanation.reasons {
            lines.append("  \(signed(reason.contribution))  \(reason.english)")
            lines.append("           \(reason.thai)")
        }
        lines.append("\nfeatures (value → contribution):")
        for item in explanation.contributions {
            let value = item.value.isNaN ? "unknown" : MatchCLI.format(Double(item.value), digits: 3)
            lines.append("  \(item.feature.rawValue.padding(toLength: 32, withPad: " ", startingAt: 0)) \(value.padding(toLength: 10, withPad: " ", startingAt: 0)) \(signed(item.contribution))")
        }
        return lines.joined(separator: "\n")
    }

    private func signed(_ value: Float) -> String { (value >= 0 ? "+" : "") + MatchCLI.format(Double(value), digits: 3) }
}

/// Reads LETOR examples, with a line on standard error.
func readExamples(_ path: String, quiet: Bool) throws -> RankingExamples {
    let started = ContinuousClock.now
    let examples = try LETORFile.read(from: path)
    if !quiet {
        standardError("\(path): \(examples.rowCount) rows, \(examples.groupCount) groups, \(examples.featureCount) features "
            + "(\(format((ContinuousClock.now - started).seconds, digits: 1)) s)\n")
    }
    return examples
}

/// `value` as compact JSON, keys sorted.
func jsonText(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// One line of training progress on standard error: the round, validation NDCG and time.
final class RoundLine: Sendable {
    private let interactive = isatty(STDERR_FILENO) != 0
    private let quiet: Bool

    init(quiet: Bool) {
        self.quiet = quiet
    }

    func update(_ round: TrainingRound, of total: Int) {
        guard !quiet else { return }
        let ndcg = round.validationNDCG.map { ", validation NDCG@10 \(format($0, digits: 4))" } ?? ""
        let text = "round \(round.round)/\(total)\(ndcg), \(format(round.seconds, digits: 1)) s"
        if interactive { standardError("\r\u{1B}[K" + text) } else if round.round % 10 == 0 || round.round == 1 { standardError(text + "\n") }
    }

    func finish() {
        if !quiet && interactive { standardError("\n") }
    }
}
