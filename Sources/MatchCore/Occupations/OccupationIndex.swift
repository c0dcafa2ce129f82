import Foundation

/// The fitted text side of the occupation coder, built from an ``OccupationKnowledge``:
///
/// - **lexical**: every label as a TF-IDF vector (sublinear term frequency × IDF over labels,
///   L2-normalised) over the terms of MatchCore's ``Tokenizer`` (words, Thai compound parts and
///   character 3-grams: the text features of matching), kept as an inverted index, so a title's
///   cosine with every label costs one pass over its terms' postings;
/// - **semantic**: each occupation's labels summed into one document and projected by the
///   randomized SVD of matching's text block (latent semantic analysis), so that titles and
///   occupations meet in a dense space where labels that name the same occupations are close
///   ("programmer" and "developer"); searched with BLAS top-k.
///
/// Building is deterministic for a configuration and knowledge (about a second for the embedded
/// knowledge), so a model file stores the knowledge and rebuilds this.
struct OccupationIndex: Sendable {
    let tokenizer: Tokenizer
    /// Vocabulary: term key → index.
    let terms: TermIndex
    let idf: [Float]
    /// The IDF a term outside the vocabulary counts with (its length still counts in a
    /// title's norm, so unknown words lower every cosine).
    let unknownIDF: Float
    /// Postings by term: `postingStart[t]..<postingStart[t + 1]` into `postingLabels` and
    /// `postingWeights` (the label's normalised TF-IDF value of the term).
    let postingStart: [Int32]
    let postingLabels: [Int32]
    let postingWeights: [Float]
    let labelOccupation: [Int32]
    let labelKind: [OccupationKnowledge.LabelKind]
    /// The hash of each lower-cased, whitespace-collapsed label text → the labels with it
    /// (``matchesExactly(_:label:)`` checks the text itself).
    let exact: [UInt64: [Int32]]
    let labelKeys: [String]
    /// The semantic projection, vocabulary × dimension.
    let projection: TermProjection
    /// Occupations' semantic vectors before normalisation, and normalised (occupations × d).
    let occupationSums: Matrix
    let occupationVectors: Matrix
    /// Each label's contribution to its occupation's sum (labels × d), so that a label can be
    /// left out of its occupation when the coder trains on its own labels.
    let labelVectors: Matrix

    /// Terms in more labels than this are left out of the lexical scores (their IDF is low, and
    /// their postings would be most of the work); they still count in a title's length.
    let postingLimit: Int32

    var labelCount: Int { labelOccupation.count }
    var occupationCount: Int { occupationVectors.rows }
    var dimension: Int { occupationVectors.columns }

