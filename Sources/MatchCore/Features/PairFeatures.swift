import Foundation

/// One feature of a seeker–vacancy pair, as the scorer reads it. Names are stable: a model
/// file lists the names it was trained on (``PairFeatures/schema``).
///
/// A value that cannot be known for a pair (a distance to a vacancy abroad, a wage gap where a
/// wage is missing) is `NaN`, which tree models treat as missing.
public enum PairFeature: String, CaseIterable, Sendable, Codable {
    /// The inner product of the two rows: the retrieval score.
    case retrieval
    /// Each block's cosine similarity (``FeatureBlock``), not weighted.
    case textSimilarity = "text_similarity"
    case occupationSimilarity = "occupation_similarity"
    case skillSimilarity = "skill_similarity"
    case geographySimilarity = "geography_similarity"
    case termsSimilarity = "terms_similarity"
    /// Kilometres between the seeker's home province and the vacancy's (centroids); NaN abroad
    /// or when either is unknown.
    case distanceKilometres = "distance_km"
    /// 1 when the vacancy is in the seeker's home province.
    case sameProvince = "same_province"
    /// 1 when the vacancy is in one of the seeker's preferred provinces.
    case preferredProvince = "preferred_province"
    /// 1 when the vacancy is abroad in one of the seeker's destinations.
    case destinationMatch = "destination_match"
    /// (offered − expected) / expected monthly wage; NaN when either is unknown.
    case wageGap = "wage_gap"
    /// The seeker's education level minus the required one (levels of ``EducationLevel``; no
    /// requirement counts as none); NaN when the seeker's is unknown.
    case educationGap = "education_gap"
    /// The seeker's years of experience minus the required years; NaN when unknown.
    case experienceGap = "experience_gap"
    /// The vacancy's hard skills: how many, how many the seeker lists, how many not.
    case skillsRequired = "skills_required"
    case skillsMet = "skills_met"
    case skillsMissing = "skills_missing"
    /// skills_met / skills_required; NaN when none are required.
    case skillsMetShare = "skills_met_share"
    /// The vacancy's soft skills the seeker lists.
    case softSkillsMet = "soft_skills_met"
    /// Leading ISCO-08 digits (0–4) the vacancy's occupation shares with the closest desired
    /// occupation, and with the past one; NaN when the seeker has none.
    case occupationAgreement = "occupation_agreement"
    case pastOccupationAgreement = "past_occupation_agreement"
    /// The seeker's programmes and nationality.
    case seekerUnemploymentInsurance = "seeker_unemployment_insurance"
    case seekerCoPayment = "seeker_co_payment"
    case seekerWorkAbroad = "seeker_work_abroad"
    case seekerForeignWorker = "seeker_foreign_worker"
    /// The vacancy's programme and conditions.
    case vacancyCoPayment = "vacancy_co_payment"
    case vacancyAbroad = "vacancy_abroad"
    case vacancyAcceptsForeignWorkers = "vacancy_accepts_foreign_workers"
    case vacancyOpenPositions = "vacancy_open_positions"

    /// The position of this feature in ``PairFeatures/values`` (its place in ``allCases``; a
    /// switch, not a dictionary: feature extraction asks it dozens of times a pair, and hashing
    /// a raw-value enum hashes its string).
    public var index: Int {
        switch self {
        case .retrieval: 0
        case .textSimilarity: 1
        case .occupationSimilarity: 2
        case .skillSimilarity: 3
        case .geographySimilarity: 4
        case .termsSimilarity: 5
        case .distanceKilometres: 6
        case .sameProvince: 7
        case .preferredProvince: 8
        case .destinationMatch: 9
        case .wageGap: 10
        case .educationGap: 11
        case .experienceGap: 12
        case .skillsRequired: 13
        case .skillsMet: 14
        case .skillsMissing: 15
        case .skillsMetShare: 16
        case .softSkillsMet: 17
        case .occupationAgreement: 18
        case .pastOccupationAgreement: 19
        case .seekerUnemploymentInsurance: 20
        case .seekerCoPayment: 21
        case .seekerWorkAbroad: 22
        case .seekerForeignWorker: 23
        case .vacancyCoPayment: 24
        case .vacancyAbroad: 25
        case .vacancyAcceptsForeignWorkers: 26
        case .vacancyOpenPositions: 27
        }
    }
}

/// The features of one seeker–vacancy pair, with the skills behind the counts (for
/// explanations: "skills met 4 of 5 (missing: forklift licence)").
public struct PairFeatures: Sendable, Equatable {
    /// The feature names in order: the schema a model is trained on.
    public static let schema: [String] = PairFeature.allCases.map(\.rawValue)

    /// Values in ``schema`` order.
    public var values: [Float]
    /// The vacancy's hard skills the seeker lists, and those the seeker does not, as the vacancy
    /// wrote them.
    public var metSkills: [String]
    public var missingSkills: [String]

