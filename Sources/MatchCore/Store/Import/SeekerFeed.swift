import GRDB

/// Job board: seeker profiles, one per person (see `docs/feeds.md`, "seekers").
struct SeekerFeed: FeedSpec {
    enum Column: Int, FeedColumns {
        case citizenID, nationality, passport, name, birthYear, province, desiredOccupations, desiredTitle,
            skills, education, educationField, experienceYears, expectedWage, wageUnit, preferredProvinces,
            relocate, languages, registeredOn, closedOn, updatedAt, licences

        static let names = [
            "citizen_id", "nationality", "passport", "name", "birth_year", "province", "desired_occupations",
            "desired_title", "skills", "education", "education_field", "experience_years", "expected_wage",
            "wage_unit", "preferred_provinces", "relocate", "languages", "registered_on", "closed_on", "updated_at",
            "licences",
        ]
        static let required: Set<Column> = [.registeredOn, .updatedAt]
        static let lists: Set<Column> = [.desiredOccupations, .skills, .preferredProvinces, .languages, .licences]
    }

    /// Values in their stored forms (lists `|`-joined), made on the reading thread.
    struct Record: Sendable {
        var person: PersonReference
        var birthYear: Int?
        var province: Int64?
        var desiredOccupations: String
        var desiredTitle: String
        var skills: String
        var education: Int64?
        var educationField: String
        var experienceYears: Double?
        var expectedWage: Int?
        var wageUnit: Int64?
        var preferredProvinces: String
        var relocate: Bool
        var languages: String
        /// Licences held (driving, forklift, security guard, a profession's), as written.
        var licences: String
        var registeredOn: Int64
        var closedOn: Int64?
        var stamp: Stamp
    }

    static let kind = FeedKind.seekers
    static let identity = IdentityColumns<Column>(
        citizen: .citizenID, nationality: .nationality, passport: .passport, permit: nil, name: .name)

    static func parse(_ fields: inout RowFields<Column>) -> Record? {
        let person = fields.person(identity)
        let birthYear = fields.optional(.birthYear, Year.parse)
        let province = fields.optional(.province, Province.init(parsing:))
        let occupations = fields.storedList(.desiredOccupations, maximumCount: 10, ISCOCode.init(parsing:)) { $0.digits }
        let title = fields.text(.desiredTitle, maximumLength: 200)
        let skills = fields.textList(.skills, maximumCount: 50, maximumLength: 200)
        let education = fields.optional(.education, EducationLevel.init(parsing:))
        let educationField = fields.text(.educationField, maximumLength: 200)
        let experience = fields.optional(.experienceYears) { bytes throws(FieldProblem) in
            try Number.decimal(bytes, in: 0...60)
        }
        let wage = fields.optional(.expectedWage, Baht.parse)
        let unit = fields.optional(.wageUnit, WageUnit.init(parsing:))
        let preferred = fields.storedList(.preferredProvinces, maximumCount: 77, Province.init(parsing:)) { String($0.code) }
        let relocate = fields.optional(.relocate, YesNo.parse) ?? false
        let languages = fields.storedList(.languages, maximumCount: 20, LanguageCode.init(parsing:)) { $0.code }
        let licences = fields.textList(.licences, maximumCount: 20, maximumLength: 200)
        let registered = fields.required(.registeredOn, Day.init(parsing:))
        let closed = fields.optional(.closedOn, Day.init(parsing:))
        let updated = fields.required(.updatedAt, Timestamp.init(parsing:))
        if let wage { fields.checkWage(wage, unit: unit ?? .month, column: .expectedWage) }
        if let registered, let closed, closed < registered {
            fields.fail(.closedOn, reason: "must not be before registered_on")
        }
        if let registered, let birthYear, !(15...100).contains(registered.year - birthYear) {
            fields.fail(.birthYear, .outOfRange("age at registration must be 15 to 100"))
        }
        guard fields.isValid, let person, let registered, let updated else { return nil }

        let record = Record(
            person: person, birthYear: birthYear, province: province?.storage, desiredOccupations: occupations,
            desiredTitle: title, skills: skills, education: education?.storage, educationField: educationField,
            experienceYears: experience, expectedWage: wage, wageUnit: (wage == nil ? unit : (unit ?? .month))?.storage,
            preferredProvinces: preferred, relocate: relocate, languages: languages, licences: licences, registeredOn: registered.storage,
            closedOn: closed?.storage, stamp: Stamp(updatedAt: updated.secondsSince1970, version: 0))
        return record.versioned()
    }

