/// The blocks of a feature row, in the order they are laid out.
public enum FeatureBlock: String, CaseIterable, Codable, Sendable, Hashable, CustomStringConvertible {
    /// Free text (titles, descriptions, skills as written, fields of study): IDF-weighted words
    /// and character n-grams, projected to a dense block.
    case text
    /// ISCO-08 occupations at their 1-, 2-, 3- and 4-digit levels.
    case occupation
    /// Skills as items (the seeker's against the vacancy's required ones), IDF-weighted.
    case skills
    /// Where: provinces on a sphere so that similarity falls with distance, countries abroad.
    case geography
    /// Education, experience and wage, encoded so that meeting a requirement scores high.
    case terms

    public var description: String { rawValue }

    /// The block's place in a row, 0 for the first.
    var position: Int {
        switch self {
        case .text: 0
        case .occupation: 1
        case .skills: 2
        case .geography: 3
        case .terms: 4
        }
    }
}

/// How much each block counts in a feature row's inner product: a row holds each L2-normalised
/// block times √(weight / total), so the inner product of two rows is the weighted mean of the
/// blocks' cosine similarities, and a complete profile's similarity with itself is 1.
///
/// These are the parameters the scorer learns; ``FeatureSpace/reweighted(_:)`` applies new ones
/// without refitting.
public struct BlockWeights: Codable, Sendable, Hashable {
    public var text: Float
    public var occupation: Float
    public var skills: Float
    public var geography: Float
    public var terms: Float

    public init(text: Float = 0.3, occupation: Float = 0.25, skills: Float = 0.2, geography: Float = 0.15, terms: Float = 0.1) {
        self.text = text
        self.occupation = occupation
        self.skills = skills
        self.geography = geography
        self.terms = terms
    }

    public subscript(block: FeatureBlock) -> Float {
        get {
            switch block {
            case .text: text
            case .occupation: occupation
            case .skills: skills
            case .geography: geography
            case .terms: terms
            }
        }
        set {
            switch block {
            case .text: text = newValue
            case .occupation: occupation = newValue
            case .skills: skills = newValue
            case .geography: geography = newValue
            case .terms: terms = newValue
            }
        }
    }

    /// The weights scaled to sum to 1.
    ///
    /// - Throws: ``FeatureSpaceError/invalidConfiguration(_:)`` unless every weight is finite, 0
    ///   or more, and at least one is positive.
    public func normalized() throws(FeatureSpaceError) -> BlockWeights {
        let all = FeatureBlock.allCases.map { self[$0] }
        guard all.allSatisfy({ $0 >= 0 && $0.isFinite }) && all.contains(where: { $0 > 0 }) else {
            throw .invalidConfiguration("block weights must be finite, 0 or more, and not all 0: \(all)")
        }
        let total = all.reduce(0, +)
        var result = self
        for block in FeatureBlock.allCases { result[block] = self[block] / total }
        return result
    }
}

/// Everything that decides a ``FeatureSpace`` before it sees data: saved with it.
public struct FeatureConfiguration: Codable, Sendable, Hashable {
    /// How texts become terms.
    public var tokenizer: Tokenizer.Configuration
    /// Dense dimensions of the projected blocks.
    public var textDimension: Int
    public var occupationDimension: Int
    public var skillDimension: Int
    /// Block importances (normalised when the space is fitted).
    public var weights: BlockWeights
    /// A term enters the text vocabulary when at least this many fitting documents have it.
    public var minimumDocumentFrequency: Int
    /// The most frequent terms kept in the text vocabulary.
    public var maximumVocabulary: Int
    /// Fitting uses at most this many documents (seekers and vacancies in proportion, evenly
    /// spaced through the corpus).
    public var maximumFitDocuments: Int
    /// A projected block (text, occupation, skills) is scaled to unit length when the
    /// projection keeps at least this share of its sparse vector's length; below, to (kept share
    /// / floor), so that terms the projection cannot represent (rare skills outside the fitted
    /// subspace) are shrunk rather than blown up into noise.
    public var retentionFloor: Float
    /// Randomized SVD: extra random directions and power iterations.
    public var oversampling: Int
    public var powerIterations: Int
    public var seed: UInt64
    /// The shares of a code's similarity decided at ISCO-08's 1-, 2-, 3- and 4-digit levels:
    /// two codes that agree to level l have similarity Σ of the first l shares (1 if equal).
    public var occupationLevelShares: [Float]
    /// How much a seeker's past occupation counts against a desired one (which counts 1).
    public var pastOccupationWeight: Float
    /// How much a vacancy's soft skills count against its hard skills (which count 1).
    public var softSkillWeight: Float
    /// The distance in kilometres at which two provinces' geography similarity reaches −1; it
    /// is 0 at half of it.
    public var geographyScaleKilometres: Double
    /// The length of the province kernel `exp(−distance / length)`, which gives nearby
    /// provinces a similarity that falls fast (0.8 at 30 km, 0.26 at 200 km for 150 km).
    public var provinceKernelKilometres: Double
    /// The share of a place's geography that is the province kernel; the rest is the sphere.
    public var provinceKernelShare: Float
    /// The share of the geography block a seeker willing to relocate gives to "anywhere in
    /// Thailand" rather than to where they live (0: none, 1: location does not matter).
    public var relocationShare: Float
    /// The share of the geography block a work-abroad registrant gives to destinations.
    public var abroadShare: Float
    /// Countries abroad with a dimension of their own (the most frequent in the corpus); the
    /// others share one.
    public var maximumCountries: Int
    /// Wage bands fitted as quantiles of the corpus's monthly wages.
    public var wageBands: Int

