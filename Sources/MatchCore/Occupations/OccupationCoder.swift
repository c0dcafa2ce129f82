import Foundation

/// How an ``OccupationCoder`` is built and trained.
public struct OccupationCoderConfiguration: Sendable, Codable, Equatable {
    /// The text features (matching's by default).
    public var tokenizer = Tokenizer.Configuration()
    /// Dimension of the semantic (LSA) space.
    public var semanticDimension = 128
    /// Candidates taken from the lexical scores and from the semantic top-k, per title.
    public var lexicalCandidates = 10
    public var semanticCandidates = 8
    /// Terms in more than this share of the labels are left out of the lexical scores (they
    /// still count in a title's length): most of the work, little of the score.
    public var commonTermShare = 0.02
    /// How many of the knowledge's own labels the scorer trains on (each asked with itself left
    /// out), besides every coded title.
    public var trainingTitles = 6_000
    /// At most this many Thai labels among the training titles (all of them by default).
    public var thaiTrainingTitles = Int.max
    /// The share of training titles asked as they are, with their own label kept in the index.
    public var knownLabelShare = 0.2
    /// The share of training titles kept aside for early stopping.
    public var validationShare = 0.1
    /// The scorer: `linear` (LambdaRank on a linear model) or `trees` (LambdaMART).
    public var model = ModelKind.trees
    /// The trees: most rounds (early stopping picks fewer), leaves a tree, learning rate.
    public var treeRounds = 200
    public var treeLeaves = 15
    public var treeLearningRate = 0.2
    public var seed: UInt64 = 1

    public enum ModelKind: String, Sendable, Codable, CaseIterable { case linear, trees }

    public init() {}
}

/// One title's answer: occupations best first, with the probability the coder gives each, and
/// the ISCO-08 groups those probabilities add up to.
public struct OccupationCoding: Sendable, Equatable {
    public struct Match: Sendable, Equatable {
        /// Index into the coder's ``OccupationKnowledge/occupations``.
        public var occupation: Int32
        /// The scorer's score (higher is better; comparable within one title).
        public var score: Float
        /// The calibrated probability that this is the title's occupation.
        public var probability: Float
        /// The label that matched best (index into the knowledge's labels), or -1.
        public var evidence: Int32
    }

    public var matches: [Match]
    /// ISCO-08 unit groups by summed probability, best first.
    public var unitGroups: [(isco: ISCOCode, probability: Float)]

    public static func == (lhs: OccupationCoding, rhs: OccupationCoding) -> Bool {
        lhs.matches == rhs.matches && lhs.unitGroups.elementsEqual(rhs.unitGroups) { $0.isco == $1.isco && $0.probability == $1.probability }
    }

    /// The groups of `level` (1–4 digits) by summed probability, best first (ties by code).
    public func groups(level: Int) -> [(code: String, probability: Float)] {
        precondition((1...4).contains(level), "groups(level:): level must be 1...4")
        var sums: [String: Float] = [:]
        for (isco, probability) in unitGroups { sums[String(isco.digits.prefix(level)), default: 0] += probability }
        return sums.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.map { ($0.key, $0.value) }
    }
}

/// Codes free-text job titles, Thai or English, to ranked occupations (ESCO occupations and
/// ISCO-08 unit groups) with calibrated probabilities.
///
/// A title goes through three steps:
/// 1. **candidates**: the occupations whose labels share the most with the title (TF-IDF cosine
///    over words, Thai compound parts and character 3-grams, through an inverted index), and
///    the nearest occupations in a semantic space (LSA of each occupation's labels; BLAS gemm and
///    top-k);
/// 2. **scoring**: a learning-to-rank model (``ScoringModel``, LambdaMART trees or linear) over
///    features of each candidate: best and second-best label cosine, semantic cosine, exact
///    match, the kind of the best label (ESCO preferred, alternative, ISCO title, Thai, coded by a
///    person), whether it is an ESCO occupation, the best cosine in its unit group, and of the
///    title: its share of Thai letters and the share of its length in known terms;
/// 3. **calibration**: a softmax over the candidates' scores with a fitted temperature, whose
///    probabilities add up to ISCO-08 unit, minor, sub-major and major groups. A title that is
///    one of the labels (up to case and spacing) ranks that label's occupations first, by rule.
///
/// The scorer learns from coded titles: the knowledge's own labels, each asked with itself left
/// out, and the titles people have coded (``train(knowledge:coded:configuration:progress:)``),
/// which also become labels, so the coder recognises them next time.
public struct OccupationCoder: Sendable {
    public static let schema = [
        "lexical", "lexical_second", "semantic", "exact", "label_preferred", "label_alternative",
        "label_group", "label_thai", "label_coded", "esco", "group_lexical", "thai_script", "known_terms",
    ]

