import Foundation

extension FeatureSpace {
    /// Fits a space on a corpus of seekers and vacancies (a snapshot's, say).
    ///
    /// What is learnt (see `docs/features.md`):
    /// - text: the vocabulary of words and n-grams in at least
    ///   ``FeatureConfiguration/minimumDocumentFrequency`` fitting documents (the
    ///   ``FeatureConfiguration/maximumVocabulary`` most frequent), their IDF
    ///   `ln((1 + n) / (1 + df)) + 1`, and a projection to ``FeatureConfiguration/textDimension``
    ///   by randomized truncated SVD of the documents' L2-normalised TF-IDF rows;
    /// - skills and occupations: the same on skill items and ISCO-08 groups (no SVD when the
    ///   vocabulary fits the dimension);
    /// - the countries abroad with a slot of their own, and the wage bands.
    ///
    /// Deterministic for a configuration (its seed) and corpus, on the same BLAS.
    ///
    /// - Parameter progress: told each step as it starts ("text vocabulary", …).
    /// - Throws: ``FeatureSpaceError`` for an invalid configuration or an empty corpus,
    ///   ``BLASUnavailableError`` when no BLAS library can be opened.
    public static func fit(
        seekers: [SeekerProfile], vacancies: [Vacancy], configuration: FeatureConfiguration = .init(),
        progress: ((String) -> Void)? = nil
    ) throws -> FeatureSpace {
        try configuration.validate()
        guard !seekers.isEmpty || !vacancies.isEmpty else { throw FeatureSpaceError.emptyCorpus }
        let tokenizer = try Tokenizer(configuration.tokenizer)
        let (seekerSample, vacancySample) = sample(seekers: seekers.count, vacancies: vacancies.count,
                                                   limit: configuration.maximumFitDocuments)
        let documents = seekerSample.count + vacancySample.count

        progress?("text vocabulary")
        let textCounts = tokenize(seekerSample.map { seekers[$0] }, vacancySample.map { vacancies[$0] }, tokenizer: tokenizer)
        var documentFrequency: [UInt64: Int32] = [:]
        for document in textCounts { for (hash, _) in document { documentFrequency[hash, default: 0] += 1 } }
        let textKeys = documentFrequency
            .filter { $0.value >= configuration.minimumDocumentFrequency }
            .sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
            .prefix(configuration.maximumVocabulary)
            .map(\.key)
        let textIDF = textKeys.map { idf(documentFrequency: Int(documentFrequency[$0]!), documents: documents) }
        let textIndex = TermIndex(keys: textKeys)
        var textRows = SparseRows(columnCount: textKeys.count)
        for document in textCounts {
            let entries: [(Int32, Float)] = document.compactMap { hash, count in
                let index = textIndex.lookup(hash)
                return index < 0 ? nil : (index, (1 + logf(Float(count))) * textIDF[Int(index)])
            }
            textRows.append(row: normalized(entries))
        }
        progress?("text projection")
        let text = try TermProjection.fit(
            keys: textKeys, weights: textIDF, documents: textRows, dimension: configuration.textDimension,
            oversampling: configuration.oversampling, powerIterations: configuration.powerIterations, seed: configuration.seed)

        progress?("skills")
        var skillDocuments: [[(UInt64, Float)]] = []
        for index in seekerSample { skillDocuments.append(seekers[index].skills.map { (FeatureDocuments.skillKey($0), 1) }) }
        for index in vacancySample {
            let vacancy = vacancies[index]
            skillDocuments.append(vacancy.hardSkills.map { (FeatureDocuments.skillKey($0), 1) }
                + vacancy.softSkills.map { (FeatureDocuments.skillKey($0), configuration.softSkillWeight) })
        }
        let skills = try fitItems(skillDocuments, useIDF: true, dimension: configuration.skillDimension,
                                  configuration: configuration, seed: configuration.seed &+ 1)

        progress?("occupations")
        var occupationDocuments: [[(UInt64, Float)]] = []
        for index in seekerSample {
            var terms: [(UInt64, Float)] = []
            FeatureDocuments.occupationTerms(of: seekers[index], configuration: configuration) { terms.append(($0, $1)) }
            occupationDocuments.append(terms)
        }
        for index in vacancySample {
            var terms: [(UInt64, Float)] = []
            FeatureDocuments.occupationTerms(of: vacancies[index], configuration: configuration) { terms.append(($0, $1)) }
            occupationDocuments.append(terms)
        }
        let occupation = try fitItems(occupationDocuments, useIDF: false, dimension: configuration.occupationDimension,
                                      configuration: configuration, seed: configuration.seed &+ 2)

        let countries = fitCountries(seekers: seekers, vacancies: vacancies, limit: configuration.maximumCountries)
        let wageCuts = fitWageCuts(seekers: seekers, vacancies: vacancies, bands: configuration.wageBands)
        let summary = FitSummary(
            seekers: seekers.count, vacancies: vacancies.count, documents: documents,
            textVocabulary: textKeys.count, textTermsSeen: documentFrequency.count,
            skillVocabulary: skills.vocabularySize, occupationVocabulary: occupation.vocabularySize,
            textRetainedEnergy: text.retainedEnergy, skillRetainedEnergy: skills.retainedEnergy,
            occupationRetainedEnergy: occupation.retainedEnergy,
            tokenizerFingerprint: fingerprint(of: tokenizer))
        return FeatureSpace(configuration: configuration, summary: summary, tokenizer: tokenizer, text: text,
                            occupation: occupation, skills: skills, countries: countries, wageCuts: wageCuts)
    }

