import Foundation
import TextKernels

/// Seekers and vacancies as vectors in one space, whose inner product means "good match".
///
/// ```swift
/// let space = try FeatureSpace.fit(seekers: snapshot.seekers, vacancies: snapshot.vacancies)
/// let seekerRows = space.encode(seekers: snapshot.seekers)      // Matrix, one row each
/// let vacancyRows = space.encode(vacancies: snapshot.vacancies)
/// try space.save(to: "space.jmfs")
/// ```
///
/// A row is five blocks (``FeatureBlock``), each L2-normalised and multiplied by the square
/// root of its normalised weight, so that `row(a) · row(b) = Σ weight × cosine(block)`:
///
/// | block | seeker | vacancy |
/// | --- | --- | --- |
/// | text | desired title, skills, field of study | title, description, skills |
/// | occupation | desired occupations, past occupation (weighted) | occupation |
/// | skills | skills | hard skills, soft skills (weighted) |
/// | geography | home and preferred provinces; destinations abroad | province, or country abroad |
/// | terms | education, experience (what they have), expected wage | required education and experience, offered wage |
///
/// `fit` learns the vocabularies, IDF weights, projections, countries and wage bands from a
/// corpus; the result is immutable, and `encode` turns any seeker or vacancy into a row,
/// including ones the fit never saw (cold start) — a corpus member is encoded exactly as any
/// other. See `docs/features.md` for every formula.
public struct FeatureSpace: Sendable {
    /// The version of the saved file format (``save(to:)``).
    public static let formatVersion = 1

    /// The configuration, with its weights normalised to sum to 1.
    public let configuration: FeatureConfiguration
    /// Where each block lies in a row.
    public let layout: FeatureLayout
    /// What the fit saw and kept.
    public let summary: FitSummary

    let tokenizer: Tokenizer
    let text: TermProjection
    let occupation: TermProjection
    let skills: TermProjection
    /// Countries abroad with their own geography dimension.
    let countries: [CountryCode]
    /// Monthly wages (baht) where each wage band after the first starts.
    let wageCuts: [Int]
    let provinceKernel: ProvinceKernel

    init(configuration: FeatureConfiguration, summary: FitSummary, tokenizer: Tokenizer, text: TermProjection,
         occupation: TermProjection, skills: TermProjection, countries: [CountryCode], wageCuts: [Int],
         provinceKernel: ProvinceKernel? = nil) {
        var configuration = configuration
        configuration.weights = try! configuration.weights.normalized()  // validated by every caller
        self.configuration = configuration
        self.summary = summary
        self.tokenizer = tokenizer
        self.text = text
        self.occupation = occupation
        self.skills = skills
        self.countries = countries
        self.wageCuts = wageCuts
        self.provinceKernel = provinceKernel.flatMap { $0.lengthKilometres == configuration.provinceKernelKilometres ? $0 : nil }
            ?? ProvinceKernel(lengthKilometres: configuration.provinceKernelKilometres)
        layout = FeatureLayout(dimensions: [
            .text: configuration.textDimension,
            .occupation: configuration.occupationDimension,
            .skills: configuration.skillDimension,
            .geography: Geography.dimension(countries: countries.count),
            .terms: Terms.dimension(wageBands: wageCuts.count + 1),
        ])
    }

    /// The same fitted space with other block weights (the scorer's), without refitting.
    ///
    /// - Throws: ``FeatureSpaceError/invalidConfiguration(_:)`` for a negative, infinite or NaN
    ///   weight, or all weights 0.
    public func reweighted(_ weights: BlockWeights) throws(FeatureSpaceError) -> FeatureSpace {
        _ = try weights.normalized()
        var configuration = configuration
        configuration.weights = weights
        return FeatureSpace(configuration: configuration, summary: summary, tokenizer: tokenizer, text: text,
                            occupation: occupation, skills: skills, countries: countries, wageCuts: wageCuts,
                            provinceKernel: provinceKernel)
    }

    /// The dimension of a row.
    public var dimension: Int { layout.dimension }

    /// True when the text block is projected with the F16C kernel (chosen at run time on x86),
    /// false for the portable loop; both give the same rows (for benchmark reports).
    public static var projectsTextWithF16C: Bool { jm_halves_kernel_is_f16c() != 0 }

    /// A reusable encoder (its buffers are reused from row to row); one per thread.
    public func makeEncoder() -> FeatureEncoder { FeatureEncoder(space: self) }

    /// The row of one seeker.
    public func encode(_ seeker: SeekerProfile) -> [Float] {
        var encoder = makeEncoder()
        var row = [Float](repeating: 0, count: dimension)
        row.withUnsafeMutableBufferPointer { encoder.encode(seeker, into: $0) }
        return row
    }