    private var stamps = StampIndex<Int64>()
    private var upsert: SQLiteStatement

    init(_ db: Database) throws {
        upsert = try SQLiteStatement(db, Self.sql)
        stamps = try StampIndex(db, "SELECT person, updated_at, version FROM seeker") { $0.int64(0) }
    }

    private static let sql = upsertSQL(
        table: "seeker",
        columns: [
            "person", "registered_on", "closed_on", "birth_year", "province", "desired_occupations", "desired_title",
            "skills", "education", "education_field", "experience_years", "expected_wage", "wage_unit",
            "preferred_provinces", "relocate", "languages", "updated_at", "version", "licences",
        ],
        conflict: ["person"])

    mutating func write(_ record: Record, identities: inout IdentityIndex, _ db: Database) throws -> WriteOutcome {
        guard let person = try identities.person(record.person, feed: Self.kind, db) else { return .unlinkable }
        let decision = stamps.decide(person, record.stamp)
        if decision == .unchanged { return .unchanged }
        upsert.reset()
        upsert.bind(person)
        upsert.bind(record.registeredOn)
        upsert.bind(record.closedOn)
        upsert.bind(record.birthYear)
        upsert.bind(record.province)
        upsert.bind(record.desiredOccupations)
        upsert.bind(record.desiredTitle)
        upsert.bind(record.skills)
        upsert.bind(record.education)
        upsert.bind(record.educationField)
        upsert.bind(record.experienceYears)
        upsert.bind(record.expectedWage)
        upsert.bind(record.wageUnit)
        upsert.bind(record.preferredProvinces)
        upsert.bind(record.relocate)
        upsert.bind(record.languages)
        upsert.bind(record.stamp.updatedAt)
        upsert.bind(record.stamp.version)
        upsert.bind(record.licences)
        try upsert.execute()
        try identities.recordName(of: record.person, db)
        return decision == .insert ? .inserted : .updated
    }
}

extension SeekerFeed.Record {
    /// The record with its content hash as `version` (everything but `updated_at`).
    func versioned() -> Self {
        var hash = ContentHash()
        hash.add(birthYear)
        hash.add(province)
        hash.add(desiredOccupations)
        hash.add(desiredTitle)
        hash.add(skills)
        hash.add(education)
        hash.add(educationField)
        hash.add(experienceYears)
        hash.add(expectedWage)
        hash.add(wageUnit)
        hash.add(preferredProvinces)
        hash.add(relocate)
        hash.add(languages)
        hash.add(registeredOn)
        hash.add(closedOn)
        hash.add(person.name)
        // Added in schema v3: hashed only when given, so that rows without it keep their version.
        if !licences.isEmpty { hash.add(licences) }
        var record = self
        record.stamp.version = hash.value
        return record
    }
}

extension WriteOutcome {
    /// A passport and a permit number already linked to two different people.
    static let unlinkable = WriteOutcome.rejected(
        FieldIssue(field: "passport", reason: "passport and permit_number belong to two different people already"))
}

extension RowFields {
    /// Wages a person could be paid: 1 to 1,000,000 baht a month (or the same a day or hour
    /// once scaled to a month).
    mutating func checkWage(_ wage: Int, unit: WageUnit, column: Column) {
        guard (1...1_000_000).contains(unit.monthly(wage)) else {
            fail(column, .outOfRange("must be 1 to 1,000,000 baht a month"))
            return
        }
    }
}

// Storage forms (see Schema): plain integers.
extension Day { var storage: Int64 { Int64(daysSince1970) } }
extension Province { var storage: Int64 { Int64(code) } }
extension EducationLevel { var storage: Int64 { Int64(rawValue) } }
extension WageUnit { var storage: Int64 { Int64(rawValue) } }
extension ISCOCode { var storage: Int64 { Int64(value) } }