    public subscript(feature: PairFeature) -> Float {
        get { values[feature.index] }
        set { values[feature.index] = newValue }
    }
}

/// Computes ``PairFeatures`` for candidate pairs of a corpus (a snapshot's seekers and
/// vacancies), with each profile's skill keys prepared once.
///
/// ```swift
/// let extractor = PairFeatureExtractor(space: space, seekers: snapshot.seekers, vacancies: snapshot.vacancies)
/// let features = extractor.features(seeker: 12, vacancy: 40, seekerRow: seekerRows.row(12), vacancyRow: vacancyRows.row(40))
/// ```
public struct PairFeatureExtractor: Sendable {
    public let space: FeatureSpace
    public let seekers: [SeekerProfile]
    public let vacancies: [Vacancy]
    private let seekerSkills: [Set<UInt64>]
    private let hardSkills: [[UInt64]]
    private let softSkills: [[UInt64]]

    public init(space: FeatureSpace, seekers: [SeekerProfile], vacancies: [Vacancy]) {
        self.space = space
        self.seekers = seekers
        self.vacancies = vacancies
        seekerSkills = seekers.map { Set($0.skills.map(FeatureDocuments.skillKey)) }
        hardSkills = vacancies.map { $0.hardSkills.map(FeatureDocuments.skillKey) }
        softSkills = vacancies.map { $0.softSkills.map(FeatureDocuments.skillKey) }
    }

    /// The features of seeker `seeker` and vacancy `vacancy` (indices into the arrays), given
    /// their rows in ``space``.
    public func features(seeker: Int, vacancy: Int, seekerRow: [Float], vacancyRow: [Float]) -> PairFeatures {
        Self.features(space: space, profile: seekers[seeker], skills: seekerSkills[seeker], posting: vacancies[vacancy],
                      hardSkills: hardSkills[vacancy], softSkills: softSkills[vacancy], seekerRow: seekerRow, vacancyRow: vacancyRow)
    }

    /// The features of seeker `seeker` (an index) and any posting, given their rows.
    public func features(seeker: Int, posting: Vacancy, seekerRow: [Float], vacancyRow: [Float]) -> PairFeatures {
        Self.features(space: space, profile: seekers[seeker], skills: seekerSkills[seeker], posting: posting,
                      hardSkills: posting.hardSkills.map(FeatureDocuments.skillKey), softSkills: posting.softSkills.map(FeatureDocuments.skillKey),
                      seekerRow: seekerRow, vacancyRow: vacancyRow)
    }

    /// The features of any profile (a seeker who is not in the snapshot) and vacancy `vacancy`
    /// (an index), given their rows.
    public func features(profile: SeekerProfile, vacancy: Int, seekerRow: [Float], vacancyRow: [Float]) -> PairFeatures {
        Self.features(space: space, profile: profile, skills: Set(profile.skills.map(FeatureDocuments.skillKey)), posting: vacancies[vacancy],
                      hardSkills: hardSkills[vacancy], softSkills: softSkills[vacancy], seekerRow: seekerRow, vacancyRow: vacancyRow)
    }

    static func features(space: FeatureSpace, profile: SeekerProfile, skills has: Set<UInt64>, posting: Vacancy,
                         hardSkills: [UInt64], softSkills: [UInt64], seekerRow: [Float], vacancyRow: [Float]) -> PairFeatures {
        seekerRow.withUnsafeBufferPointer { seekerRow in
            vacancyRow.withUnsafeBufferPointer { vacancyRow in
                features(space: space, profile: profile, skills: has, posting: posting, hardSkills: hardSkills, softSkills: softSkills,
                         seekerRow: seekerRow, vacancyRow: vacancyRow)
            }
        }
    }

