import GRDB

/// Builds a ``Snapshot``: one pass per table, in the order that applies the profile precedence
/// (job board first; then unemployment insurance, co-payment and work abroad fill or override
/// as `docs/feeds.md` says).
///
/// The loader reads a period, `from` through `day` (one day when they are equal): every rule
/// "active on D" becomes "active on some day of the period", so a one-day period gives exactly
/// the one-day snapshot.
struct SnapshotLoader {
    /// The first day of the period.
    let from: Day
    /// The last day of the period (the snapshot's `asOf`).
    let day: Day
    private var seekers: [SeekerProfile] = []
    private var seekerIndex: [Int64: Int] = [:]
    private var vacancies: [Vacancy] = []
    private var events: [MatchEvent] = []
    private var strings = StringInterner()

    init(day: Day) {
        self.init(from: day, through: day)
    }

    /// A loader of the period `from` through `through` (both included).
    init(from: Day, through: Day) {
        precondition(from <= through, "a period that ends before it starts")
        self.from = from
        self.day = through
    }

    private var periodStart: Day? { from == day ? nil : from }

    var snapshot: Snapshot {
        // Seekers by person key; events re-pointed at the sorted positions. The job board comes
        // in key order, so usually there is nothing to move.
        if zip(seekers, seekers.dropFirst()).allSatisfy({ $0.person < $1.person }) {
            return Snapshot(asOf: day, seekers: seekers, vacancies: vacancies, events: events, periodStart: periodStart)
        }
        let order = seekers.indices.sorted { seekers[$0].person < seekers[$1].person }
        var position = [Int32](repeating: -1, count: seekers.count)
        for (new, old) in order.enumerated() { position[old] = Int32(new) }
        var events = self.events
        for index in events.indices where events[index].seekerIndex >= 0 {
            events[index].seekerIndex = position[Int(events[index].seekerIndex)]
        }
        return Snapshot(asOf: day, seekers: order.map { seekers[$0] }, vacancies: vacancies, events: events, periodStart: periodStart)
    }

    /// The profile of `person`, created when first seen; `since` moves to the earliest day.
    private mutating func profile(_ person: Int64, since: Day) -> Int {
        if let index = seekerIndex[person] {
            if since < seekers[index].activeSince { seekers[index].activeSince = since }
            return index
        }
        seekers.append(SeekerProfile(person: person, nationality: .thailand, activeSince: since))
        seekerIndex[person] = seekers.count - 1
        return seekers.count - 1
    }

    /// A statement with `?1` bound to the period's first day and `?2` to its last.
    private func query(_ db: Database, _ sql: String) throws -> SQLiteStatement {
        var statement = try SQLiteStatement(db, sql)
        statement.reset()
        statement.bind(from.storage)
        statement.bind(day.storage)
        return statement
    }

    private static func day(_ statement: SQLiteStatement, _ column: Int32) -> Day? {
        statement.optionalInt(column).map { Day(daysSince1970: Int32($0)) }
    }

