import Foundation
import MatchCore

/// Slots per entity in the flat skill arrays (so entities can be drawn in parallel).
let seekerSkillSlots = 16
let vacancySkillSlots = 12

extension SimWorld {
    /// Draws employers, vacancies and seekers with their hidden state. Each entity draws from
    /// its own stream, so the work is split over the cores with the same result.
    func populate(seekers seekerCount: Int, vacancies vacancyCount: Int, employers employerCount: Int) {
        let provinces = Province.all
        let tables = DrawTables(catalog: catalog, provinces: provinces)
        let startDay = start.daysSince1970
        let days = Int32(end - start)

        employers = (0..<employerCount).map { index in
            var random = SimRandom(seed: seed, stream: .employer, index: index)
            // The first employers (about 1 in 40) are recruitment agencies for work abroad, in Bangkok.
            let agency = index % 40 == 7
            let province = agency ? provinces.first { $0.code == 10 }! : provinces[tables.vacancyProvince.draw(&random)]
            let sector = agency ? UInt8(SimWorld.sectors.firstIndex(of: "services")!) : UInt8(tables.sector.draw(&random))
            let (lat, lon) = jitter(province, &random)
            return SimEmployer(
                province: province.code, latitude: lat, longitude: lon, sector: sector,
                employees: Float(min(20_000, max(3, random.logNormal(median: 40, sigma: 1.6)))),
                effect: Float(0.6 * random.normal()), name: Int32(random.below(1 << 30)), agency: agency)
        }
        let agencies = employers.indices.filter { employers[$0].agency }
        // Size matters, but weakly: no one firm takes a large share of the postings.
        let employerChoice = WeightedChoice(employers.map { $0.agency ? 0 : pow(Double($0.employees), 0.3) })

        vacancySkills = [UInt16](repeating: 0, count: vacancyCount * vacancySkillSlots)
        vacancies = Self.drawInParallel(vacancyCount, skills: &vacancySkills, slots: vacancySkillSlots) { index, skills in
            var random = SimRandom(seed: seed, stream: .vacancy, index: index)
            return makeVacancy(
                index, &random, tables: tables, employerChoice: employerChoice, agencies: agencies,
                startDay: startDay, days: days, skills: skills)
        }
        seekerSkills = [UInt16](repeating: 0, count: seekerCount * seekerSkillSlots)
        seekers = Self.drawInParallel(seekerCount, skills: &seekerSkills, slots: seekerSkillSlots) { index, skills in
            var random = SimRandom(seed: seed, stream: .seeker, index: index)
            return makeSeeker(index, &random, tables: tables, startDay: startDay, days: days, skills: skills)
        }
    }

    /// `count` entities made on all cores, entity `i` writing its skills to slots
    /// `i × slots ..< (i + 1) × slots` of `skills`.
    private static func drawInParallel<Entity>(
        _ count: Int, skills: inout [UInt16], slots: Int,
        _ make: @Sendable (Int, UnsafeMutablePointer<UInt16>) -> Entity
    ) -> [Entity] {
        [Entity](unsafeUninitializedCapacity: count) { buffer, initialized in
            skills.withUnsafeMutableBufferPointer { skills in
                nonisolated(unsafe) let skillBase = skills.baseAddress!
                nonisolated(unsafe) let base = buffer.baseAddress!
                DispatchQueue.concurrentPerform(iterations: 16) { part in
                    for index in stride(from: part, to: count, by: 16) {
                        (base + index).initialize(to: make(index, skillBase + index * slots))
                    }
                }
            }
            initialized = count
        }
    }

    private func jitter(_ province: Province, _ random: inout SimRandom) -> (Float, Float) {
        // About 12 km of spread around the centroid: people and firms are not all in one spot.
        (Float(province.latitude + 0.11 * random.normal()), Float(province.longitude + 0.11 * random.normal()))
    }

