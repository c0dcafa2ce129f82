import ArgumentParser
import Foundation
import MatchCore

/// Options naming the coder to use: a trained file, or one built from the embedded knowledge.
struct CoderOptions: ParsableArguments {
    @Option(name: .customLong("coder"), help: "An occupation coder file from `jobmatch coder train` (default: build one from the embedded ESCO and Thai labels, a few seconds).")
    var coderFile: String?

    func load(quiet: Bool) throws -> OccupationCoder {
        if let coderFile { return try OccupationCoder.load(from: coderFile).coder }
        return try OccupationCoder.train(knowledge: try OccupationKnowledge.embedded(), progress: quiet ? nil : { standardError("coder: \($0)\n") })
    }
}

struct CodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "code",
        abstract: "Code free-text job titles (Thai or English) to ISCO-08 unit groups and ESCO occupations.",
        discussion: """
            One title: `jobmatch code "ช่างเชื่อม TIG"` prints the best unit groups with their probability, \
            the best occupation in each and the label that matched. A file: `jobmatch code --file titles.csv \
            --out coded.csv` reads the column --column (default title) of a CSV file with a header and \
            writes, for each title and each of its --top unit groups: row, title, rank, isco_code, isco_label, \
            isco_probability, occupation_id, occupation_code, occupation, occupation_probability. \
            The output is written whole or not at all. Details: docs/occupations.md.
            """)

    @Argument(help: "A job title.")
    var title: String?

    @Option(help: "A CSV file of titles (with a header row).")
    var file: String?

    @Option(help: "The column of --file that holds the titles.")
    var column = "title"

    @Option(help: "Where to write the coded CSV (with --file).")
    var out: String?

    @Option(help: "Unit groups to give for each title.")
    var top = 5

    @OptionGroup var coder: CoderOptions

    @Flag(help: "Print no progress or summary.")
    var quiet = false

    func validate() throws {
        guard (title == nil) != (file == nil) else { throw ValidationError("give a title or --file, not both") }
        if file != nil, out == nil { throw ValidationError("--file needs --out") }
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
    }

    func run() throws {
        let coder = try self.coder.load(quiet: quiet || title != nil)
        if let title {
            let coding = try coder.code(title, top: 1_000)
            print(CodingTable.render(coding, coder: coder, top: top))
            return
        }
        let (titles, rowNumbers) = try CodeCommand.readTitles(file!, column: column)
        let started = ContinuousClock.now
        let line = quiet ? nil : ProgressLine(label: "coding", unit: "titles")
        let codings = try coder.code(titles, top: 1_000) { line?.update($0, of: titles.count) }
        line?.finish()
        let seconds = (ContinuousClock.now - started).seconds
        var text = "row,title,rank,isco_code,isco_label,isco_probability,occupation_id,occupation_code,occupation,occupation_probability\n"
        for (position, coding) in codings.enumerated() {
            for (rank, group) in coding.unitGroups.prefix(top).enumerated() {
                let best = coding.matches.first { coder.occupation($0.occupation).isco == group.isco }
                let occupation = best.map { coder.occupation($0.occupation) }
                let fields = [String(rowNumbers[position]), titles[position], String(rank + 1), group.isco.digits, group.isco.label,
                              format(Double(group.probability), digits: 4), occupation?.id ?? "", occupation?.code ?? "",
                              occupation?.name ?? "", best.map { format(Double($0.probability), digits: 4) } ?? ""]
                text += fields.map(CSVText.quoted).joined(separator: ",") + "\n"
            }
        }
        let output = try StagedFile(destination: out!)
        try output.write(Array(text.utf8))
        try output.commit()
        if !quiet {
            standardError("coded \(titles.count) titles in \(format(seconds)) s (\(format(Double(titles.count) / max(seconds, 1e-9), digits: 0)) titles/s) into \(out!)\n")
        }
    }

    /// The titles of `column` in a CSV file, with their record numbers (1 = the first after the
    /// header).
    static func readTitles(_ path: String, column: String) throws -> (titles: [String], rows: [Int]) {
        let (name, records) = try readCSV(path)
        guard let header = records.first else { throw ValidationError("\(name): empty, expected a header row") }
        guard let field = header.firstIndex(of: column) else {
            throw ValidationError("\(name): no column \(column) in the header (\(header.joined(separator: ", "))); choose one with --column")
        }
        var titles: [String] = [], rows: [Int] = []
        for (number, record) in records.dropFirst().enumerated() {
            guard record.count == header.count else {
                throw ValidationError("\(name): record \(number + 1) has \(record.count) fields, the header \(header.count)")
            }
            titles.append(record[field])
            rows.append(number + 1)
        }
        return (titles, rows)
    }
}