    /// Indices of the seekers and vacancies to fit on: all when they fit the limit, else each
    /// side in proportion, evenly spaced.
    static func sample(seekers: Int, vacancies: Int, limit: Int) -> ([Int], [Int]) {
        let total = seekers + vacancies
        guard total > limit else { return (Array(0..<seekers), Array(0..<vacancies)) }
        func spaced(_ count: Int, _ take: Int) -> [Int] { (0..<take).map { Int((Double($0) + 0.5) * Double(count) / Double(take)) } }
        let seekerTake = Int((Double(limit) * Double(seekers) / Double(total)).rounded())
        return (spaced(seekers, seekerTake), spaced(vacancies, limit - seekerTake))
    }

    /// The distinct text terms of each document with their counts, tokenized on every core.
    static func tokenize(_ seekers: [SeekerProfile], _ vacancies: [Vacancy], tokenizer: Tokenizer) -> [[(UInt64, Int32)]] {
        let count = seekers.count + vacancies.count
        let results = UnsafeMutableBufferPointer<[(UInt64, Int32)]>.allocate(capacity: count)
        results.initialize(repeating: [])
        defer { results.deallocate() }
        let shared = SharedPointer(results.baseAddress!)
        let chunk = 512
        DispatchQueue.concurrentPerform(iterations: (count + chunk - 1) / chunk) { part in
            var hashes: [UInt64] = []
            var text = ""
            var scratch = Tokenizer.Scratch()
            for index in part * chunk..<min(count, (part + 1) * chunk) {
                text.removeAll(keepingCapacity: true)
                if index < seekers.count {
                    FeatureDocuments.appendText(of: seekers[index], to: &text)
                } else {
                    FeatureDocuments.appendText(of: vacancies[index - seekers.count], to: &text)
                }
                hashes.removeAll(keepingCapacity: true)
                tokenizer.appendTermHashes(in: text, to: &hashes, scratch: &scratch)
                hashes.sort()
                var terms: [(UInt64, Int32)] = []
                for hash in hashes {
                    if let last = terms.last, last.0 == hash { terms[terms.count - 1].1 += 1 } else { terms.append((hash, 1)) }
                }
                shared.base[index] = terms
            }
        }
        return Array(results)
    }

