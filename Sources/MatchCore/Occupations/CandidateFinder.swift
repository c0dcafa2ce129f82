import Foundation
import Synchronization

/// The part of an ``OccupationCoder`` before its scorer: the fitted index, and for each title its
/// candidate occupations with their feature rows (``OccupationCoder/schema`` order). Training
/// uses it alone (the scorer is what it trains), coding with the trained scorer.
struct CandidateFinder: Sendable {
    let knowledge: OccupationKnowledge
    let configuration: OccupationCoderConfiguration
    let index: OccupationIndex
    /// Per occupation: its unit group's number, and whether it is an ESCO occupation.
    let unitGroupOf: [UInt16]
    let isESCO: [Bool]

    init(knowledge: OccupationKnowledge, configuration: OccupationCoderConfiguration, index: OccupationIndex) {
        self.knowledge = knowledge
        self.configuration = configuration
        self.index = index
        unitGroupOf = knowledge.occupations.map(\.isco.value)
        isESCO = knowledge.occupations.map(\.isESCO)
    }

    /// Builds the index of `knowledge` as `configuration` says (deterministic), with `tokenizer`
    /// when the caller has made the configuration's already.
    init(knowledge: OccupationKnowledge, configuration: OccupationCoderConfiguration, tokenizer: Tokenizer? = nil) throws {
        let index = try OccupationIndex(
            knowledge: knowledge, tokenizer: try tokenizer ?? Tokenizer(configuration.tokenizer),
            dimension: configuration.semanticDimension, seed: configuration.seed,
            commonTermShare: configuration.commonTermShare)
        self.init(knowledge: knowledge, configuration: configuration, index: index)
    }

    /// Runs `work` on blocks of 256 titles on every core, each worker with its own scratch,
    /// and hands each block's output to `store` (serially).
    func inBlocks<Output>(
        count: Int, progress: (@Sendable (Int) -> Void)?,
        work: @escaping @Sendable (Range<Int>, OccupationIndex.Scratch) throws -> [Output],
        store: (Range<Int>, [Output]) -> Void
    ) throws {
        let block = 256
        let blocks = (count + block - 1) / block
        guard blocks > 0 else { return }
        let workers = min(blocks, ProcessInfo.processInfo.activeProcessorCount)
        let state = BlockState<Output>(blocks: blocks)
        let cancelled = Atomic<Bool>(false)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let scratch = index.makeScratch()
            while !cancelled.load(ordering: .relaxed) {
                let next = state.next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard next < blocks else { return }
                let range = next * block..<min(count, (next + 1) * block)
                do {
                    if Task.isCancelled { throw CancellationError() }
                    let output = try work(range, scratch)
                    let done = state.finish(next, output, titles: range.count)
                    progress?(done)
                } catch {
                    state.fail(error)
                    cancelled.store(true, ordering: .relaxed)
                }
            }
        }
        if let error = state.error { throw error }
        for position in 0..<blocks { store(position * block..<min(count, (position + 1) * block), state.outputs[position]!) }
    }

    /// Candidates and their feature rows for each title (with a label to leave out, or -1).
    func candidates(_ titles: [(String, Int32)], scratch: OccupationIndex.Scratch) throws -> [CandidateSet] {
        let queries = titles.map { index.query($0.0, scratch: scratch) }
        let d = index.dimension
        var vectors = Matrix(rows: queries.count, columns: d)
        vectors.withUnsafeMutableBufferPointer { buffer in
            for (row, query) in queries.enumerated() {
                index.project(query, into: UnsafeMutableBufferPointer(rebasing: buffer[row * d..<(row + 1) * d]))
            }
        }
        var similarities = try BLAS.multiply(vectors, transposing: index.occupationVectors)
        // A training title asked with its own label left out: its occupation's similarity
        // without that label, so that the label does not pull its occupation into the top-k.
        vectors.withUnsafeBufferPointer { buffer in
            for (row, title) in titles.enumerated() where title.1 >= 0 {
                let own = Int(index.labelOccupation[Int(title.1)])
                similarities[row, own] = index.semanticScore(
                    UnsafeBufferPointer(rebasing: buffer[row * d..<(row + 1) * d]), occupation: own, excluding: title.1)
            }
        }
        let occupations = index.occupationCount
        let semanticK = min(configuration.semanticCandidates, occupations)
        var sets: [CandidateSet] = []
        sets.reserveCapacity(queries.count)
        for (row, query) in queries.enumerated() {
            let excluding = titles[row].1
            guard !query.terms.isEmpty else {  // nothing the labels know: no candidate
                sets.append(CandidateSet(occupations: [], values: [], evidence: []))
                continue
            }
            // Semantic top-k (ties by index).
            let semantic = similarities.withUnsafeBufferPointer { buffer in
                topIndices(buffer.baseAddress! + row * occupations, count: occupations, k: semanticK)
            }
            // Lexical top candidates.
            index.scoreLabels(query, excluding: excluding, scratch: scratch)
            var chosen = topTouched(scratch, k: configuration.lexicalCandidates)
            for occupation in semantic where !chosen.contains(occupation) { chosen.append(occupation) }
            // Exact matches.
            var exact: [Int32] = []
            for label in index.exactLabels(query) where label != excluding {
                let occupation = index.labelOccupation[Int(label)]
                if !exact.contains(occupation) { exact.append(occupation) }
            }
            for occupation in exact.sorted() where !chosen.contains(occupation) { chosen.append(occupation) }
            // Best and second-best lexical score per unit group among the touched occupations.
            let groupFirst = scratch.groupFirst, groupSecond = scratch.groupSecond
            for occupation in scratch.touched {
                let isco = Int(unitGroupOf[Int(occupation)])
                let value = scratch.best[Int(occupation)]
                if value > groupFirst[isco] { (groupFirst[isco], groupSecond[isco]) = (value, groupFirst[isco]) } else if value > groupSecond[isco] { groupSecond[isco] = value }
            }
            let width = OccupationCoder.schema.count
            var values = [Float](repeating: 0, count: chosen.count * width)
            var evidence = [Int32](repeating: -1, count: chosen.count)
            vectors.withUnsafeBufferPointer { buffer in
                let vector = UnsafeBufferPointer(rebasing: buffer[row * d..<(row + 1) * d])
                values.withUnsafeMutableBufferPointer { values in
                    for (position, occupation) in chosen.enumerated() {
                        let o = Int(occupation)
                        let label = scratch.bestLabel[o]
                        let kind = label >= 0 ? index.labelKind[Int(label)] : nil
                        evidence[position] = label
                        let best = label >= 0 ? scratch.best[o] : 0
                        let isco = Int(unitGroupOf[o])
                        // Schema order (see `schema`).
                        let out = values.baseAddress! + position * width
                        out[0] = best
                        out[1] = label >= 0 ? scratch.second[o] : 0
                        out[2] = index.semanticScore(vector, occupation: o, excluding: excluding)
                        out[3] = exact.contains(occupation) ? 1 : 0
                        out[4] = kind == .preferred ? 1 : 0
                        out[5] = kind == .alternative || kind == .hidden ? 1 : 0
                        out[6] = kind == .groupTitle ? 1 : 0
                        out[7] = kind == .thai ? 1 : 0
                        out[8] = kind == .coded ? 1 : 0
                        out[9] = isESCO[o] ? 1 : 0
                        out[10] = groupFirst[isco] == best ? groupSecond[isco] : groupFirst[isco]
                        out[11] = query.thaiShare
                        out[12] = query.knownShare
                    }
                }
            }
            for occupation in scratch.touched {
                let isco = Int(unitGroupOf[Int(occupation)])
                (groupFirst[isco], groupSecond[isco]) = (0, 0)
            }
            index.clear(scratch)
            sets.append(CandidateSet(occupations: chosen, values: values, evidence: evidence))
        }
        return sets
    }

    /// The `k` touched occupations with the best lexical scores, best first (ties by index).
    private func topTouched(_ scratch: OccupationIndex.Scratch, k: Int) -> [Int32] {
        var top = SmallTopK(k: k)
        for occupation in scratch.touched { top.offer(scratch.best[Int(occupation)], occupation) }
        return top.ids
    }
}

