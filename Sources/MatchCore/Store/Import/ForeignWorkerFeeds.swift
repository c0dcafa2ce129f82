import GRDB

/// Foreign workers: employers' notices that they employ a foreign worker (see `docs/feeds.md`).
struct ForeignNoticeFeed: FeedSpec {
    enum Column: Int, FeedColumns {
        case employerID, nationality, passport, permitNumber, name, occupation, province, startsOn, endsOn, updatedAt

        static let names = [
            "employer_id", "nationality", "passport", "permit_number", "name", "occupation", "province", "starts_on",
            "ends_on", "updated_at",
        ]
        static let required: Set<Column> = [.employerID, .nationality, .occupation, .startsOn, .updatedAt]
        static let lists: Set<Column> = []
    }

    struct Record: Sendable {
        var employer: JuristicID
        var worker: PersonReference
        var occupation: ISCOCode
        var province: Province?
        var startsOn: Day
        var endsOn: Day?
        var stamp: Stamp
    }

    struct Key: Hashable {
        var employer: Int64
        var person: Int64
        var day: Int32
    }

    static let kind = FeedKind.foreignNotices

    static func parse(_ fields: inout RowFields<Column>) -> Record? {
        let employer = fields.required(.employerID, ThaiID.init(parsing:))
        let worker = fields.foreignWorker(nationality: .nationality, passport: .passport, permit: .permitNumber, name: .name)
        let occupation = fields.required(.occupation, ISCOCode.init(parsing:))
        let province = fields.optional(.province, Province.init(parsing:))
        let starts = fields.required(.startsOn, Day.init(parsing:))
        let ends = fields.optional(.endsOn, Day.init(parsing:))
        let updated = fields.required(.updatedAt, Timestamp.init(parsing:))
        if let starts, let ends, ends < starts { fields.fail(.endsOn, reason: "must not be before starts_on") }
        guard fields.isValid, let employer, let worker, let occupation, let starts, let updated else { return nil }
        var hash = ContentHash()
        hash.add(occupation.digits)
        hash.add(province.map { Int($0.code) })
        hash.add(ends.map { Int($0.daysSince1970) })
        hash.add(worker.name)
        hash.add(worker.permit)
        hash.add(worker.passport)
        return Record(
            employer: employer, worker: worker, occupation: occupation, province: province, startsOn: starts,
            endsOn: ends, stamp: Stamp(updatedAt: updated.secondsSince1970, version: hash.value))
    }

    private var stamps = StampIndex<Key>()

    init(_ db: Database) throws {
        stamps = try StampIndex(db, "SELECT employer, person, starts_on, updated_at, version FROM foreign_notice") { Key(employer: $0.int64(0), person: $0.int64(1), day: Int32($0.int64(2))) }
    }

    private static let sql = upsertSQL(
        table: "foreign_notice",
        columns: ["employer", "person", "starts_on", "occupation", "province", "ends_on", "updated_at", "version"],
        conflict: ["employer", "person", "starts_on"])

    mutating func write(_ record: Record, identities: inout IdentityIndex, _ db: Database) throws -> WriteOutcome {
        guard let person = try identities.person(record.worker, feed: Self.kind, db) else { return .unlinkable }
        let employer = try identities.employer(record.employer, db)
        let decision = stamps.decide(Key(employer: employer, person: person, day: record.startsOn.daysSince1970), record.stamp)
        if decision == .unchanged { return .unchanged }
        var upsert = try SQLiteStatement(db, Self.sql)
        upsert.reset()
        upsert.bind(employer)
        upsert.bind(person)
        upsert.bind(record.startsOn.storage)
        upsert.bind(record.occupation.storage)
        upsert.bind(record.province?.storage)
        upsert.bind(record.endsOn?.storage)
        upsert.bind(record.stamp.updatedAt)
        upsert.bind(record.stamp.version)
        try upsert.execute()
        try identities.recordName(of: record.worker, db)
        return decision == .insert ? .inserted : .updated
    }
}

/// Work-permit applications of Myanmar, Lao and Cambodian nationals (see `docs/feeds.md`).
struct WorkPermitFeed: FeedSpec {
    enum Column: Int, FeedColumns {
        case applicationID, nationality, passport, permitNumber, name, employerID, occupation, status, appliedOn,
            validFrom, validUntil, updatedAt

        static let names = [
            "application_id", "nationality", "passport", "permit_number", "name", "employer_id", "occupation",
            "status", "applied_on", "valid_from", "valid_until", "updated_at",
        ]
        static let required: Set<Column> = [.applicationID, .nationality, .occupation, .status, .appliedOn, .updatedAt]
        static let lists: Set<Column> = []
    }

    struct Record: Sendable {
        var application: String
        var worker: PersonReference
        var employer: JuristicID?
        var occupation: ISCOCode
        var status: String
        var appliedOn: Day
        var validFrom: Day?
        var validUntil: Day?
        var stamp: Stamp
    }

