import Foundation
import MatchCore

/// A simulated Thai labour market with a hidden ground truth, written as DOE's feeds.
///
/// `run(_:to:)` draws employers, vacancies and seekers with hidden traits, plays the months
/// of job-board activity (keyword-and-province search, views, applications, interviews, hires,
/// vacancies filling, seekers arriving and leaving), then writes:
/// - `feeds/`: the eleven feed files of the six services (`docs/feeds.md`), with noise;
/// - `truth/`: for evaluation only, the hire probabilities of held-out seekers (`oracle.csv`),
///   their hidden state and that of the vacancies open on the split day;
/// - `manifest.json`: the options and what every file holds.
///
/// The same options give byte-identical files. See `docs/simulator.md`.
public enum Simulation {
    public struct Options: Codable, Sendable, Equatable {
        /// People over the whole period (about 35 % registered before the start).
        public var seekers: Int
        /// Vacancies over the whole period (about 25 % opened before the start).
        public var vacancies: Int
        public var months: Int
        public var seed: UInt64
        /// First day of the simulated period (ISO).
        public var start: String
        /// Employers (default: one per three vacancies, at least 50).
        public var employers: Int?
        /// Held-out seekers in the truth (default: 10 % of seekers, at most 1,000).
        public var heldOut: Int?
        /// "csv" or "jsonl".
        public var format: String
        /// Share of rows followed by an invalid copy (at least two per feed).
        public var invalidRate: Double

        public init(
            seekers: Int, vacancies: Int, months: Int, seed: UInt64, start: String = "2025-01-01",
            employers: Int? = nil, heldOut: Int? = nil, format: String = "csv", invalidRate: Double = 0.002
        ) {
            self.seekers = seekers
            self.vacancies = vacancies
            self.months = months
            self.seed = seed
            self.start = start
            self.employers = employers
            self.heldOut = heldOut
            self.format = format
            self.invalidRate = invalidRate
        }

        var employerCount: Int { employers ?? max(50, vacancies / 3) }
        var heldOutCount: Int { heldOut ?? min(1_000, max(1, seekers / 10)) }
    }

    public struct MarketSummary: Codable, Sendable, Equatable {
        public var sessions: Int
        public var shown: Int
        public var applications: Int
        public var interviews: Int
        public var hires: Int
        public var events: Int
        public var seekersByProgramme: [String: Int]
        public var foreignWorkers: Int
        public var vacanciesAbroad: Int
        public var vacanciesFilled: Int
    }

    /// How the simulated people and jobs are spread (from the hidden state, before noise):
    /// the tables of docs/simulator.md.
    public struct Distributions: Codable, Sendable, Equatable {
        /// Seekers (everyone registered before the end) and vacancies in Thailand by region.
        public var seekersByRegion: [String: Int]
        public var vacanciesByRegion: [String: Int]
        public var vacanciesAbroadByCountry: [String: Int]
        /// Seekers by ISCO major group of their occupation, and vacancies.
        public var seekersByMajorGroup: [String: Int]
        public var vacanciesByMajorGroup: [String: Int]
        /// Median offered monthly wage (baht) of vacancies in Thailand by ISCO major group.
        public var medianWageByMajorGroup: [String: Int]
        /// Vacancies in occupations whose postings usually state a daily wage.
        public var dailyWageVacancies: Int
        public var seekersByEducation: [String: Int]
        public var seekersByAge: [String: Int]
        public var foreignWorkersByNationality: [String: Int]
        /// People known to two or more services.
        public var peopleInSeveralServices: Int
    }

    /// The manifest: options, the split day, what every file holds.
    public struct Manifest: Codable, Sendable, Equatable {
        public var generator: String
        public var options: Options
        public var end: String
        public var feeds: [FeedFileReport]
        public var market: MarketSummary
        public var distributions: Distributions
        public var truth: TruthSummary
        public var model: HireModel
    }

