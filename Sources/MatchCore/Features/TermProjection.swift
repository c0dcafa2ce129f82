import Foundation
import TextKernels

/// A fitted vocabulary of term keys with their weights and a projection of each term to a dense
/// vector: what turns one block's sparse terms into its dense, L2-normalised part of a row.
///
/// The projection holds, for vocabulary index i, row i of a `vocabulary × dimension` matrix: the
/// randomized SVD's right singular vectors of the fitting documents (latent semantic analysis),
/// or the identity when the vocabulary is no larger than the dimension (then nothing is lost).
struct TermProjection: Sendable {
    /// Term keys (``TermHash`` values or occupation keys), by vocabulary index.
    let keys: [UInt64]
    /// The weight of each term (its IDF, or 1).
    let weights: [Float]
    /// `keys.count × dimension`, row-major.
    let projection: Matrix
    /// `projection` rounded to half precision (``HalfPrecision``), what the text block is
    /// encoded from (``project(_:into:floor:)-(TermAccumulator,_,_)``): a text's terms are a
    /// few hundred rows from all over a matrix of tens of megabytes, whose reading took a
    /// sixth of a vacancy row's time. The rounding moves an encoded block by about 10⁻⁴
    /// (relative), the same wherever the space is loaded.
    let halves: [UInt16]
    let index: TermIndex
    /// The share of the fitting documents' squared norm that the projection keeps (1 for the
    /// identity).
    let retainedEnergy: Double

    var dimension: Int { projection.columns }
    var vocabularySize: Int { keys.count }

    init(keys: [UInt64], weights: [Float], projection: Matrix, retainedEnergy: Double) {
        precondition(keys.count == weights.count && projection.rows == keys.count)
        self.keys = keys
        self.weights = weights
        self.projection = projection
        halves = projection.withUnsafeBufferPointer { $0.map(HalfPrecision.bits) }
        self.retainedEnergy = retainedEnergy
        index = TermIndex(keys: keys)
    }

    /// Fits the projection of `documents` (rows over vocabulary indices, already weighted) to
    /// `dimension` columns.
    static func fit(
        keys: [UInt64], weights: [Float], documents: SparseRows, dimension: Int,
        oversampling: Int, powerIterations: Int, seed: UInt64
    ) throws -> TermProjection {
        let vocabulary = keys.count
        var projection = Matrix(rows: vocabulary, columns: dimension)
        var retained = 1.0
        if vocabulary <= dimension {
            for i in 0..<vocabulary { projection[i, i] = 1 }
        } else if documents.entryCount > 0 {
            let svd = try RandomizedSVD.rightVectors(
                of: documents, rank: dimension, oversampling: oversampling, powerIterations: powerIterations, seed: seed)
            projection = svd.vectors
            let total = documents.values.reduce(0.0) { $0 + Double($1) * Double($1) }
            let kept = svd.singularValues.reduce(0.0) { $0 + Double($1) * Double($1) }
            retained = total > 0 ? min(1, kept / total) : 1
        }
        return TermProjection(keys: keys, weights: weights, projection: projection, retainedEnergy: retained)
    }

    /// Projects the terms accumulated in `terms` into `output` and scales it (see
    /// ``scaleProjected(_:sparseLength:floor:)``); leaves zeros when no term is in the
    /// vocabulary. Each term's value is `(1 + ln count) · weight` (sublinear term frequency).
    func project(_ terms: TermAccumulator, into output: UnsafeMutableBufferPointer<Float>, floor: Float) {
        output.update(repeating: 0)
        let width = dimension
        var sparseLength: Float = 0
        halves.withUnsafeBufferPointer { matrix in
            weights.withUnsafeBufferPointer { weights in
                let base = matrix.baseAddress!
                let out = output.baseAddress!
                // Each row is fetched a few terms before it is added: one row's work is too
                // short for the processor to reach the next rows' loads by itself.
                let rowBytes = width * MemoryLayout<UInt16>.stride
                func prefetchRow(_ index: Int32) {
                    let row = UnsafeRawPointer(base + Int(index) * width)
                    for line in stride(from: 0, to: rowBytes, by: 64) { jm_prefetch(row + line) }
                    jm_prefetch(row + rowBytes - 1)
                    jm_prefetch(weights.baseAddress! + Int(index))
                }
                let touched = terms.touchedTerms
                let ahead = 12
                let frequency = SublinearFrequency()
                for index in touched.prefix(ahead) { prefetchRow(index) }
                for position in touched.indices {
                    if position + ahead < touched.count { prefetchRow(touched[position + ahead]) }
                    let index = touched[position]
                    let value = frequency(terms.count(of: index)) * weights[Int(index)]
                    sparseLength += value * value
                    jm_add_scaled_halves(value, base + Int(index) * width, out, width)
                }
            }
        }
        terms.reset()
        scaleProjected(output, sparseLength: sparseLength.squareRoot(), floor: floor)
    }

    /// Projects `entries` (vocabulary index, value; an index may repeat, its values add) into
    /// `output` and scales it. Summed in index order, so the result never depends on the order
    /// of the entries.
    func project(_ entries: [(Int32, Float)], into output: UnsafeMutableBufferPointer<Float>, floor: Float) {
        output.update(repeating: 0)
        let width = dimension
        var merged: [(Int32, Float)] = []
        for (index, value) in entries.sorted(by: { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }) {
            if let last = merged.last, last.0 == index { merged[merged.count - 1].1 += value } else { merged.append((index, value)) }
        }
        var sparseLength: Float = 0
        projection.withUnsafeBufferPointer { matrix in
            for (index, value) in merged {
                sparseLength += value * value
                addScaled(value, matrix.baseAddress! + Int(index) * width, to: output.baseAddress!, count: width)
            }
        }
        scaleProjected(output, sparseLength: sparseLength.squareRoot(), floor: floor)
    }
}