/// The file name and the records of a UTF-8 CSV file (read whole: title lists are small).
func readCSV(_ path: String) throws -> (name: String, records: [[String]]) {
    let name = URL(fileURLWithPath: path).lastPathComponent
    guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("\(name): cannot be read") }
    guard let text = String(data: data, encoding: .utf8) else { throw ValidationError("\(name): not UTF-8") }
    return (name, CSVText.records(text))
}

/// The terminal table of one title's coding.
enum CodingTable {
    static func render(_ coding: OccupationCoding, coder: OccupationCoder, top: Int) -> String {
        guard !coding.unitGroups.isEmpty else { return "no occupation shares a word or letters with this title" }
        var lines = ["rank  isco  prob   unit group / best occupation (matched label)"]
        for (rank, group) in coding.unitGroups.prefix(top).enumerated() {
            let thai = coder.knowledge.occupations.first { !$0.isESCO && $0.isco == group.isco }?.thaiName.map { " · \($0)" } ?? ""
            lines.append("\(String(rank + 1).padding(toLength: 4, withPad: " ", startingAt: 0))  \(group.isco.digits)  \(format(Double(group.probability), digits: 3))  \(group.isco.label)\(thai)")
            if let best = coding.matches.first(where: { coder.occupation($0.occupation).isco == group.isco }) {
                let occupation = coder.occupation(best.occupation)
                let evidence = coder.label(best.evidence).map { " (\"\($0.text)\")" } ?? ""
                lines.append("                   \(occupation.isESCO ? "ESCO \(occupation.code) " : "")\(occupation.name)\(evidence)")
            }
        }
        return lines.joined(separator: "\n")
    }
}

struct CoderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coder",
        abstract: "Train and evaluate the occupation coder; suggest codes for seekers' desired jobs.",
        subcommands: [CoderTrainCommand.self, CoderEvaluateCommand.self, CoderSuggestCommand.self])
}

/// Options shared by training and evaluation.
struct CoderTrainingOptions: ParsableArguments {
    @Option(help: "trees (LambdaMART) or linear: the coder's scorer.")
    var scorer = OccupationCoderConfiguration().model.rawValue

    @Option(help: "Labels of the knowledge to train on, each with itself left out.")
    var trainingTitles = OccupationCoderConfiguration().trainingTitles

    @Option(help: "At most this many of the knowledge's Thai titles to train on (default: all).")
    var thaiTrainingTitles: Int?

    @Option(help: "Seed of the samples and of the semantic space.")
    var seed: UInt64 = 1

    @Option(help: "Most trees (early stopping on the validation titles picks fewer).")
    var rounds = OccupationCoderConfiguration().treeRounds

    @Option(help: "Learning rate of the trees.")
    var learningRate = OccupationCoderConfiguration().treeLearningRate

    @Option(help: "Candidates from the lexical scores, per title.")
    var lexicalCandidates = OccupationCoderConfiguration().lexicalCandidates

    @Option(help: "Candidates from the semantic top-k, per title.")
    var semanticCandidates = OccupationCoderConfiguration().semanticCandidates

    @Option(help: "Dimension of the semantic (LSA) space.")
    var semanticDimension = OccupationCoderConfiguration().semanticDimension

    @Option(help: "Terms in more than this share of the labels are left out of the lexical scores.")
    var commonTermShare = OccupationCoderConfiguration().commonTermShare

    func validate() throws {
        guard OccupationCoderConfiguration.ModelKind(rawValue: scorer) != nil else { throw ValidationError("--scorer: trees or linear") }
        guard trainingTitles >= 0, (thaiTrainingTitles ?? 0) >= 0 else { throw ValidationError("--training-titles and --thai-training-titles must be 0 or more") }
        guard lexicalCandidates >= 0, semanticCandidates >= 0, lexicalCandidates + semanticCandidates >= 1 else {
            throw ValidationError("--lexical-candidates and --semantic-candidates must be 0 or more, and not both 0")
        }
        guard rounds >= 1, learningRate > 0 else { throw ValidationError("--rounds and --learning-rate must be positive") }
        guard semanticDimension >= 1 else { throw ValidationError("--semantic-dimension must be at least 1") }
        guard commonTermShare > 0, commonTermShare <= 1 else { throw ValidationError("--common-term-share must be in (0, 1]") }
    }