    public struct TruthSummary: Codable, Sendable, Equatable {
        public var asOf: String
        public var heldOutSeekers: Int
        public var openVacancies: Int
        public var oracleRows: Int
        public var probabilityFloor: Double
        public var maxPerSeeker: Int
    }

    /// Import order of the feeds (vacancies before the events and co-payment vacancies that
    /// name them).
    public static let importOrder: [FeedKind] = [
        .employers, .vacancies, .seekers, .events, .unemploymentRegistrations, .graduates, .coPaymentVacancies,
        .abroadRegistrations, .abroadTrips, .foreignNotices, .workPermits,
    ]

    /// Runs the simulation and writes its files into `directory`, replacing what a previous
    /// run wrote there. The files are made in a sibling folder and moved in at the end, so an
    /// interrupted run leaves the previous files as they were.
    @discardableResult
    public static func run(_ options: Options, to directory: URL, progress: @escaping (String) -> Void = { _ in }) throws -> Manifest {
        guard options.seekers >= 1, options.vacancies >= 1 else { throw SimulationError.arguments("--seekers and --vacancies must be at least 1") }
        guard (1...120).contains(options.months) else { throw SimulationError.arguments("--months must be 1 to 120") }
        guard let start = Day(iso: options.start) else { throw SimulationError.arguments("--start must be YYYY-MM-DD") }
        guard let format = FeedFormat(fileExtension: options.format) else { throw SimulationError.arguments("--format must be csv or jsonl") }
        guard options.seekers < 1 << 26 else { throw SimulationError.arguments("--seekers must be below 67,108,864") }
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw SimulationError.output(directory.path, "exists and is not a folder") }
            let contents = try fileManager.contentsOfDirectory(atPath: directory.path).filter { !$0.hasPrefix(".") }
            let ours: Set<String> = ["feeds", "truth", "manifest.json", "README.md"]
            if let foreign = contents.first(where: { !ours.contains($0) }) {
                throw SimulationError.output(directory.path, "holds '\(foreign)', which a simulation did not write; choose an empty or new folder")
            }
        }

        let end = start.addingMonths(options.months)
        let catalog = try SimCatalog.load()
        let world = SimWorld(seed: options.seed, catalog: catalog, model: HireModel(), start: start, end: end)
        progress("drawing \(options.employerCount) employers, \(options.vacancies) vacancies, \(options.seekers) seekers")
        world.populate(seekers: options.seekers, vacancies: options.vacancies, employers: options.employerCount)
        let log = world.runMarket(months: options.months) { month in progress("month \(month) of \(options.months)") }

        let staging = directory.deletingLastPathComponent()
            .appendingPathComponent(".\(directory.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        try? fileManager.removeItem(at: staging)
        let feeds = staging.appendingPathComponent("feeds")
        let truthDirectory = staging.appendingPathComponent("truth")
        try fileManager.createDirectory(at: feeds, withIntermediateDirectories: true)
        try fileManager.createDirectory(at: truthDirectory, withIntermediateDirectories: true)
        do {
            let identity = SimIdentity(seed: options.seed)
            progress("writing feeds")
            let export = SimExport(world: world, log: log, directory: feeds, format: format, invalidRate: options.invalidRate, identity: identity)
            let reports = try export.writeAll()

            progress("writing the ground truth")
            let asOf = options.months > 1 ? start.addingMonths(options.months - 1) : start + max(1, (end - start) / 2)
            let truth = SimTruth(world: world, identity: identity, asOf: asOf, heldOutCount: options.heldOutCount)
            let summary = try truth.write(to: truthDirectory)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(summary).write(to: truthDirectory.appendingPathComponent("truth.json"))

            var programmes: [String: Int] = [:]
            for seeker in world.seekers where seeker.arrival < end.daysSince1970 {
                if seeker.has(.jobBoard) { programmes["jobboard", default: 0] += 1 }
                if seeker.has(.unemployment) { programmes["unemployment-insurance", default: 0] += 1 }
                if seeker.has(.coPayment) { programmes["copay", default: 0] += 1 }
                if seeker.has(.workAbroad) { programmes["work-abroad", default: 0] += 1 }
            }
            let manifest = Manifest(
                generator: "jobmatch simulate 1", options: options, end: end.description, feeds: reports,
                market: MarketSummary(
                    sessions: log.sessions, shown: log.shown, applications: log.applications, interviews: log.interviews,
                    hires: log.hires, events: log.events.count, seekersByProgramme: programmes,
                    foreignWorkers: world.seekers.filter { $0.nationality != 0 && $0.arrival < end.daysSince1970 }.count,
                    vacanciesAbroad: world.vacancies.filter { $0.country != 0 && $0.opens < end.daysSince1970 }.count,
                    vacanciesFilled: world.vacancies.filter { $0.filledOn < end.daysSince1970 }.count),
                distributions: distributions(world),
                truth: summary,
                model: world.model)
            try encoder.encode(manifest).write(to: staging.appendingPathComponent("manifest.json"))

            // Move in: the previous files go only once the new ones are complete.
            try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
            for name in ["feeds", "truth", "manifest.json"] {
                let target = directory.appendingPathComponent(name)
                if fileManager.fileExists(atPath: target.path) { try fileManager.removeItem(at: target) }
                try fileManager.moveItem(at: staging.appendingPathComponent(name), to: target)
            }
            try fileManager.removeItem(at: staging)
            return manifest
        } catch {
            try? fileManager.removeItem(at: staging)
            throw error
        }
    }
}

