import GRDB

/// A natural key of a person and a day (registrations).
struct PersonDay: Hashable {
    var person: Int64
    var day: Int32
}

/// Unemployment insurance: registrations and the days claimants reported (see `docs/feeds.md`).
struct UnemploymentFeed: FeedSpec {
    enum Column: Int, FeedColumns {
        case citizenID, nationality, passport, registeredOn, separatedOn, cause, lastOccupation, lastWage,
            lastEmployerID, province, reportedOn, benefitEndsOn, updatedAt

        static let names = [
            "citizen_id", "nationality", "passport", "registered_on", "separated_on", "cause", "last_occupation",
            "last_wage", "last_employer_id", "province", "reported_on", "benefit_ends_on", "updated_at",
        ]
        static let required: Set<Column> = [.registeredOn, .updatedAt]
        static let lists: Set<Column> = [.reportedOn]
    }

    struct Record: Sendable {
        var person: PersonReference
        var registeredOn: Day
        var separatedOn: Day?
        var cause: String?
        var lastOccupation: ISCOCode?
        var lastWage: Int?
        var lastEmployer: JuristicID?
        var province: Province?
        var reports: [Day]
        var benefitEndsOn: Day?
        var stamp: Stamp
    }

    static let kind = FeedKind.unemploymentRegistrations
    static let identity = IdentityColumns<Column>(
        citizen: .citizenID, nationality: .nationality, passport: .passport, permit: nil, name: nil)
    static let causes = Vocabulary<String>([
        ("layoff", ["layoff", "laid off", "dismissed", "เลิกจ้าง", "ถูกเลิกจ้าง"]),
        ("resigned", ["resigned", "resign", "quit", "ลาออก"]),
        ("contract_end", ["contract_end", "contract end", "สิ้นสุดสัญญา", "สิ้นสุดสัญญาจ้าง", "ครบสัญญาจ้าง"]),
        ("closure", ["closure", "business closed", "ปิดกิจการ", "นายจ้างปิดกิจการ"]),
        ("other", ["other", "อื่น", "อื่นๆ", "อื่น ๆ"]),
    ])

    static func parse(_ fields: inout RowFields<Column>) -> Record? {
        let person = fields.person(identity)
        let registered = fields.required(.registeredOn, Day.init(parsing:))
        let separated = fields.optional(.separatedOn, Day.init(parsing:))
        let cause = fields.optional(.cause) { bytes throws(FieldProblem) in
            try causes.parse(bytes, expected: "layoff, resigned, contract_end, closure or other")
        }
        let occupation = fields.optional(.lastOccupation, ISCOCode.init(parsing:))
        let wage = fields.optional(.lastWage, Baht.parse)
        let employer = fields.optional(.lastEmployerID, ThaiID.init(parsing:))
        let province = fields.optional(.province, Province.init(parsing:))
        let reports = fields.list(.reportedOn, maximumCount: 60, Day.init(parsing:)).sorted()
        let benefitEnds = fields.optional(.benefitEndsOn, Day.init(parsing:))
        let updated = fields.required(.updatedAt, Timestamp.init(parsing:))
        if let wage { fields.checkWage(wage, unit: .month, column: .lastWage) }
        if let registered, let separated, separated > registered {
            fields.fail(.separatedOn, reason: "must not be after registered_on")
        }
        if let registered, let first = reports.first, first < registered {
            fields.fail(.reportedOn, reason: "must not be before registered_on")
        }
        guard fields.isValid, let person, let registered, let updated else { return nil }
        var hash = ContentHash()
        hash.add(separated.map { Int($0.daysSince1970) })
        hash.add(cause)
        hash.add(occupation.map(\.digits))
        hash.add(wage)
        hash.add(employer?.digits)
        hash.add(province.map { Int($0.code) })
        hash.add(reports.map(\.description))
        hash.add(benefitEnds.map { Int($0.daysSince1970) })
        return Record(
            person: person, registeredOn: registered, separatedOn: separated, cause: cause, lastOccupation: occupation,
            lastWage: wage, lastEmployer: employer, province: province, reports: reports, benefitEndsOn: benefitEnds,
            stamp: Stamp(updatedAt: updated.secondsSince1970, version: hash.value))
    }

