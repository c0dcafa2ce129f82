import Foundation
import MatchCore

/// The reference tables the simulator draws from (`Sources/MatchSim/Resources`, sources and
/// licences in its SOURCE.md): the occupations it uses with Thai and English titles, wages,
/// education and how common they are; their ESCO skills with Thai renderings; soft skills;
/// the provinces' populations; and the 2020 list of occupations closed to foreign workers.
public struct SimCatalog: Sendable {
    public struct Occupation: Sendable {
        public var isco: ISCOCode
        public var titleThai: String
        public var altTitlesThai: [String]
        public var titleEnglish: String
        public var altTitlesEnglish: [String]
        public var sector: String
        /// Typical monthly wage in Bangkok, baht.
        public var wageMonth: Double
        /// Postings usually state a daily wage.
        public var dailyWage: Bool
        public var education: EducationLevel
        public var seekerWeight: Double
        public var vacancyWeight: Double
        /// Commonly recruited for work abroad.
        public var abroad: Bool
        /// Open to Myanmar, Lao and Cambodian workers (see ``SimCatalog/load()``).
        public var openToForeignWorkers: Bool
        /// Indices into ``SimCatalog/skills``, essential ones first.
        public var skills: [Int]
        public var essentialCount: Int
    }

    public struct Skill: Sendable {
        public var id: String
        public var english: String
        public var thai: String
    }

    public var occupations: [Occupation]
    public var skills: [Skill]
    public var softSkills: [(thai: String, english: String)]
    /// Registered population by province code.
    public var population: [UInt8: Double]

    /// Loads the tables from the MatchSim resource bundle.
    ///
    /// An occupation is open to foreign workers when it is in ISCO major groups 5–9 (skill
    /// levels 1–2) and no item of lists 1 or 2 of the 2020 notification names its unit group.
    /// Major group 4 (clerical support) is closed whole: list 1 item 26, clerical and
    /// secretarial work.
    public static func load() throws -> SimCatalog {
        let occupationRows = try resourceTable("occupations")
        let skillRows = try resourceTable("occupation_skills")
        let softRows = try resourceTable("soft_skills")
        let populationRows = try resourceTable("province_population")
        let restrictedRows = try resourceTable("foreign_worker_occupations")

        var closed = Set<UInt16>()
        for row in restrictedRows.rows where row["list"] == "1" || row["list"] == "2" {
            for code in (row["isco08_hint"] ?? "").split(separator: "|") {
                if let value = UInt16(code) { closed.insert(value) }
            }
        }

        var skills: [Skill] = []
        var skillIndex: [String: Int] = [:]
        var skillsByISCO: [UInt16: (essential: [Int], optional: [Int])] = [:]
        for row in skillRows.rows {
            guard let code = UInt16(row["isco"] ?? ""), let id = row["skill_id"] else {
                throw SimulationError.resource("occupation_skills.csv", "row without isco or skill_id")
            }
            let index: Int
            if let known = skillIndex[id] {
                index = known
            } else {
                index = skills.count
                skillIndex[id] = index
                skills.append(Skill(id: id, english: row["label_en"] ?? "", thai: row["label_th"] ?? ""))
            }
            if row["essential"] == "yes" {
                skillsByISCO[code, default: ([], [])].essential.append(index)
            } else {
                skillsByISCO[code, default: ([], [])].optional.append(index)
            }
        }

        let thaiTitles: [ISCOCode: (name: String, titles: [String])]
        do { thaiTitles = try OccupationKnowledge.thaiTitles() } catch {
            throw SimulationError.resource("MatchCore occupations/isco08_th.csv", error.problem)
        }
        var occupations: [Occupation] = []
        for row in occupationRows.rows {
            guard let code = UInt16(row["isco"] ?? ""), let isco = ISCOCode(value: code),
                  let wage = Double(row["wage_month"] ?? ""),
                  let educationCode = Int8(row["education"] ?? ""), let education = EducationLevel(rawValue: educationCode)
            else {
                throw SimulationError.resource("occupations.csv", "record \(row.record): bad isco, wage_month or education")
            }
            let own = skillsByISCO[code] ?? ([], [])
            guard !own.essential.isEmpty else {
                throw SimulationError.resource("occupation_skills.csv", "no essential skill for \(code)")
            }
            // Thai titles come from MatchCore's table of all unit groups (the occupation coder's
            // too): the first is the title, up to three more are variants.
            let thai = thaiTitles[isco]!.titles
            occupations.append(Occupation(
                isco: isco, titleThai: thai[0], altTitlesThai: Array(thai.dropFirst().prefix(3)),
                titleEnglish: row["title_en"] ?? "", altTitlesEnglish: list(row["alt_titles_en"]),
                sector: row["sector"] ?? "services", wageMonth: wage, dailyWage: row["wage_unit"] == "day",
                education: education,
                seekerWeight: Double(row["seeker_weight"] ?? "") ?? 1,
                vacancyWeight: Double(row["vacancy_weight"] ?? "") ?? 1,
                abroad: row["abroad"] == "yes",
                openToForeignWorkers: (5...9).contains(isco.majorGroup) && !closed.contains(code),
                skills: own.essential + own.optional, essentialCount: own.essential.count))
        }

        var population: [UInt8: Double] = [:]
        for row in populationRows.rows {
            guard let code = UInt8(row["province_code"] ?? ""), Province(code: code) != nil,
                  let people = Double(row["population"] ?? "")
            else {
                throw SimulationError.resource("province_population.csv", "record \(row.record): bad province_code or population")
            }
            population[code] = people
        }
        guard population.count == Province.all.count else {
            throw SimulationError.resource("province_population.csv", "\(population.count) provinces, expected \(Province.all.count)")
        }
        return SimCatalog(
            occupations: occupations, skills: skills,
            softSkills: softRows.rows.map { ($0["label_th"] ?? "", $0["label_en"] ?? "") },
            population: population)
    }