    private func makeVacancy(
        _ index: Int, _ random: inout SimRandom, tables: DrawTables, employerChoice: WeightedChoice,
        agencies: [Int], startDay: Int32, days: Int32, skills: UnsafeMutablePointer<UInt16>
    ) -> SimVacancy {
        let abroad = !agencies.isEmpty && random.chance(0.03)
        let employerIndex = abroad ? agencies[random.below(agencies.count)] : employerChoice.draw(&random)
        let employer = employers[employerIndex]
        let occupationIndex = abroad ? tables.abroadOccupation.draw(&random) : tables.vacancyOccupation[Int(employer.sector)].draw(&random)
        let occupation = catalog.occupations[occupationIndex]
        let province = Province(code: employer.province)!

        // Required skills: most essential ones of the occupation, some optional ones.
        var required: [(skill: UInt16, essential: Bool)] = []
        for (position, skill) in occupation.skills.enumerated() {
            let essential = position < occupation.essentialCount
            if random.chance(essential ? 0.7 : 0.2) { required.append((UInt16(skill), essential)) }
        }
        if required.count < 2 {
            for position in 0..<min(2, occupation.essentialCount) where !required.contains(where: { $0.skill == UInt16(occupation.skills[position]) }) {
                required.append((UInt16(occupation.skills[position]), true))
            }
        }
        required.sort { $0.skill < $1.skill }
        if required.count > vacancySkillSlots { required.removeLast(required.count - vacancySkillSlots) }
        var essential: UInt16 = 0
        var listed: UInt16 = 0
        for (position, item) in required.enumerated() {
            skills[position] = item.skill
            if item.essential { essential |= 1 << UInt16(position) }
            if random.chance(0.7) { listed |= 1 << UInt16(position) }
        }
        if listed == 0 { listed = 1 }

        let shift = random.uniform()
        let minEducation = max(0, min(8, Int(occupation.education.rawValue) + (shift < 0.2 ? -1 : shift < 0.8 ? 0 : 1)))
        let listedEducation: Int8 = random.chance(0.25) ? -1 : Int8(random.chance(0.85) ? minEducation : max(0, minEducation - 1))
        let minExperience = random.chance(0.5) ? 0 : random.int(1...5)

        let level = abroad ? 2.2 : SimGeography.wageFactor(province)
        // Never below the province's legal minimum (26 days of the daily minimum wage).
        let legal = abroad ? 0 : SimGeography.minimumDailyWage(province) * 26
        let typical = max(occupation.wageMonth * level * random.logNormal(median: 1, sigma: 0.12), legal / 0.92 + 100)
        let stated = random.chance(0.9)
        let wageMin = stated ? max(legal, (typical * 0.92 / 500).rounded() * 500) : 0
        let wageMax = stated ? max(wageMin, (typical * 1.15 / 500).rounded() * 500) : 0

        let size = random.uniform()
        let positions = size < 0.55 ? 1 : size < 0.8 ? random.int(2...3) : size < 0.95 ? random.int(4...10) : random.int(11...40)
        // A quarter are already open when the simulation starts.
        let opens = random.chance(0.25) ? startDay - Int32(random.int(1...60)) : startDay + Int32(random.below(Int(days)))
        let plannedClose = random.chance(0.1) ? Int32.max : opens + Int32(random.int(30...120))
        let form = random.uniform()
        let country = abroad ? UInt8(1 + tables.abroadCountry.draw(&random)) : 0
        return SimVacancy(
            employer: Int32(employerIndex), occupation: Int16(occupationIndex),
            latitude: employer.latitude, longitude: employer.longitude, province: employer.province, country: country,
            skillStart: Int32(index * vacancySkillSlots),
            skillCount: UInt8(required.count), essential: essential, listed: listed,
            minEducation: Int8(minEducation), listedEducation: listedEducation, minExperience: Int8(minExperience),
            wageMin: Float(wageMin), wageMax: Float(wageMax), positions: Int16(positions),
            opens: opens, plannedClose: plannedClose,
            foreignWorkers: !abroad && occupation.openToForeignWorkers && random.chance(0.45),
            coPayment: !abroad && !occupation.dailyWage && minEducation >= 4 && random.chance(0.12),
            titleForm: form < 0.5 ? 0 : form < 0.75 ? 1 : form < 0.85 ? 2 : 3,
            misspelt: random.chance(0.03))
    }

