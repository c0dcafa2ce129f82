import Foundation

/// Encodes seekers and vacancies into rows of a ``FeatureSpace``, reusing its buffers from row to
/// row. Not shared between threads: make one per thread with ``FeatureSpace/makeEncoder()``.
public struct FeatureEncoder {
    public let space: FeatureSpace
    private var hashes: [UInt64] = []
    private let textTerms: TermAccumulator
    private var entries: [(Int32, Float)] = []
    private var text = ""
    private var scalars: [Unicode.Scalar] = []
    private var tokenizerScratch = Tokenizer.Scratch()

    /// An encoder of `space`'s rows; `cachingChunks` false tokenizes every text whole, without
    /// the tokenizer's chunk cache (the same rows: for tests).
    init(space: FeatureSpace, cachingChunks: Bool = true) {
        self.space = space
        textTerms = TermAccumulator(vocabularySize: space.text.vocabularySize)
        tokenizerScratch = Tokenizer.Scratch(cachingChunks: cachingChunks)
    }

    /// Writes the row of `seeker` into `row` (of the space's dimension).
    public mutating func encode(_ seeker: SeekerProfile, into row: UnsafeMutableBufferPointer<Float>) {
        encode(into: row, text: { FeatureDocuments.appendText(of: seeker, to: &$0) },
               occupations: { FeatureDocuments.occupationTerms(of: seeker, configuration: $0, $1) },
               skills: { add in for skill in seeker.skills { add(skill, 1) } },
               geography: { Geography.encode(seeker, countries: $0.countries, kernel: $0.provinceKernel, configuration: $0.configuration, into: $1) },
               terms: { Terms.encode(seeker, wageCuts: $0.wageCuts, into: $1) })
    }

    /// Writes the row of `vacancy` into `row` (of the space's dimension).
    public mutating func encode(_ vacancy: Vacancy, into row: UnsafeMutableBufferPointer<Float>) {
        let softSkillWeight = space.configuration.softSkillWeight
        encode(into: row, text: { FeatureDocuments.appendText(of: vacancy, to: &$0) },
               occupations: { FeatureDocuments.occupationTerms(of: vacancy, configuration: $0, $1) },
               skills: { add in
                   for skill in vacancy.hardSkills { add(skill, 1) }
                   for skill in vacancy.softSkills { add(skill, softSkillWeight) }
               },
               geography: { Geography.encode(vacancy, countries: $0.countries, kernel: $0.provinceKernel, configuration: $0.configuration, into: $1) },
               terms: { Terms.encode(vacancy, wageCuts: $0.wageCuts, into: $1) })
    }

    /// The five blocks of one row from what a seeker or a vacancy gives each, then the weights.
    private mutating func encode(
        into row: UnsafeMutableBufferPointer<Float>,
        text appendText: (inout String) -> Void,
        occupations: (FeatureConfiguration, (UInt64, Float) -> Void) -> Void,
        skills: ((String, Float) -> Void) -> Void,
        geography: (FeatureSpace, UnsafeMutableBufferPointer<Float>) -> Void,
        terms: (FeatureSpace, UnsafeMutableBufferPointer<Float>) -> Void
    ) {
        precondition(row.count == space.dimension, "a row of \(row.count), not \(space.dimension)")
        text.removeAll(keepingCapacity: true)
        appendText(&text)
        encodeText(text, into: block(.text, of: row))

        entries.removeAll(keepingCapacity: true)
        let occupationIndex = space.occupation.index
        var found: [(Int32, Float)] = []
        swap(&found, &entries)
        occupations(space.configuration) { key, value in
            let index = occupationIndex.lookup(key)
            if index >= 0 { found.append((index, value)) }
        }
        swap(&found, &entries)
        project(space.occupation, into: block(.occupation, of: row))

        entries.removeAll(keepingCapacity: true)
        skills { skill, scale in addSkill(skill, scale: scale) }
        project(space.skills, into: block(.skills, of: row))

        geography(space, block(.geography, of: row))
        terms(space, block(.terms, of: row))
        applyWeights(row)
    }

    /// The sparse text vector of `text` before projection: each vocabulary term with its
    /// weight `(1 + ln count) · idf`, L2-normalised, in first-seen order (what TF-IDF
    /// vectorisers return; the text block is this vector times the projection).
    public mutating func textTerms(of text: String) -> [(term: Int32, weight: Float)] {
        countTerms(of: text)
        let touched = textTerms.touchedTerms
        let terms = [(term: Int32, weight: Float)](unsafeUninitializedCapacity: touched.count) { terms, initialized in
            var sum: Float = 0
            let frequency = SublinearFrequency()
            space.text.weights.withUnsafeBufferPointer { weights in
                for (position, term) in touched.enumerated() {
                    let weight = frequency(textTerms.count(of: term)) * weights[Int(term)]
                    terms[position] = (term, weight)
                    sum += weight * weight
                }
            }
            let scale = sum > 0 ? 1 / sum.squareRoot() : 0
            for position in touched.indices { terms[position].weight *= scale }
            initialized = touched.count
        }
        textTerms.reset()
        return terms
    }

    /// Writes the text block of a free text (a search query, a description on its own) into
    /// `output` (``FeatureLayout/range(of:)`` `.text` long): its IDF-weighted terms projected
    /// and scaled as a row's text block is (unit length, shorter when the projection keeps less
    /// than ``FeatureConfiguration/retentionFloor`` of the text), before the block's weight: a
    /// row's text block is this block of its text times the square root of the text weight. A
    /// vacancy's text is its title, description and skills; a seeker's, the desired title,
    /// skills and field of study.
    public mutating func encodeText(_ text: String, into output: UnsafeMutableBufferPointer<Float>) {
        precondition(output.count == space.layout.range(of: .text).count,
                     "a text block of \(output.count), not \(space.layout.range(of: .text).count)")
        countTerms(of: text)
        space.text.project(textTerms, into: output, floor: space.configuration.retentionFloor)
    }