extension Simulation {
    static func distributions(_ world: SimWorld) -> Distributions {
        let end = world.end.daysSince1970
        let seekers = world.seekers.filter { $0.arrival < end }
        let vacancies = world.vacancies.filter { $0.opens < end }
        let domestic = vacancies.filter { $0.country == 0 }
        func region(_ code: UInt8) -> String { Province(code: code)!.region.nameEnglish }
        func major(_ occupation: Int16) -> String { String(world.catalog.occupations[Int(occupation)].isco.majorGroup) }
        func count<T>(_ items: [T], _ key: (T) -> String) -> [String: Int] {
            items.reduce(into: [:]) { $0[key($1), default: 0] += 1 }
        }
        var wages: [String: [Float]] = [:]
        for vacancy in domestic where vacancy.wageMax > 0 { wages[major(vacancy.occupation), default: []].append((vacancy.wageMin + vacancy.wageMax) / 2) }
        let bands = [(19, "15-19"), (24, "20-24"), (34, "25-34"), (44, "35-44"), (200, "45-60")]
        var several = 0
        for seeker in seekers {
            var services = 0
            for programme in [SimSeeker.Programme.jobBoard, .unemployment, .coPayment, .workAbroad] where seeker.has(programme) { services += 1 }
            if seeker.nationality != 0 { services += 1 }  // the work-permit service
            if services >= 2 { several += 1 }
        }
        return Distributions(
            seekersByRegion: count(seekers) { region($0.province) },
            vacanciesByRegion: count(domestic) { region($0.province) },
            vacanciesAbroadByCountry: count(vacancies.filter { $0.country != 0 }) { SimWorld.abroadCountries[Int($0.country) - 1] },
            seekersByMajorGroup: count(seekers) { major($0.occupation) },
            vacanciesByMajorGroup: count(vacancies) { major($0.occupation) },
            medianWageByMajorGroup: wages.mapValues { Int($0.sorted()[$0.count / 2]) },
            dailyWageVacancies: domestic.filter { world.catalog.occupations[Int($0.occupation)].dailyWage }.count,
            seekersByEducation: count(seekers) { EducationLevel(rawValue: $0.education)!.code },
            seekersByAge: count(seekers) { seeker in
                let age = Day(daysSince1970: seeker.arrival).year - Int(seeker.birthYear)
                return bands.first { age <= $0.0 }!.1
            },
            foreignWorkersByNationality: count(seekers.filter { $0.nationality != 0 }) { SimWorld.foreignNationalities[Int($0.nationality) - 1] },
            peopleInSeveralServices: several)
    }
}