    mutating func loadJobBoard(_ db: Database) throws {
        var scan = try query(db, """
            SELECT person, registered_on, birth_year, province, desired_occupations, desired_title, skills, education,
                   education_field, experience_years, expected_wage, wage_unit, preferred_provinces, relocate, languages,
                   suggested_occupation, suggested_confidence, licences
            FROM seeker WHERE registered_on <= ?2 AND (closed_on IS NULL OR closed_on > ?1)
            """)
        // The first source: every row is a new profile, appended in key order.
        while try scan.next() {
            var profile = SeekerProfile(person: scan.int64(0), nationality: .thailand, activeSince: Self.day(scan, 1)!)
            profile.programmes.insert(.jobBoard)
            profile.birthYear = scan.optionalInt(2)
            profile.province = scan.optionalInt(3).flatMap { Province(code: UInt8(truncatingIfNeeded: $0)) }
            profile.sources.province = profile.province.map { _ in .jobBoard }
            profile.desiredOccupations = storedList(scan.bytes(4), ISCOCode.init(parsing:))
            profile.sources.desiredOccupations = profile.desiredOccupations.isEmpty ? nil : .jobBoard
            profile.desiredTitle = strings.string(scan.bytes(5))
            profile.skills = strings.list(scan.bytes(6))
            profile.licences = strings.list(scan.bytes(17))
            profile.education = scan.optionalInt(7).flatMap { EducationLevel(rawValue: Int8($0)) }
            profile.sources.education = profile.education.map { _ in .jobBoard }
            profile.educationField = strings.string(scan.bytes(8))
            profile.sources.educationField = profile.educationField.isEmpty ? nil : .jobBoard
            profile.experienceYears = scan.optionalDouble(9)
            let unit = scan.optionalInt(11).flatMap { WageUnit(rawValue: UInt8($0)) } ?? .month
            profile.expectedMonthlyWage = scan.optionalInt(10).map { unit.monthly($0) }
            profile.sources.expectedWage = profile.expectedMonthlyWage.map { _ in .jobBoard }
            profile.preferredProvinces = storedList(scan.bytes(12)) { bytes throws(FieldProblem) in
                try Province(parsing: bytes)
            }
            profile.willingToRelocate = scan.int(13) != 0
            profile.languages = storedList(scan.bytes(14), LanguageCode.init(parsing:))
            if profile.desiredOccupations.isEmpty,
               let suggested = scan.optionalInt(15).flatMap({ ISCOCode(value: UInt16(truncatingIfNeeded: $0)) }) {
                profile.suggestedOccupation = suggested
                profile.suggestedOccupationConfidence = scan.optionalDouble(16).map(Float.init)
            }
            seekerIndex[profile.person] = seekers.count
            seekers.append(profile)
        }
    }

    mutating func loadUnemployment(_ db: Database) throws {
        var scan = try query(db, """
            SELECT person, registered_on, last_occupation, last_wage, province FROM ui_registration
            WHERE registered_on <= ?2 AND COALESCE(benefit_ends_on, registered_on + \(Snapshot.unemploymentBenefitDays)) >= ?1
            ORDER BY person, registered_on
            """)
        while try scan.next() {
            let index = profile(scan.int64(0), since: Self.day(scan, 1)!)
            seekers[index].programmes.insert(.unemploymentInsurance)
            if let occupation = scan.optionalInt(2).flatMap({ ISCOCode(value: UInt16(truncatingIfNeeded: $0)) }) {
                seekers[index].lastOccupation = occupation
                seekers[index].sources.lastOccupation = .unemploymentInsurance
            }
            if let wage = scan.optionalInt(3) { seekers[index].lastMonthlyWage = wage }
            if seekers[index].sources.province != .jobBoard,
                let province = scan.optionalInt(4).flatMap({ Province(code: UInt8(truncatingIfNeeded: $0)) }) {
                seekers[index].province = province
                seekers[index].sources.province = .unemploymentInsurance
            }
            if seekers[index].sources.expectedWage != .jobBoard, let wage = scan.optionalInt(3) {
                seekers[index].expectedMonthlyWage = wage
                seekers[index].sources.expectedWage = .unemploymentInsurance
            }
        }
    }

    mutating func loadGraduates(_ db: Database) throws {
        var scan = try query(db, """
            SELECT person, enrolled_on, graduation_year, degree, field FROM graduate
            WHERE enrolled_on <= ?2 AND enrolled_on + \(Snapshot.programmeDays) >= ?1
            """)
        while try scan.next() {
            let index = profile(scan.int64(0), since: Self.day(scan, 1)!)
            seekers[index].programmes.insert(.coPayment)
            seekers[index].graduationYear = scan.int(2)
            // Verified by the programme: overrides what the person declared on the job board.
            if let degree = EducationLevel(rawValue: Int8(truncatingIfNeeded: scan.int(3))) {
                seekers[index].education = degree
                seekers[index].sources.education = .coPayment
            }
            let field = scan.string(4)
            if !field.isEmpty {
                seekers[index].educationField = field
                seekers[index].sources.educationField = .coPayment
            }
        }
    }

