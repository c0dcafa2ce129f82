/// The rules that decide which vacancies a seeker may be shown (and which seekers a vacancy),
/// in the order they are checked. A pair is excluded by the first rule it fails, so counts by
/// rule add up: eligible pairs + Σ excluded = seekers × vacancies.
///
/// | rule | a pair is excluded when |
/// | --- | --- |
/// | `abroad-registration` | the vacancy is abroad and the seeker is not registered for work abroad |
/// | `abroad-destination` | the vacancy is abroad in a country the seeker did not name as a destination |
/// | `foreign-worker-vacancy` | the seeker is a foreign national and the vacancy does not accept foreign workers |
/// | `foreign-worker-occupation` | the seeker is a foreign national and the vacancy's occupation is closed to foreigners (list 1), open only under agreements (list 2), or open only to MOU workers (list 4) and the seeker holds no work permit |
/// | `co-payment-graduate` | the vacancy is in the new-graduate co-payment programme and the seeker is not an enrolled new graduate |
/// | `already-applied` | the seeker already applied to the vacancy (or was interviewed, hired, rejected, or withdrew) |
///
/// Open vacancies with positions left are the snapshot's own rule (``Snapshot``): a closed or
/// filled vacancy is never loaded.
public enum EligibilityRule: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
    case abroadRegistration = "abroad-registration"
    case abroadDestination = "abroad-destination"
    case foreignWorkerVacancy = "foreign-worker-vacancy"
    case foreignWorkerOccupation = "foreign-worker-occupation"
    case coPaymentGraduate = "co-payment-graduate"
    case alreadyApplied = "already-applied"

    /// When the rule excludes a pair, in English.
    public var english: String {
        switch self {
        case .abroadRegistration: "vacancy abroad, seeker not registered for work abroad"
        case .abroadDestination: "vacancy abroad in a country the seeker did not choose"
        case .foreignWorkerVacancy: "foreign worker, vacancy does not accept foreign workers"
        case .foreignWorkerOccupation: "foreign worker, occupation closed or restricted (2020 notification)"
        case .coPaymentGraduate: "co-payment vacancy, seeker not an enrolled new graduate"
        case .alreadyApplied: "already applied"
        }
    }

    /// When the rule excludes a pair, in Thai.
    public var thai: String {
        switch self {
        case .abroadRegistration: "งานต่างประเทศ ผู้หางานไม่ได้ลงทะเบียนไปทำงานต่างประเทศ"
        case .abroadDestination: "งานต่างประเทศในประเทศที่ผู้หางานไม่ได้เลือก"
        case .foreignWorkerVacancy: "แรงงานต่างด้าว ตำแหน่งงานไม่รับแรงงานต่างด้าว"
        case .foreignWorkerOccupation: "แรงงานต่างด้าว อาชีพสงวนหรือมีเงื่อนไข (ประกาศกระทรวงแรงงาน พ.ศ. 2563)"
        case .coPaymentGraduate: "ตำแหน่งงานโครงการร่วมจ่าย ผู้หางานไม่ใช่ผู้สำเร็จการศึกษาใหม่ที่ลงทะเบียน"
        case .alreadyApplied: "สมัครงานนี้แล้ว"
        }
    }

    public var description: String { rawValue }
}

/// The rules' settings: the foreign-worker occupation table (a corrected copy can replace the
/// embedded one).
public struct EligibilityRules: Sendable, Equatable {
    public var foreignWorkerOccupations: ForeignWorkerOccupations

    public init(foreignWorkerOccupations: ForeignWorkerOccupations) {
        self.foreignWorkerOccupations = foreignWorkerOccupations
    }

    /// The rules with the embedded tables.
    public static let standard: EligibilityRules = {
        do {
            return EligibilityRules(foreignWorkerOccupations: try ForeignWorkerOccupations.embedded())
        } catch {
            fatalError("MatchCore's foreign-worker occupation table: \(error)")
        }
    }()

    /// The first rule other than `already-applied` that excludes the pair, or nil.
    public func rule(excluding seeker: SeekerProfile, _ vacancy: Vacancy) -> EligibilityRule? {
        rule(excluding: SeekerTraits(seeker), VacancyTraits(vacancy, rules: self))
    }

    /// True when no rule but `already-applied` excludes the pair.
    public func admits(seeker: SeekerProfile, vacancy: Vacancy) -> Bool { rule(excluding: seeker, vacancy) == nil }

    func rule(excluding seeker: SeekerTraits, _ vacancy: VacancyTraits) -> EligibilityRule? {
        if let country = vacancy.abroad {
            if !seeker.workAbroad { return .abroadRegistration }
            if !seeker.destinations.isEmpty && !seeker.destinations.contains(country) { return .abroadDestination }
        }
        if seeker.foreign {
            if !vacancy.acceptsForeignWorkers { return .foreignWorkerVacancy }
            switch vacancy.access {
            case .closed, .agreement: return .foreignWorkerOccupation
            case .bilateralMOU where !seeker.workPermit: return .foreignWorkerOccupation
            default: break
            }
        }
        if vacancy.coPayment && !seeker.coPaymentGraduate { return .coPaymentGraduate }
        return nil
    }
}

/// What the rules read of a seeker; seekers with equal traits are one class.
struct SeekerTraits: Hashable, Sendable {
    var foreign: Bool
    /// An approved work permit (service 6), taken as admission under a bilateral MOU.
    var workPermit: Bool
    var workAbroad: Bool
    var destinations: [CountryCode]
    var coPaymentGraduate: Bool

    init(_ seeker: SeekerProfile) {
        foreign = seeker.nationality != .thailand
        workPermit = seeker.programmes.contains(.workPermit)
        workAbroad = seeker.programmes.contains(.workAbroad)
        destinations = workAbroad ? Array(Set(seeker.destinations)).sorted() : []
        coPaymentGraduate = seeker.programmes.contains(.coPayment)
    }
}

/// What the rules read of a vacancy; vacancies with equal traits are one class.
struct VacancyTraits: Hashable, Sendable {
    var acceptsForeignWorkers: Bool
    var access: ForeignWorkerOccupations.Access
    /// The coder suggested a restricted occupation (the employer gave no code): counted apart.
    var suggestedRestriction: Bool
    /// The country when abroad.
    var abroad: CountryCode?
    var coPayment: Bool

    init(_ vacancy: Vacancy, rules: EligibilityRules) {
        acceptsForeignWorkers = vacancy.acceptsForeignWorkers
        access = rules.foreignWorkerOccupations.access(to: vacancy.occupation)
        suggestedRestriction = access != .open && vacancy.occupationSuggestionConfidence != nil
        abroad = vacancy.country.flatMap { $0 == .thailand ? nil : $0 }
        coPayment = vacancy.coPayment
    }
}
