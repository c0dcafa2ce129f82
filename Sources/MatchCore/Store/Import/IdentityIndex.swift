import GRDB

/// The `identity` table in memory during an import: identity number → pseudonymous key, so a
/// row is linked without a query, and new people and employers get the next key.
///
/// Loaded once per import (one scan), updated as rows are written inside the batch transaction.
/// An import that fails stops, so a rolled-back batch never leaves this ahead of the database.
struct IdentityIndex {
    enum Kind: Int64 {
        case citizen = 1, juristic = 2, passport = 3, permit = 4
    }

    private struct Document: Hashable {
        var kind: Kind
        var country: UInt16
        var number: String
    }

    private var citizens: [UInt64: Int64] = [:]
    private var juristic: [UInt64: Int64] = [:]
    private var documents: [Document: Int64] = [:]
    private var nextPerson: Int64 = 1
    private var nextEmployer: Int64 = 1

    /// People and employers created by this import so far.
    private(set) var createdPeople = 0
    private(set) var createdEmployers = 0
    /// Whether the last ``person(_:feed:_:)`` call stored a new identity (with its name).
    private var createdIdentity = false

    private var insertPersonStatement: SQLiteStatement
    private var insertIdentityStatement: SQLiteStatement
    private var insertEmployerStatement: SQLiteStatement
    private var updateNameStatement: SQLiteStatement

    private init(_ db: Database) throws {
        insertPersonStatement = try SQLiteStatement(db, "INSERT INTO person (key, nationality, first_feed) VALUES (?, ?, ?)")
        insertIdentityStatement = try SQLiteStatement(
            db, "INSERT INTO identity (kind, country, number, subject, name) VALUES (?, ?, ?, ?, ?)")
        insertEmployerStatement = try SQLiteStatement(db, "INSERT INTO employer (key) VALUES (?)")
        updateNameStatement = try SQLiteStatement(db, """
            UPDATE identity SET name = ? WHERE kind = ? AND country = ? AND number = ? AND name IS NOT ?
            """)
    }

    /// Reads the whole `identity` table. The statements it prepares belong to `db`: use the
    /// index only inside the same connection access.
    static func load(_ db: Database) throws -> IdentityIndex {
        var index = try IdentityIndex(db)
        var scan = try SQLiteStatement(db, "SELECT kind, country, number, subject FROM identity")
        scan.reset()
        while try scan.next() {
            let subject = scan.int64(3)
            switch Kind(rawValue: scan.int64(0)) {
            case .citizen: index.citizens[UInt64(scan.string(2)) ?? 0] = subject
            case .juristic: index.juristic[UInt64(scan.string(2)) ?? 0] = subject
            case let kind?:
                let country = (try? CountryCode(parsing: scan.bytes(1)))?.value ?? 0
                index.documents[Document(kind: kind, country: country, number: scan.string(2))] = subject
            case nil: continue
            }
        }
        var maxima = try SQLiteStatement(db, "SELECT (SELECT IFNULL(MAX(key), 0) FROM person), (SELECT IFNULL(MAX(key), 0) FROM employer)")
        maxima.reset()
        _ = try maxima.next()
        index.nextPerson = maxima.int64(0) + 1
        index.nextEmployer = maxima.int64(1) + 1
        maxima.reset()  // a statement left on a row keeps its read snapshot and blocks checkpoints
        return index
    }

    /// The person key for `reference`, creating the person (and any identity row not yet known)
    /// when needed. Returns nil when the passport and the permit number already belong to two
    /// different people: that row cannot be linked safely.
    mutating func person(_ reference: PersonReference, feed: FeedKind, _ db: Database) throws -> Int64? {
        createdIdentity = false
        if let citizen = reference.citizen {
            if let key = citizens[citizen.value] { return key }
            let key = try createPerson(nationality: "TH", feed: feed, db)
            try insertIdentity(.citizen, country: "", number: citizen.digits, subject: key, name: reference.name, db)
            citizens[citizen.value] = key
            return key
        }
        let country = reference.nationality
        let passport = reference.passport.map { Document(kind: .passport, country: country.value, number: $0) }
        let permit = reference.permit.map { Document(kind: .permit, country: country.value, number: $0) }
        let known = [passport, permit].compactMap { $0.flatMap { documents[$0] } }
        if known.count == 2, known[0] != known[1] { return nil }
        let key = try known.first ?? createPerson(nationality: country.alpha2, feed: feed, db)
        for document in [passport, permit].compactMap({ $0 }) {
            if documents[document] == nil {
                try insertIdentity(document.kind, country: country.alpha2, number: document.number, subject: key, name: reference.name, db)
                documents[document] = key
            }
        }
        return key
    }

    /// The employer key for a juristic ID, creating an employer with no details yet when needed.
    mutating func employer(_ id: JuristicID, _ db: Database) throws -> Int64 {
        if let key = juristic[id.value] { return key }
        let key = nextEmployer
        insertEmployerStatement.reset()
        insertEmployerStatement.bind(key)
        try insertEmployerStatement.execute()
        try insertIdentity(.juristic, country: "", number: id.digits, subject: key, name: nil, db)
        nextEmployer += 1
        createdEmployers += 1
        juristic[id.value] = key
        return key
    }

    private mutating func createPerson(nationality: String, feed: FeedKind, _ db: Database) throws -> Int64 {
        let key = nextPerson
        insertPersonStatement.reset()
        insertPersonStatement.bind(key)
        insertPersonStatement.bind(nationality)
        insertPersonStatement.bind(Int64(feed.rawValue))
        try insertPersonStatement.execute()
        nextPerson += 1
        createdPeople += 1
        return key
    }

    private mutating func insertIdentity(_ kind: Kind, country: String, number: String, subject: Int64, name: String?, _ db: Database) throws {
        insertIdentityStatement.reset()
        insertIdentityStatement.bind(kind.rawValue)
        insertIdentityStatement.bind(country)
        insertIdentityStatement.bind(number)
        insertIdentityStatement.bind(subject)
        insertIdentityStatement.bind(name)
        try insertIdentityStatement.execute()
        createdIdentity = true
    }

    /// Keeps the name of a row that was applied (inserted or updated): the latest non-blank name
    /// a service gave. Written only when it differs.
    /// Nothing to do when the last ``person(_:feed:_:)`` call created the identity with it.
    mutating func recordName(of reference: PersonReference, _ db: Database) throws {
        guard let name = reference.name, !createdIdentity else { return }
        if let citizen = reference.citizen {
            try updateName(name, kind: .citizen, country: "", number: citizen.digits, db)
        }
        if let passport = reference.passport {
            try updateName(name, kind: .passport, country: reference.nationality.alpha2, number: passport, db)
        }
        if let permit = reference.permit {
            try updateName(name, kind: .permit, country: reference.nationality.alpha2, number: permit, db)
        }
    }

    private mutating func updateName(_ name: String, kind: Kind, country: String, number: String, _ db: Database) throws {
        updateNameStatement.reset()
        updateNameStatement.bind(name)
        updateNameStatement.bind(kind.rawValue)
        updateNameStatement.bind(country)
        updateNameStatement.bind(number)
        updateNameStatement.bind(name)
        try updateNameStatement.execute()
    }
}