    init(knowledge: OccupationKnowledge, tokenizer: Tokenizer, dimension: Int, seed: UInt64, commonTermShare: Double) throws {
        self.tokenizer = tokenizer
        postingLimit = Int32(min(Double(Int32.max), max(1, commonTermShare * Double(knowledge.labels.count))))
        let labels = knowledge.labels
        // Terms of each label.
        var keys: [UInt64] = [], keyIndex: [UInt64: Int32] = [:]
        var labelTerms: [[(Int32, Float)]] = []
        labelTerms.reserveCapacity(labels.count)
        var scratch = Tokenizer.Scratch(cachingChunks: false)
        var hashes: [UInt64] = []
        for label in labels {
            hashes.removeAll(keepingCapacity: true)
            tokenizer.appendTermHashes(in: label.text, to: &hashes, scratch: &scratch)
            var counts: [Int32: Float] = [:]
            for hash in hashes {
                let index: Int32
                if let known = keyIndex[hash] { index = known } else {
                    index = Int32(keys.count)
                    keyIndex[hash] = index
                    keys.append(hash)
                }
                counts[index, default: 0] += 1
            }
            labelTerms.append(counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        }
        // IDF over labels.
        var documentFrequency = [Int](repeating: 0, count: keys.count)
        for termsOfLabel in labelTerms { for (term, _) in termsOfLabel { documentFrequency[Int(term)] += 1 } }
        let n = Float(labels.count)
        let idf = documentFrequency.map { logf((n + 1) / (Float($0) + 1)) + 1 }
        self.idf = idf
        unknownIDF = logf(n + 1) + 1
        terms = TermIndex(keys: keys)
        // Normalised label vectors, then postings by term.
        var vectors = SparseRows(columnCount: keys.count)
        for termsOfLabel in labelTerms {
            var row = termsOfLabel.map { ($0.0, (1 + logf($0.1)) * idf[Int($0.0)]) }
            let length = row.reduce(Float(0)) { $0 + $1.1 * $1.1 }.squareRoot()
            if length > 0 { row = row.map { ($0.0, $0.1 / length) } }
            vectors.append(row: row)
        }
        let byTerm = vectors.transposed()
        postingStart = byTerm.rowStart.map(Int32.init)
        postingLabels = byTerm.columns
        postingWeights = byTerm.values
        labelOccupation = labels.map(\.occupation)
        labelKind = labels.map(\.kind)
        var exact: [UInt64: [Int32]] = [:]
        for (index, label) in labels.enumerated() {
            exact[OccupationKnowledge.lookupHash(label.text), default: []].append(Int32(index))
        }
        self.exact = exact
        labelKeys = labels.map { OccupationKnowledge.lookupKey($0.text) }
        // Occupation documents (sums of their labels' vectors), projected.
        let occupations = knowledge.occupations.count
        var documents = SparseRows(columnCount: keys.count)
        var byOccupation = [[Int]](repeating: [], count: occupations)
        for (index, label) in labels.enumerated() { byOccupation[Int(label.occupation)].append(index) }
        for members in byOccupation {
            var sum: [Int32: Float] = [:]
            for label in members {
                for entry in vectors.rowStart[label]..<vectors.rowStart[label + 1] {
                    sum[vectors.columns[entry], default: 0] += vectors.values[entry]
                }
            }
            documents.append(row: sum.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        }
        projection = try TermProjection.fit(
            keys: keys, weights: Array(repeating: 1, count: keys.count), documents: documents,
            dimension: dimension, oversampling: 10, powerIterations: 2, seed: seed)
        let d = projection.dimension
        labelVectors = vectors.multiply(projection.projection)
        var sums = Matrix(rows: occupations, columns: d)
        for (index, label) in labels.enumerated() {
            for column in 0..<d { sums[Int(label.occupation), column] += labelVectors[index, column] }
        }
        occupationSums = sums
        var normalised = sums
        normalised.withUnsafeMutableBufferPointer { buffer in
            for row in 0..<occupations { normalize(UnsafeMutableBufferPointer(rebasing: buffer[row * d..<(row + 1) * d])) }
        }
        occupationVectors = normalised
    }

    // MARK: - Queries

    /// A title as the index sees it: its known terms with normalised TF-IDF values, and its
    /// lookup key.
    struct Query {
        var terms: [(index: Int32, value: Float)] = []
        var text = ""
        var key: UInt64 = 0
        /// The share of the title's letters that are Thai, and of its TF-IDF length (squared)
        /// in terms the labels know.
        var thaiShare: Float = 0
        var knownShare: Float = 0
    }

    /// The labels whose text is the query's, up to case and spacing.
    func exactLabels(_ query: Query) -> [Int32] {
        guard let candidates = exact[query.key] else { return [] }
        let key = OccupationKnowledge.lookupKey(query.text)
        return candidates.filter { labelKeys[Int($0)] == key }
    }

    /// Reusable buffers of one thread. Raw memory rather than stored arrays, whose every access
    /// in a class Swift would check for exclusivity at run time (that was half the time of a
    /// title); one scratch is used by one thread at a time.
    final class Scratch {
        var tokenizer = Tokenizer.Scratch(cachingChunks: true)
        var hashes: [UInt64] = []
        /// Per label: its accumulated cosine (0 = not touched).
        let labelScores: UnsafeMutablePointer<Float>
        /// The labels touched, `touchedLabels[0..<touchedLabelCount]`.
        let touchedLabels: UnsafeMutablePointer<Int32>
        var touchedLabelCount = 0
        /// Per occupation: best and second-best label cosine and the best label (-1 = none).
        let best: UnsafeMutablePointer<Float>
        let second: UnsafeMutablePointer<Float>
        let bestLabel: UnsafeMutablePointer<Int32>
        let touchedOccupations: UnsafeMutablePointer<Int32>
        var touchedOccupationCount = 0
        /// Per ISCO unit group (by its number, 0…9999): the best and second-best lexical score
        /// among its touched occupations.
        let groupFirst: UnsafeMutablePointer<Float>
        let groupSecond: UnsafeMutablePointer<Float>
        private let labels: Int, occupations: Int

        init(labels: Int, occupations: Int) {
            (self.labels, self.occupations) = (max(labels, 1), max(occupations, 1))
            labelScores = .allocate(capacity: self.labels)
            labelScores.initialize(repeating: 0, count: self.labels)
            touchedLabels = .allocate(capacity: self.labels)
            best = .allocate(capacity: self.occupations)
            best.initialize(repeating: 0, count: self.occupations)
            second = .allocate(capacity: self.occupations)
            second.initialize(repeating: 0, count: self.occupations)
            bestLabel = .allocate(capacity: self.occupations)
            bestLabel.initialize(repeating: -1, count: self.occupations)
            touchedOccupations = .allocate(capacity: self.occupations)
            groupFirst = .allocate(capacity: 10_000)
            groupFirst.initialize(repeating: 0, count: 10_000)
            groupSecond = .allocate(capacity: 10_000)
            groupSecond.initialize(repeating: 0, count: 10_000)
        }

        deinit {
            for pointer in [labelScores, best, second, groupFirst, groupSecond] { pointer.deallocate() }
            for pointer in [touchedLabels, bestLabel, touchedOccupations] { pointer.deallocate() }
        }

        /// The occupations touched by the last ``OccupationIndex/scoreLabels(_:excluding:scratch:)``.
        var touched: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: touchedOccupations, count: touchedOccupationCount) }
    }

