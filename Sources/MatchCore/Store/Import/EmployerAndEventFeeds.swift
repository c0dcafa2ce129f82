import GRDB

/// Job board: employers (see `docs/feeds.md`, "employers").
struct EmployerFeed: FeedSpec {
    enum Column: Int, FeedColumns {
        case employerID, name, province, industry, employees, updatedAt

        static let names = ["employer_id", "name", "province", "industry", "employees", "updated_at"]
        static let required: Set<Column> = [.employerID, .name, .updatedAt]
        static let lists: Set<Column> = []
    }

    struct Record: Sendable {
        var employer: JuristicID
        var name: String
        var province: Province?
        var industry: String
        var employees: Int?
        var stamp: Stamp
    }

    static let kind = FeedKind.employers

    static func parse(_ fields: inout RowFields<Column>) -> Record? {
        let id = fields.required(.employerID, ThaiID.init(parsing:))
        let name = fields.text(.name, maximumLength: 300, required: true)
        let province = fields.optional(.province, Province.init(parsing:))
        let industry = fields.text(.industry, maximumLength: 200)
        let employees = fields.optional(.employees) { bytes throws(FieldProblem) in
            try Number.integer(bytes, in: 0...10_000_000)
        }
        let updated = fields.required(.updatedAt, Timestamp.init(parsing:))
        guard fields.isValid, let id, let updated else { return nil }
        var hash = ContentHash()
        hash.add(name)
        hash.add(province.map { Int($0.code) })
        hash.add(industry)
        hash.add(employees)
        return Record(
            employer: id, name: name, province: province, industry: industry, employees: employees,
            stamp: Stamp(updatedAt: updated.secondsSince1970, version: hash.value))
    }

    private var stamps = StampIndex<Int64>()

    init(_ db: Database) throws {
        stamps = try StampIndex(db, "SELECT key, updated_at, version FROM employer WHERE updated_at IS NOT NULL") { $0.int64(0) }
    }

    mutating func write(_ record: Record, identities: inout IdentityIndex, _ db: Database) throws -> WriteOutcome {
        let key = try identities.employer(record.employer, db)
        let decision = stamps.decide(key, record.stamp)
        if decision == .unchanged { return .unchanged }
        var update = try SQLiteStatement(db, """
            UPDATE employer SET name = ?, province = ?, industry = ?, employees = ?, updated_at = ?, version = ?
            WHERE key = ?
            """)
        update.reset()
        update.bind(record.name)
        update.bind(record.province?.storage)
        update.bind(record.industry)
        update.bind(record.employees)
        update.bind(record.stamp.updatedAt)
        update.bind(record.stamp.version)
        update.bind(key)
        try update.execute()
        return decision == .insert ? .inserted : .updated
    }
}

/// Job board: what seekers did with vacancies (see `docs/feeds.md`, "events"). Events never
/// change: the same person, vacancy, kind and time is the same event.
struct EventFeed: FeedSpec {
    enum Column: Int, FeedColumns {
        case citizenID, nationality, passport, vacancyID, event, at, source

        static let names = ["citizen_id", "nationality", "passport", "vacancy_id", "event", "at", "source"]
        static let required: Set<Column> = [.vacancyID, .event, .at]
        static let lists: Set<Column> = []
    }

    struct Record: Sendable {
        var person: PersonReference
        var vacancyID: String
        var kind: EventKind
        var at: Timestamp
        var source: String
    }

    static let kind = FeedKind.events
    static let identity = IdentityColumns<Column>(
        citizen: .citizenID, nationality: .nationality, passport: .passport, permit: nil, name: nil)

    static func parse(_ fields: inout RowFields<Column>) -> Record? {
        let person = fields.person(identity)
        let vacancy = fields.required(.vacancyID, ExternalID.parse)
        let kind = fields.required(.event, EventKind.parse)
        let at = fields.required(.at, Timestamp.init(parsing:))
        let source = fields.text(.source, maximumLength: 32)
        guard fields.isValid, let person, let vacancy, let kind, let at else { return nil }
        return Record(person: person, vacancyID: vacancy, kind: kind, at: at, source: source.isEmpty ? "jobboard" : source)
    }

    private var vacancies: VacancyKeys
    private var insert: SQLiteStatement

    init(_ db: Database) throws {
        vacancies = try VacancyKeys.load(db)
        insert = try SQLiteStatement(db, "INSERT OR IGNORE INTO event (person, vacancy, kind, at, source) VALUES (?, ?, ?, ?, ?)")
    }

    mutating func write(_ record: Record, identities: inout IdentityIndex, _ db: Database) throws -> WriteOutcome {
        guard let vacancy = vacancies.existing(record.vacancyID) else { return .unknownVacancy }
        guard let person = try identities.person(record.person, feed: Self.kind, db) else { return .unlinkable }
        insert.reset()
        insert.bind(person)
        insert.bind(vacancy)
        insert.bind(Int64(record.kind.rawValue))
        insert.bind(record.at.secondsSince1970)
        insert.bind(record.source)
        return try insert.execute() == 1 ? .inserted : .unchanged
    }
}
