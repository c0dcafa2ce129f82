import Foundation
import MatchCore

/// A seeker's hidden state (what the feeds show of it is decided at export).
struct SimSeeker: Sendable {
    enum Programme: UInt8 {
        case jobBoard = 1, unemployment = 2, coPayment = 4, workAbroad = 8
    }

    var latitude: Float
    var longitude: Float
    var province: UInt8
    /// 0 Thai; 1 Myanmar, 2 Lao, 3 Cambodian.
    var nationality: UInt8
    var birthYear: Int16
    var education: Int8
    var experience: Int8
    var occupation: Int16
    /// -1: none.
    var secondOccupation: Int16
    /// True skills: `world.seekerSkills[skillStart ..< skillStart + skillCount]`, sorted.
    var skillStart: Int32
    var skillCount: UInt8
    /// Bit i: true skill i is declared on the profile.
    var declared: UInt16
    /// A skill claimed on the profile that the seeker does not have (-1: none).
    var claimed: Int16
    var commuteKm: Float
    var relocate: Bool
    /// Lowest monthly wage the seeker takes, baht.
    var wageFloor: Float
    /// Preference for large employers (around 0).
    var sizeTaste: Float
    /// Job-board sessions a month.
    var activity: Float
    /// Day (since 1970) the seeker registers.
    var arrival: Int32
    var programmes: UInt8
    /// Day the seeker stops looking (hired, or gave up); Int32.max while looking.
    var leftOn: Int32 = .max
    var hiredVacancy: Int32 = -1
    /// Whether the seeker closes the job-board profile on leaving (some never do).
    var closesProfile: Bool

    func has(_ programme: Programme) -> Bool { programmes & programme.rawValue != 0 }
}

struct SimVacancy: Sendable {
    var employer: Int32
    var occupation: Int16
    var latitude: Float
    var longitude: Float
    var province: UInt8
    /// 0: Thailand; else an index into ``SimWorld/abroadCountries`` plus one.
    var country: UInt8
    /// Required skills: `world.vacancySkills[skillStart ..< skillStart + skillCount]`, sorted.
    var skillStart: Int32
    var skillCount: UInt8
    /// Bit i: required skill i is essential.
    var essential: UInt16
    /// Bit i: required skill i is listed on the posting.
    var listed: UInt16
    var minEducation: Int8
    /// The education the posting states (-1: none).
    var listedEducation: Int8
    var minExperience: Int8
    /// Monthly wage range, baht (0: not stated).
    var wageMin: Float
    var wageMax: Float
    var positions: Int16
    var hires: Int16 = 0
    var opens: Int32
    /// Last day of the posting (Int32.max: open-ended).
    var plannedClose: Int32
    /// Day the last position was filled (Int32.max: not filled).
    var filledOn: Int32 = .max
    var foreignWorkers: Bool
    var coPayment: Bool
    /// 0 Thai title, 1 Thai / English, 2 English, 3 another Thai title.
    var titleForm: UInt8
    /// The title is misspelt (keyword search misses it).
    var misspelt: Bool
}

struct SimEmployer: Sendable {
    var province: UInt8
    var latitude: Float
    var longitude: Float
    var sector: UInt8
    var employees: Float
    /// Hidden hiring propensity (log-odds shift).
    var effect: Float
    var name: Int32
    /// A recruitment agency for work abroad.
    var agency: Bool
}

/// The simulated market: its catalog, its entities with their hidden state, and the hire model.
final class SimWorld: @unchecked Sendable {
    let seed: UInt64
    let catalog: SimCatalog
    let model: HireModel
    let start: Day
    let end: Day
    var seekers: [SimSeeker] = []
    var seekerSkills: [UInt16] = []
    var vacancies: [SimVacancy] = []
    var vacancySkills: [UInt16] = []
    var employers: [SimEmployer] = []
    /// By province code: the other provinces whose centroids are within 120 km.
    let nearProvinces: [[UInt8]]
    /// The ISCO code of each catalog occupation (the hot loops read this, not the catalog).
    let occupationCodes: [UInt16]

    static let sectors = [
        "manufacturing", "retail", "logistics", "hospitality", "construction", "ICT", "agriculture",
        "finance", "health", "education", "public", "services", "energy",
    ]
    static let abroadCountries = ["TW", "KR", "JP", "IL"]
    static let abroadCountryWeights = [0.4, 0.3, 0.15, 0.15]
    /// Foreign nationalities: Myanmar, Lao, Cambodian (shares of foreign workers in Thailand).
    static let foreignNationalities = ["MM", "LA", "KH"]
    static let foreignNationalityWeights = [0.65, 0.12, 0.23]