    static let kind = FeedKind.workPermits
    static let statuses = Vocabulary<String>([
        ("submitted", ["submitted", "pending", "ยื่นคำขอ", "รอพิจารณา"]),
        ("approved", ["approved", "granted", "อนุญาต", "อนุมัติ"]),
        ("rejected", ["rejected", "refused", "denied", "ไม่อนุญาต", "ไม่อนุมัติ"]),
        ("cancelled", ["cancelled", "canceled", "withdrawn", "ยกเลิก"]),
        ("expired", ["expired", "หมดอายุ"]),
    ])
    static let nationalities: Set<CountryCode> = [.myanmar, .laos, .cambodia]

    static func parse(_ fields: inout RowFields<Column>) -> Record? {
        let application = fields.required(.applicationID, ExternalID.parse)
        let worker = fields.foreignWorker(nationality: .nationality, passport: .passport, permit: .permitNumber, name: .name)
        let employer = fields.optional(.employerID, ThaiID.init(parsing:))
        let occupation = fields.required(.occupation, ISCOCode.init(parsing:))
        let status = fields.required(.status) { bytes throws(FieldProblem) in
            try statuses.parse(bytes, expected: "submitted, approved, rejected, cancelled or expired")
        }
        let applied = fields.required(.appliedOn, Day.init(parsing:))
        let from = fields.optional(.validFrom, Day.init(parsing:))
        let until = fields.optional(.validUntil, Day.init(parsing:))
        if let worker, !nationalities.contains(worker.nationality) {
            fields.fail(.nationality, .outOfRange("MM, LA or KH (the programme is for Myanmar, Lao and Cambodian nationals)"))
        }
        if let from, let until, until < from { fields.fail(.validUntil, reason: "must not be before valid_from") }
        let updated = fields.required(.updatedAt, Timestamp.init(parsing:))
        guard fields.isValid, let application, let worker, let occupation, let status, let applied, let updated else { return nil }
        var hash = ContentHash()
        hash.add(worker.nationality.alpha2)
        hash.add(worker.passport)
        hash.add(worker.permit)
        hash.add(worker.name)
        hash.add(employer?.digits)
        hash.add(occupation.digits)
        hash.add(status)
        hash.add(Int(applied.daysSince1970))
        hash.add(from.map { Int($0.daysSince1970) })
        hash.add(until.map { Int($0.daysSince1970) })
        return Record(
            application: application, worker: worker, employer: employer, occupation: occupation, status: status,
            appliedOn: applied, validFrom: from, validUntil: until,
            stamp: Stamp(updatedAt: updated.secondsSince1970, version: hash.value))
    }

    private var stamps = StampIndex<String>()

    init(_ db: Database) throws {
        stamps = try StampIndex(db, "SELECT application, updated_at, version FROM work_permit") { $0.string(0) }
    }

    private static let sql = upsertSQL(
        table: "work_permit",
        columns: [
            "application", "person", "employer", "occupation", "status", "applied_on", "valid_from", "valid_until",
            "updated_at", "version",
        ],
        conflict: ["application"])

    mutating func write(_ record: Record, identities: inout IdentityIndex, _ db: Database) throws -> WriteOutcome {
        guard let person = try identities.person(record.worker, feed: Self.kind, db) else { return .unlinkable }
        let decision = stamps.decide(record.application, record.stamp)
        if decision == .unchanged { return .unchanged }
        let employer = try record.employer.map { try identities.employer($0, db) }
        var upsert = try SQLiteStatement(db, Self.sql)
        upsert.reset()
        upsert.bind(record.application)
        upsert.bind(person)
        upsert.bind(employer)
        upsert.bind(record.occupation.storage)
        upsert.bind(record.status)
        upsert.bind(record.appliedOn.storage)
        upsert.bind(record.validFrom?.storage)
        upsert.bind(record.validUntil?.storage)
        upsert.bind(record.stamp.updatedAt)
        upsert.bind(record.stamp.version)
        try upsert.execute()
        try identities.recordName(of: record.worker, db)
        return decision == .insert ? .inserted : .updated
    }
}

extension RowFields {
    /// A foreign worker: nationality (not TH) with a passport and/or a work-permit number.
    mutating func foreignWorker(nationality: Column, passport: Column, permit: Column, name: Column) -> PersonReference? {
        let country = required(nationality, CountryCode.init(parsing:))
        let passportNumber = optional(passport, DocumentNumber.parse)
        let permitNumber = optional(permit, DocumentNumber.parse)
        let fullName = text(name, maximumLength: 200)
        if passportNumber == nil, permitNumber == nil, !isPresent(passport), !isPresent(permit) {
            fail(passport, reason: "required value is missing (or \(permit.name))")
        }
        if country == .thailand { fail(nationality, reason: "a foreign worker's nationality, not TH") }
        guard let country, passportNumber != nil || permitNumber != nil else { return nil }
        return PersonReference(
            nationality: country, passport: passportNumber, permit: permitNumber, name: fullName.isEmpty ? nil : fullName)
    }
}