    /// The features from rows in place (the batch pipeline passes rows of its matrices, uncopied).
    /// - Parameter naming: false leaves ``PairFeatures/metSkills`` and ``PairFeatures/missingSkills``
    ///   empty (the counts are kept): for pairs that are scored but not explained.
    static func features(space: FeatureSpace, profile: SeekerProfile, skills has: Set<UInt64>, posting: Vacancy,
                         hardSkills: [UInt64], softSkills: [UInt64], seekerRow: UnsafeBufferPointer<Float>,
                         vacancyRow: UnsafeBufferPointer<Float>, naming: Bool = true) -> PairFeatures {
        var features = PairFeatures(values: [Float](repeating: 0, count: PairFeature.allCases.count), metSkills: [], missingSkills: [])
        precondition(seekerRow.count == space.dimension && vacancyRow.count == space.dimension,
                     "rows of \(seekerRow.count) and \(vacancyRow.count), not \(space.dimension)")
        // Each block's inner product (the retrieval score is their sum) and its cosine: the
        // block's inner product over its weight (``FeatureSpace/blockSimilarities(_:_:)``).
        var retrieval: Float = 0
        let weights = space.configuration.weights
        for (block, feature) in zip(FeatureBlock.allCases, Self.blockFeatures) {
            var dot: Float = 0
            for index in space.layout.range(of: block) { dot += seekerRow[index] * vacancyRow[index] }
            retrieval += dot
            let weight = weights[block]
            features[feature] = weight > 0 ? dot / weight : 0
        }
        features[.retrieval] = retrieval

        let abroad = posting.country.map { $0 != .thailand } ?? false
        if !abroad, let home = profile.province, let place = posting.province {
            features[.distanceKilometres] = Float(home.distanceKilometres(to: place))
            features[.sameProvince] = home == place ? 1 : 0
        } else {
            features[.distanceKilometres] = .nan
        }
        if !abroad, let place = posting.province, profile.preferredProvinces.contains(place) { features[.preferredProvince] = 1 }
        if abroad, let country = posting.country, profile.destinations.contains(country) { features[.destinationMatch] = 1 }

        if let expected = profile.expectedMonthlyWage, expected > 0, let offer = posting.monthlyWageMax ?? posting.monthlyWageMin {
            features[.wageGap] = Float(offer - expected) / Float(expected)
        } else {
            features[.wageGap] = .nan
        }
        let requiredEducation = Int(posting.minEducation?.rawValue ?? 0)
        features[.educationGap] = profile.education.map { Float(Int($0.rawValue) - requiredEducation) } ?? .nan
        let requiredYears = posting.minExperienceYears.flatMap { $0.isFinite ? $0 : nil } ?? 0
        features[.experienceGap] = profile.experienceYears.flatMap { $0.isFinite ? Float($0 - requiredYears) : nil } ?? .nan

        var met = 0
        for (key, skill) in zip(hardSkills, posting.hardSkills) {
            if has.contains(key) {
                met += 1
                if naming { features.metSkills.append(skill) }
            } else if naming {
                features.missingSkills.append(skill)
            }
        }
        let required = posting.hardSkills.count
        features[.skillsRequired] = Float(required)
        features[.skillsMet] = Float(met)
        features[.skillsMissing] = Float(required - met)
        features[.skillsMetShare] = required > 0 ? Float(met) / Float(required) : .nan
        features[.softSkillsMet] = Float(softSkills.filter(has.contains).count)

        features[.occupationAgreement] = profile.desiredOccupations.isEmpty
            ? .nan : Float(profile.desiredOccupations.map { Self.sharedDigits($0, posting.occupation) }.max()!)
        features[.pastOccupationAgreement] = profile.lastOccupation.map { Float(Self.sharedDigits($0, posting.occupation)) } ?? .nan

        features[.seekerUnemploymentInsurance] = profile.programmes.contains(.unemploymentInsurance) ? 1 : 0
        features[.seekerCoPayment] = profile.programmes.contains(.coPayment) ? 1 : 0
        features[.seekerWorkAbroad] = profile.programmes.contains(.workAbroad) ? 1 : 0
        features[.seekerForeignWorker] = profile.nationality != .thailand ? 1 : 0
        features[.vacancyCoPayment] = posting.coPayment ? 1 : 0
        features[.vacancyAbroad] = abroad ? 1 : 0
        features[.vacancyAcceptsForeignWorkers] = posting.acceptsForeignWorkers ? 1 : 0
        features[.vacancyOpenPositions] = Float(posting.openPositions)
        return features
    }

    /// The similarity feature of each block, in ``FeatureBlock/allCases`` order.
    static let blockFeatures: [PairFeature] = [.textSimilarity, .occupationSimilarity, .skillSimilarity, .geographySimilarity, .termsSimilarity]

    /// The features of seeker `seeker` and vacancy `vacancy` (indices) from rows in place.
    func features(seeker: Int, vacancy: Int, seekerRow: UnsafeBufferPointer<Float>, vacancyRow: UnsafeBufferPointer<Float>,
                  naming: Bool = true) -> PairFeatures {
        Self.features(space: space, profile: seekers[seeker], skills: seekerSkills[seeker], posting: vacancies[vacancy],
                      hardSkills: hardSkills[vacancy], softSkills: softSkills[vacancy], seekerRow: seekerRow, vacancyRow: vacancyRow,
                      naming: naming)
    }

    /// The number of leading digits two ISCO-08 unit groups share (0–4).
    static func sharedDigits(_ a: ISCOCode, _ b: ISCOCode) -> Int {
        let x = Int(a.value), y = Int(b.value)
        for (level, divisor) in [(4, 1), (3, 10), (2, 100), (1, 1000)] where x / divisor == y / divisor { return level }
        return 0
    }
}
