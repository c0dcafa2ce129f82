import GRDB

/// Job board: vacancies (see `docs/feeds.md`, "vacancies").
struct VacancyFeed: FeedSpec {
    enum Column: Int, FeedColumns {
        case vacancyID, employerID, title, description, occupation, hardSkills, softSkills, minEducation,
            minExperienceYears, wageMin, wageMax, wageUnit, positions, province, country, opensOn, closesOn,
            foreignWorkers, updatedAt, requiredLicences, educationRequired

        static let names = [
            "vacancy_id", "employer_id", "title", "description", "occupation", "hard_skills", "soft_skills",
            "min_education", "min_experience_years", "wage_min", "wage_max", "wage_unit", "positions", "province",
            "country", "opens_on", "closes_on", "foreign_workers", "updated_at", "required_licences", "education_required",
        ]
        /// occupation may be blank: the import's occupation coder then suggests one from the title.
        static let required: Set<Column> = [.vacancyID, .employerID, .title, .opensOn, .updatedAt]
        static let lists: Set<Column> = [.hardSkills, .softSkills, .requiredLicences]
    }

    struct Record: Sendable {
        var externalID: String
        var employer: JuristicID
        var title: String
        var description: String
        /// Nil when the row gave none (the coder suggests one at write time).
        var occupation: ISCOCode?
        var hardSkills: String
        var softSkills: String
        var minEducation: EducationLevel?
        var minExperienceYears: Double?
        var wageMin: Int?
        var wageMax: Int?
        var wageUnit: WageUnit?
        var positions: Int
        var province: Province?
        var country: CountryCode?
        var opensOn: Day
        var closesOn: Day?
        var foreignWorkers: Bool
        /// Licences the job requires by law or by the employer's rule: hard requirements.
        var requiredLicences: String
        /// The minimum education is a hard requirement, not a preference.
        var educationRequired: Bool
        var stamp: Stamp
    }

    static let kind = FeedKind.vacancies

    static func parse(_ fields: inout RowFields<Column>) -> Record? {
        let id = fields.required(.vacancyID, ExternalID.parse)
        let employer = fields.required(.employerID, ThaiID.init(parsing:))
        let title = fields.text(.title, maximumLength: 300, required: true)
        let description = fields.text(.description, maximumLength: 10_000)
        let occupation = fields.optional(.occupation, ISCOCode.init(parsing:))
        let hard = fields.textList(.hardSkills, maximumCount: 50, maximumLength: 200)
        let soft = fields.textList(.softSkills, maximumCount: 50, maximumLength: 200)
        let education = fields.optional(.minEducation, EducationLevel.init(parsing:))
        let experience = fields.optional(.minExperienceYears) { bytes throws(FieldProblem) in
            try Number.decimal(bytes, in: 0...60)
        }
        let wageMin = fields.optional(.wageMin, Baht.parse)
        let wageMax = fields.optional(.wageMax, Baht.parse)
        let unit = fields.optional(.wageUnit, WageUnit.init(parsing:))
        let positions = fields.optional(.positions) { bytes throws(FieldProblem) in
            try Number.integer(bytes, in: 1...10_000)
        } ?? 1
        let province = fields.optional(.province, Province.init(parsing:))
        var country = fields.optional(.country, CountryCode.init(parsing:))
        let opens = fields.required(.opensOn, Day.init(parsing:))
        let closes = fields.optional(.closesOn, Day.init(parsing:))
        let foreign = fields.optional(.foreignWorkers, YesNo.parse) ?? false
        let updated = fields.required(.updatedAt, Timestamp.init(parsing:))
        let licences = fields.textList(.requiredLicences, maximumCount: 10, maximumLength: 200)
        let educationRequired = fields.optional(.educationRequired, YesNo.parse) ?? false
        if educationRequired && education == nil && fields.isValid {
            fields.fail(.educationRequired, reason: "a hard education requirement needs min_education")
        }

        if country == .thailand { country = nil }
        if province != nil, country != nil {
            fields.fail(.country, reason: "give province for work in Thailand or country for work abroad, not both")
        } else if province == nil, country == nil, fields.isValid {
            fields.fail(.province, reason: "required value is missing (or country for work abroad)")
        }
        for (wage, column) in [(wageMin, Column.wageMin), (wageMax, .wageMax)] {
            if let wage { fields.checkWage(wage, unit: unit ?? .month, column: column) }
        }
        if let wageMin, let wageMax, wageMin > wageMax {
            fields.fail(.wageMax, reason: "must not be below wage_min")
        }
        if let opens, let closes, closes < opens {
            fields.fail(.closesOn, reason: "must not be before opens_on")
        }
        guard fields.isValid, let id, let employer, let opens, let updated else { return nil }

        var hash = ContentHash()
        hash.add(employer.digits)
        hash.add(title)
        hash.add(description)
        hash.add(occupation?.digits)
        hash.add(hard)
        hash.add(soft)
        hash.add(education.map { Int($0.rawValue) })
        hash.add(experience)
        hash.add(wageMin)
        hash.add(wageMax)
        hash.add(unit.map { Int($0.rawValue) })
        hash.add(positions)
        hash.add(province.map { Int($0.code) })
        hash.add(country?.alpha2)
        hash.add(Int(opens.daysSince1970))
        hash.add(closes.map { Int($0.daysSince1970) })
        hash.add(foreign)
        // Added in schema v3: hashed only when given, so that rows without them keep their version.
        if !licences.isEmpty { hash.add(licences) }
        if educationRequired { hash.add("education_required") }
        let hasWage = wageMin != nil || wageMax != nil
        return Record(
            externalID: id, employer: employer, title: title, description: description, occupation: occupation,
            hardSkills: hard, softSkills: soft, minEducation: education, minExperienceYears: experience,
            wageMin: wageMin, wageMax: wageMax, wageUnit: hasWage ? (unit ?? .month) : unit, positions: positions,
            province: province, country: country, opensOn: opens, closesOn: closes, foreignWorkers: foreign,
            requiredLicences: licences, educationRequired: educationRequired, stamp: Stamp(updatedAt: updated.secondsSince1970, version: hash.value))
    }

