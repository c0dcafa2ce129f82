import Foundation

/// Ranking quality of an occupation coder on titles with known codes, at the ESCO occupation and
/// at ISCO-08 4-, 3-, 2- and 1-digit levels: mean reciprocal rank and recall@1/5/10.
public struct OccupationEvaluation: Sendable, Codable, Equatable {
    public struct Level: Sendable, Codable, Equatable {
        /// Titles that count at this level (ESCO: those coded to an ESCO occupation).
        public var titles: Int
        public var mrr: Double
        public var recallAt1: Double
        public var recallAt5: Double
        public var recallAt10: Double
    }

    /// What was evaluated ("coder (trees)", "lexical baseline").
    public var method: String
    /// Levels by name: `esco`, `isco4`, `isco3`, `isco2`, `isco1`.
    public var levels: [String: Level]
    /// Titles a second, coding all of them in one batch.
    public var titlesPerSecond: Double

    public static let levelNames = ["esco", "isco4", "isco3", "isco2", "isco1"]

    /// Evaluates rankings: `rank(title)` gives the ESCO occupations best first and the unit
    /// groups best first (ties already broken) for every title.
    init(method: String, titles: [OccupationKnowledge.CodedTitle], knowledge: OccupationKnowledge, seconds: Double,
         rankings: [(occupations: [Int32], unitGroups: [ISCOCode])]) {
        var sums: [String: (count: Int, rr: Double, r1: Double, r5: Double, r10: Double)] = [:]
        func add(_ level: String, rank: Int?) {
            var entry = sums[level] ?? (0, 0, 0, 0, 0)
            entry.count += 1
            if let rank {
                entry.rr += 1 / Double(rank)
                if rank <= 1 { entry.r1 += 1 }
                if rank <= 5 { entry.r5 += 1 }
                if rank <= 10 { entry.r10 += 1 }
            }
            sums[level] = entry
        }
        for (title, ranking) in zip(titles, rankings) {
            if let occupation = title.occupation, knowledge.occupations[Int(occupation)].isESCO {
                add("esco", rank: ranking.occupations.firstIndex(of: occupation).map { $0 + 1 })
            }
            for digits in [4, 3, 2, 1] {
                let truth = title.isco.digits.prefix(digits)
                var seen: Set<Substring> = [], rank: Int?
                for isco in ranking.unitGroups {
                    let prefix = isco.digits.prefix(digits)
                    guard seen.insert(prefix).inserted else { continue }
                    if prefix == truth { rank = seen.count; break }
                }
                add("isco\(digits)", rank: rank)
            }
        }
        self.method = method
        levels = sums.mapValues { entry in
            let n = Double(max(entry.count, 1))
            return Level(titles: entry.count, mrr: entry.rr / n, recallAt1: entry.r1 / n, recallAt5: entry.r5 / n, recallAt10: entry.r10 / n)
        }
        titlesPerSecond = seconds > 0 ? Double(titles.count) / seconds : 0
    }

    /// Evaluates `coder` on `titles`.
    public static func of(_ coder: OccupationCoder, on titles: [OccupationKnowledge.CodedTitle]) throws -> OccupationEvaluation {
        let start = Date()
        let codings = try coder.code(titles.map(\.title), top: 1_000)
        let seconds = Date().timeIntervalSince(start)
        let rankings = codings.map { coding in
            (coding.matches.map(\.occupation).filter { coder.knowledge.occupations[Int($0)].isESCO },
             coding.unitGroups.map(\.isco))
        }
        return OccupationEvaluation(method: "coder (\(coder.model.kind))", titles: titles, knowledge: coder.knowledge,
                                    seconds: seconds, rankings: rankings)
    }

    /// Evaluates the lexical baseline of `knowledge` on `titles`.
    public static func of(_ baseline: LexicalOccupationMatcher, on titles: [OccupationKnowledge.CodedTitle]) -> OccupationEvaluation {
        let start = Date()
        let ranked = titles.map { baseline.rank($0.title) }
        let seconds = Date().timeIntervalSince(start)
        let knowledge = baseline.knowledge
        let rankings = ranked.map { occupations in
            var groups: [ISCOCode] = [], seen: Set<ISCOCode> = []
            for occupation in occupations where seen.insert(knowledge.occupations[Int(occupation)].isco).inserted {
                groups.append(knowledge.occupations[Int(occupation)].isco)
            }
            return (occupations.filter { knowledge.occupations[Int($0)].isESCO }, groups)
        }
        return OccupationEvaluation(method: "lexical baseline", titles: titles, knowledge: knowledge, seconds: seconds, rankings: rankings)
    }
}

/// The baseline an occupation coder must beat: exact label match, then fuzzy match by
/// character-trigram similarity (PostgreSQL pg_trgm's: |A ∩ B| / |A ∪ B| over the sets of
/// trigrams of the lower-cased words, each padded with two spaces in front and one behind).
///
/// Occupations are ranked by their best label: an exact match first, then by similarity
/// (ties by the knowledge's order).
public struct LexicalOccupationMatcher: Sendable {
    public let knowledge: OccupationKnowledge
    private let exact: [String: [Int32]]
    /// Trigram → labels with it; and each label's trigram count.
    private let postings: [String: [Int32]]
    private let trigramCounts: [Int32]

    public init(knowledge: OccupationKnowledge) {
        self.knowledge = knowledge
        var exact: [String: [Int32]] = [:], postings: [String: [Int32]] = [:], counts: [Int32] = []
        for (index, label) in knowledge.labels.enumerated() {
            exact[OccupationKnowledge.lookupKey(label.text), default: []].append(Int32(index))
            let grams = Self.trigrams(label.text)
            counts.append(Int32(grams.count))
            for gram in grams { postings[gram, default: []].append(Int32(index)) }
        }
        self.exact = exact
        self.postings = postings
        trigramCounts = counts
    }

    /// pg_trgm's trigram set of `text`.
    static func trigrams(_ text: String) -> Set<String> {
        var grams: Set<String> = []
        for word in text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber && !isThaiMark($0) }) {
            let scalars = Array("  \(word) ".unicodeScalars)
            for start in 0..<(scalars.count - 2) {
                var gram = String.UnicodeScalarView()
                gram.append(contentsOf: scalars[start..<start + 3])
                grams.insert(String(gram))
            }
        }
        return grams
    }

    private static func isThaiMark(_ character: Character) -> Bool {
        character.unicodeScalars.contains { (0x0E00...0x0E7F).contains($0.value) }
    }

    /// Occupations best first.
    public func rank(_ title: String) -> [Int32] {
        var best: [Int32: Float] = [:]
        for label in exact[OccupationKnowledge.lookupKey(title)] ?? [] {
            best[knowledge.labels[Int(label)].occupation] = 2
        }
        let grams = Self.trigrams(title)
        var shared: [Int32: Int32] = [:]
        for gram in grams { for label in postings[gram] ?? [] { shared[label, default: 0] += 1 } }
        for (label, count) in shared {
            let similarity = Float(count) / Float(Int32(grams.count) + trigramCounts[Int(label)] - count)
            let occupation = knowledge.labels[Int(label)].occupation
            if similarity > best[occupation] ?? 0 { best[occupation] = similarity }
        }
        return best.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.map(\.key)
    }
}