    /// A projection of item documents (skills, occupation groups): vocabulary of every item
    /// seen (the most frequent ``FeatureConfiguration/maximumVocabulary``), IDF or unit weights.
    static func fitItems(
        _ documents: [[(UInt64, Float)]], useIDF: Bool, dimension: Int, configuration: FeatureConfiguration, seed: UInt64
    ) throws -> TermProjection {
        var frequency: [UInt64: Int] = [:]
        for document in documents { for key in Set(document.map(\.0)) { frequency[key, default: 0] += 1 } }
        let keys = frequency.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
            .prefix(configuration.maximumVocabulary).map(\.key)
        let weights = keys.map { useIDF ? idf(documentFrequency: frequency[$0]!, documents: documents.count) : 1 }
        let index = TermIndex(keys: keys)
        var rows = SparseRows(columnCount: keys.count)
        for document in documents {
            var values: [Int32: Float] = [:]
            for (key, value) in document {
                let term = index.lookup(key)
                if term >= 0 { values[term, default: 0] += value * weights[Int(term)] }
            }
            rows.append(row: normalized(values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
        }
        return try TermProjection.fit(keys: keys, weights: weights, documents: rows, dimension: dimension,
                                      oversampling: configuration.oversampling, powerIterations: configuration.powerIterations,
                                      seed: seed)
    }

    static func idf(documentFrequency: Int, documents: Int) -> Float {
        Float(log(Double(1 + documents) / Double(1 + documentFrequency)) + 1)
    }

    static func normalized(_ entries: [(Int32, Float)]) -> [(Int32, Float)] {
        let length = entries.reduce(Float(0)) { $0 + $1.1 * $1.1 }.squareRoot()
        return length > 0 ? entries.map { ($0.0, $0.1 / length) } : entries
    }

    /// The most frequent countries abroad (vacancies' and destinations), most frequent first.
    static func fitCountries(seekers: [SeekerProfile], vacancies: [Vacancy], limit: Int) -> [CountryCode] {
        var counts: [CountryCode: Int] = [:]
        for vacancy in vacancies { if let country = vacancy.country, country != .thailand { counts[country, default: 0] += 1 } }
        for seeker in seekers { for country in seeker.destinations where country != .thailand { counts[country, default: 0] += 1 } }
        return counts.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.prefix(limit).map(\.key)
    }

    /// Where wage bands 2…`bands` start: quantiles of the seekers' expected and the vacancies'
    /// offered monthly wages, without repeats.
    static func fitWageCuts(seekers: [SeekerProfile], vacancies: [Vacancy], bands: Int) -> [Int] {
        var wages = seekers.compactMap(\.expectedMonthlyWage)
        wages += vacancies.compactMap { $0.monthlyWageMax ?? $0.monthlyWageMin }
        guard !wages.isEmpty, bands > 1 else { return [] }
        wages.sort()
        var cuts: [Int] = []
        for band in 1..<bands {
            let cut = wages[min(wages.count - 1, band * wages.count / bands)]
            if cut > (cuts.last ?? wages[0]) { cuts.append(cut) }
        }
        return cuts
    }

    /// The probe text whose terms fingerprint a tokenizer.
    static let fingerprintProbe = "ผู้จัดการฝ่ายขายประจำกรุงเทพมหานคร Sales Executive (FMCG) ช่างเชื่อม TIG/MIG "
        + "พนักงานบัญชี เงินเดือน ๑๕,๐๐๐ บาท ทำความสะอาด และ การ ที่ ของ the of and c++ node.js"

    static func fingerprint(of tokenizer: Tokenizer) -> String {
        var hash = TermHash()
        for term in tokenizer.termHashes(in: fingerprintProbe) {
            for shift in stride(from: 0, to: 64, by: 8) { hash.combine(byte: UInt8(truncatingIfNeeded: term >> UInt64(shift))) }
        }
        return "fnv1a64:" + String(hash.value, radix: 16)
    }
}
