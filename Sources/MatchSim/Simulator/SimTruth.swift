import Foundation
import MatchCore

/// The hidden truth written for evaluation (never for training): for held-out seekers active on
/// the split day, the true hire probability of every vacancy open that day above a floor, and
/// the hidden state of those seekers and vacancies.
struct SimTruth {
    let world: SimWorld
    let identity: SimIdentity
    let asOf: Day
    let heldOutCount: Int
    /// Pairs below this probability are left out of oracle.csv (count them as 0).
    static let floor = 0.0005
    /// At most this many vacancies per held-out seeker in oracle.csv.
    static let perSeeker = 500

    typealias Summary = Simulation.TruthSummary

    /// The held-out seekers: a seeded sample of job-board seekers registered by the split day
    /// and still looking on it.
    func heldOutSeekers() -> [Int] {
        let day = asOf.daysSince1970
        var candidates = world.seekers.indices.filter { index in
            let seeker = world.seekers[index]
            return seeker.has(.jobBoard) && seeker.arrival <= day && seeker.leftOn > day
        }
        var random = SimRandom(seed: world.seed, stream: .heldOut, index: 0)
        let count = min(heldOutCount, candidates.count)
        for position in 0..<count {
            candidates.swapAt(position, position + random.below(candidates.count - position))
        }
        return candidates.prefix(count).sorted()
    }

    /// Vacancies open on the split day (opened, not past their closing day, not yet filled).
    func openVacancies() -> [Int] {
        let day = asOf.daysSince1970
        return world.vacancies.indices.filter { index in
            let vacancy = world.vacancies[index]
            return vacancy.opens <= day && day <= vacancy.plannedClose && vacancy.filledOn > day
        }
    }

    func personKey(_ s: Int) -> String {
        let seeker = world.seekers[s]
        let number = identity.documentNumber(seeker: s, seeker)
        return seeker.nationality == 0 ? number : SimWorld.foreignNationalities[Int(seeker.nationality) - 1] + ":" + number
    }

    func write(to directory: URL) throws -> Summary {
        let seekers = heldOutSeekers()
        let vacancies = openVacancies()
        let catalog = world.catalog

        // The oracle: each held-out seeker against every open vacancy, in parallel.
        let rows = ResultSlots<[(vacancy: Int, probability: Double)]>(count: seekers.count)
        DispatchQueue.concurrentPerform(iterations: seekers.count) { position in
            let s = seekers[position]
            var scored: [(vacancy: Int, probability: Double)] = []
            for v in vacancies {
                let p = world.probability(seeker: s, vacancy: v)
                if p >= Self.floor { scored.append((v, p)) }
            }
            scored.sort { ($0.probability, -$0.vacancy) > ($1.probability, -$1.vacancy) }
            if scored.count > Self.perSeeker { scored.removeLast(scored.count - Self.perSeeker) }
            rows.set(position, .success(scored))
        }
        let oracle = try rows.values()
        let oracleWriter = try FeedWriter(
            path: directory.appendingPathComponent("oracle.csv").path,
            columns: ["person", "vacancy_id", "rank", "probability"])
        var oracleRows = 0
        for (position, s) in seekers.enumerated() {
            let person = personKey(s)
            for (rank, item) in oracle[position].enumerated() {
                try oracleWriter.write([person, identity.vacancyID(item.vacancy), String(rank + 1), Self.decimal(item.probability, 6)])
                oracleRows += 1
            }
        }
        try oracleWriter.close()

        let seekerWriter = try FeedWriter(
            path: directory.appendingPathComponent("seekers.csv").path,
            columns: [
                "person", "province", "latitude", "longitude", "occupation", "second_occupation", "skills", "education",
                "experience_years", "commute_km", "relocate", "wage_floor", "size_taste", "work_abroad", "hired_vacancy_id", "hired_on",
            ])
        for s in seekers {
            let seeker = world.seekers[s]
            let skills = (0..<Int(seeker.skillCount)).map { catalog.skills[Int(world.seekerSkills[Int(seeker.skillStart) + $0])].id }
            try seekerWriter.write([
                personKey(s), String(seeker.province), Self.decimal(Double(seeker.latitude), 4), Self.decimal(Double(seeker.longitude), 4),
                catalog.occupations[Int(seeker.occupation)].isco.digits,
                seeker.secondOccupation >= 0 ? catalog.occupations[Int(seeker.secondOccupation)].isco.digits : nil,
                skills.joined(separator: "|"), EducationLevel(rawValue: seeker.education)!.code, String(seeker.experience),
                Self.decimal(Double(seeker.commuteKm), 1), seeker.relocate ? "yes" : "no", String(Int(seeker.wageFloor)),
                Self.decimal(Double(seeker.sizeTaste), 3), seeker.has(.workAbroad) ? "yes" : "no",
                seeker.hiredVacancy >= 0 ? identity.vacancyID(Int(seeker.hiredVacancy)) : nil,
                seeker.hiredVacancy >= 0 ? Day(daysSince1970: seeker.leftOn).description : nil,
            ])
        }
        try seekerWriter.close()

        let vacancyWriter = try FeedWriter(
            path: directory.appendingPathComponent("vacancies.csv").path,
            columns: [
                "vacancy_id", "province", "country", "latitude", "longitude", "occupation", "essential_skills", "optional_skills",
                "min_education", "min_experience_years", "wage_min", "wage_max", "employer_effect", "employer_size", "foreign_workers",
            ])
        for v in vacancies {
            let vacancy = world.vacancies[v]
            let employer = world.employers[Int(vacancy.employer)]
            var essential: [String] = []
            var optional: [String] = []
            for position in 0..<Int(vacancy.skillCount) {
                let id = catalog.skills[Int(world.vacancySkills[Int(vacancy.skillStart) + position])].id
                if vacancy.essential & (1 << UInt16(position)) != 0 { essential.append(id) } else { optional.append(id) }
            }
            try vacancyWriter.write([
                identity.vacancyID(v), vacancy.country == 0 ? String(vacancy.province) : nil,
                vacancy.country == 0 ? nil : SimWorld.abroadCountries[Int(vacancy.country) - 1],
                Self.decimal(Double(vacancy.latitude), 4), Self.decimal(Double(vacancy.longitude), 4),
                catalog.occupations[Int(vacancy.occupation)].isco.digits, essential.joined(separator: "|"), optional.joined(separator: "|"),
                EducationLevel(rawValue: vacancy.minEducation)!.code, String(vacancy.minExperience),
                String(Int(vacancy.wageMin)), String(Int(vacancy.wageMax)), Self.decimal(Double(employer.effect), 3),
                String(Int(employer.employees)), vacancy.foreignWorkers ? "yes" : "no",
            ])
        }
        try vacancyWriter.close()

        return Summary(
            asOf: asOf.description, heldOutSeekers: seekers.count, openVacancies: vacancies.count, oracleRows: oracleRows,
            probabilityFloor: Self.floor, maxPerSeeker: Self.perSeeker)
    }

