import Foundation
import MatchCore

/// What was written to one feed file, for the manifest and for tests: every data row, and how
/// many of them were made on purpose as duplicates, older versions and invalid rows.
public struct FeedFileReport: Codable, Sendable, Equatable {
    public var feed: String
    public var file: String
    /// Data rows (without the header).
    public var rows: Int
    /// Rows repeated exactly (an import counts them unchanged).
    public var duplicates: Int
    /// Older versions of a record written after the newer one (unchanged on import).
    public var olderVersions: Int
    /// Rows with one invalid field (an import rejects exactly these).
    public var invalid: Int
}

/// Writes a simulated market as the documented feeds (`docs/feeds.md`), with the noise real
/// exports have: blanks, Thai/English mixing, Buddhist-era dates, Thai digits, misspelt titles,
/// duplicate rows, older versions and a few invalid rows per feed.
struct SimExport {
    let world: SimWorld
    let log: MarketLog
    let directory: URL
    let format: FeedFormat
    let invalidRate: Double
    let identity: SimIdentity
    /// Each seeker's citizen ID, or passport number for foreign workers.
    let people: [String]
    let vacancyIDs: [String]

    init(world: SimWorld, log: MarketLog, directory: URL, format: FeedFormat, invalidRate: Double, identity: SimIdentity) {
        self.world = world
        self.log = log
        self.directory = directory
        self.format = format
        self.invalidRate = invalidRate
        self.identity = identity
        let seekers = world.seekers
        people = Self.parallelMap(seekers.count) { identity.documentNumber(seeker: $0, seekers[$0]) }
        vacancyIDs = (0..<world.vacancies.count).map { identity.vacancyID($0) }
    }

