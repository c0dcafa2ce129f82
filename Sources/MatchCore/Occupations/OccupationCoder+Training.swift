import Foundation

/// What an ``OccupationCoder`` was trained on, kept in its model file.
public struct OccupationCoderTraining: Sendable, Codable, Equatable {
    /// Labels of the knowledge asked with themselves left out.
    public var ownLabels: Int
    /// Titles coded by people (they are labels as well).
    public var codedTitles: Int
    public var groups: Int
    public var rows: Int
    public var validationGroups: Int
    /// Share of the validation titles whose own occupation the trained coder ranks first.
    public var validationTop1: Double
    /// Training rounds (trees) or epochs (linear) and the fitting time in seconds.
    public var rounds: Int
    public var seconds: Double
}

extension OccupationCoder {
    /// Builds a coder from `knowledge` and trains its scorer.
    ///
    /// The scorer learns to rank the right occupation first from titles whose occupation is
    /// known: every Thai title of the knowledge and `configuration.trainingTitles` of its other
    /// labels (ESCO preferred, alternative and hidden labels, ISCO titles), each asked with itself left out of the lexical
    /// index and of its occupation's semantic vector (or, for a share `knownLabelShare`, kept), and every title in `coded`, which is also
    /// added to the knowledge as a label. A title's own occupation has grade 3 and the other
    /// occupations of its unit group grade 1; a title coded only to a unit group gives every
    /// occupation of that group grade 2. A share (`validationShare`) of the titles is kept for
    /// early stopping and for fitting the softmax temperature.
    ///
    /// - Parameter progress: short messages for a terminal.
    /// - Throws: ``TextResourceError`` for the tokenizer's resources, `BLASUnavailableError`,
    ///   ``ModelError/invalidTraining(_:)`` when no title can be trained on.
    public static func train(
        knowledge: OccupationKnowledge, coded: [OccupationKnowledge.CodedTitle] = [],
        configuration: OccupationCoderConfiguration = OccupationCoderConfiguration(),
        progress: ((String) -> Void)? = nil
    ) throws -> OccupationCoder {
        let start = Date()
        let knowledge = knowledge.adding(coded)
        progress?("indexing \(knowledge.labels.count) labels of \(knowledge.occupations.count) occupations")
        let finder = try CandidateFinder(knowledge: knowledge, configuration: configuration)
        let asked = trainingLabels(knowledge, count: configuration.trainingTitles, thai: configuration.thaiTrainingTitles, seed: configuration.seed)
        progress?("scoring candidates for \(asked.count) training titles")
        var sets = [CandidateSet](repeating: CandidateSet(occupations: [], values: [], evidence: []), count: asked.count)
        try finder.inBlocks(count: asked.count, progress: nil) { range, scratch in
            try finder.candidates(asked[range].map { label in
                (knowledge.labels[Int(label)].text, asksKnown(label, configuration) ? -1 : label)
            }, scratch: scratch)
        } store: { range, output in
            for (offset, set) in output.enumerated() { sets[range.lowerBound + offset] = set }
        }
        var trainingExamples = RankingExamples(schema: schema), validationExamples = RankingExamples(schema: schema)
        for (position, label) in asked.enumerated() {
            let own = knowledge.labels[Int(label)].occupation
            let ownOccupation = knowledge.occupations[Int(own)]
            let grades: [Float] = sets[position].occupations.map { candidate in
                if !ownOccupation.isESCO { return knowledge.occupations[Int(candidate)].isco == ownOccupation.isco ? 2 : 0 }
                if candidate == own { return 3 }
                return knowledge.occupations[Int(candidate)].isco == ownOccupation.isco ? 1 : 0
            }
            guard grades.contains(where: { $0 > 0 }) else { continue }
            let isValidation = Double(SeededGenerator.mix(UInt64(label) &+ configuration.seed &* 0x1000_0000_01B3) >> 11) / Double(1 << 53) < configuration.validationShare
            if isValidation {
                validationExamples.appendGroup(id: Int64(label), labels: grades, values: sets[position].values)
            } else {
                trainingExamples.appendGroup(id: Int64(label), labels: grades, values: sets[position].values)
            }
        }
        guard trainingExamples.groupCount > 0 else { throw ModelError.invalidTraining("no title of the knowledge can be trained on") }
        let validation = validationExamples.groupCount > 0 ? validationExamples : nil
        progress?("training the \(configuration.model.rawValue) scorer on \(trainingExamples.groupCount) titles (\(trainingExamples.rowCount) candidates)")
        let model: ScoringModel, rounds: Int
        switch configuration.model {
        case .linear:
            var settings = LinearRankerConfiguration()
            settings.epochs = 150
            let fitted = try LinearRankerTrainer(settings).fit(trainingExamples, validation: validation)
            (model, rounds) = (.linear(fitted.model), fitted.rounds.count)
        case .trees:
            var settings = BoostedTreesConfiguration()
            settings.rounds = configuration.treeRounds
            settings.leaves = configuration.treeLeaves
            settings.learningRate = configuration.treeLearningRate
            let fitted = try BoostedTreesTrainer(settings).fit(trainingExamples, validation: validation)
            (model, rounds) = (.boostedTrees(fitted.model), fitted.rounds.count)
        }
        // The temperature that makes the validation titles' right answers most probable.
        let validationScores = try model.scores(validationExamples)
        let scored = (0..<validationExamples.groupCount).map { group in
            let rows = validationExamples.rows(ofGroup: group)
            return (scores: Array(validationScores[rows]), grades: Array(validationExamples.labels[rows]))
        }
        let temperature = fitTemperature(scored)
        let top1 = scored.isEmpty ? 0 : Double(scored.filter { entry in
            let best = entry.scores.indices.max { entry.scores[$0] < entry.scores[$1] }!
            return entry.grades[best] == entry.grades.max()!
        }.count) / Double(scored.count)
        let summary = OccupationCoderTraining(
            ownLabels: asked.count - coded.count, codedTitles: coded.count, groups: trainingExamples.groupCount,
            rows: trainingExamples.rowCount, validationGroups: validationExamples.groupCount, validationTop1: top1,
            rounds: rounds, seconds: Date().timeIntervalSince(start))
        progress?(String(format: "trained in %.1f s: validation top-1 %.3f, temperature %.3f", summary.seconds, top1, temperature))
        return OccupationCoder(finder: finder, model: model, temperature: temperature, training: summary)
    }

