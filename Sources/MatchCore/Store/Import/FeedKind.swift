/// DOE's six online services, the programmes a person can be known to.
public enum Service: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case jobBoard = 1
    case unemploymentInsurance
    case coPayment
    case workAbroad
    case foreignWorkerNotice
    case workPermit

    /// A stable token for files and reports.
    public var code: String {
        switch self {
        case .jobBoard: "jobboard"
        case .unemploymentInsurance: "unemployment-insurance"
        case .coPayment: "copay"
        case .workAbroad: "work-abroad"
        case .foreignWorkerNotice: "foreign-notice"
        case .workPermit: "work-permit"
        }
    }

    public var description: String {
        switch self {
        case .jobBoard: "job board"
        case .unemploymentInsurance: "unemployment insurance"
        case .coPayment: "new-graduate co-payment"
        case .workAbroad: "work abroad"
        case .foreignWorkerNotice: "foreign-worker employment notice"
        case .workPermit: "work permit (Myanmar, Laos, Cambodia)"
        }
    }
}

/// One kind of feed file: a record type of one service, with its own documented columns
/// (`docs/feeds.md`). The raw value is stored in `person.first_feed`.
public enum FeedKind: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case seekers = 1
    case employers
    case vacancies
    case events
    case unemploymentRegistrations
    case graduates
    case coPaymentVacancies
    case abroadRegistrations
    case abroadTrips
    case foreignNotices
    case workPermits

    /// The name used on the command line (`jobmatch import --feed NAME`) and in reports.
    public var name: String {
        switch self {
        case .seekers: "seekers"
        case .employers: "employers"
        case .vacancies: "vacancies"
        case .events: "events"
        case .unemploymentRegistrations: "ui-registrations"
        case .graduates: "copay-graduates"
        case .coPaymentVacancies: "copay-vacancies"
        case .abroadRegistrations: "abroad-registrations"
        case .abroadTrips: "abroad-trips"
        case .foreignNotices: "foreign-notices"
        case .workPermits: "work-permits"
        }
    }

    public init?(name: String) {
        guard let kind = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = kind
    }

    public var service: Service {
        switch self {
        case .seekers, .employers, .vacancies, .events: .jobBoard
        case .unemploymentRegistrations: .unemploymentInsurance
        case .graduates, .coPaymentVacancies: .coPayment
        case .abroadRegistrations, .abroadTrips: .workAbroad
        case .foreignNotices: .foreignWorkerNotice
        case .workPermits: .workPermit
        }
    }

    public var description: String { name }
}
