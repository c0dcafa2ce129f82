/// How a feed row names a person: a Thai citizen ID, or a nationality with a passport and/or a
/// work-permit number (foreign workers). Linked to one pseudonymous person key on import.
struct PersonReference: Sendable, Hashable {
    var citizen: ThaiID?
    var nationality: CountryCode
    var passport: String?
    var permit: String?
    /// Full name as the service holds it; stored in `identity` only.
    var name: String?

    var isThai: Bool { citizen != nil }
}

/// The identity columns that several feeds share, by their names in each feed's column enum.
struct IdentityColumns<Column: FeedColumns> {
    var citizen: Column
    var nationality: Column
    var passport: Column
    var permit: Column?
    var name: Column?
}

extension RowFields {
    /// Reads a person reference: `citizen_id`, or `nationality` with `passport` (or
    /// `permit_number`). A Thai citizen ID with a nationality other than TH is refused.
    mutating func person(_ columns: IdentityColumns<Column>) -> PersonReference? {
        let name = columns.name.map { text($0, maximumLength: 200) }.flatMap { $0.isEmpty ? nil : $0 }
        let nationality = optional(columns.nationality, CountryCode.init(parsing:))
        if isPresent(columns.citizen) {
            guard let id = required(columns.citizen, ThaiID.init(parsing:)) else { return nil }
            if let nationality, nationality != .thailand {
                fail(columns.nationality, reason: "must be TH or blank with a citizen_id")
                return nil
            }
            return PersonReference(citizen: id, nationality: .thailand, name: name)
        }
        let passport = optional(columns.passport, DocumentNumber.parse)
        let permit = columns.permit.flatMap { optional($0, DocumentNumber.parse) }
        guard passport != nil || permit != nil else {
            if isValid {
                let other = columns.permit.map { " or \($0.name)" } ?? ""
                fail(columns.citizen, reason: "required value is missing (or \(columns.nationality.name) with \(columns.passport.name)\(other))")
            }
            return nil
        }
        guard let nationality else {
            if !isPresent(columns.nationality) { fail(columns.nationality, .missing) }
            return nil
        }
        if nationality == .thailand {
            fail(columns.nationality, reason: "a Thai national is identified by citizen_id")
            return nil
        }
        return PersonReference(nationality: nationality, passport: passport, permit: permit, name: name)
    }
}

/// A passport or work-permit number: 5 to 20 letters and digits; spaces and hyphens dropped,
/// letters upper-cased.
enum DocumentNumber {
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(FieldProblem) -> String {
        var characters: [UInt8] = []
        characters.reserveCapacity(bytes.count)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"): characters.append(byte)
            case UInt8(ascii: "a")...UInt8(ascii: "z"): characters.append(byte - 32)
            case UInt8(ascii: " "), UInt8(ascii: "-"): continue
            default: throw .malformed(expected: "5 to 20 letters and digits")
            }
        }
        guard (5...20).contains(characters.count) else { throw .malformed(expected: "5 to 20 letters and digits") }
        return String(decoding: characters, as: UTF8.self)
    }
}