    /// Whether training title `label` is asked as a known label (kept in the index) rather than
    /// left out: a share `knownLabelShare` of them, so that the scorer also sees titles that
    /// are labels, as it will in use (left out, an exact match would only ever point elsewhere).
    static func asksKnown(_ label: Int32, _ configuration: OccupationCoderConfiguration) -> Bool {
        Double(SeededGenerator.mix(UInt64(label) &* 31 &+ configuration.seed &+ 7) >> 11) / Double(1 << 53) < configuration.knownLabelShare
    }

    /// Every coded label, a deterministic sample of up to `thai` Thai labels (all by default:
    /// ESCO has no Thai, so Thai titles are few and all needed) and of `count` other labels,
    /// each of an occupation that keeps another label when it is left out.
    static func trainingLabels(_ knowledge: OccupationKnowledge, count: Int, thai: Int, seed: UInt64) -> [Int32] {
        var perOccupation = [Int](repeating: 0, count: knowledge.occupations.count)
        for label in knowledge.labels { perOccupation[Int(label.occupation)] += 1 }
        var coded: [Int32] = [], thaiLabels: [(key: UInt64, label: Int32)] = [], others: [(key: UInt64, label: Int32)] = []
        for (position, label) in knowledge.labels.enumerated() where perOccupation[Int(label.occupation)] > 1 {
            let key = SeededGenerator.mix(UInt64(position) ^ (seed &* 0x9E37_79B9_7F4A_7C15))
            switch label.kind {
            case .coded: coded.append(Int32(position))
            case .thai: thaiLabels.append((key, Int32(position)))
            default: others.append((key, Int32(position)))
            }
        }
        thaiLabels.sort { $0.key < $1.key }
        others.sort { $0.key < $1.key }
        return coded + (thaiLabels.prefix(thai) + others.prefix(count)).map(\.label).sorted()
    }

    /// The temperature T > 0 that maximises the mean log-probability of each title's best grade
    /// under softmax(score / T) (golden-section search on log T); 1 without titles.
    static func fitTemperature(_ titles: [(scores: [Float], grades: [Float])]) -> Float {
        guard !titles.isEmpty else { return 1 }
        func loss(_ logT: Double) -> Double {
            let t = Float(exp(logT))
            var total = 0.0
            for (scores, grades) in titles {
                let p = softmax(scores, temperature: t)
                let top = grades.max()!
                var mass: Float = 0
                for index in grades.indices where grades[index] == top { mass += p[index] }
                total -= log(max(Double(mass), 1e-12))
            }
            return total / Double(titles.count)
        }
        var (a, b) = (-6.0, 4.0)
        let ratio = (5.0.squareRoot() - 1) / 2
        var c = b - ratio * (b - a), d = a + ratio * (b - a)
        var fc = loss(c), fd = loss(d)
        for _ in 0..<40 {
            if fc < fd { (b, d, fd) = (d, c, fc); c = b - ratio * (b - a); fc = loss(c) } else { (a, c, fc) = (c, d, fd); d = a + ratio * (b - a); fd = loss(d) }
        }
        return Float(exp((a + b) / 2))
    }
}