/// One title's candidates: occupations, their feature rows (schema order) and best labels.
struct CandidateSet: Sendable {
    var occupations: [Int32]
    var values: [Float]
    var evidence: [Int32]
}

/// The indices of the `k` largest of `scores[0..<count]`, best first (ties by index).
func topIndices(_ scores: UnsafePointer<Float>, count: Int, k: Int) -> [Int32] {
    var top = SmallTopK(k: k)
    for index in 0..<count { top.offer(scores[index], Int32(index)) }
    return top.ids
}

/// The `k` best (score, id) pairs offered: a higher score first, then a lower id; NaN never
/// enters. For the few candidates a title keeps (k about 10), insertion into a sorted array.
struct SmallTopK {
    let k: Int
    private var entries: [(score: Float, id: Int32)] = []

    init(k: Int) {
        self.k = k
        entries.reserveCapacity(k + 1)
    }

    @inline(__always)
    private static func precedes(_ score: Float, _ id: Int32, _ other: (score: Float, id: Int32)) -> Bool {
        score > other.score || (score == other.score && id < other.id)
    }

    mutating func offer(_ score: Float, _ id: Int32) {
        guard k > 0 else { return }
        if entries.count == k, !Self.precedes(score, id, entries[k - 1]) { return }
        var position = entries.count
        while position > 0, Self.precedes(score, id, entries[position - 1]) { position -= 1 }
        entries.insert((score, id), at: position)
        if entries.count > k { entries.removeLast() }
    }

    /// The ids, best first.
    var ids: [Int32] { entries.map(\.id) }
}

/// Output of blocks done by several workers, and the first error.
private final class BlockState<Output>: @unchecked Sendable {  // guarded by `lock`
    let next = Atomic<Int>(0)
    private let lock = NSLock()
    private(set) var outputs: [[Output]?]
    private(set) var error: Error?
    private var done = 0

    init(blocks: Int) { outputs = Array(repeating: nil, count: blocks) }

    func finish(_ block: Int, _ output: [Output], titles: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        outputs[block] = output
        done += titles
        return done
    }

    func fail(_ error: Error) {
        lock.lock()
        defer { lock.unlock() }
        if self.error == nil { self.error = error }
    }
}