    private var stamps = StampIndex<String>()
    private var keys = VacancyKeys()
    private var upsert: SQLiteStatement
    private var coder: OccupationCoder?

    init(_ db: Database, options: ImportOptions) throws {
        try self.init(db)
        coder = options.occupationCoder
    }

    init(_ db: Database) throws {
        upsert = try SQLiteStatement(db, Self.sql)
        keys = try VacancyKeys.load(db)
        stamps = try StampIndex(db, "SELECT external_id, updated_at, version FROM vacancy") { $0.string(0) }
    }

    private static let sql = upsertSQL(
        table: "vacancy",
        columns: [
            "key", "external_id", "employer", "title", "description", "occupation", "hard_skills", "soft_skills",
            "min_education", "min_experience_years", "wage_min", "wage_max", "wage_unit", "positions", "province",
            "country", "opens_on", "closes_on", "foreign_workers", "updated_at", "version", "occupation_suggested",
            "occupation_confidence", "required_licences", "education_required",
        ],
        conflict: ["key"])

    mutating func write(_ record: Record, identities: inout IdentityIndex, _ db: Database) throws -> WriteOutcome {
        // A vacancy without a code: the coder's best unit group for its title, marked as such.
        // Decided before the stamp, so that a rejected row leaves no trace for a later version.
        var occupation = record.occupation.map { (code: $0, confidence: Float?.none) }
        if occupation == nil {
            guard let coder else { return .occupationMissing }
            guard let best = try coder.code(record.title, top: 1).unitGroups.first else { return .occupationNotCoded }
            occupation = (best.isco, best.probability)
        }
        let decision = stamps.decide(record.externalID, record.stamp)
        if decision == .unchanged { return .unchanged }
        let employer = try identities.employer(record.employer, db)
        upsert.reset()
        upsert.bind(keys.key(for: record.externalID))
        upsert.bind(record.externalID)
        upsert.bind(employer)
        upsert.bind(record.title)
        upsert.bind(record.description)
        upsert.bind(occupation!.code.storage)
        upsert.bind(record.hardSkills)
        upsert.bind(record.softSkills)
        upsert.bind(record.minEducation?.storage)
        upsert.bind(record.minExperienceYears)
        upsert.bind(record.wageMin)
        upsert.bind(record.wageMax)
        upsert.bind(record.wageUnit?.storage)
        upsert.bind(record.positions)
        upsert.bind(record.province?.storage)
        upsert.bind(record.country?.alpha2)
        upsert.bind(record.opensOn.storage)
        upsert.bind(record.closesOn?.storage)
        upsert.bind(record.foreignWorkers)
        upsert.bind(record.stamp.updatedAt)
        upsert.bind(record.stamp.version)
        upsert.bind(record.occupation == nil)
        upsert.bind(occupation!.confidence.map(Double.init))
        upsert.bind(record.requiredLicences)
        upsert.bind(record.educationRequired)
        try upsert.execute()
        return decision == .insert ? .inserted : .updated
    }
}

/// Vacancy keys by the job board's vacancy ID; new IDs get the next key.
struct VacancyKeys {
    private var keys: [String: Int64] = [:]
    private var next: Int64 = 1

    static func load(_ db: Database) throws -> VacancyKeys {
        var result = VacancyKeys()
        var scan = try SQLiteStatement(db, "SELECT key, external_id FROM vacancy")
        scan.reset()
        while try scan.next() {
            let key = scan.int64(0)
            result.keys[scan.string(1)] = key
            result.next = max(result.next, key + 1)
        }
        return result
    }

    func existing(_ externalID: String) -> Int64? { keys[externalID] }

    mutating func key(for externalID: String) -> Int64 {
        if let key = keys[externalID] { return key }
        let key = next
        keys[externalID] = key
        next += 1
        return key
    }
}

extension WriteOutcome {
    static let occupationMissing = WriteOutcome.rejected(FieldIssue(
        field: "occupation", reason: "required value is missing (or import with an occupation coder to have it suggested from the title)"))
    static let occupationNotCoded = WriteOutcome.rejected(FieldIssue(
        field: "occupation", reason: "missing, and the occupation coder found no occupation for the title"))
    static let unknownVacancy = WriteOutcome.rejected(
        FieldIssue(field: "vacancy_id", reason: "unknown vacancy: import the vacancies feed first"))
}