    private var stamps = StampIndex<PersonDay>()

    init(_ db: Database) throws {
        stamps = try StampIndex(db, "SELECT person, registered_on, updated_at, version FROM ui_registration") { PersonDay(person: $0.int64(0), day: Int32($0.int64(1))) }
    }

    private static let sql = upsertSQL(
        table: "ui_registration",
        columns: [
            "person", "registered_on", "separated_on", "cause", "last_occupation", "last_wage", "last_employer",
            "province", "reports", "benefit_ends_on", "updated_at", "version",
        ],
        conflict: ["person", "registered_on"])

    mutating func write(_ record: Record, identities: inout IdentityIndex, _ db: Database) throws -> WriteOutcome {
        guard let person = try identities.person(record.person, feed: Self.kind, db) else { return .unlinkable }
        let decision = stamps.decide(PersonDay(person: person, day: record.registeredOn.daysSince1970), record.stamp)
        if decision == .unchanged { return .unchanged }
        let employer = try record.lastEmployer.map { try identities.employer($0, db) }
        var upsert = try SQLiteStatement(db, Self.sql)
        upsert.reset()
        upsert.bind(person)
        upsert.bind(record.registeredOn.storage)
        upsert.bind(record.separatedOn?.storage)
        upsert.bind(record.cause)
        upsert.bind(record.lastOccupation?.storage)
        upsert.bind(record.lastWage)
        upsert.bind(employer)
        upsert.bind(record.province?.storage)
        upsert.bind(joined(record.reports.map(\.description)))
        upsert.bind(record.benefitEndsOn?.storage)
        upsert.bind(record.stamp.updatedAt)
        upsert.bind(record.stamp.version)
        try upsert.execute()
        return decision == .insert ? .inserted : .updated
    }
}

/// New-graduate co-payment programme: graduates (see `docs/feeds.md`, "copay-graduates").
struct GraduateFeed: FeedSpec {
    enum Column: Int, FeedColumns {
        case citizenID, name, enrolledOn, graduationYear, degree, field, institution, updatedAt

        static let names = [
            "citizen_id", "name", "enrolled_on", "graduation_year", "degree", "field", "institution", "updated_at",
        ]
        static let required: Set<Column> = [.citizenID, .enrolledOn, .graduationYear, .degree, .updatedAt]
        static let lists: Set<Column> = []
    }

    struct Record: Sendable {
        var person: PersonReference
        var enrolledOn: Day
        var graduationYear: Int
        var degree: EducationLevel
        var field: String
        var institution: String
        var stamp: Stamp
    }

    static let kind = FeedKind.graduates

    static func parse(_ fields: inout RowFields<Column>) -> Record? {
        let citizen = fields.required(.citizenID, ThaiID.init(parsing:))
        let name = fields.text(.name, maximumLength: 200)
        let enrolled = fields.required(.enrolledOn, Day.init(parsing:))
        let year = fields.required(.graduationYear, Year.parse)
        let degree = fields.required(.degree, EducationLevel.init(parsing:))
        let field = fields.text(.field, maximumLength: 200)
        let institution = fields.text(.institution, maximumLength: 300)
        let updated = fields.required(.updatedAt, Timestamp.init(parsing:))
        if let degree, degree < .vocationalCertificate {
            fields.fail(.degree, .outOfRange("the programme is for vocational certificate (ปวช.) graduates and above"))
        }
        if let year, let enrolled, !(enrolled.year - 3...enrolled.year).contains(year) {
            fields.fail(.graduationYear, .outOfRange("a new graduate: the enrolment year or up to 3 years before"))
        }
        guard fields.isValid, let citizen, let enrolled, let year, let degree, let updated else { return nil }
        var hash = ContentHash()
        hash.add(Int(enrolled.daysSince1970))
        hash.add(year)
        hash.add(Int(degree.rawValue))
        hash.add(field)
        hash.add(institution)
        hash.add(name)
        return Record(
            person: PersonReference(citizen: citizen, nationality: .thailand, name: name.isEmpty ? nil : name),
            enrolledOn: enrolled, graduationYear: year, degree: degree, field: field, institution: institution,
            stamp: Stamp(updatedAt: updated.secondsSince1970, version: hash.value))
    }

