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
/// vacancies), with each side's fields flattened once (``SeekerFacts``, ``VacancyFacts``).
///
/// ```swift
/// let extractor = PairFeatureExtractor(space: space, seekers: snapshot.seekers, vacancies: snapshot.vacancies)
/// let features = extractor.features(seeker: 12, vacancy: 40, seekerRow: seekerRows.row(12), vacancyRow: vacancyRows.row(40))
/// ```
public struct PairFeatureExtractor: Sendable {
    public let space: FeatureSpace
    public let seekers: [SeekerProfile]
    public let vacancies: [Vacancy]
    let seekerFacts: SeekerFacts
    let vacancyFacts: VacancyFacts
    /// Each block's columns and weight, in ``FeatureBlock/allCases`` order.
    private let blocks: [(columns: Range<Int>, weight: Float)]

    public init(space: FeatureSpace, seekers: [SeekerProfile], vacancies: [Vacancy]) {
        self.init(space: space, seekers: seekers, vacancies: vacancies, seekerFacts: SeekerFacts(seekers),
                  vacancyFacts: VacancyFacts(vacancies))
    }

    private init(space: FeatureSpace, seekers: [SeekerProfile], vacancies: [Vacancy], seekerFacts: SeekerFacts, vacancyFacts: VacancyFacts) {
        self.space = space
        self.seekers = seekers
        self.vacancies = vacancies
        self.seekerFacts = seekerFacts
        self.vacancyFacts = vacancyFacts
        blocks = FeatureBlock.allCases.map { (space.layout.range(of: $0), space.configuration.weights[$0]) }
    }

    /// The features of seeker `seeker` and vacancy `vacancy` (indices into the arrays), given
    /// their rows in ``space``.
    public func features(seeker: Int, vacancy: Int, seekerRow: [Float], vacancyRow: [Float]) -> PairFeatures {
        seekerRow.withUnsafeBufferPointer { seekerRow in
            vacancyRow.withUnsafeBufferPointer { vacancyRow in
                features(seeker: seeker, vacancy: vacancy, seekerRow: seekerRow, vacancyRow: vacancyRow)
            }
        }
    }

    /// The features of seeker `seeker` (an index) and any posting, given their rows.
    public func features(seeker: Int, posting: Vacancy, seekerRow: [Float], vacancyRow: [Float]) -> PairFeatures {
        replacingVacancies(with: posting).features(seeker: seeker, vacancy: 0, seekerRow: seekerRow, vacancyRow: vacancyRow)
    }

    /// The features of any profile (a seeker who is not in the snapshot) and vacancy `vacancy`
    /// (an index), given their rows.
    public func features(profile: SeekerProfile, vacancy: Int, seekerRow: [Float], vacancyRow: [Float]) -> PairFeatures {
        replacingSeekers(with: profile).features(seeker: 0, vacancy: vacancy, seekerRow: seekerRow, vacancyRow: vacancyRow)
    }

    /// This extractor with `posting` as its only vacancy (index 0), the seekers unchanged.
    func replacingVacancies(with posting: Vacancy) -> PairFeatureExtractor {
        PairFeatureExtractor(space: space, seekers: seekers, vacancies: [posting], seekerFacts: seekerFacts,
                             vacancyFacts: VacancyFacts([posting]))
    }

    /// This extractor with `profile` as its only seeker (index 0), the vacancies unchanged.
    func replacingSeekers(with profile: SeekerProfile) -> PairFeatureExtractor {
        PairFeatureExtractor(space: space, seekers: [profile], vacancies: vacancies, seekerFacts: SeekerFacts([profile]),
                             vacancyFacts: vacancyFacts)
    }

    /// The features of seeker `seeker` and vacancy `vacancy` (indices) from rows in place.
    /// - Parameter naming: false leaves ``PairFeatures/metSkills`` and ``PairFeatures/missingSkills``
    ///   empty (the counts are kept): for pairs that are scored but not explained.
    func features(seeker: Int, vacancy: Int, seekerRow: UnsafeBufferPointer<Float>, vacancyRow: UnsafeBufferPointer<Float>,
                  naming: Bool = true) -> PairFeatures {
        var values = [Float](repeating: 0, count: PairFeature.allCases.count)
        values.withUnsafeMutableBufferPointer {
            write(seeker: seeker, vacancy: vacancy, seekerRow: seekerRow, vacancyRow: vacancyRow, into: $0.baseAddress!)
        }
        var features = PairFeatures(values: values, metSkills: [], missingSkills: [])
        if naming {
            let entry = seekerFacts.entries[seeker]
            for (key, skill) in zip(vacancyFacts.hardSkills[vacancyFacts.entries[vacancy].hardSkills], vacancies[vacancy].hardSkills) {
                if seekerFacts.has(entry, skill: key) { features.metSkills.append(skill) } else { features.missingSkills.append(skill) }
            }
        }
        return features
    }