    private func makeSeeker(
        _ index: Int, _ random: inout SimRandom, tables: DrawTables, startDay: Int32, days: Int32,
        skills: UnsafeMutablePointer<UInt16>
    ) -> SimSeeker {
        let foreign = random.chance(0.06)
        let nationality: UInt8 = foreign ? UInt8(1 + tables.nationality.draw(&random)) : 0
        let province = foreign ? tables.provinces[tables.vacancyProvince.draw(&random)] : tables.provinces[tables.seekerProvince.draw(&random)]
        let (lat, lon) = jitter(province, &random)
        let drawnAge = tables.age(&random)
        var education = foreign ? tables.foreignEducation.draw(&random) : tables.education.draw(&random)
        // Nobody holds a degree before the age it takes: ม.3 at 15, ปวช. at 18, ปวส. at 20,
        // a bachelor's at 22, a master's at 24, a doctorate at 27.
        var age = drawnAge
        for (limit, highest) in [(18, 2), (20, 4), (22, 5), (24, 6), (27, 7)] where age < limit {
            education = min(education, highest)
            break
        }
        let occupationIndex = foreign ? tables.foreignOccupation.draw(&random) : tables.seekerOccupation[education].draw(&random)
        let occupation = catalog.occupations[occupationIndex]
        // Drivers need a licence, at 18.
        if age < 18 && occupation.isco.value / 100 == 83 { age = random.int(18...22) }
        var second = -1
        if random.chance(0.4) {
            let related = tables.related[occupationIndex]
            second = !related.isEmpty && random.chance(0.7) ? related[random.below(related.count)]
                : (foreign ? tables.foreignOccupation.draw(&random) : tables.seekerOccupation[education].draw(&random))
            if second == occupationIndex || (foreign && !catalog.occupations[second].openToForeignWorkers) { second = -1 }
        }
        let schooling = [0, 6, 9, 12, 12, 14, 16, 18, 21][education]
        let experience = min(40, max(0, Int(Double(age - max(15, 6 + schooling)) * (0.3 + 0.7 * random.uniform()))))

        // True skills: most essential skills of the occupation (more with experience), some optional,
        // a few of the second occupation.
        var own: [UInt16] = []
        let seasoned = min(1, 0.55 + 0.04 * Double(experience))
        for (position, skill) in occupation.skills.enumerated() {
            if random.chance(position < occupation.essentialCount ? seasoned : 0.3 * seasoned) { own.append(UInt16(skill)) }
        }
        if second >= 0 {
            let other = catalog.occupations[second]
            for position in 0..<other.essentialCount where random.chance(0.45) { own.append(UInt16(other.skills[position])) }
        }
        own = Array(Set(own)).sorted()
        if own.count > seekerSkillSlots { own = Array(own.prefix(seekerSkillSlots)) }
        var declared: UInt16 = 0
        for position in own.indices where random.chance(0.55) { declared |= 1 << UInt16(position) }
        if declared == 0 && !own.isEmpty && random.chance(0.7) { declared = 1 << UInt16(random.below(own.count)) }
        for (position, skill) in own.enumerated() { skills[position] = skill }
        let claimed = random.chance(0.12) ? Int16(random.below(catalog.skills.count)) : -1

        let level = SimGeography.wageFactor(province)
        let premium = 1 + 0.015 * Double(min(experience, 20))
        let floor = max(occupation.wageMonth * level * premium * random.logNormal(median: 0.88, sigma: 0.15),
                        SimGeography.minimumDailyWage(province) * 26 * 0.95)

        var programmes: UInt8 = 0
        if foreign {
            if random.chance(0.3) { programmes |= SimSeeker.Programme.jobBoard.rawValue }
        } else {
            if random.chance(0.88) { programmes |= SimSeeker.Programme.jobBoard.rawValue }
            if age >= 20 && experience >= 1 && random.chance(0.15) { programmes |= SimSeeker.Programme.unemployment.rawValue }
            if age <= 25 && education >= 4 && random.chance(0.35) { programmes |= SimSeeker.Programme.coPayment.rawValue }
            if random.chance(occupation.abroad ? 0.12 : 0.01) { programmes |= SimSeeker.Programme.workAbroad.rawValue }
            if programmes == 0 { programmes = SimSeeker.Programme.jobBoard.rawValue }
        }
        let arrival = random.chance(0.35) ? startDay - Int32(random.int(1...180)) : startDay + Int32(random.below(Int(days)))
        return SimSeeker(
            latitude: lat, longitude: lon, province: province.code, nationality: nationality,
            birthYear: Int16(Day(daysSince1970: arrival).year - age), education: Int8(education), experience: Int8(experience),
            occupation: Int16(occupationIndex), secondOccupation: Int16(second),
            skillStart: Int32(index * seekerSkillSlots), skillCount: UInt8(own.count), declared: declared, claimed: claimed,
            commuteKm: Float(random.logNormal(median: province.code == 10 ? 25 : 18, sigma: 0.6)),
            relocate: random.chance(age < 30 ? 0.2 : 0.08),
            wageFloor: Float(floor), sizeTaste: Float(0.5 * random.normal()),
            activity: Float(random.logNormal(median: 2.5, sigma: 0.6)),
            arrival: arrival, programmes: programmes, closesProfile: random.chance(0.7))
    }
}