    private var stamps = StampIndex<Int64>()

    init(_ db: Database) throws {
        stamps = try StampIndex(db, "SELECT person, updated_at, version FROM graduate") { $0.int64(0) }
    }

    private static let sql = upsertSQL(
        table: "graduate",
        columns: ["person", "enrolled_on", "graduation_year", "degree", "field", "institution", "updated_at", "version"],
        conflict: ["person"])

    mutating func write(_ record: Record, identities: inout IdentityIndex, _ db: Database) throws -> WriteOutcome {
        guard let person = try identities.person(record.person, feed: Self.kind, db) else { return .unlinkable }
        let decision = stamps.decide(person, record.stamp)
        if decision == .unchanged { return .unchanged }
        var upsert = try SQLiteStatement(db, Self.sql)
        upsert.reset()
        upsert.bind(person)
        upsert.bind(record.enrolledOn.storage)
        upsert.bind(record.graduationYear)
        upsert.bind(record.degree.storage)
        upsert.bind(record.field)
        upsert.bind(record.institution)
        upsert.bind(record.stamp.updatedAt)
        upsert.bind(record.stamp.version)
        try upsert.execute()
        try identities.recordName(of: record.person, db)
        return decision == .insert ? .inserted : .updated
    }
}

/// New-graduate co-payment programme: the vacancies taking part (see `docs/feeds.md`).
struct CoPaymentVacancyFeed: FeedSpec {
    enum Column: Int, FeedColumns {
        case vacancyID, enrolledOn, endsOn, updatedAt

        static let names = ["vacancy_id", "enrolled_on", "ends_on", "updated_at"]
        static let required: Set<Column> = [.vacancyID, .enrolledOn, .updatedAt]
        static let lists: Set<Column> = []
    }

    struct Record: Sendable {
        var vacancyID: String
        var enrolledOn: Day
        var endsOn: Day?
        var stamp: Stamp
    }

    static let kind = FeedKind.coPaymentVacancies

    static func parse(_ fields: inout RowFields<Column>) -> Record? {
        let id = fields.required(.vacancyID, ExternalID.parse)
        let enrolled = fields.required(.enrolledOn, Day.init(parsing:))
        let ends = fields.optional(.endsOn, Day.init(parsing:))
        let updated = fields.required(.updatedAt, Timestamp.init(parsing:))
        if let enrolled, let ends, ends < enrolled { fields.fail(.endsOn, reason: "must not be before enrolled_on") }
        guard fields.isValid, let id, let enrolled, let updated else { return nil }
        var hash = ContentHash()
        hash.add(Int(enrolled.daysSince1970))
        hash.add(ends.map { Int($0.daysSince1970) })
        return Record(vacancyID: id, enrolledOn: enrolled, endsOn: ends, stamp: Stamp(updatedAt: updated.secondsSince1970, version: hash.value))
    }

    private var vacancies: VacancyKeys
    private var stamps = StampIndex<Int64>()

    init(_ db: Database) throws {
        vacancies = try VacancyKeys.load(db)
        stamps = try StampIndex(db, "SELECT vacancy, updated_at, version FROM copay_vacancy") { $0.int64(0) }
    }

    mutating func write(_ record: Record, identities: inout IdentityIndex, _ db: Database) throws -> WriteOutcome {
        guard let vacancy = vacancies.existing(record.vacancyID) else { return .unknownVacancy }
        let decision = stamps.decide(vacancy, record.stamp)
        if decision == .unchanged { return .unchanged }
        var upsert = try SQLiteStatement(db, upsertSQL(
            table: "copay_vacancy", columns: ["vacancy", "enrolled_on", "ends_on", "updated_at", "version"], conflict: ["vacancy"]))
        upsert.reset()
        upsert.bind(vacancy)
        upsert.bind(record.enrolledOn.storage)
        upsert.bind(record.endsOn?.storage)
        upsert.bind(record.stamp.updatedAt)
        upsert.bind(record.stamp.version)
        try upsert.execute()
        return decision == .insert ? .inserted : .updated
    }
}