/// Scales a projected block: to unit length when the projection kept at least `floor` of the
/// sparse vector's length, else by `1 / (floor · sparseLength)`, so that its length is the kept
/// share divided by the floor (below 1). A zero block stays zero.
func scaleProjected(_ output: UnsafeMutableBufferPointer<Float>, sparseLength: Float, floor: Float) {
    var sum: Float = 0
    for value in output { sum += value * value }
    let length = sum.squareRoot()
    guard length > 0, sparseLength > 0 else { return }
    let scale = 1 / max(length, floor * sparseLength)
    for index in output.indices { output[index] *= scale }
}

/// Scales `vector` to unit L2 norm; a zero vector stays zero.
@inline(__always)
func normalize(_ vector: UnsafeMutableBufferPointer<Float>) {
    var sum: Float = 0
    for value in vector { sum += value * value }
    guard sum > 0 else { return }
    let scale = 1 / sum.squareRoot()
    for index in vector.indices { vector[index] *= scale }
}

/// An open-addressing hash table from term keys to vocabulary indices (linear probing, load
/// at most 1/2), faster than `Dictionary` for the encoder's millions of lookups: a key and its
/// index share a slot, so a probe touches one cache line.
struct TermIndex: Sendable {
    private struct Slot {
        var key: UInt64
        var index: Int32
    }

    private let slots: [Slot]
    private let mask: Int

    init(keys: [UInt64]) {
        var capacity = 16
        while capacity < keys.count * 2 { capacity <<= 1 }
        var slots = [Slot](repeating: Slot(key: 0, index: -1), count: capacity)
        let mask = capacity - 1
        for (index, key) in keys.enumerated() {
            var slot = Self.start(key, mask: mask)
            while slots[slot].index >= 0 {
                precondition(slots[slot].key != key, "duplicate key \(key) in a vocabulary")
                slot = (slot + 1) & mask
            }
            slots[slot] = Slot(key: key, index: Int32(index))
        }
        self.slots = slots
        self.mask = mask
    }

    @inline(__always)
    private static func start(_ key: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// Asks for the slot where a lookup of `key` starts to be loaded into the cache: a
    /// vocabulary of 65,000 terms has a 2 MB table, and a text's terms land all over it.
    @inline(__always)
    func prefetch(_ key: UInt64) {
        slots.withUnsafeBufferPointer { jm_prefetch($0.baseAddress! + Self.start(key, mask: mask)) }
    }

    /// The vocabulary index of `key`, or -1.
    @inline(__always)
    func lookup(_ key: UInt64) -> Int32 {
        slots.withUnsafeBufferPointer { slots in
            var slot = Self.start(key, mask: mask)
            while true {
                let entry = slots[slot]
                if entry.index < 0 || entry.key == key { return entry.index }
                slot = (slot + 1) & mask
            }
        }
    }
}

/// `1 + ln count`, the sublinear weight of a term's count in a document, from a table for the
/// counts of nearly every term (under 256), computed once with the same `logf`: the same values
/// bit for bit, without a call per term.
struct SublinearFrequency {
    private static let table: [Float] = (0..<256).map { 1 + logf(Float($0)) }
    private let table: [Float]

    init() { table = Self.table }

    /// `1 + logf(count)`, for a count of 1 or more.
    @inline(__always)
    func callAsFunction(_ count: Float) -> Float {
        count < 256 ? table.withUnsafeBufferPointer { $0[Int(count)] } : 1 + logf(count)
    }
}

/// Counts vocabulary terms of one document in a reusable buffer: O(terms) per document,
/// without sorting or hashing. A class over raw memory only (no stored `var`, whose every
/// change Swift would check for exclusive access at run time: that cost 30,000 instructions a
/// vacancy text), so that counting does no uniqueness or exclusivity checks; each
/// ``FeatureEncoder`` has its own (encoders are not shared between threads).
final class TermAccumulator {
    /// The count of each vocabulary term, 0 for those not seen.
    private let counts: UnsafeMutablePointer<Float>
    private let size: Int
    /// The distinct terms seen, in first-seen order: `touched[0..<touchedCount[0]]` (each term
    /// once, so the vocabulary size bounds them).
    private let touched: UnsafeMutablePointer<Int32>
    private let touchedCount: UnsafeMutablePointer<Int>

    init(vocabularySize: Int) {
        size = vocabularySize
        counts = .allocate(capacity: max(vocabularySize, 1))
        counts.initialize(repeating: 0, count: max(vocabularySize, 1))
        touched = .allocate(capacity: max(vocabularySize, 1))
        touchedCount = .allocate(capacity: 1)
        touchedCount.initialize(to: 0)
    }

    deinit {
        counts.deallocate()
        touched.deallocate()
        touchedCount.deallocate()
    }

    /// Counts one occurrence of vocabulary term `index`.
    @inline(__always)
    func add(_ index: Int32) {
        let i = Int(index)
        precondition(i >= 0 && i < size)
        if counts[i] == 0 {
            touched[touchedCount.pointee] = index
            touchedCount.pointee += 1
        }
        counts[i] += 1
    }

    /// The distinct terms seen, in first-seen order (valid until the next change).
    var touchedTerms: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: touched, count: touchedCount.pointee) }

    /// The count of vocabulary term `index`.
    @inline(__always)
    func count(of index: Int32) -> Float { counts[Int(index)] }

    /// Clears the counts of the terms seen (not the whole buffer).
    func reset() {
        for position in 0..<touchedCount.pointee { counts[Int(touched[position])] = 0 }
        touchedCount.pointee = 0
    }
}