    mutating func loadAbroad(_ db: Database) throws {
        var scan = try query(db, """
            SELECT person, registered_on, destinations, occupation FROM abroad_registration
            WHERE registered_on <= ?2 AND COALESCE(expires_on, registered_on + \(Snapshot.programmeDays)) >= ?1
            ORDER BY person, registered_on
            """)
        while try scan.next() {
            let index = profile(scan.int64(0), since: Self.day(scan, 1)!)
            seekers[index].programmes.insert(.workAbroad)
            seekers[index].destinations = storedList(scan.bytes(2), CountryCode.init(parsing:))
            seekers[index].sources.destinations = .workAbroad
            if seekers[index].sources.desiredOccupations != .jobBoard,
                let occupation = scan.optionalInt(3).flatMap({ ISCOCode(value: UInt16(truncatingIfNeeded: $0)) }) {
                seekers[index].desiredOccupations = [occupation]
                seekers[index].sources.desiredOccupations = .workAbroad
            }
        }
        // Last in the order: a claimant's last job stands for the job they want.
        for index in seekers.indices where seekers[index].desiredOccupations.isEmpty {
            if let last = seekers[index].lastOccupation {
                seekers[index].desiredOccupations = [last]
                seekers[index].sources.desiredOccupations = .unemploymentInsurance
            }
        }
    }

    /// Flags active seekers who also hold a valid permit or an open employment notice.
    mutating func loadForeignWorkers(_ db: Database) throws {
        var permits = try query(db, """
            SELECT person FROM work_permit WHERE status = 'approved'
            AND COALESCE(valid_from, applied_on) <= ?2 AND (valid_until IS NULL OR valid_until >= ?1)
            """)
        while try permits.next() {
            if let index = seekerIndex[permits.int64(0)] { seekers[index].programmes.insert(.workPermit) }
        }
        var notices = try query(db, "SELECT person FROM foreign_notice WHERE starts_on <= ?2 AND (ends_on IS NULL OR ends_on >= ?1)")
        while try notices.next() {
            if let index = seekerIndex[notices.int64(0)] { seekers[index].programmes.insert(.foreignWorkerNotice) }
        }
    }

    mutating func loadNationalities(_ db: Database) throws {
        var scan = try SQLiteStatement(db, "SELECT key, nationality FROM person")
        scan.reset()
        while try scan.next() {
            guard let index = seekerIndex[scan.int64(0)] else { continue }
            if let country = try? CountryCode(parsing: scan.bytes(1)) { seekers[index].nationality = country }
        }
    }

    /// End of the snapshot's last day in Bangkok time (UTC+7), in Unix seconds.
    private var endOfDay: Int64 { Self.endOfDay(day) }

    /// End of `day` in Bangkok time (UTC+7), in Unix seconds.
    static func endOfDay(_ day: Day) -> Int64 { (Int64(day.daysSince1970) + 1) * 86_400 - 7 * 3_600 }