    private static func list(_ field: String?) -> [String] {
        (field ?? "").split(separator: "|").map { String($0) }.filter { !$0.isEmpty }
    }

    private static func resourceTable(_ name: String) throws -> ResourceTable {
        guard let url = Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Resources")
            ?? Bundle.module.url(forResource: name, withExtension: "csv")
        else {
            throw SimulationError.resource("\(name).csv", "not found in the MatchSim resource bundle")
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        return try ResourceTable(text: text, file: "\(name).csv")
    }
}

/// A small CSV table with a header (``CSVText``), its records addressed by column name: the
/// simulator's resources and ground truth.
struct ResourceTable {
    struct Row {
        /// The record's number, 1 for the first after the header.
        var record: Int
        var values: [String: String]
        subscript(_ column: String) -> String? { values[column] }
    }

    var header: [String]
    var rows: [Row]

    init(text: String, file: String) throws {
        let records = CSVText.records(text)
        guard let first = records.first else { throw SimulationError.resource(file, "empty") }
        header = first
        var rows: [Row] = []
        for (number, fields) in records.dropFirst().enumerated() {
            guard fields.count == header.count else {
                throw SimulationError.resource(file, "record \(number + 1): \(fields.count) fields, header has \(header.count)")
            }
            rows.append(Row(record: number + 1, values: Dictionary(uniqueKeysWithValues: zip(header, fields))))
        }
        self.rows = rows
    }
}

/// Why a simulation could not run.
public enum SimulationError: Error, CustomStringConvertible {
    case resource(String, String)
    case arguments(String)
    case output(String, String)

    public var description: String {
        switch self {
        case .resource(let file, let problem): "simulator resource \(file): \(problem)"
        case .arguments(let problem): problem
        case .output(let path, let problem): "\(path): \(problem)"
        }
    }
}