    var configuration: OccupationCoderConfiguration {
        var configuration = OccupationCoderConfiguration()
        configuration.model = OccupationCoderConfiguration.ModelKind(rawValue: scorer)!
        configuration.trainingTitles = trainingTitles
        if let thaiTrainingTitles { configuration.thaiTrainingTitles = thaiTrainingTitles }
        configuration.seed = seed
        configuration.treeRounds = rounds
        configuration.treeLearningRate = learningRate
        configuration.semanticDimension = semanticDimension
        configuration.lexicalCandidates = lexicalCandidates
        configuration.semanticCandidates = semanticCandidates
        configuration.commonTermShare = commonTermShare
        return configuration
    }
}

struct CoderTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train an occupation coder on the embedded labels and titles people have coded; save it.",
        discussion: """
            --examples is a CSV file with a header and the columns title and isco_code (4 digits), and \
            optionally occupation_id (an ESCO occupation UUID). Each coded title becomes a label and a \
            training example, so the coder knows it next time. The file (JSON) holds the knowledge, the \
            scorer and the training summary; use it with `jobmatch code --coder FILE`.
            """)

    @Option(help: "Coded titles (CSV: title, isco_code[, occupation_id]).")
    var examples: String?

    @Option(help: "Where to write the coder.")
    var out: String

    @OptionGroup var training: CoderTrainingOptions

    @Flag(help: "Print no progress or summary.")
    var quiet = false

    func run() throws {
        let knowledge = try OccupationKnowledge.embedded()
        let coded = try examples.map { try CoderTrainCommand.readCodedTitles($0, knowledge: knowledge) } ?? []
        let coder = try OccupationCoder.train(knowledge: knowledge, coded: coded, configuration: training.configuration,
                                              progress: quiet ? nil : { standardError("coder: \($0)\n") })
        try coder.save(to: out)
        if !quiet { standardError("wrote \(out): \(coder.knowledge.labels.count) labels, \(coded.count) coded titles\n") }
    }

    /// Coded titles from CSV (title, isco_code, optional occupation_id); errors name the file,
    /// the record and the field.
    static func readCodedTitles(_ path: String, knowledge: OccupationKnowledge) throws -> [OccupationKnowledge.CodedTitle] {
        let (name, records) = try readCSV(path)
        guard let header = records.first, let titleField = header.firstIndex(of: "title"), let codeField = header.firstIndex(of: "isco_code") else {
            throw ValidationError("\(name): expected a header with the columns title and isco_code")
        }
        let occupationField = header.firstIndex(of: "occupation_id")
        var byID: [String: Int32] = [:]
        for (index, occupation) in knowledge.occupations.enumerated() { byID[occupation.id] = Int32(index) }
        var titles: [OccupationKnowledge.CodedTitle] = []
        for (number, record) in records.dropFirst().enumerated() {
            let row = "\(name): record \(number + 1)"
            guard record.count == header.count else { throw ValidationError("\(row) has \(record.count) fields, the header \(header.count)") }
            let title = record[titleField].trimmingCharacters(in: .whitespaces)
            guard !title.isEmpty else { throw ValidationError("\(row), field title: empty") }
            let isco: ISCOCode
            do { isco = try ISCOCode(parsing: record[codeField]) } catch {
                throw ValidationError("\(row), field isco_code: \(error) (\"\(record[codeField])\")")
            }
            var occupation: Int32?
            if let occupationField, !record[occupationField].isEmpty {
                guard let index = byID[record[occupationField]] else {
                    throw ValidationError("\(row), field occupation_id: not an ESCO v1.1.1 occupation (\"\(record[occupationField])\")")
                }
                guard knowledge.occupations[Int(index)].isco == isco else {
                    throw ValidationError("\(row): occupation_id is in unit group \(knowledge.occupations[Int(index)].isco.digits), not \(isco.digits)")
                }
                occupation = index
            }
            titles.append(.init(title: title, occupation: occupation, isco: isco))
        }
        return titles
    }
}