    func makeScratch() -> Scratch { Scratch(labels: labelCount, occupations: occupationCount) }

    func query(_ title: String, scratch: Scratch) -> Query {
        scratch.hashes.removeAll(keepingCapacity: true)
        tokenizer.appendTermHashes(in: title, to: &scratch.hashes, scratch: &scratch.tokenizer)
        scratch.hashes.sort()
        var query = Query(text: title, key: OccupationKnowledge.lookupHash(title))
        var squared: Float = 0
        var position = 0
        let hashes = scratch.hashes
        while position < hashes.count {
            var end = position + 1
            while end < hashes.count && hashes[end] == hashes[position] { end += 1 }
            let index = terms.lookup(hashes[position])
            let weight = (1 + logf(Float(end - position))) * (index >= 0 ? idf[Int(index)] : unknownIDF)
            squared += weight * weight
            if index >= 0 { query.terms.append((index, weight)) }
            position = end
        }
        var thai = 0, letters = 0
        for scalar in title.unicodeScalars where scalar.properties.isAlphabetic {
            letters += 1
            if (0x0E00...0x0E7F).contains(scalar.value) { thai += 1 }
        }
        query.thaiShare = letters > 0 ? Float(thai) / Float(letters) : 0
        if squared > 0 {
            query.knownShare = query.terms.reduce(Float(0)) { $0 + $1.value * $1.value } / squared
            let scale = 1 / squared.squareRoot()
            for i in query.terms.indices { query.terms[i].value *= scale }
        }
        query.terms.sort { $0.index < $1.index }
        return query
    }