/// The distributions entities are drawn from, built once from the catalog.
struct DrawTables: @unchecked Sendable {
    let provinces: [Province]
    let seekerProvince: WeightedChoice
    let vacancyProvince: WeightedChoice
    let sector: WeightedChoice
    /// Vacancy occupations by employer sector (the sector's own occupations six times as likely).
    let vacancyOccupation: [WeightedChoice]
    let abroadOccupation: WeightedChoice
    let abroadCountry: WeightedChoice
    /// Seeker occupations by education level.
    let seekerOccupation: [WeightedChoice]
    let foreignOccupation: WeightedChoice
    let nationality: WeightedChoice
    let education: WeightedChoice
    let foreignEducation: WeightedChoice
    /// Other occupations of the same minor group, else sub-major group.
    let related: [[Int]]

    init(catalog: SimCatalog, provinces: [Province]) {
        self.provinces = provinces
        seekerProvince = WeightedChoice(provinces.map { catalog.population[$0.code]! * SimGeography.seekerFactor($0) })
        vacancyProvince = WeightedChoice(provinces.map { catalog.population[$0.code]! * SimGeography.vacancyFactor($0) })
        let occupations = catalog.occupations
        sector = WeightedChoice(SimWorld.sectors.map { name in
            occupations.filter { $0.sector == name }.reduce(0.0) { $0 + $1.vacancyWeight } + 0.01
        })
        vacancyOccupation = SimWorld.sectors.map { name in
            WeightedChoice(occupations.map { $0.vacancyWeight * ($0.sector == name ? 6 : 1) })
        }
        let abroadWeights = occupations.map { $0.abroad ? $0.vacancyWeight : 0 }
        abroadOccupation = WeightedChoice(abroadWeights.contains { $0 > 0 } ? abroadWeights : occupations.map { $0.vacancyWeight })
        abroadCountry = WeightedChoice(SimWorld.abroadCountryWeights)
        seekerOccupation = (0...8).map { level in
            WeightedChoice(occupations.map { occupation in
                let gap = level - Int(occupation.education.rawValue)
                let fit = gap >= 0 ? exp(-0.45 * Double(gap)) : gap == -1 ? 0.2 : 0.01
                return occupation.seekerWeight * fit
            })
        }
        foreignOccupation = WeightedChoice(occupations.map { $0.openToForeignWorkers ? $0.seekerWeight + $0.vacancyWeight : 0 })
        nationality = WeightedChoice(SimWorld.foreignNationalityWeights)
        // Education of Thai job seekers, none … doctorate.
        education = WeightedChoice([0.015, 0.09, 0.14, 0.22, 0.1, 0.13, 0.26, 0.04, 0.005])
        foreignEducation = WeightedChoice([0.2, 0.45, 0.25, 0.1, 0, 0, 0, 0, 0])
        related = occupations.indices.map { index in
            let code = occupations[index].isco.value
            let minor = occupations.indices.filter { $0 != index && occupations[$0].isco.value / 10 == code / 10 }
            return minor.isEmpty ? occupations.indices.filter { $0 != index && occupations[$0].isco.value / 100 == code / 100 } : minor
        }
    }

    /// Age at registration: 15–60, most between 20 and 35.
    func age(_ random: inout SimRandom) -> Int {
        let band = random.uniform()
        if band < 0.02 { return random.int(15...17) }
        if band < 0.47 { return random.int(18...25) }
        if band < 0.77 { return random.int(26...35) }
        if band < 0.92 { return random.int(36...45) }
        return random.int(46...60)
    }
}