    /// Fixed-point text without locale or exponent, for byte-identical files.
    static func decimal(_ value: Double, _ places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = Int64((abs(value) * scale).rounded())
        let whole = scaled / Int64(scale)
        let fraction = String(scaled % Int64(scale))
        let sign = value < 0 && scaled != 0 ? "-" : ""
        return places == 0 ? "\(sign)\(whole)" : "\(sign)\(whole)." + String(repeating: "0", count: places - fraction.count) + fraction
    }
}

/// The oracle of a simulated dataset, read back for evaluation: for each held-out person
/// (citizen ID, or `NATIONALITY:passport`), the true hire probability of the open vacancies
/// at or above the floor; any other open vacancy counts as 0.
public struct GroundTruth: Sendable {
    public var asOf: Day
    public var probabilities: [String: [String: Double]]

    public init(directory: URL) throws {
        let manifestURL = directory.appendingPathComponent("truth.json")
        let summary = try JSONDecoder().decode(Simulation.TruthSummary.self, from: Data(contentsOf: manifestURL))
        guard let day = Day(iso: summary.asOf) else { throw SimulationError.resource(manifestURL.path, "bad asOf") }
        asOf = day
        let text = try String(contentsOf: directory.appendingPathComponent("oracle.csv"), encoding: .utf8)
        let table = try ResourceTable(text: text, file: "oracle.csv")
        var probabilities: [String: [String: Double]] = [:]
        for row in table.rows {
            guard let person = row["person"], let vacancy = row["vacancy_id"], let p = Double(row["probability"] ?? "") else {
                throw SimulationError.resource("oracle.csv", "record \(row.record): bad row")
            }
            probabilities[person, default: [:]][vacancy] = p
        }
        self.probabilities = probabilities
    }

    /// The true probability for a person and vacancy (0 below the floor or unknown).
    public func probability(person: String, vacancy: String) -> Double { probabilities[person]?[vacancy] ?? 0 }
}

extension Day {
    /// A `YYYY-MM-DD` day.
    init?(iso text: String) {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, let day = Day(year: parts[0], month: parts[1], day: parts[2]) else { return nil }
        self = day
    }
}