    public let knowledge: OccupationKnowledge
    public let configuration: OccupationCoderConfiguration
    public let model: ScoringModel
    /// The softmax temperature: probability ∝ exp(score / temperature).
    public let temperature: Float
    public let training: OccupationCoderTraining
    /// Everything before the scorer: index, candidates, features.
    let finder: CandidateFinder
    /// The trees laid out for scoring (nil for a linear scorer).
    let forest: CompiledForest?

    var index: OccupationIndex { finder.index }

    init(finder: CandidateFinder, model: ScoringModel, temperature: Float, training: OccupationCoderTraining) {
        knowledge = finder.knowledge
        configuration = finder.configuration
        self.finder = finder
        self.model = model
        self.temperature = temperature
        self.training = training
        if case let .boostedTrees(trees) = model { forest = CompiledForest(trees) } else { forest = nil }
    }

    /// The knowledge's label `label` (from ``OccupationCoding/Match/evidence``).
    public func label(_ label: Int32) -> OccupationKnowledge.Label? {
        label >= 0 && Int(label) < knowledge.labels.count ? knowledge.labels[Int(label)] : nil
    }

    public func occupation(_ index: Int32) -> OccupationKnowledge.Occupation { knowledge.occupations[Int(index)] }

    // MARK: - Coding

    /// Codes one title.
    ///
    /// - Throws: `BLASUnavailableError` when no BLAS library can be opened.
    public func code(_ title: String, top: Int = 10) throws -> OccupationCoding {
        try code([title], top: top)[0]
    }

    /// Codes `titles` in blocks, on every core; the same answers as one at a time.
    ///
    /// - Parameter progress: called after each block with the number of titles done.
    /// - Throws: `BLASUnavailableError`; `CancellationError` when the task is cancelled.
    public func code(_ titles: [String], top: Int = 10, progress: (@Sendable (Int) -> Void)? = nil) throws -> [OccupationCoding] {
        precondition(top >= 1, "code: top must be at least 1")
        var results = [OccupationCoding?](repeating: nil, count: titles.count)
        try finder.inBlocks(count: titles.count, progress: progress) { range, scratch in
            let candidates = try finder.candidates(titles[range].map { ($0, Int32(-1)) }, scratch: scratch)
            return candidates.map { self.coding($0, top: top) }
        } store: { range, codings in
            for (offset, coding) in codings.enumerated() { results[range.lowerBound + offset] = coding }
        }
        return results.map { $0! }
    }

    func coding(_ set: CandidateSet, top: Int) -> OccupationCoding {
        guard !set.occupations.isEmpty else { return OccupationCoding(matches: [], unitGroups: []) }
        let width = Self.schema.count
        var scores = set.values.withUnsafeBufferPointer { buffer in
            (0..<set.occupations.count).map { forest?.score(buffer.baseAddress! + $0 * width) ?? model.score(buffer.baseAddress! + $0 * width) }
        }
        // A title that is a label of an occupation (up to case and spacing) gets that occupation
        // first: a rule, not a learnt weight, since a known label is the strongest evidence there
        // is. Its score is raised above every other candidate's by 10 temperatures.
        let exactColumn = Self.schema.firstIndex(of: "exact")!
        if let low = scores.min(), let high = scores.max(),
           set.occupations.indices.contains(where: { set.values[$0 * width + exactColumn] == 1 }) {
            let boost = high - low + 10 * temperature
            for index in set.occupations.indices where set.values[index * width + exactColumn] == 1 { scores[index] += boost }
        }
        let probabilities = softmax(scores, temperature: temperature)
        var matches = set.occupations.indices.map {
            OccupationCoding.Match(occupation: set.occupations[$0], score: scores[$0], probability: probabilities[$0], evidence: set.evidence[$0])
        }
        matches.sort { $0.score > $1.score || ($0.score == $1.score && $0.occupation < $1.occupation) }
        var unitGroups: [(isco: ISCOCode, probability: Float)] = []
        for match in matches {
            let isco = knowledge.occupations[Int(match.occupation)].isco
            if let position = unitGroups.firstIndex(where: { $0.isco == isco }) { unitGroups[position].probability += match.probability } else { unitGroups.append((isco, match.probability)) }
        }
        unitGroups.sort { $0.probability > $1.probability || ($0.probability == $1.probability && $0.isco < $1.isco) }
        return OccupationCoding(matches: Array(matches.prefix(top)), unitGroups: unitGroups)
    }
}

/// exp(s / T) normalised, computed stably.
func softmax(_ scores: [Float], temperature: Float) -> [Float] {
    guard let top = scores.max() else { return [] }
    let exps = scores.map { expf(($0 - top) / temperature) }
    let sum = exps.reduce(0, +)
    return exps.map { $0 / sum }
}