    public init(
        tokenizer: Tokenizer.Configuration = .init(),
        textDimension: Int = 112, occupationDimension: Int = 24, skillDimension: Int = 32,
        weights: BlockWeights = .init(),
        minimumDocumentFrequency: Int = 2, maximumVocabulary: Int = 65_536, maximumFitDocuments: Int = 100_000,
        retentionFloor: Float = 0.3, oversampling: Int = 16, powerIterations: Int = 2, seed: UInt64 = 1,
        occupationLevelShares: [Float] = [0.1, 0.2, 0.3, 0.4], pastOccupationWeight: Float = 0.5,
        softSkillWeight: Float = 0.5, geographyScaleKilometres: Double = 2000,
        provinceKernelKilometres: Double = 150, provinceKernelShare: Float = 0.7, relocationShare: Float = 0.5,
        abroadShare: Float = 0.5, maximumCountries: Int = 16, wageBands: Int = 8
    ) {
        self.tokenizer = tokenizer
        self.textDimension = textDimension
        self.occupationDimension = occupationDimension
        self.skillDimension = skillDimension
        self.weights = weights
        self.minimumDocumentFrequency = minimumDocumentFrequency
        self.maximumVocabulary = maximumVocabulary
        self.maximumFitDocuments = maximumFitDocuments
        self.retentionFloor = retentionFloor
        self.oversampling = oversampling
        self.powerIterations = powerIterations
        self.seed = seed
        self.occupationLevelShares = occupationLevelShares
        self.pastOccupationWeight = pastOccupationWeight
        self.softSkillWeight = softSkillWeight
        self.geographyScaleKilometres = geographyScaleKilometres
        self.provinceKernelKilometres = provinceKernelKilometres
        self.provinceKernelShare = provinceKernelShare
        self.relocationShare = relocationShare
        self.abroadShare = abroadShare
        self.maximumCountries = maximumCountries
        self.wageBands = wageBands
    }

    /// The largest dimension of a projected block.
    public static let maximumDimension = 4096

    /// Checks the values, naming the first one out of range.
    public func validate() throws(FeatureSpaceError) {
        func require(_ condition: Bool, _ message: String) throws(FeatureSpaceError) {
            if !condition { throw .invalidConfiguration(message) }
        }
        try require((1...Self.maximumDimension).contains(textDimension) && (1...Self.maximumDimension).contains(occupationDimension)
                    && (1...Self.maximumDimension).contains(skillDimension),
                    "block dimensions must be 1 to \(Self.maximumDimension) (text \(textDimension), occupation \(occupationDimension), skills \(skillDimension))")
        try require(maximumVocabulary <= 1 << 24, "maximumVocabulary must be at most \(1 << 24), not \(maximumVocabulary)")
        try require(minimumDocumentFrequency >= 1, "minimumDocumentFrequency must be at least 1, not \(minimumDocumentFrequency)")
        try require(maximumVocabulary >= 1, "maximumVocabulary must be at least 1, not \(maximumVocabulary)")
        try require(maximumFitDocuments >= 1, "maximumFitDocuments must be at least 1, not \(maximumFitDocuments)")
        try require(oversampling >= 0 && powerIterations >= 0, "oversampling and powerIterations must be 0 or more")
        try require(retentionFloor > 0 && retentionFloor <= 1, "retentionFloor must be in (0, 1], not \(retentionFloor)")
        try require(occupationLevelShares.count == 4 && occupationLevelShares.allSatisfy { $0 >= 0 }
                    && occupationLevelShares.reduce(0, +) > 0,
                    "occupationLevelShares needs 4 shares, 0 or more, not all 0: \(occupationLevelShares)")
        try require(pastOccupationWeight >= 0 && softSkillWeight >= 0, "pastOccupationWeight and softSkillWeight must be 0 or more")
        try require(geographyScaleKilometres > 0 && provinceKernelKilometres > 0,
                    "geographyScaleKilometres and provinceKernelKilometres must be positive")
        try require((0...1).contains(provinceKernelShare), "provinceKernelShare must be in 0...1")
        try require((0...1).contains(relocationShare) && (0...1).contains(abroadShare),
                    "relocationShare and abroadShare must be in 0...1")
        try require(maximumCountries >= 0, "maximumCountries must be 0 or more")
        try require(wageBands >= 1, "wageBands must be at least 1, not \(wageBands)")
        let weights = FeatureBlock.allCases.map { self.weights[$0] }
        try require(weights.allSatisfy { $0 >= 0 && $0.isFinite } && weights.contains { $0 > 0 },
                    "block weights must be finite, 0 or more, and not all 0: \(weights)")
    }
}

/// Why a feature space could not be fitted, saved or loaded.
public enum FeatureSpaceError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidConfiguration(String)
    case emptyCorpus
    /// A file that is not a feature space, or is damaged; `path` and what is wrong.
    case unreadable(path: String, reason: String)
    /// A feature space file of a format version this build cannot read.
    case unsupportedVersion(path: String, found: Int, supported: Int)

    public var description: String {
        switch self {
        case .invalidConfiguration(let message): "invalid feature configuration: \(message)"
        case .emptyCorpus: "cannot fit a feature space on no seekers and no vacancies"
        case .unreadable(let path, let reason): "\(path): not a readable feature space: \(reason)"
        case .unsupportedVersion(let path, let found, let supported):
            "\(path): feature space format version \(found); this jobmatch reads version \(supported). Refit the space with this version."
        }
    }
}
