/// The fields of seekers that pair features read, flattened once per corpus into plain values
/// and ranges of shared arrays.
///
/// A batch re-rank scores 200 pairs a query; reading a ``SeekerProfile`` or a ``Vacancy`` out of
/// its array copies it, retaining a dozen strings and arrays, and that cost more than the
/// features themselves. Facts are copied for free and retain nothing.
struct SeekerFacts: Sendable {
    struct Entry: Sendable {
        /// DOPA code; 0: none.
        var province: UInt8
        /// One bit per DOPA code (all below 128).
        var preferredProvinces: (low: UInt64, high: UInt64)
        /// 0 when unknown or not positive (no wage gap then).
        var expectedMonthlyWage: Int
        /// ``EducationLevel`` raw value; −1: unknown.
        var education: Int16
        /// NaN when unknown or not finite.
        var experienceYears: Double
        /// ISCO-08 unit group; −1: none.
        var lastOccupation: Int32
        var unemploymentInsurance: Bool
        var coPayment: Bool
        var workAbroad: Bool
        var foreignWorker: Bool
        /// Ranges of ``occupations``, ``countries`` and ``skills``.
        var desiredOccupations: Range<Int>
        var destinations: Range<Int>
        var skills: Range<Int>
    }

    private(set) var entries: [Entry] = []
    private(set) var occupations: [UInt16] = []
    private(set) var countries: [UInt16] = []
    /// Each seeker's skill keys (``FeatureDocuments/skillKey(_:)``), sorted, without repeats.
    private(set) var skills: [UInt64] = []

    init(_ profiles: some Sequence<SeekerProfile>) {
        for profile in profiles { append(profile) }
    }

    mutating func append(_ profile: SeekerProfile) {
        var preferred: (low: UInt64, high: UInt64) = (0, 0)
        for province in profile.preferredProvinces {
            if province.code < 64 { preferred.low |= 1 << UInt64(province.code) } else { preferred.high |= 1 << UInt64(province.code - 64) }
        }
        let occupationStart = occupations.count, countryStart = countries.count, skillStart = skills.count
        occupations += profile.desiredOccupations.map(\.value)
        countries += profile.destinations.map(\.value)
        skills += Set(profile.skills.map(FeatureDocuments.skillKey)).sorted()
        entries.append(Entry(
            province: profile.province?.code ?? 0, preferredProvinces: preferred,
            expectedMonthlyWage: max(0, profile.expectedMonthlyWage ?? 0),
            education: profile.education.map { Int16($0.rawValue) } ?? -1,
            experienceYears: profile.experienceYears.flatMap { $0.isFinite ? $0 : nil } ?? .nan,
            lastOccupation: profile.lastOccupation.map { Int32($0.value) } ?? -1,
            unemploymentInsurance: profile.programmes.contains(.unemploymentInsurance), coPayment: profile.programmes.contains(.coPayment),
            workAbroad: profile.programmes.contains(.workAbroad), foreignWorker: profile.nationality != .thailand,
            desiredOccupations: occupationStart..<occupations.count, destinations: countryStart..<countries.count,
            skills: skillStart..<skills.count))
    }

    /// True when seeker `entry` lists the skill of key `key`.
    @inline(__always)
    func has(_ entry: Entry, skill key: UInt64) -> Bool {
        for index in entry.skills where skills[index] == key { return true }
        return false
    }
}

/// The fields of vacancies that pair features read, flattened like ``SeekerFacts``.
struct VacancyFacts: Sendable {
    struct Entry: Sendable {
        /// DOPA code; 0: none.
        var province: UInt8
        /// ISO 3166-1 value; 0: none.
        var country: UInt16
        /// In a country other than Thailand.
        var abroad: Bool
        /// The monthly maximum, else minimum; nil: no wage given.
        var monthlyWageOffer: Int?
        /// ``EducationLevel`` raw value required; 0 when none is.
        var minEducation: Int16
        /// 0 when none or not finite.
        var minExperienceYears: Double
        var occupation: UInt16
        var coPayment: Bool
        var acceptsForeignWorkers: Bool
        var openPositions: Int
        /// Ranges of ``hardSkills`` and ``softSkills`` (in the vacancy's order, repeats kept).
        var hardSkills: Range<Int>
        var softSkills: Range<Int>
    }

    private(set) var entries: [Entry] = []
    private(set) var hardSkills: [UInt64] = []
    private(set) var softSkills: [UInt64] = []

    init(_ vacancies: some Sequence<Vacancy>) {
        for vacancy in vacancies { append(vacancy) }
    }

    mutating func append(_ posting: Vacancy) {
        let hardStart = hardSkills.count, softStart = softSkills.count
        hardSkills += posting.hardSkills.map(FeatureDocuments.skillKey)
        softSkills += posting.softSkills.map(FeatureDocuments.skillKey)
        entries.append(Entry(
            province: posting.province?.code ?? 0, country: posting.country?.value ?? 0,
            abroad: posting.country.map { $0 != .thailand } ?? false,
            monthlyWageOffer: posting.monthlyWageMax ?? posting.monthlyWageMin,
            minEducation: Int16(posting.minEducation?.rawValue ?? 0),
            minExperienceYears: posting.minExperienceYears.flatMap { $0.isFinite ? $0 : nil } ?? 0,
            occupation: posting.occupation.value, coPayment: posting.coPayment, acceptsForeignWorkers: posting.acceptsForeignWorkers,
            openPositions: posting.openPositions, hardSkills: hardStart..<hardSkills.count, softSkills: softStart..<softSkills.count))
    }
}

/// Kilometres between the centroids of every two provinces, by DOPA code (``Province/distanceKilometres(to:)``
/// as Float32, computed once).
enum ProvinceDistances {
    static let codes = 128
    static let table: [Float] = {
        var table = [Float](repeating: .nan, count: codes * codes)
        for a in Province.all {
            for b in Province.all { table[Int(a.code) * codes + Int(b.code)] = Float(a.distanceKilometres(to: b)) }
        }
        return table
    }()
}