    init(seed: UInt64, catalog: SimCatalog, model: HireModel, start: Day, end: Day) {
        self.seed = seed
        self.catalog = catalog
        self.model = model
        self.start = start
        self.end = end
        var near = [[UInt8]](repeating: [], count: 256)
        for province in Province.all {
            near[Int(province.code)] = Province.all
                .filter { $0.code != province.code && $0.distanceKilometres(to: province) < 120 }.map(\.code)
        }
        nearProvinces = near
        occupationCodes = catalog.occupations.map(\.isco.value)
    }

    /// Weighted skill coverage of the vacancy's required skills by the seeker's true skills
    /// (essential skills weigh 2, optional 1).
    func coverage(seeker s: SimSeeker, vacancy v: SimVacancy) -> Double {
        var i = Int(s.skillStart)
        let iEnd = i + Int(s.skillCount)
        var j = Int(v.skillStart)
        let jStart = j
        let jEnd = j + Int(v.skillCount)
        var met = 0
        var total = 0
        while j < jEnd {
            let weight = v.essential & (1 << UInt16(j - jStart)) != 0 ? 2 : 1
            total += weight
            let wanted = vacancySkills[j]
            while i < iEnd && seekerSkills[i] < wanted { i += 1 }
            if i < iEnd && seekerSkills[i] == wanted { met += weight }
            j += 1
        }
        return total == 0 ? 1 : Double(met) / Double(total)
    }

    func probability(seeker: Int, vacancy: Int) -> Double {
        model.probability(seeker: seeker, vacancy: vacancy, world: self)
    }
}

// MARK: - Geography

/// How the simulator spreads people and jobs over the 77 provinces: population times a
/// factor for where seekers and vacancies concentrate, and wages by region.
enum SimGeography {
    /// Bangkok and its vicinity (Samut Prakan, Nonthaburi, Pathum Thani, Samut Sakhon).
    static let bangkokMetro: Set<UInt8> = [10, 11, 12, 13, 74]
    /// The Eastern Seaboard: Chon Buri, Rayong, Chachoengsao.
    static let easternSeaboard: Set<UInt8> = [20, 21, 24]
    /// Industrial estates (Ayutthaya) and tourism (Phuket, Chiang Mai, Surat Thani).
    static let otherHubs: Set<UInt8> = [14, 83, 50, 84]

    static func vacancyFactor(_ province: Province) -> Double {
        if province.code == 10 { return 3.2 }
        if bangkokMetro.contains(province.code) { return 2.2 }
        if easternSeaboard.contains(province.code) { return 2.6 }
        if otherHubs.contains(province.code) { return 1.5 }
        switch province.region {
        case .northeast: return 0.35
        case .north: return 0.55
        case .south: return 0.7
        default: return 0.8
        }
    }

    static func seekerFactor(_ province: Province) -> Double {
        if province.code == 10 { return 0.9 }
        switch province.region {
        case .northeast: return 1.35
        case .north: return 1.15
        case .south: return 1.0
        default: return 0.9
        }
    }

    /// The legal minimum daily wage in baht, approximately the schedule of 1 January 2025: 400
    /// in Phuket and on the Eastern Seaboard, 372 in Bangkok and its five neighbours, 337 in the
    /// three southern border provinces, and 345 elsewhere, which is the lowest of the other
    /// provinces' rates (they run 345–380): a posting there may be under the real local minimum.
    static func minimumDailyWage(_ province: Province) -> Double {
        if province.code == 83 || easternSeaboard.contains(province.code) { return 400 }
        if bangkokMetro.contains(province.code) || province.code == 73 { return 372 }
        if [94, 95, 96].contains(province.code) { return 337 }
        return 345
    }

    /// Wages relative to Bangkok.
    static func wageFactor(_ province: Province) -> Double {
        if province.code == 10 { return 1 }
        if bangkokMetro.contains(province.code) { return 0.95 }
        if easternSeaboard.contains(province.code) { return 0.93 }
        if otherHubs.contains(province.code) { return 0.9 }
        switch province.region {
        case .northeast: return 0.74
        case .north: return 0.77
        case .south: return 0.84
        default: return 0.83
        }
    }
}