    /// The title's semantic vector (normalised; zero when no term is known) into `output`.
    func project(_ query: Query, into output: UnsafeMutableBufferPointer<Float>) {
        projection.project(query.terms.map { ($0.index, $0.value) }, into: output, floor: 0)
        normalize(output)
    }

    /// Lexical scores: for each occupation with a label sharing a term with the title, its best
    /// and second-best label cosine, left in `scratch` (`touchedOccupations`, `best`, `second`,
    /// `bestLabel`); `excluding` is a label to leave out (training on the knowledge's own labels).
    /// Call ``clear(_:)`` before the next query.
    func scoreLabels(_ query: Query, excluding: Int32 = -1, scratch: Scratch) {
        let scores = scratch.labelScores, touchedLabels = scratch.touchedLabels
        var touchedLabelCount = 0
        postingStart.withUnsafeBufferPointer { start in
            postingLabels.withUnsafeBufferPointer { labels in
                postingWeights.withUnsafeBufferPointer { weights in
                    for (term, value) in query.terms where start[Int(term) + 1] - start[Int(term)] <= postingLimit {
                        for posting in Int(start[Int(term)])..<Int(start[Int(term) + 1]) {
                            let label = Int(labels[posting])
                            if scores[label] == 0 {
                                touchedLabels[touchedLabelCount] = Int32(label)
                                touchedLabelCount += 1
                            }
                            scores[label] += value * weights[posting]
                        }
                    }
                }
            }
        }
        scratch.touchedLabelCount = touchedLabelCount
        let best = scratch.best, second = scratch.second, bestLabel = scratch.bestLabel, touched = scratch.touchedOccupations
        var touchedCount = 0
        labelOccupation.withUnsafeBufferPointer { labelOccupation in
            for position in 0..<touchedLabelCount {
                let label = touchedLabels[position]
                guard label != excluding else { continue }
                let score = scores[Int(label)]
                let occupation = Int(labelOccupation[Int(label)])
                if bestLabel[occupation] < 0 {
                    touched[touchedCount] = Int32(occupation)
                    touchedCount += 1
                    best[occupation] = score
                    bestLabel[occupation] = label
                } else if score > best[occupation] || (score == best[occupation] && label < bestLabel[occupation]) {
                    second[occupation] = best[occupation]
                    best[occupation] = score
                    bestLabel[occupation] = label
                } else if score > second[occupation] {
                    second[occupation] = score
                }
            }
        }
        scratch.touchedOccupationCount = touchedCount
    }

    func clear(_ scratch: Scratch) {
        for position in 0..<scratch.touchedLabelCount { scratch.labelScores[Int(scratch.touchedLabels[position])] = 0 }
        scratch.touchedLabelCount = 0
        for position in 0..<scratch.touchedOccupationCount {
            let occupation = Int(scratch.touchedOccupations[position])
            scratch.best[occupation] = 0
            scratch.second[occupation] = 0
            scratch.bestLabel[occupation] = -1
        }
        scratch.touchedOccupationCount = 0
    }

    /// The cosine of a title's semantic vector with occupation `occupation`'s, with label
    /// `excluding` taken out of that occupation when it is one of its labels.
    func semanticScore(_ vector: UnsafeBufferPointer<Float>, occupation: Int, excluding: Int32 = -1) -> Float {
        let d = dimension
        if excluding >= 0, Int(labelOccupation[Int(excluding)]) == occupation {
            var dot: Float = 0, squared: Float = 0
            for column in 0..<d {
                let value = occupationSums[occupation, column] - labelVectors[Int(excluding), column]
                dot += value * vector[column]
                squared += value * value
            }
            return squared > 0 ? dot / squared.squareRoot() : 0
        }
        return occupationVectors.withUnsafeBufferPointer { matrix in
            var dot: Float = 0
            let base = matrix.baseAddress! + occupation * d
            for column in 0..<d { dot += base[column] * vector[column] }
            return dot
        }
    }
}