    /// Writes the pair's ``PairFeature/allCases`` values into `out` (the re-rank's path: no
    /// allocation, no copy of a profile).
    func write(seeker: Int, vacancy: Int, seekerRow: UnsafeBufferPointer<Float>, vacancyRow: UnsafeBufferPointer<Float>,
               into out: UnsafeMutablePointer<Float>) {
        precondition(seekerRow.count == space.dimension && vacancyRow.count == space.dimension,
                     "rows of \(seekerRow.count) and \(vacancyRow.count), not \(space.dimension)")
        out.update(repeating: 0, count: PairFeature.allCases.count)
        func set(_ feature: PairFeature, _ value: Float) { out[feature.index] = value }
        // Each block's inner product (the retrieval score is their sum) and its cosine: the
        // block's inner product over its weight (``FeatureSpace/blockSimilarities(_:_:)``).
        var retrieval: Float = 0
        for (block, feature) in zip(blocks, Self.blockFeatures) {
            var dot: Float = 0
            for index in block.columns { dot += seekerRow[index] * vacancyRow[index] }
            retrieval += dot
            set(feature, block.weight > 0 ? dot / block.weight : 0)
        }
        set(.retrieval, retrieval)

        let person = seekerFacts.entries[seeker], posting = vacancyFacts.entries[vacancy]
        let abroad = posting.abroad
        if !abroad, person.province != 0, posting.province != 0 {
            set(.distanceKilometres, ProvinceDistances.table[Int(person.province) * ProvinceDistances.codes + Int(posting.province)])
            set(.sameProvince, person.province == posting.province ? 1 : 0)
        } else {
            set(.distanceKilometres, .nan)
        }
        if !abroad, posting.province != 0 {
            let bits = posting.province < 64 ? person.preferredProvinces.low >> UInt64(posting.province)
                : person.preferredProvinces.high >> UInt64(posting.province - 64)
            if bits & 1 != 0 { set(.preferredProvince, 1) }
        }
        if abroad, seekerFacts.countries[person.destinations].contains(posting.country) { set(.destinationMatch, 1) }

        if person.expectedMonthlyWage > 0, let offer = posting.monthlyWageOffer {
            set(.wageGap, Float(offer - person.expectedMonthlyWage) / Float(person.expectedMonthlyWage))
        } else {
            set(.wageGap, .nan)
        }
        set(.educationGap, person.education >= 0 ? Float(Int(person.education) - Int(posting.minEducation)) : .nan)
        set(.experienceGap, person.experienceYears.isNaN ? .nan : Float(person.experienceYears - posting.minExperienceYears))

        var met = 0
        for index in posting.hardSkills where seekerFacts.has(person, skill: vacancyFacts.hardSkills[index]) { met += 1 }
        let required = posting.hardSkills.count
        set(.skillsRequired, Float(required))
        set(.skillsMet, Float(met))
        set(.skillsMissing, Float(required - met))
        set(.skillsMetShare, required > 0 ? Float(met) / Float(required) : .nan)
        var softMet = 0
        for index in posting.softSkills where seekerFacts.has(person, skill: vacancyFacts.softSkills[index]) { softMet += 1 }
        set(.softSkillsMet, Float(softMet))

        if person.desiredOccupations.isEmpty {
            set(.occupationAgreement, .nan)
        } else {
            var best = 0
            for index in person.desiredOccupations {
                best = max(best, Self.sharedDigits(seekerFacts.occupations[index], posting.occupation))
            }
            set(.occupationAgreement, Float(best))
        }
        set(.pastOccupationAgreement, person.lastOccupation >= 0
            ? Float(Self.sharedDigits(UInt16(person.lastOccupation), posting.occupation)) : .nan)

        set(.seekerUnemploymentInsurance, person.unemploymentInsurance ? 1 : 0)
        set(.seekerCoPayment, person.coPayment ? 1 : 0)
        set(.seekerWorkAbroad, person.workAbroad ? 1 : 0)
        set(.seekerForeignWorker, person.foreignWorker ? 1 : 0)
        set(.vacancyCoPayment, posting.coPayment ? 1 : 0)
        set(.vacancyAbroad, abroad ? 1 : 0)
        set(.vacancyAcceptsForeignWorkers, posting.acceptsForeignWorkers ? 1 : 0)
        set(.vacancyOpenPositions, Float(posting.openPositions))
    }

    /// The similarity feature of each block, in ``FeatureBlock/allCases`` order.
    static let blockFeatures: [PairFeature] = [.textSimilarity, .occupationSimilarity, .skillSimilarity, .geographySimilarity, .termsSimilarity]

    /// The number of leading digits two ISCO-08 unit groups share (0–4).
    static func sharedDigits(_ a: ISCOCode, _ b: ISCOCode) -> Int { sharedDigits(a.value, b.value) }

    @inline(__always)
    static func sharedDigits(_ a: UInt16, _ b: UInt16) -> Int {
        if a == b { return 4 }
        if a / 10 == b / 10 { return 3 }
        if a / 100 == b / 100 { return 2 }
        return a / 1000 == b / 1000 ? 1 : 0
    }
}