    mutating func loadVacancies(_ db: Database) throws {
        // The times of the hires up to the end of the period, by vacancy. One pass over the
        // table; grouping in SQL would walk the vacancy index and fetch every event's row from it.
        var hires: [Int64: [Int64]] = [:]
        var count = try SQLiteStatement(db, "SELECT vacancy, at FROM event NOT INDEXED WHERE kind = ? AND at < ?")
        count.reset()
        count.bind(Int64(EventKind.hire.rawValue))
        count.bind(endOfDay)
        while try count.next() { hires[count.int64(0), default: []].append(count.int64(1)) }
        var coPayment = Set<Int64>()
        var enrolled = try query(db, "SELECT vacancy FROM copay_vacancy WHERE enrolled_on <= ?2 AND (ends_on IS NULL OR ends_on >= ?1)")
        while try enrolled.next() { coPayment.insert(enrolled.int64(0)) }

        var scan = try query(db, """
            SELECT key, external_id, employer, title, description, occupation, hard_skills, soft_skills, min_education,
                   min_experience_years, wage_min, wage_max, wage_unit, positions, province, country, opens_on,
                   closes_on, foreign_workers, occupation_suggested, occupation_confidence, required_licences,
                   education_required
            FROM vacancy WHERE opens_on <= ?2 AND (closes_on IS NULL OR closes_on >= ?1) ORDER BY key
            """)
        while try scan.next() {
            let key = scan.int64(0)
            let positions = scan.int(13)
            // Open on some day of the period: on its first day there, the least hired (hires
            // only add up). For one day this is "fewer hires before the end of D than positions".
            let firstDay = max(from, Self.day(scan, 16)!)
            let hired = hires[key].map { times in times.count(where: { $0 < Self.endOfDay(firstDay) }) } ?? 0
            guard hired < positions, let occupation = ISCOCode(value: UInt16(truncatingIfNeeded: scan.int(5))) else { continue }
            vacancies.append(Vacancy(
                key: key, externalID: scan.string(1), employer: scan.optionalInt(2).map(Int64.init),
                title: strings.string(scan.bytes(3)), description: strings.string(scan.bytes(4)), occupation: occupation,
                hardSkills: strings.list(scan.bytes(6)), softSkills: strings.list(scan.bytes(7)),
                minEducation: scan.optionalInt(8).flatMap { EducationLevel(rawValue: Int8($0)) },
                minExperienceYears: scan.optionalDouble(9), wageMin: scan.optionalInt(10), wageMax: scan.optionalInt(11),
                wageUnit: scan.optionalInt(12).flatMap { WageUnit(rawValue: UInt8($0)) }, positions: positions,
                hired: hired, province: scan.optionalInt(14).flatMap { Province(code: UInt8(truncatingIfNeeded: $0)) },
                country: scan.isNull(15) ? nil : try? CountryCode(parsing: scan.bytes(15)),
                opensOn: Self.day(scan, 16)!, closesOn: Self.day(scan, 17), acceptsForeignWorkers: scan.int(18) != 0,
                coPayment: coPayment.contains(key), requiredLicences: strings.list(scan.bytes(21)),
                educationRequired: scan.int(22) != 0))
            if scan.int(19) != 0 { vacancies[vacancies.count - 1].occupationSuggestionConfidence = scan.optionalDouble(20).map(Float.init) ?? 0 }
        }
    }

    mutating func loadEvents(_ db: Database) throws {
        var vacancyIndex: [Int64: Int32] = [:]
        vacancyIndex.reserveCapacity(vacancies.count)
        for (index, vacancy) in vacancies.enumerated() { vacancyIndex[vacancy.key] = Int32(index) }
        var scan = try SQLiteStatement(db, "SELECT person, vacancy, kind, at, source FROM event WHERE at < ?")
        scan.reset()
        scan.bind(endOfDay)
        while try scan.next() {
            let person = scan.int64(0)
            let vacancy = scan.int64(1)
            let seeker = seekerIndex[person].map(Int32.init) ?? -1
            let open = vacancyIndex[vacancy] ?? -1
            guard seeker >= 0 || open >= 0, let kind = EventKind(rawValue: UInt8(truncatingIfNeeded: scan.int(2))) else { continue }
            events.append(MatchEvent(
                person: person, vacancy: vacancy, seekerIndex: seeker, vacancyIndex: open, kind: kind,
                at: Timestamp(secondsSince1970: scan.int64(3)), source: scan.string(4)))
        }
        events.sort { ($0.at, $0.person, $0.vacancy, $0.kind) < ($1.at, $1.person, $1.vacancy, $1.kind) }
    }
}