    /// The row of one vacancy.
    public func encode(_ vacancy: Vacancy) -> [Float] {
        var encoder = makeEncoder()
        var row = [Float](repeating: 0, count: dimension)
        row.withUnsafeMutableBufferPointer { encoder.encode(vacancy, into: $0) }
        return row
    }

    /// The rows of `seekers`, in order, encoded on every core. Memory: the output matrix plus a
    /// small buffer per core.
    public func encode(seekers: [SeekerProfile], progress: (@Sendable (Int) -> Void)? = nil) -> Matrix {
        encodeAll(count: seekers.count, progress: progress) { encoder, index, row in encoder.encode(seekers[index], into: row) }
    }

    /// The rows of `vacancies`, in order, encoded on every core.
    public func encode(vacancies: [Vacancy], progress: (@Sendable (Int) -> Void)? = nil) -> Matrix {
        encodeAll(count: vacancies.count, progress: progress) { encoder, index, row in encoder.encode(vacancies[index], into: row) }
    }

    private func encodeAll(
        count: Int, progress: (@Sendable (Int) -> Void)?,
        _ body: @Sendable (inout FeatureEncoder, Int, UnsafeMutableBufferPointer<Float>) -> Void
    ) -> Matrix {
        let width = dimension
        var matrix = Matrix(rows: count, columns: width)
        guard count > 0 else { return matrix }
        let chunk = 1024
        let chunks = (count + chunk - 1) / chunk
        let done = ProgressCounter()
        matrix.withUnsafeMutableBufferPointer { buffer in
            let base = SharedPointer(buffer.baseAddress!)
            let workers = min(ProcessInfo.processInfo.activeProcessorCount, chunks)
            let next = ProgressCounter()
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                var encoder = makeEncoder()
                while true {
                    let index = next.add(1) - 1
                    guard index < chunks else { break }
                    let rows = index * chunk..<min(count, (index + 1) * chunk)
                    for row in rows {
                        body(&encoder, row, UnsafeMutableBufferPointer(start: base.base + row * width, count: width))
                    }
                    let total = done.add(rows.count)
                    progress?(total)
                }
            }
        }
        return matrix
    }

    /// Each block's cosine similarity between two rows of this space (not weighted).
    public func blockSimilarities(_ a: [Float], _ b: [Float]) -> [FeatureBlock: Float] {
        precondition(a.count == dimension && b.count == dimension, "rows of \(a.count) and \(b.count), not \(dimension)")
        var result: [FeatureBlock: Float] = [:]
        for block in FeatureBlock.allCases {
            let weight = configuration.weights[block]
            let range = layout.range(of: block)
            var dot: Float = 0
            for index in range { dot += a[index] * b[index] }
            result[block] = weight > 0 ? dot / weight : 0
        }
        return result
    }
}

/// Where each block lies in a row.
public struct FeatureLayout: Sendable, Hashable {
    private let ranges: [Range<Int>]

    init(dimensions: [FeatureBlock: Int]) {
        var start = 0
        var ranges: [Range<Int>] = []
        for block in FeatureBlock.allCases {
            let count = dimensions[block] ?? 0
            ranges.append(start..<start + count)
            start += count
        }
        self.ranges = ranges
    }

    /// The columns of `block`.
    public func range(of block: FeatureBlock) -> Range<Int> {
        ranges[block.position]
    }

    /// The dimension of a row.
    public var dimension: Int { ranges.last?.upperBound ?? 0 }
}

/// What a fit saw and kept, saved with the space.
public struct FitSummary: Codable, Sendable, Hashable {
    /// Seekers and vacancies in the corpus, and the documents the fit used of them.
    public var seekers: Int
    public var vacancies: Int
    public var documents: Int
    /// Terms in the text vocabulary, and distinct terms seen before the cut-offs.
    public var textVocabulary: Int
    public var textTermsSeen: Int
    public var skillVocabulary: Int
    public var occupationVocabulary: Int
    /// The share of the fitting documents' squared norm each projection keeps.
    public var textRetainedEnergy: Double
    public var skillRetainedEnergy: Double
    public var occupationRetainedEnergy: Double
    /// A hash of the tokenizer's terms for a fixed probe text: a loaded space refuses a
    /// tokenizer (dictionary, stop words) that gives other terms.
    public var tokenizerFingerprint: String
}

/// A counter shared by the workers of one encoding run.
final class ProgressCounter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()

    /// Adds `amount` and returns the new total.
    func add(_ amount: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += amount
        return value
    }
}
