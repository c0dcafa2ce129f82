import GRDB

/// Work abroad: registrations of intent (see `docs/feeds.md`, "abroad-registrations").
struct AbroadRegistrationFeed: FeedSpec {
    enum Column: Int, FeedColumns {
        case citizenID, name, registeredOn, destinations, occupation, expiresOn, updatedAt

        static let names = ["citizen_id", "name", "registered_on", "destinations", "occupation", "expires_on", "updated_at"]
        static let required: Set<Column> = [.citizenID, .registeredOn, .destinations, .updatedAt]
        static let lists: Set<Column> = [.destinations]
    }

    struct Record: Sendable {
        var person: PersonReference
        var registeredOn: Day
        var destinations: [CountryCode]
        var occupation: ISCOCode?
        var expiresOn: Day?
        var stamp: Stamp
    }

    static let kind = FeedKind.abroadRegistrations

    static func parse(_ fields: inout RowFields<Column>) -> Record? {
        let citizen = fields.required(.citizenID, ThaiID.init(parsing:))
        let name = fields.text(.name, maximumLength: 200)
        let registered = fields.required(.registeredOn, Day.init(parsing:))
        let destinations = fields.list(.destinations, maximumCount: 10, CountryCode.init(parsing:))
        let occupation = fields.optional(.occupation, ISCOCode.init(parsing:))
        let expires = fields.optional(.expiresOn, Day.init(parsing:))
        let updated = fields.required(.updatedAt, Timestamp.init(parsing:))
        if destinations.isEmpty, fields.isValid { fields.fail(.destinations, .missing) }
        if destinations.contains(.thailand) { fields.fail(.destinations, reason: "must be countries other than TH") }
        if let registered, let expires, expires < registered { fields.fail(.expiresOn, reason: "must not be before registered_on") }
        guard fields.isValid, let citizen, let registered, let updated else { return nil }
        var hash = ContentHash()
        hash.add(destinations.map(\.alpha2))
        hash.add(occupation.map(\.digits))
        hash.add(expires.map { Int($0.daysSince1970) })
        hash.add(name)
        return Record(
            person: PersonReference(citizen: citizen, nationality: .thailand, name: name.isEmpty ? nil : name),
            registeredOn: registered, destinations: destinations, occupation: occupation, expiresOn: expires,
            stamp: Stamp(updatedAt: updated.secondsSince1970, version: hash.value))
    }

    private var stamps = StampIndex<PersonDay>()

    init(_ db: Database) throws {
        stamps = try StampIndex(db, "SELECT person, registered_on, updated_at, version FROM abroad_registration") { PersonDay(person: $0.int64(0), day: Int32($0.int64(1))) }
    }

    private static let sql = upsertSQL(
        table: "abroad_registration",
        columns: ["person", "registered_on", "destinations", "occupation", "expires_on", "updated_at", "version"],
        conflict: ["person", "registered_on"])

    mutating func write(_ record: Record, identities: inout IdentityIndex, _ db: Database) throws -> WriteOutcome {
        guard let person = try identities.person(record.person, feed: Self.kind, db) else { return .unlinkable }
        let decision = stamps.decide(PersonDay(person: person, day: record.registeredOn.daysSince1970), record.stamp)
        if decision == .unchanged { return .unchanged }
        var upsert = try SQLiteStatement(db, Self.sql)
        upsert.reset()
        upsert.bind(person)
        upsert.bind(record.registeredOn.storage)
        upsert.bind(joined(record.destinations.map(\.alpha2)))
        upsert.bind(record.occupation?.storage)
        upsert.bind(record.expiresOn?.storage)
        upsert.bind(record.stamp.updatedAt)
        upsert.bind(record.stamp.version)
        try upsert.execute()
        try identities.recordName(of: record.person, db)
        return decision == .insert ? .inserted : .updated
    }
}

/// Work abroad: trips notified (departures) and returns. A trip never changes.
struct AbroadTripFeed: FeedSpec {
    enum Column: Int, FeedColumns {
        case citizenID, direction, on, country, occupation

        static let names = ["citizen_id", "direction", "on", "country", "occupation"]
        static let required: Set<Column> = [.citizenID, .direction, .on, .country]
        static let lists: Set<Column> = []
    }

    enum Direction: Int64, Sendable { case departure = 1, `return` = 2 }

    struct Record: Sendable {
        var person: PersonReference
        var direction: Direction
        var on: Day
        var country: CountryCode
        var occupation: ISCOCode?
    }

    static let kind = FeedKind.abroadTrips
    static let directions = Vocabulary<Direction>([
        (.departure, ["departure", "depart", "out", "ออก", "เดินทางออก", "ไป"]),
        (.return, ["return", "returned", "back", "in", "กลับ", "เดินทางกลับ"]),
    ])

    static func parse(_ fields: inout RowFields<Column>) -> Record? {
        let citizen = fields.required(.citizenID, ThaiID.init(parsing:))
        let direction = fields.required(.direction) { bytes throws(FieldProblem) in
            try directions.parse(bytes, expected: "departure or return")
        }
        let on = fields.required(.on, Day.init(parsing:))
        let country = fields.required(.country, CountryCode.init(parsing:))
        let occupation = fields.optional(.occupation, ISCOCode.init(parsing:))
        if country == .thailand { fields.fail(.country, reason: "must be a country other than TH") }
        guard fields.isValid, let citizen, let direction, let on, let country else { return nil }
        return Record(
            person: PersonReference(citizen: citizen, nationality: .thailand), direction: direction, on: on,
            country: country, occupation: occupation)
    }

    init(_ db: Database) throws {}

    mutating func write(_ record: Record, identities: inout IdentityIndex, _ db: Database) throws -> WriteOutcome {
        guard let person = try identities.person(record.person, feed: Self.kind, db) else { return .unlinkable }
        var insert = try SQLiteStatement(db, """
            INSERT OR IGNORE INTO abroad_trip (person, direction, on_day, country, occupation) VALUES (?, ?, ?, ?, ?)
            """)
        insert.reset()
        insert.bind(person)
        insert.bind(record.direction.rawValue)
        insert.bind(record.on.storage)
        insert.bind(record.country.alpha2)
        insert.bind(record.occupation?.storage)
        return try insert.execute() == 1 ? .inserted : .unchanged
    }
}