struct CoderEvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate the occupation coder on held-out ESCO labels (and Thai titles) against the lexical baseline.",
        discussion: """
            A share (--holdout) of ESCO's alternative labels is taken out of the knowledge before anything \
            is built or trained; the coder and the lexical baseline (exact, then trigram match) then code \
            them, and MRR and recall@1/5/10 are reported at the ESCO occupation and at ISCO-08 4-, 3-, 2- and \
            1-digit levels. --thai adds a CSV of Thai titles with their codes (title, isco_code), such as \
            Benchmarks/Data/occupation-titles-th.csv. The coder's speed is measured on the held-out titles.
            """)

    @Option(help: "Share of ESCO alternative labels to hold out.")
    var holdout = 0.1

    @Option(help: "A CSV of titles with codes (title, isco_code) to evaluate on as well.")
    var thai: String?

    @Option(help: "table or json.")
    var format = OutputFormat.table

    @OptionGroup var training: CoderTrainingOptions

    @Flag(help: "Print no progress.")
    var quiet = false

    func validate() throws {
        guard holdout > 0, holdout < 1 else { throw ValidationError("--holdout must be between 0 and 1") }
        try OutputFormat.check(format, allowed: [.table, .json])
    }

    func run() throws {
        let (kept, heldOut, duplicates) = try OccupationKnowledge.embedded().holdingOut(share: holdout, seed: training.seed)
        if !quiet {
            standardError("held out \(heldOut.count) ESCO alternative labels (\(duplicates) more left out of the test: another occupation keeps the same text)\n")
        }
        let coder = try OccupationCoder.train(knowledge: kept, configuration: training.configuration,
                                              progress: quiet ? nil : { standardError("coder: \($0)\n") })
        let baseline = LexicalOccupationMatcher(knowledge: kept)
        var sets: [(name: String, coder: OccupationEvaluation, baseline: OccupationEvaluation)] = [
            ("held-out ESCO labels", try OccupationEvaluation.of(coder, on: heldOut), OccupationEvaluation.of(baseline, on: heldOut)),
        ]
        if let thai {
            let titles = try CoderTrainCommand.readCodedTitles(thai, knowledge: kept)
            sets.append(("Thai titles (\(URL(fileURLWithPath: thai).lastPathComponent))", try OccupationEvaluation.of(coder, on: titles),
                         OccupationEvaluation.of(baseline, on: titles)))
        }
        if format == .json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            struct Entry: Encodable { var set: String; var coder: OccupationEvaluation; var baseline: OccupationEvaluation }
            print(String(decoding: try encoder.encode(sets.map { Entry(set: $0.name, coder: $0.coder, baseline: $0.baseline) }), as: UTF8.self))
            return
        }
        for set in sets {
            print("\(set.name): \(set.coder.levels["isco4"]?.titles ?? 0) titles")
            print("level   method                 MRR     R@1     R@5     R@10")
            for level in OccupationEvaluation.levelNames {
                for evaluation in [set.coder, set.baseline] {
                    guard let metrics = evaluation.levels[level] else { continue }
                    let values = [metrics.mrr, metrics.recallAt1, metrics.recallAt5, metrics.recallAt10].map { MatchCLI.format($0, digits: 3) }
                    print("\(level.padding(toLength: 8, withPad: " ", startingAt: 0))\(evaluation.method.padding(toLength: 23, withPad: " ", startingAt: 0))\(values.joined(separator: "   "))")
                }
            }
            print("speed: coder \(MatchCLI.format(set.coder.titlesPerSecond, digits: 0)) titles/s, baseline \(MatchCLI.format(set.baseline.titlesPerSecond, digits: 0)) titles/s\n")
        }
    }
}

struct CoderSuggestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract: "Suggest occupation codes for seekers who gave a desired job title but no code.",
        discussion: """
            Codes the desired title of every seeker without a desired occupation and stores the best \
            unit group with its probability in seeker.suggested_occupation and suggested_confidence, \
            apart from what people entered. Run it after importing seekers: only new or changed \
            profiles are coded again, and a profile that now has codes loses its suggestion. Feature \
            spaces use a suggestion, weighted by its probability, only where no code was entered.
            """)

    @Option(help: "The central dataset (SQLite).")
    var db: String

    @OptionGroup var coder: CoderOptions

    @Flag(help: "Code every seeker without an entered code again, not only new or changed ones (after training a new coder).")
    var all = false

    @Flag(help: "Print no progress or summary.")
    var quiet = false

    func run() throws {
        guard FileManager.default.fileExists(atPath: db) else { throw ValidationError("\(db): no such dataset; import feeds into it first") }
        let store = try MatchStore(path: db)
        let coder = try self.coder.load(quiet: quiet)
        let line = quiet ? nil : ProgressLine(label: "coding desired titles", unit: "titles")
        let summary = try OccupationSuggestions.update(in: store, coder: coder, recodingAll: all) { line?.update($0, of: $1) }
        line?.finish()
        if !quiet {
            standardError("""
                occupation suggestions: \(summary.coded) coded (\(summary.confident) with probability ≥ 0.5), \
                \(summary.unchanged) up to date, \(summary.cleared) cleared\n
                """)
        }
    }
}