    static func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let parts = 16
        let results = ResultSlots<[T]>(count: parts)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let range = (part * count / parts)..<((part + 1) * count / parts)
            results.set(part, .success(range.map(body)))
        }
        return (try? results.values())?.flatMap { $0 } ?? []
    }

    var endDay: Int32 { world.end.daysSince1970 }
    var endTime: Int64 { Int64(endDay) * 86_400 - 7 * 3_600 }

    /// File name of a feed.
    func fileName(_ kind: FeedKind) -> String { kind.name + (format == .csv ? ".csv" : ".jsonl") }

    /// Writes every feed (in parallel, each from its own random stream) and returns their reports
    /// in ``FeedKind`` order.
    func writeAll() throws -> [FeedFileReport] {
        let kinds = FeedKind.allCases
        let results = ResultSlots<FeedFileReport>(count: kinds.count)
        DispatchQueue.concurrentPerform(iterations: kinds.count) { position in
            results.set(position, Result { try write(kinds[position]) })
        }
        return try results.values()
    }

    private func write(_ kind: FeedKind) throws -> FeedFileReport {
        let path = directory.appendingPathComponent(fileName(kind)).path
        let schema = kind.schema
        let writer = try FeedWriter(path: path, columns: schema.columns, lists: schema.lists, format: format)
        if kind == .events { return try writeEvents(writer) }
        var sink = RowSink(writer: writer, encoder: writer.makeEncoder(), invalidRate: invalidRate,
                           random: SimRandom(seed: world.seed, stream: .export, index: Int(kind.rawValue)))
        switch kind {
        case .seekers: try writeSeekers(&sink)
        case .employers: try writeEmployers(&sink)
        case .vacancies: try writeVacancies(&sink)
        case .events: break
        case .unemploymentRegistrations: try writeUnemployment(&sink)
        case .graduates: try writeGraduates(&sink)
        case .coPaymentVacancies: try writeCoPaymentVacancies(&sink)
        case .abroadRegistrations: try writeAbroadRegistrations(&sink)
        case .abroadTrips: try writeAbroadTrips(&sink)
        case .foreignNotices: try writeForeignNotices(&sink)
        case .workPermits: try writeWorkPermits(&sink)
        }
        try sink.finish()
        try writer.close()
        return FeedFileReport(
            feed: kind.name, file: fileName(kind), rows: sink.rows, duplicates: sink.duplicates,
            olderVersions: sink.olderVersions, invalid: sink.invalid)
    }

    // MARK: Shared pieces

    private func personColumns(_ s: Int, _ row: inout Row) {
        let seeker = world.seekers[s]
        if seeker.nationality == 0 {
            row["citizen_id"] = people[s]
        } else {
            row["nationality"] = SimWorld.foreignNationalities[Int(seeker.nationality) - 1]
            row["passport"] = people[s]
        }
    }

    private func skillLabel(_ skill: Int, _ random: inout SimRandom) -> String {
        let item = world.catalog.skills[skill]
        return random.chance(0.6) && !item.thai.isEmpty ? item.thai : item.english
    }

    private func title(_ occupation: Int, form: UInt8, _ random: inout SimRandom) -> String {
        let item = world.catalog.occupations[occupation]
        switch form {
        case 0: return item.titleThai
        case 1:
            switch random.below(3) {
            case 0: return "\(item.titleThai) / \(item.titleEnglish)"
            case 1: return "\(item.titleThai) (\(item.titleEnglish))"
            default: return "\(item.titleEnglish) - \(item.titleThai)"
            }
        case 2: return item.altTitlesEnglish.isEmpty || random.chance(0.5) ? item.titleEnglish : random.pick(item.altTitlesEnglish)
        default: return item.altTitlesThai.isEmpty ? item.titleThai : random.pick(item.altTitlesThai)
        }
    }

    private func timeOnDay(_ day: Int32, _ random: inout SimRandom) -> Int64 {
        Int64(day) * 86_400 - 7 * 3_600 + Int64(8 * 3_600 + random.below(10 * 3_600))
    }

    // MARK: Job board

    private func writeSeekers(_ sink: inout RowSink) throws {
        let catalog = world.catalog
        for s in world.seekers.indices {
            let seeker = world.seekers[s]
            guard seeker.has(.jobBoard), seeker.arrival < endDay else { continue }
            var random = SimRandom(seed: world.seed, stream: .noise, index: s)
            var row = sink.row()
            personColumns(s, &row)
            let occupation = catalog.occupations[Int(seeker.occupation)]
            if random.chance(0.9) { row["name"] = identity.name(seeker: s, nationality: seeker.nationality, birthYear: Int(seeker.birthYear)) }
            if random.chance(0.93) { row["birth_year"] = SimFormats.year(Int(seeker.birthYear), &random) }
            if random.chance(0.97) { row["province"] = SimFormats.province(seeker.province, &random) }
            if random.chance(0.9) {
                var codes = [occupation.isco.digits]
                if seeker.secondOccupation >= 0 && random.chance(0.6) { codes.append(catalog.occupations[Int(seeker.secondOccupation)].isco.digits) }
                row["desired_occupations"] = codes.joined(separator: "|")
            }
            if random.chance(0.85) {
                var text = title(Int(seeker.occupation), form: UInt8(random.chance(0.6) ? 0 : random.chance(0.5) ? 3 : 2), &random)
                if random.chance(0.04) { text = SimFormats.misspell(text, &random) }
                row["desired_title"] = text
            }
            var skills: [String] = []
            for position in 0..<Int(seeker.skillCount) where seeker.declared & (1 << UInt16(position)) != 0 {
                skills.append(skillLabel(Int(world.seekerSkills[Int(seeker.skillStart) + position]), &random))
            }
            if seeker.claimed >= 0 { skills.append(skillLabel(Int(seeker.claimed), &random)) }
            if !skills.isEmpty { row["skills"] = skills.joined(separator: "|") }
            if random.chance(0.92) { row["education"] = SimFormats.education(seeker.education, &random) }
            if seeker.education >= 4 && random.chance(0.6) { row["education_field"] = random.pick(Self.fields[occupation.sector] ?? Self.generalFields) }
            if random.chance(0.85) { row["experience_years"] = String(seeker.experience) }
            if random.chance(0.7) {
                let expected = Double(seeker.wageFloor) * (1.05 + 0.1 * random.uniform())
                if occupation.dailyWage && random.chance(0.5) {
                    row["expected_wage"] = String(Int((expected / 26 / 5).rounded()) * 5)
                    row["wage_unit"] = random.chance(0.7) ? "day" : "วัน"
                } else {
                    row["expected_wage"] = SimFormats.money(Int((expected / 500).rounded()) * 500, &random)
                    if random.chance(0.6) { row["wage_unit"] = random.chance(0.7) ? "month" : "เดือน" }
                }
            }
            let preferred = world.searchProvinces(seeker: s)
            if !preferred.isEmpty { row["preferred_provinces"] = preferred.map { SimFormats.province($0, &random) }.joined(separator: "|") }
            if seeker.relocate || random.chance(0.5) { row["relocate"] = seeker.relocate ? random.pick(["yes", "ได้", "Y"]) : random.pick(["no", "ไม่ได้"]) }
            row["languages"] = languages(seeker, &random)
            let registered = Day(daysSince1970: seeker.arrival)
            row["registered_on"] = SimFormats.day(registered, &random)
            var updated = seeker.arrival
            if seeker.closesProfile && seeker.leftOn < endDay {
                row["closed_on"] = SimFormats.day(Day(daysSince1970: seeker.leftOn), &random)
                updated = seeker.leftOn
            }
            let updatedAt = timeOnDay(updated, &random)
            row["updated_at"] = SimFormats.time(updatedAt, &random)
            try sink.emit(row)

            // A closed profile's open version sent again after the closing (an import keeps the newer).
            if seeker.closesProfile && seeker.leftOn < endDay && seeker.leftOn > seeker.arrival && random.chance(0.02) {
                var older = row
                let openDay = seeker.arrival + Int32(random.below(Int(seeker.leftOn - seeker.arrival)))
                older["updated_at"] = SimFormats.isoTime(timeOnDay(openDay, &random))
                older["expected_wage"] = String(Int((Double(seeker.wageFloor) * 1.3 / 500).rounded()) * 500)
                older["wage_unit"] = "month"
                older["closed_on"] = nil
                try sink.emitOlder(older)
            }
            try sink.maybeDuplicate(row, rate: 0.015)
            try sink.maybeInvalid(row, spoilers: [
                ("citizen_id", .breakCheckDigit), ("province", .value("จังหวัดแอตแลนติส")),
                ("registered_on", .value("2025-02-30")), ("birth_year", .value("1789")),
            ])
        }
    }

    private func languages(_ seeker: SimSeeker, _ random: inout SimRandom) -> String {
        switch seeker.nationality {
        case 1: return random.chance(0.4) ? "my|th" : "Burmese"
        case 2: return random.chance(0.6) ? "lo|th" : "ลาว"
        case 3: return random.chance(0.4) ? "km|th" : "km"
        default: return seeker.education >= 6 && random.chance(0.6) ? random.pick(["th|en", "ไทย|อังกฤษ", "Thai|English"]) : "th"
        }
    }

    private func writeEmployers(_ sink: inout RowSink) throws {
        for index in world.employers.indices {
            let employer = world.employers[index]
            var random = SimRandom(seed: world.seed, stream: .noise, index: 1 << 40 | index)
            var row = sink.row()
            row["employer_id"] = identity.juristicID(employer: index)
            row["name"] = identity.employerName(employer, index: index)
            if random.chance(0.95) { row["province"] = SimFormats.province(employer.province, &random) }
            if random.chance(0.9) { row["industry"] = SimWorld.sectors[Int(employer.sector)] }
            if random.chance(0.8) { row["employees"] = String(Int(employer.employees)) }
            row["updated_at"] = SimFormats.time(timeOnDay(world.start.daysSince1970 - Int32(random.int(1...400)), &random), &random)
            try sink.emit(row)
            try sink.maybeDuplicate(row, rate: 0.01)
            try sink.maybeInvalid(row, spoilers: [("employer_id", .breakCheckDigit), ("employees", .value("-12"))])
        }
    }

    private func writeVacancies(_ sink: inout RowSink) throws {
        let catalog = world.catalog
        for v in world.vacancies.indices {
            let vacancy = world.vacancies[v]
            guard vacancy.opens < endDay else { continue }
            var random = SimRandom(seed: world.seed, stream: .noise, index: 2 << 40 | v)
            let occupation = catalog.occupations[Int(vacancy.occupation)]
            var row = sink.row()
            row["vacancy_id"] = identity.vacancyID(v)
            row["employer_id"] = identity.juristicID(employer: Int(vacancy.employer))
            var title = self.title(Int(vacancy.occupation), form: vacancy.titleForm, &random)
            if vacancy.misspelt { title = SimFormats.misspell(title, &random) }
            if vacancy.positions > 1 && random.chance(0.3) { title += " \(vacancy.positions) อัตรา" }
            row["title"] = title
            var hard: [String] = []
            for position in 0..<Int(vacancy.skillCount) where vacancy.listed & (1 << UInt16(position)) != 0 {
                hard.append(skillLabel(Int(world.vacancySkills[Int(vacancy.skillStart) + position]), &random))
            }
            if !hard.isEmpty { row["hard_skills"] = hard.joined(separator: "|") }
            let soft = random.sample(random.int(0...3), of: catalog.softSkills.count).map { catalog.softSkills[$0].thai }
            if !soft.isEmpty { row["soft_skills"] = soft.joined(separator: "|") }
            row["description"] = description(vacancy, occupation: occupation, hard: hard, soft: soft, &random)
            row["occupation"] = random.chance(0.05) ? occupation.isco.digits + ".1" : occupation.isco.digits
            if vacancy.listedEducation >= 0 { row["min_education"] = SimFormats.education(vacancy.listedEducation, &random) }
            if random.chance(0.8) { row["min_experience_years"] = String(vacancy.minExperience) }
            if vacancy.wageMax > 0 {
                if occupation.dailyWage && vacancy.country == 0 && random.chance(0.7) {
                    // Up to the next 5 baht, so a daily wage never falls under the monthly one.
                    let low = Int((Double(vacancy.wageMin) / 26 / 5).rounded(.up)) * 5
                    row["wage_min"] = String(low)
                    row["wage_max"] = String(max(low, Int((Double(vacancy.wageMax) / 26 / 5).rounded(.up)) * 5))
                    row["wage_unit"] = random.chance(0.8) ? "day" : "วัน"
                } else {
                    row["wage_min"] = SimFormats.money(Int(vacancy.wageMin), &random)
                    row["wage_max"] = SimFormats.money(Int(vacancy.wageMax), &random)
                    if random.chance(0.7) { row["wage_unit"] = "month" }
                }
            }
            if vacancy.positions > 1 || random.chance(0.5) { row["positions"] = String(vacancy.positions) }
            if vacancy.country == 0 {
                row["province"] = SimFormats.province(vacancy.province, &random)
            } else {
                let code = SimWorld.abroadCountries[Int(vacancy.country) - 1]
                row["country"] = random.chance(0.8) ? code : Self.countryNamesThai[code]
            }
            row["opens_on"] = SimFormats.day(Day(daysSince1970: vacancy.opens), &random)
            var updated = vacancy.opens
            // A filled posting is closed by most employers; some leave it as it was.
            var closes = vacancy.plannedClose
            if vacancy.filledOn < endDay && random.chance(0.8) {
                closes = min(closes, vacancy.filledOn)
                updated = vacancy.filledOn
            }
            if closes != .max { row["closes_on"] = SimFormats.day(Day(daysSince1970: closes), &random) }
            if vacancy.foreignWorkers || random.chance(0.4) { row["foreign_workers"] = vacancy.foreignWorkers ? "yes" : "no" }
            row["updated_at"] = SimFormats.time(timeOnDay(updated, &random), &random)
            try sink.emit(row)
            try sink.maybeDuplicate(row, rate: 0.01)
            try sink.maybeInvalid(row, spoilers: [
                ("employer_id", .breakCheckDigit), ("occupation", .value("9999")), ("opens_on", .value("31/02/2568")),
                ("positions", .value("0")),
            ])
        }
    }

    private func description(
        _ vacancy: SimVacancy, occupation: SimCatalog.Occupation, hard: [String], soft: [String], _ random: inout SimRandom
    ) -> String {
        if vacancy.titleForm == 2 {
            var text = "Position: \(occupation.titleEnglish)."
            if !hard.isEmpty { text += " Requirements: \(hard.joined(separator: ", "))." }
            text += random.pick([" Social security and annual bonus.", " Training provided.", " Overtime available.", ""])
            return text
        }
        var lines = ["รับสมัคร\(occupation.titleThai) \(vacancy.positions) อัตรา"]
        if !hard.isEmpty { lines.append("คุณสมบัติ: " + hard.joined(separator: ", ")) }
        if vacancy.listedEducation >= 0 {
            lines.append("วุฒิการศึกษา \(EducationLevel(rawValue: vacancy.listedEducation)!.thaiName) ขึ้นไป")
        }
        if vacancy.minExperience > 0 { lines.append("มีประสบการณ์ \(vacancy.minExperience) ปีขึ้นไป") }
        if !soft.isEmpty { lines.append(soft.joined(separator: " ")) }
        lines.append(random.pick(Self.benefits))
        if vacancy.country != 0 { lines.append("ทำงานต่างประเทศ สัญญา 3 ปี ผ่านกรมการจัดหางาน") }
        return lines.joined(separator: random.chance(0.5) ? "\n" : " ")
    }

    /// Events are most of the rows: encoded in chunks of 200,000 on all cores (each chunk with
    /// its own random stream, so the bytes do not depend on the number of cores) and written
    /// in order.
    private func writeEvents(_ writer: FeedWriter) throws -> FeedFileReport {
        let events = log.events.filter { $0.time < endTime }
        let chunk = 200_000
        let chunks = (events.count + chunk - 1) / chunk
        let encoder = writer.makeEncoder()
        let columns = ColumnMap(encoder.columns)
        let citizen = columns.index("citizen_id")
        let nationality = columns.index("nationality")
        let passport = columns.index("passport")
        let vacancyColumn = columns.index("vacancy_id")
        let kindColumn = columns.index("event")
        let at = columns.index("at")
        let source = columns.index("source")
        let sources = ["app", "web", "office"]
        let spoilers: [(String, Spoiler)] = [
            ("event", .value("click")), ("at", .value("2025-13-01T10:00:00+07:00")), ("citizen_id", .breakCheckDigit),
        ]
        var report = FeedFileReport(feed: FeedKind.events.name, file: fileName(.events), rows: 0, duplicates: 0, olderVersions: 0, invalid: 0)
        // A wave of chunks at a time keeps the encoded bytes in memory small.
        let wave = 8
        var first = 0
        while first < chunks {
            let count = min(wave, chunks - first)
            let firstPart = first
            let results = ResultSlots<RowSink>(count: count)
            DispatchQueue.concurrentPerform(iterations: count) { offset in
                let part = firstPart + offset
                var sink = RowSink(writer: nil, encoder: encoder, invalidRate: invalidRate,
                                   random: SimRandom(seed: world.seed, stream: .export, index: 1 << 32 | part))
                var random = SimRandom(seed: world.seed, stream: .noise, index: 3 << 40 | part)
                var values = [String?](repeating: nil, count: columns.count)
                results.set(offset, Result {
                    for event in events[(part * chunk)..<min(events.count, (part + 1) * chunk)] {
                        let seeker = world.seekers[Int(event.seeker)]
                        if seeker.nationality == 0 {
                            values[citizen] = people[Int(event.seeker)]
                        } else {
                            values[nationality] = SimWorld.foreignNationalities[Int(seeker.nationality) - 1]
                            values[passport] = people[Int(event.seeker)]
                        }
                        values[vacancyColumn] = vacancyIDs[Int(event.vacancy)]
                        values[kindColumn] = (random.chance(0.9) ? Self.eventNames : Self.eventNamesThai)[Int(event.kind.rawValue) - 1]
                        values[at] = SimFormats.isoTime(event.time)
                        values[source] = sources[Int(event.source)]
                        try sink.emit(values: values)
                        if random.chance(0.003) { try sink.emitDuplicate(values: values) }
                        if random.chance(invalidRate / 4) {
                            var row = sink.row()
                            row.values = values
                            try sink.emitInvalid(row, spoilers: spoilers)
                        }
                        values[citizen] = nil
                        values[nationality] = nil
                        values[passport] = nil
                    }
                    return sink
                })
            }
            for sink in try results.values() {
                try writer.write(encoded: sink.encoder)
                report.rows += sink.rows
                report.duplicates += sink.duplicates
                report.invalid += sink.invalid
            }
            first += count
        }
        // At least two invalid rows, even in a small file.
        if report.invalid < 2, let last = events.last {
            var sink = RowSink(writer: writer, encoder: encoder, invalidRate: invalidRate,
                               random: SimRandom(seed: world.seed, stream: .export, index: 2 << 32))
            var row = sink.row()
            personColumns(Int(last.seeker), &row)
            row["vacancy_id"] = vacancyIDs[Int(last.vacancy)]
            row["event"] = Self.eventNames[Int(last.kind.rawValue) - 1]
            row["at"] = SimFormats.isoTime(last.time)
            row["source"] = sources[Int(last.source)]
            for _ in report.invalid..<2 { try sink.emitInvalid(row, spoilers: spoilers) }
            try sink.finish(minimum: 0)
            report.rows += sink.rows
            report.invalid += sink.invalid
        }
        try writer.close()
        return report
    }

    // MARK: Programmes

    private func writeUnemployment(_ sink: inout RowSink) throws {
        for s in world.seekers.indices {
            let seeker = world.seekers[s]
            guard seeker.has(.unemployment), seeker.arrival < endDay else { continue }
            var random = SimRandom(seed: world.seed, stream: .noise, index: 4 << 40 | s)
            var row = sink.row()
            personColumns(s, &row)
            let registered = seeker.arrival
            row["registered_on"] = SimFormats.day(Day(daysSince1970: registered), &random)
            row["separated_on"] = SimFormats.day(Day(daysSince1970: registered - Int32(random.int(1...30))), &random)
            row["cause"] = random.pick(["layoff", "layoff", "resigned", "contract_end", "closure", "เลิกจ้าง", "ลาออก", "other"])
            let last = seeker.secondOccupation >= 0 && random.chance(0.3) ? seeker.secondOccupation : seeker.occupation
            row["last_occupation"] = world.catalog.occupations[Int(last)].isco.digits
            row["last_wage"] = SimFormats.money(Int((Double(seeker.wageFloor) * 1.12 / 100).rounded()) * 100, &random)
            if random.chance(0.85) { row["last_employer_id"] = identity.juristicID(employer: random.below(world.employers.count)) }
            row["province"] = SimFormats.province(seeker.province, &random)
            let benefitEnds = registered + 180
            var reports: [String] = []
            var day = registered + 30
            var lastReport = registered
            while reports.count < 6 {
                let report = day + Int32(random.int(0...5))
                guard report < min(seeker.leftOn, endDay, benefitEnds) else { break }
                reports.append(SimFormats.day(Day(daysSince1970: report), &random))
                lastReport = report
                day += 30
            }
            if !reports.isEmpty { row["reported_on"] = reports.joined(separator: "|") }
            if random.chance(0.9) { row["benefit_ends_on"] = SimFormats.day(Day(daysSince1970: benefitEnds), &random) }
            row["updated_at"] = SimFormats.time(timeOnDay(lastReport, &random), &random)
            try sink.emit(row)
            try sink.maybeDuplicate(row, rate: 0.01)
            try sink.maybeInvalid(row, spoilers: [
                ("citizen_id", .breakCheckDigit), ("cause", .value("fired?")),
                ("separated_on", .value(Day(daysSince1970: registered + 3).description)),
            ])
        }
    }

    private func writeGraduates(_ sink: inout RowSink) throws {
        for s in world.seekers.indices {
            let seeker = world.seekers[s]
            guard seeker.has(.coPayment), seeker.arrival < endDay else { continue }
            var random = SimRandom(seed: world.seed, stream: .noise, index: 5 << 40 | s)
            var row = sink.row()
            personColumns(s, &row)
            if random.chance(0.7) { row["name"] = identity.name(seeker: s, nationality: 0, birthYear: Int(seeker.birthYear)) }
            let enrolled = Day(daysSince1970: seeker.arrival)
            row["enrolled_on"] = SimFormats.day(enrolled, &random)
            row["graduation_year"] = SimFormats.year(enrolled.year - (random.chance(0.6) ? 0 : 1), &random)
            row["degree"] = SimFormats.education(seeker.education, &random)
            let sector = world.catalog.occupations[Int(seeker.occupation)].sector
            if random.chance(0.9) { row["field"] = random.pick(Self.fields[sector] ?? Self.generalFields) }
            if random.chance(0.8) { row["institution"] = random.pick(seeker.education >= 6 ? Self.universities : Self.colleges) }
            row["updated_at"] = SimFormats.time(timeOnDay(seeker.arrival, &random), &random)
            try sink.emit(row)
            try sink.maybeDuplicate(row, rate: 0.01)
            try sink.maybeInvalid(row, spoilers: [
                ("citizen_id", .breakCheckDigit), ("degree", .value("primary")),
                ("graduation_year", .value(String(enrolled.year - 6))),
            ])
        }
    }

    private func writeCoPaymentVacancies(_ sink: inout RowSink) throws {
        for v in world.vacancies.indices {
            let vacancy = world.vacancies[v]
            guard vacancy.coPayment, vacancy.opens < endDay else { continue }
            var random = SimRandom(seed: world.seed, stream: .noise, index: 6 << 40 | v)
            var row = sink.row()
            row["vacancy_id"] = identity.vacancyID(v)
            row["enrolled_on"] = SimFormats.day(Day(daysSince1970: vacancy.opens), &random)
            if random.chance(0.7) { row["ends_on"] = SimFormats.day(Day(daysSince1970: vacancy.opens + 365), &random) }
            row["updated_at"] = SimFormats.time(timeOnDay(vacancy.opens, &random), &random)
            try sink.emit(row)
            try sink.maybeInvalid(row, spoilers: [("vacancy_id", .value("JB 00!1")), ("enrolled_on", .value("2025-00-10"))])
        }
    }

    private func writeAbroadRegistrations(_ sink: inout RowSink) throws {
        for s in world.seekers.indices {
            let seeker = world.seekers[s]
            guard seeker.has(.workAbroad), seeker.arrival < endDay else { continue }
            var random = SimRandom(seed: world.seed, stream: .noise, index: 7 << 40 | s)
            var row = sink.row()
            personColumns(s, &row)
            if random.chance(0.7) { row["name"] = identity.name(seeker: s, nationality: 0, birthYear: Int(seeker.birthYear)) }
            row["registered_on"] = SimFormats.day(Day(daysSince1970: seeker.arrival), &random)
            row["destinations"] = world.destinations(seeker: s).map { index in
                let code = SimWorld.abroadCountries[index]
                return random.chance(0.75) ? code : Self.countryNamesThai[code]!
            }.joined(separator: "|")
            if random.chance(0.8) { row["occupation"] = world.catalog.occupations[Int(seeker.occupation)].isco.digits }
            if random.chance(0.8) { row["expires_on"] = SimFormats.day(Day(daysSince1970: seeker.arrival + 365), &random) }
            row["updated_at"] = SimFormats.time(timeOnDay(seeker.arrival, &random), &random)
            try sink.emit(row)
            try sink.maybeDuplicate(row, rate: 0.01)
            try sink.maybeInvalid(row, spoilers: [("destinations", .value("TH")), ("registered_on", .value("2568-02-30"))])
        }
    }

    private func writeAbroadTrips(_ sink: inout RowSink) throws {
        for s in world.seekers.indices {
            let seeker = world.seekers[s]
            guard seeker.has(.workAbroad), seeker.arrival < endDay else { continue }
            var random = SimRandom(seed: world.seed, stream: .noise, index: 8 << 40 | s)
            let occupation = world.catalog.occupations[Int(seeker.occupation)].isco.digits
            var trips: [(direction: String, day: Int32, country: String)] = []
            // A returning migrant worker: an earlier contract abroad.
            if random.chance(0.25) {
                let country = SimWorld.abroadCountries[world.destinations(seeker: s)[0]]
                trips.append(("departure", seeker.arrival - Int32(random.int(400...1_100)), country))
                trips.append(("return", seeker.arrival - Int32(random.int(10...200)), country))
            }
            if seeker.hiredVacancy >= 0 {
                let vacancy = world.vacancies[Int(seeker.hiredVacancy)]
                let leaves = seeker.leftOn + Int32(random.int(20...60))
                if vacancy.country != 0 && leaves < endDay {
                    trips.append(("departure", leaves, SimWorld.abroadCountries[Int(vacancy.country) - 1]))
                }
            }
            for trip in trips {
                var row = sink.row()
                personColumns(s, &row)
                row["direction"] = random.chance(0.85) ? trip.direction : (trip.direction == "departure" ? "เดินทางออก" : "เดินทางกลับ")
                row["on"] = SimFormats.day(Day(daysSince1970: trip.day), &random)
                row["country"] = trip.country
                if random.chance(0.7) { row["occupation"] = occupation }
                try sink.emit(row)
                try sink.maybeInvalid(row, spoilers: [("direction", .value("sideways")), ("on", .value("32/01/2568"))])
            }
        }
    }

    // MARK: Foreign workers

    private func writeForeignNotices(_ sink: inout RowSink) throws {
        for s in world.seekers.indices {
            let seeker = world.seekers[s]
            guard seeker.nationality != 0, seeker.arrival < endDay else { continue }
            var random = SimRandom(seed: world.seed, stream: .noise, index: 9 << 40 | s)
            var notices: [(employer: Int, starts: Int32, ends: Int32?, occupation: Int16, province: UInt8)] = []
            if let job = world.previousJob(seeker: s) {
                notices.append((job.employer, job.starts, job.ends, seeker.occupation, world.employers[job.employer].province))
            }
            if seeker.hiredVacancy >= 0 {
                let vacancy = world.vacancies[Int(seeker.hiredVacancy)]
                let starts = seeker.leftOn + Int32(random.int(1...7))
                if starts < endDay {
                    notices.append((Int(vacancy.employer), starts, nil, vacancy.occupation, vacancy.province))
                }
            }
            for notice in notices {
                var row = sink.row()
                row["employer_id"] = identity.juristicID(employer: notice.employer)
                row["nationality"] = SimWorld.foreignNationalities[Int(seeker.nationality) - 1]
                row["passport"] = identity.passport(seeker: s, nationality: seeker.nationality)
                if random.chance(0.6) { row["permit_number"] = identity.permitNumber(seeker: s) }
                if random.chance(0.8) { row["name"] = identity.name(seeker: s, nationality: seeker.nationality, birthYear: Int(seeker.birthYear)) }
                row["occupation"] = world.catalog.occupations[Int(notice.occupation)].isco.digits
                if random.chance(0.9) { row["province"] = SimFormats.province(notice.province, &random) }
                row["starts_on"] = SimFormats.day(Day(daysSince1970: notice.starts), &random)
                if let ends = notice.ends { row["ends_on"] = SimFormats.day(Day(daysSince1970: ends), &random) }
                row["updated_at"] = SimFormats.time(timeOnDay(notice.ends ?? notice.starts, &random), &random)
                try sink.emit(row)
                try sink.maybeDuplicate(row, rate: 0.01)
                try sink.maybeInvalid(row, spoilers: [("employer_id", .breakCheckDigit), ("starts_on", .value("2025-02-29"))])
            }
        }
    }

    private func writeWorkPermits(_ sink: inout RowSink) throws {
        for s in world.seekers.indices {
            let seeker = world.seekers[s]
            guard seeker.nationality != 0, seeker.arrival < endDay else { continue }
            var random = SimRandom(seed: world.seed, stream: .noise, index: 10 << 40 | s)
            var row = sink.row()
            let applied = seeker.arrival - Int32(random.int(0...60))
            let appliedDay = Day(daysSince1970: applied)
            row["application_id"] = "WP-\(appliedDay.year)-\(String(s + 100_000_000).dropFirst())"
            row["nationality"] = SimWorld.foreignNationalities[Int(seeker.nationality) - 1]
            row["passport"] = identity.passport(seeker: s, nationality: seeker.nationality)
            let status = random.uniform()
            let approved = status < 0.8
            if approved { row["permit_number"] = identity.permitNumber(seeker: s) }
            if random.chance(0.8) { row["name"] = identity.name(seeker: s, nationality: seeker.nationality, birthYear: Int(seeker.birthYear)) }
            // The employer the worker had when applying (never a later one).
            if let job = world.previousJob(seeker: s), job.starts <= applied, applied <= job.ends {
                row["employer_id"] = identity.juristicID(employer: job.employer)
            }
            row["occupation"] = world.catalog.occupations[Int(seeker.occupation)].isco.digits
            row["status"] = approved ? random.pick(["approved", "approved", "อนุมัติ"])
                : status < 0.88 ? "submitted" : status < 0.93 ? "rejected" : random.pick(["expired", "cancelled"])
            row["applied_on"] = SimFormats.day(appliedDay, &random)
            if approved {
                row["valid_from"] = SimFormats.day(appliedDay + random.int(7...30), &random)
                row["valid_until"] = SimFormats.day(appliedDay + 730, &random)
            }
            row["updated_at"] = SimFormats.time(timeOnDay(min(applied + 30, endDay - 1), &random), &random)
            try sink.emit(row)
            try sink.maybeDuplicate(row, rate: 0.01)
            try sink.maybeInvalid(row, spoilers: [("nationality", .value("VN")), ("status", .value("pending?")), ("applied_on", .value("2025-04-31"))])
        }
    }

    // MARK: Vocabularies

    static let eventNames = ["view", "apply", "interview", "hire", "reject", "withdraw"]
    static let eventNamesThai = ["ดู", "สมัคร", "สัมภาษณ์", "จ้าง", "ปฏิเสธ", "ถอน"]
    static let countryNamesThai = ["TW": "ไต้หวัน", "KR": "เกาหลีใต้", "JP": "ญี่ปุ่น", "IL": "อิสราเอล"]
    static let benefits = [
        "สวัสดิการ: ประกันสังคม โบนัสประจำปี ชุดยูนิฟอร์ม", "มีค่าล่วงเวลา (OT) เบี้ยขยัน", "มีที่พักและรถรับส่ง",
        "วันหยุดตามประเพณี ปรับเงินเดือนประจำปี", "ทำงาน 6 วันต่อสัปดาห์ 08.00-17.00 น.", "Social security, bonus",
    ]
    static let generalFields = ["บริหารธุรกิจ", "การจัดการทั่วไป", "Business Administration", "ศิลปศาสตร์"]
    static let fields: [String: [String]] = [
        "manufacturing": ["วิศวกรรมอุตสาหการ", "ช่างกลโรงงาน", "ช่างยนต์", "Mechanical Engineering", "ไฟฟ้ากำลัง"],
        "retail": ["การตลาด", "บริหารธุรกิจ", "การขาย", "Marketing"],
        "logistics": ["โลจิสติกส์", "การจัดการโซ่อุปทาน", "Logistics Management"],
        "hospitality": ["การโรงแรม", "การท่องเที่ยว", "อาหารและโภชนาการ", "Hotel Management"],
        "construction": ["วิศวกรรมโยธา", "ช่างก่อสร้าง", "สถาปัตยกรรม", "Civil Engineering"],
        "ICT": ["วิทยาการคอมพิวเตอร์", "เทคโนโลยีสารสนเทศ", "Computer Science", "วิศวกรรมคอมพิวเตอร์"],
        "agriculture": ["เกษตรศาสตร์", "สัตวศาสตร์", "ประมง", "Agriculture"],
        "finance": ["การบัญชี", "การเงินการธนาคาร", "เศรษฐศาสตร์", "Accounting"],
        "health": ["พยาบาลศาสตร์", "สาธารณสุขศาสตร์", "เภสัชศาสตร์", "Nursing"],
        "education": ["ครุศาสตร์", "ศึกษาศาสตร์", "ภาษาอังกฤษ", "Education"],
        "public": ["รัฐศาสตร์", "นิติศาสตร์", "รัฐประศาสนศาสตร์"],
        "services": ["บริหารธุรกิจ", "นิเทศศาสตร์", "ภาษาอังกฤษ", "Communication Arts"],
        "energy": ["วิศวกรรมไฟฟ้า", "วิศวกรรมเคมี", "Electrical Engineering"],
    ]
    static let universities = [
        "จุฬาลงกรณ์มหาวิทยาลัย", "มหาวิทยาลัยขอนแก่น", "มหาวิทยาลัยเชียงใหม่", "มหาวิทยาลัยสงขลานครินทร์",
        "มหาวิทยาลัยราชภัฏนครราชสีมา", "มหาวิทยาลัยรามคำแหง", "มหาวิทยาลัยเทคโนโลยีราชมงคลธัญบุรี", "Mahidol University",
        "มหาวิทยาลัยบูรพา", "มหาวิทยาลัยมหาสารคาม",
    ]
    static let colleges = [
        "วิทยาลัยเทคนิคชลบุรี", "วิทยาลัยอาชีวศึกษาขอนแก่น", "วิทยาลัยเทคนิคนครราชสีมา", "วิทยาลัยพณิชยการธนบุรี",
        "วิทยาลัยเทคนิคเชียงใหม่", "วิทยาลัยการอาชีพบางปะอิน",
    ]
}

/// Results of parallel work, one slot each.
final class ResultSlots<Value>: @unchecked Sendable {
    private var slots: [Result<Value, any Error>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<Value, any Error>) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    func values() throws -> [Value] { try slots.map { try $0!.get() } }
}
