/// The services a person is active in on a given day.
public struct Programmes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public init(_ service: Service) { rawValue = 1 << (service.rawValue - 1) }

    public static let jobBoard = Programmes(.jobBoard)
    public static let unemploymentInsurance = Programmes(.unemploymentInsurance)
    public static let coPayment = Programmes(.coPayment)
    public static let workAbroad = Programmes(.workAbroad)
    public static let foreignWorkerNotice = Programmes(.foreignWorkerNotice)
    public static let workPermit = Programmes(.workPermit)

    public var services: [Service] { Service.allCases.filter { contains(Programmes($0)) } }
}

/// A seeker as the matching engine sees them on one day: assembled from every service that
/// knows the person, each field from the first source that has it in the documented order
/// (`docs/feeds.md`, "Profile precedence"), with that source kept in ``sources``.
///
/// `person` is the pseudonymous key; no ID number or name is here.
public struct SeekerProfile: Sendable, Hashable {
    public var person: Int64
    public var nationality: CountryCode
    public var programmes: Programmes = []
    /// The earliest day the person became active in a programme counted here.
    public var activeSince: Day
    public var birthYear: Int?
    public var province: Province?
    public var desiredOccupations: [ISCOCode] = []
    public var desiredTitle = ""
    /// The unit group the occupation coder suggests for ``desiredTitle`` when the seeker gave no
    /// desired occupation, with its probability (never mixed into ``desiredOccupations``).
    public var suggestedOccupation: ISCOCode?
    public var suggestedOccupationConfidence: Float?
    public var skills: [String] = []
    /// Licences held (a driving licence class, forklift, security guard, a profession's), as written.
    public var licences: [String] = []
    public var education: EducationLevel?
    public var educationField = ""
    public var experienceYears: Double?
    /// Baht a month (day and hour wages scaled by ``WageUnit/monthly(_:)``).
    public var expectedMonthlyWage: Int?
    public var preferredProvinces: [Province] = []
    public var willingToRelocate = false
    public var languages: [LanguageCode] = []
    /// From the latest unemployment-insurance registration.
    public var lastOccupation: ISCOCode?
    public var lastMonthlyWage: Int?
    /// From the co-payment programme.
    public var graduationYear: Int?
    /// From the latest work-abroad registration.
    public var destinations: [CountryCode] = []
    public var sources = FieldSources()

    public init(person: Int64, nationality: CountryCode, activeSince: Day) {
        self.person = person
        self.nationality = nationality
        self.activeSince = activeSince
    }
}

/// Which service each assembled field of a ``SeekerProfile`` came from (nil: no service had it).
public struct FieldSources: Sendable, Hashable {
    public var province: Service?
    public var desiredOccupations: Service?
    public var education: Service?
    public var educationField: Service?
    public var expectedWage: Service?
    public var lastOccupation: Service?
    public var destinations: Service?

    public init() {}
}

/// An open vacancy on a given day, by its pseudonymous key.
public struct Vacancy: Sendable, Hashable {
    public var key: Int64
    /// The job board's own ID (not personal).
    public var externalID: String
    /// Employer key (pseudonymous), nil if unknown.
    public var employer: Int64?
    public var title: String
    public var description: String
    public var occupation: ISCOCode
    /// The occupation coder's probability when ``occupation`` was suggested by it from the
    /// title (the posting came without a code); nil for a code the employer gave.
    public var occupationSuggestionConfidence: Float?
    public var hardSkills: [String]
    public var softSkills: [String]
    public var minEducation: EducationLevel?
    public var minExperienceYears: Double?
    public var wageMin: Int?
    public var wageMax: Int?
    public var wageUnit: WageUnit?
    public var positions: Int
    /// Hires recorded before the snapshot day.
    public var hired: Int
    /// Work in Thailand: the province; work abroad: the country.
    public var province: Province?
    public var country: CountryCode?
    public var opensOn: Day
    public var closesOn: Day?
    public var acceptsForeignWorkers: Bool
    /// Taking part in the new-graduate co-payment programme on the snapshot day.
    public var coPayment: Bool
    /// Licences the job requires: hard requirements (a seeker without one is not shown it).
    public var requiredLicences: [String]
    /// True when ``minEducation`` is a hard requirement; otherwise it goes to the scorer only.
    public var educationRequired: Bool

    /// A vacancy as another service holds it (a posting just made, say), for encoding and
    /// ranking without the central dataset; what is not given is unknown or empty.
    public init(
        key: Int64, externalID: String = "", employer: Int64? = nil, title: String, description: String = "",
        occupation: ISCOCode, hardSkills: [String] = [], softSkills: [String] = [],
        minEducation: EducationLevel? = nil, minExperienceYears: Double? = nil,
        wageMin: Int? = nil, wageMax: Int? = nil, wageUnit: WageUnit? = nil, positions: Int = 1, hired: Int = 0,
        province: Province? = nil, country: CountryCode? = nil, opensOn: Day, closesOn: Day? = nil,
        acceptsForeignWorkers: Bool = false, coPayment: Bool = false, requiredLicences: [String] = [], educationRequired: Bool = false
    ) {
        self.key = key
        self.externalID = externalID
        self.employer = employer
        self.title = title
        self.description = description
        self.occupation = occupation
        self.hardSkills = hardSkills
        self.softSkills = softSkills
        self.minEducation = minEducation
        self.minExperienceYears = minExperienceYears
        self.wageMin = wageMin
        self.wageMax = wageMax
        self.wageUnit = wageUnit
        self.positions = positions
        self.hired = hired
        self.province = province
        self.country = country
        self.opensOn = opensOn
        self.closesOn = closesOn
        self.acceptsForeignWorkers = acceptsForeignWorkers
        self.coPayment = coPayment
        self.requiredLicences = requiredLicences
        self.educationRequired = educationRequired
    }

    /// Positions still to fill.
    public var openPositions: Int { max(0, positions - hired) }

    public var monthlyWageMin: Int? { wageMin.map { (wageUnit ?? .month).monthly($0) } }
    public var monthlyWageMax: Int? { wageMax.map { (wageUnit ?? .month).monthly($0) } }
}

/// One event of a seeker with a vacancy, with indices into the snapshot's arrays.
public struct MatchEvent: Sendable, Hashable {
    public var person: Int64
    public var vacancy: Int64
    /// Index in ``Snapshot/seekers``, or -1 when the person is not an active seeker that day.
    public var seekerIndex: Int32
    /// Index in ``Snapshot/vacancies``, or -1 when the vacancy is not open that day.
    public var vacancyIndex: Int32
    public var kind: EventKind
    public var at: Timestamp
    public var source: String
}