    /// Counts the vocabulary terms of `text` into ``textTerms``.
    private mutating func countTerms(of text: String) {
        hashes.removeAll(keepingCapacity: true)
        space.tokenizer.appendTermHashes(in: text, to: &hashes, scratch: &tokenizerScratch)
        let index = space.text.index
        hashes.withUnsafeBufferPointer { hashes in
            // The table's slots, looked up a few terms ahead, load while earlier terms count.
            let ahead = 8
            for hash in hashes.prefix(ahead) { index.prefetch(hash) }
            for position in hashes.indices {
                if position + ahead < hashes.count { index.prefetch(hashes[position + ahead]) }
                let term = index.lookup(hashes[position])
                if term >= 0 { textTerms.add(term) }
            }
        }
    }

    private mutating func addSkill(_ skill: String, scale: Float) {
        let index = space.skills.index.lookup(FeatureDocuments.skillKey(skill, scratch: &scalars))
        if index >= 0 { entries.append((index, space.skills.weights[Int(index)] * scale)) }
    }

    /// Sums `entries` (vocabulary index, value) projected into `output`, scaled.
    private func project(_ projection: TermProjection, into output: UnsafeMutableBufferPointer<Float>) {
        projection.project(entries, into: output, floor: space.configuration.retentionFloor)
    }

    private func block(_ block: FeatureBlock, of row: UnsafeMutableBufferPointer<Float>) -> UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(rebasing: row[space.layout.range(of: block)])
    }

    private func applyWeights(_ row: UnsafeMutableBufferPointer<Float>) {
        for block in FeatureBlock.allCases {
            let scale = space.configuration.weights[block].squareRoot()
            for index in space.layout.range(of: block) { row[index] *= scale }
        }
    }
}

/// What each block reads of a seeker or a vacancy.
enum FeatureDocuments {
    /// A seeker's text: desired title, skills, field of study.
    static func appendText(of seeker: SeekerProfile, to text: inout String) {
        text += seeker.desiredTitle
        for skill in seeker.skills {
            text += "\n"
            text += skill
        }
        text += "\n"
        text += seeker.educationField
    }

    /// A vacancy's text: title, description, skills.
    static func appendText(of vacancy: Vacancy, to text: inout String) {
        text += vacancy.title
        text += "\n"
        text += vacancy.description
        for skill in vacancy.hardSkills {
            text += "\n"
            text += skill
        }
        for skill in vacancy.softSkills {
            text += "\n"
            text += skill
        }
    }

    /// The key of a skill: the ``TermHash`` of its normalised text, so that "Forklift  driving"
    /// and "forklift driving" are one skill.
    static func skillKey(_ skill: String) -> UInt64 {
        var scalars: [Unicode.Scalar] = []
        return skillKey(skill, scratch: &scalars)
    }

    /// ``skillKey(_:)`` with a buffer reused from call to call.
    static func skillKey(_ skill: String, scratch: inout [Unicode.Scalar]) -> UInt64 {
        TextNormalizer().normalize(skill, into: &scratch)
        var hash = TermHash()
        scratch.withUnsafeBufferPointer { hash.combine($0) }
        return hash.value
    }

    /// The key of an ISCO-08 group: its level (1–4) and its digits.
    static func occupationKey(level: Int, prefix: Int) -> UInt64 {
        UInt64(level) << 32 | UInt64(prefix)
    }

    /// Calls `body(key, value)` for the four levels of `code`, each value `weight × √share`.
    static func occupationTerms(of code: ISCOCode, weight: Float, shares: [Float], _ body: (UInt64, Float) -> Void) {
        let value = Int(code.value)
        for level in 1...4 {
            var divisor = 1
            for _ in level..<4 { divisor *= 10 }
            body(occupationKey(level: level, prefix: value / divisor), weight * shares[level - 1].squareRoot())
        }
    }

    /// A seeker's occupation terms: each desired occupation (weight 1), the past one
    /// (``FeatureConfiguration/pastOccupationWeight``), each code once at its larger weight.
    static func occupationTerms(of seeker: SeekerProfile, configuration: FeatureConfiguration, _ body: (UInt64, Float) -> Void) {
        let shares = configuration.occupationLevelShares
        var seen: Set<UInt16> = []
        for code in seeker.desiredOccupations where seen.insert(code.value).inserted {
            occupationTerms(of: code, weight: 1, shares: shares, body)
        }
        // No desired occupation entered: the coder's suggestion for the desired title, weighted
        // by its probability.
        if seen.isEmpty, let suggested = seeker.suggestedOccupation, let confidence = seeker.suggestedOccupationConfidence, confidence > 0 {
            seen.insert(suggested.value)
            occupationTerms(of: suggested, weight: min(1, confidence), shares: shares, body)
        }
        if let past = seeker.lastOccupation, !seen.contains(past.value), configuration.pastOccupationWeight > 0 {
            occupationTerms(of: past, weight: configuration.pastOccupationWeight, shares: shares, body)
        }
    }

    static func occupationTerms(of vacancy: Vacancy, configuration: FeatureConfiguration, _ body: (UInt64, Float) -> Void) {
        occupationTerms(of: vacancy.occupation, weight: 1, shares: configuration.occupationLevelShares, body)
    }
}
