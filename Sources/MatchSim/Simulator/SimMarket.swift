import Foundation
import HeapModule
import MatchCore

/// One job-board event of the simulation.
struct SimEvent: Sendable {
    enum Kind: UInt8 { case view = 1, apply, interview, hire, reject, withdraw }
    var seeker: Int32
    var vacancy: Int32
    /// Seconds since 1970 (UTC).
    var time: Int64
    var kind: Kind
    /// 0 app, 1 web, 2 office.
    var source: UInt8
}

/// What the months of the market produced (besides the changed seekers and vacancies).
struct MarketLog: Sendable {
    var events: [SimEvent] = []
    var sessions = 0
    var shown = 0
    var applications = 0
    var interviews = 0
    var hires = 0
}

extension SimWorld {
    /// Keyword variants a seeker may type for an occupation (its Thai and English titles), each
    /// with the occupations whose titles contain it: the job board's keyword search.
    func keywordMatches() -> [[[Int]]] {
        let titles = catalog.occupations.map { occupation in
            ([occupation.titleThai, occupation.titleEnglish] + occupation.altTitlesThai + occupation.altTitlesEnglish)
                .map { $0.lowercased() }
        }
        return catalog.occupations.indices.map { index in
            let variants = [catalog.occupations[index].titleThai, catalog.occupations[index].titleEnglish]
                + catalog.occupations[index].altTitlesThai.prefix(1)
            return variants.map { variant in
                let keyword = variant.lowercased()
                var matched = catalog.occupations.indices.filter { other in titles[other].contains { $0.contains(keyword) } }
                if !matched.contains(index) { matched.append(index) }
                return matched
            }
        }
    }

    /// The provinces a seeker also searches besides home: a relocating seeker looks in Bangkok
    /// or a job hub; some seekers name one neighbour province.
    func searchProvinces(seeker index: Int) -> [UInt8] {
        let seeker = seekers[index]
        var random = SimRandom(seed: seed, stream: .preference, index: index)
        var provinces: [UInt8] = []
        if seeker.relocate {
            provinces.append(random.pick([10, 10, 10, 20, 21, 11, 13, 14, 83]))
        }
        if random.chance(0.3) {
            let near = nearProvinces[Int(seeker.province)]
            if !near.isEmpty { provinces.append(near[random.below(near.count)]) }
        }
        return provinces.filter { $0 != seeker.province }.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    /// A foreign worker's job before registering (half of them had one): the employer and the
    /// days it started and ended.
    func previousJob(seeker index: Int) -> (employer: Int, starts: Int32, ends: Int32)? {
        let seeker = seekers[index]
        guard seeker.nationality != 0 else { return nil }
        var random = SimRandom(seed: seed, stream: .history, index: index)
        guard random.chance(0.5) else { return nil }
        return (random.below(employers.count), seeker.arrival - Int32(random.int(200...700)), seeker.arrival - Int32(random.int(1...30)))
    }

    /// Destination countries (indices into ``abroadCountries``) of a work-abroad registrant.
    func destinations(seeker index: Int) -> [Int] {
        var random = SimRandom(seed: seed, stream: .abroad, index: index)
        let first = WeightedChoice(SimWorld.abroadCountryWeights).draw(&random)
        var list = [first]
        if random.chance(0.3) {
            let second = random.below(SimWorld.abroadCountries.count)
            if second != first { list.append(second) }
        }
        return list
    }

    /// Runs the months: seekers arrive and search, see the newest matching vacancies of their
    /// province (the exposure bias of keyword search), view, apply, are interviewed, hired or
    /// rejected; vacancies fill and close; seekers who find a job or give up leave.
    func runMarket(months: Int, progress: (Int) -> Void) -> MarketLog {
        var log = MarketLog()
        log.events.reserveCapacity(seekers.count * 12)
        let matches = keywordMatches()
        let occupationCount = catalog.occupations.count
        // Open vacancies by place (province code, 0 for the whole country, or 200 + country) and
        // occupation, in order of opening.
        var index = [[Int32]](repeating: [], count: 256 * (occupationCount + 1))
        let stride = occupationCount + 1
        let byOpening = vacancies.indices.sorted { (vacancies[$0].opens, $0) < (vacancies[$1].opens, $1) }
        var nextVacancy = 0
        var applied = Set<Int64>()
        let endDay = end.daysSince1970
        let endTime = Int64(endDay) * 86_400 - 7 * 3_600
        var extraProvinces = [[UInt8]?](repeating: nil, count: seekers.count)
        var destinationCache = [[Int]?](repeating: nil, count: seekers.count)
        let rankDecay = (0..<20).map { 0.9 * pow(0.88, Double($0)) }
        var results: [(opens: Int32, vacancy: Int32)] = []
        results.reserveCapacity(64)

        // Interviews and decisions waiting for their day, earliest first.
        var pending = Heap<PendingStep>()
        var random = SimRandom(seed: seed, stream: .month, index: 0)
        /// Takes every waiting step up to `time`: an interview happens if the posting still has a
        /// free position and the seeker is still looking; a decision then hires on its day, within
        /// the posting's period.
        func resolve(upTo time: Int64) {
            while let next = pending.min, next.time <= time {
                pending.removeMin()
                let s = Int(next.seeker)
                let v = Int(next.vacancy)
                let day = Int32((next.time + 7 * 3_600) / 86_400)
                var vacancy = vacancies[v]
                var seeker = seekers[s]
                let available = vacancy.hires < vacancy.positions && day <= vacancy.plannedClose
                guard seeker.leftOn > day else { continue }
                switch next.kind {
                case .interview:
                    guard available else {
                        if random.chance(0.5) { log.events.append(SimEvent(seeker: next.seeker, vacancy: next.vacancy, time: next.time, kind: .reject, source: next.source)) }
                        continue
                    }
                    log.events.append(SimEvent(seeker: next.seeker, vacancy: next.vacancy, time: next.time, kind: .interview, source: next.source))
                    let decision = Self.officeTime(after: next.time, workingDays: 2...8, &random)
                    if decision < endTime {
                        pending.insert(PendingStep(time: decision, seeker: next.seeker, vacancy: next.vacancy, kind: .decision, source: next.source, step: next.step))
                    }
                case .decision:
                    if available && random.chance(next.step) {
                        log.events.append(SimEvent(seeker: next.seeker, vacancy: next.vacancy, time: next.time, kind: .hire, source: next.source))
                        vacancy.hires += 1
                        if vacancy.hires == vacancy.positions { vacancy.filledOn = day }
                        vacancies[v] = vacancy
                        seeker.leftOn = day
                        seeker.hiredVacancy = next.vacancy
                        seekers[s] = seeker
                    } else if random.chance(0.8) {
                        log.events.append(SimEvent(seeker: next.seeker, vacancy: next.vacancy, time: next.time, kind: .reject, source: next.source))
                    }
                }
            }
        }

        for month in 0..<months {
            let monthStart = start.addingMonths(month).daysSince1970
            let monthEnd = min(start.addingMonths(month + 1).daysSince1970, endDay)
            // Sessions of the month, in time order: key = second of the month << 26 | seeker.
            var sessions: [UInt64] = []
            sessions.reserveCapacity(seekers.count)
            let monthDays = Int(monthEnd - monthStart)
            for s in seekers.indices {
                let seeker = seekers[s]
                guard seeker.has(.jobBoard), seeker.arrival < monthEnd, seeker.leftOn > monthStart else { continue }
                var random = SimRandom(seed: seed, stream: .session, index: s &* 131 &+ month)
                let first = max(monthStart, seeker.arrival)
                let activeDays = Int(monthEnd - first)
                // Some give up: about 5 % a month.
                if seeker.leftOn == .max && random.chance(0.05) {
                    seekers[s].leftOn = first + Int32(random.below(activeDays))
                }
                let count = random.poisson(Double(seeker.activity) * Double(activeDays) / Double(max(monthDays, 1)))
                for _ in 0..<count {
                    // Evenings and office hours are busy, the small hours quiet.
                    let second = (Int(first - monthStart) + random.below(activeDays)) * 86_400
                        + Self.sessionHour.draw(&random) * 3_600 + random.below(3_600)
                    sessions.append(UInt64(second) << 26 | UInt64(s))
                }
            }
            sessions.sort()

            random = SimRandom(seed: seed, stream: .month, index: month)
            for key in sessions {
                let s = Int(key & (1 << 26 - 1))
                let secondOfMonth = Int(key >> 26)
                let day = monthStart + Int32(secondOfMonth / 86_400)
                // Postings enter the search on the day they open.
                while nextVacancy < byOpening.count && vacancies[byOpening[nextVacancy]].opens <= day {
                    let v = byOpening[nextVacancy]
                    let place = vacancies[v].country == 0 ? Int(vacancies[v].province) : 200 + Int(vacancies[v].country)
                    index[place * stride + Int(vacancies[v].occupation)].append(Int32(v))
                    // Place 0 is the whole country (searches without a province); the last column of
                    // a place is all its occupations (browsing the newest jobs of a province).
                    if vacancies[v].country == 0 {
                        index[Int(vacancies[v].occupation)].append(Int32(v))
                        index[place * stride + occupationCount].append(Int32(v))
                    }
                    nextVacancy += 1
                }
                let sessionTime = Int64(monthStart) * 86_400 + Int64(secondOfMonth) - 7 * 3_600
                resolve(upTo: sessionTime)
                var seeker = seekers[s]
                guard seeker.leftOn > day else { continue }
                log.sessions += 1
                // App or web; at a DOE office only on a working day in office hours.
                let hour = secondOfMonth % 86_400 / 3_600
                let office = Self.isWorkingDay(day) && (8...15).contains(hour) && random.chance(0.12)
                let source: UInt8 = office ? 2 : random.chance(0.6) ? 0 : 1

                // Where and what the seeker searches.
                var place = Int(seeker.province)
                if seeker.has(.workAbroad) && random.chance(0.35) {
                    if destinationCache[s] == nil { destinationCache[s] = destinations(seeker: s) }
                    place = 201 + random.pick(destinationCache[s]!)
                } else if random.chance(0.2) {
                    place = 0
                } else if random.chance(0.25) {
                    if extraProvinces[s] == nil { extraProvinces[s] = searchProvinces(seeker: s) }
                    if let other = extraProvinces[s], !other.isEmpty { place = Int(random.pick(other)) }
                }
                let wanted = seeker.secondOccupation >= 0 && random.chance(0.25) ? Int(seeker.secondOccupation) : Int(seeker.occupation)
                let variants = matches[wanted]
                // A quarter of the sessions browse the newest jobs of the province without a keyword.
                let browse = place > 0 && place < 200 && random.chance(0.25)
                let occupations = browse ? [occupationCount] : variants[random.below(variants.count)]

                // The newest open vacancies first, up to 20.
                results.removeAll(keepingCapacity: true)
                for occupation in occupations {
                    let slot = place * stride + occupation
                    var list = index[slot]
                    var taken = 0
                    var stale = 0
                    var position = list.count - 1
                    while position >= 0 && taken < 20 {
                        let v = Int(list[position])
                        let vacancy = vacancies[v]
                        if vacancy.hires >= vacancy.positions || vacancy.plannedClose < day {
                            stale += 1
                        } else if vacancy.opens <= day && (browse || !vacancy.misspelt) && (seeker.nationality == 0 || vacancy.foreignWorkers) {
                            results.append((vacancy.opens, Int32(v)))
                            taken += 1
                        }
                        position -= 1
                    }
                    if stale > 32 && stale * 2 > list.count {
                        list.removeAll { vacancies[Int($0)].hires >= vacancies[Int($0)].positions || vacancies[Int($0)].plannedClose < day }
                        index[slot] = list
                    }
                }
                if occupations.count > 1 { results.sort { ($0.opens, $0.vacancy) > ($1.opens, $1.vacancy) } }
                if results.count > 20 { results.removeLast(results.count - 20) }
                log.shown += results.count

                for (rank, result) in results.enumerated() {
                    let v = Int(result.vacancy)
                    var vacancy = vacancies[v]
                    guard vacancy.hires < vacancy.positions else { continue }
                    let employer = employers[Int(vacancy.employer)]
                    // What the seeker sees before clicking: the title, the stated wage and the place.
                    let interest = model.interest(seeker: seeker, occupation: Int(vacancy.occupation), world: self)
                    let offered = Double(vacancy.wageMin + vacancy.wageMax) / 2
                    let wageLook = offered > 0 ? logistic(model.wageSlope * (offered / Double(seeker.wageFloor) - 1)) : 0.5
                    let placeLook = vacancy.country == 0 ? model.distanceAcceptance(seeker: seeker, vacancy: vacancy) : 1
                    let viewChance = rankDecay[rank] * (0.15 + 0.85 * interest * wageLook * placeLook)
                    guard random.chance(viewChance) else { continue }
                    let viewTime = sessionTime + Int64(rank * 25 + random.below(20))
                    log.events.append(SimEvent(seeker: Int32(s), vacancy: Int32(v), time: viewTime, kind: .view, source: source))

                    let applyChance = model.applyRate * model.apply(seeker: seeker, vacancy: vacancy, employerSize: employer.employees, world: self)
                    guard random.chance(applyChance), applied.insert(Int64(s) << 32 | Int64(v)).inserted else { continue }
                    let applyTime = viewTime + Int64(60 + random.below(1_800))
                    log.events.append(SimEvent(seeker: Int32(s), vacancy: Int32(v), time: applyTime, kind: .apply, source: source))
                    if random.chance(model.withdrawRate) {
                        let at = applyTime + Int64(random.int(1...5)) * 86_400
                        if at < endTime { log.events.append(SimEvent(seeker: Int32(s), vacancy: Int32(v), time: at, kind: .withdraw, source: source)) }
                        continue
                    }

                    // The employer's side: interview, then hire, each with the square root of the
                    // chance; both wait in the queue until their day comes.
                    let q = min(1, model.hire(seeker: seeker, vacancy: vacancy, employerEffect: employer.effect, world: self)
                        * exp(model.noiseSigma * pairNoise(seed: seed, s, v)))
                    let step = q.squareRoot()
                    guard random.chance(step) else {
                        if random.chance(0.5) {
                            let at = Self.officeTime(after: applyTime, workingDays: 5...15, &random)
                            if at < endTime { log.events.append(SimEvent(seeker: Int32(s), vacancy: Int32(v), time: at, kind: .reject, source: source)) }
                        }
                        continue
                    }
                    let interviewTime = Self.officeTime(after: applyTime, workingDays: 3...8, &random)
                    if interviewTime < endTime {
                        pending.insert(PendingStep(time: interviewTime, seeker: Int32(s), vacancy: Int32(v), kind: .interview, source: source, step: step))
                    }
                }
            }
            resolve(upTo: Int64(monthEnd) * 86_400 - 7 * 3_600 - 1)
            progress(month + 1)
        }
        // What the export holds: events before the end, in time order; the counts are of those.
        log.events.removeAll { $0.time >= endTime }
        log.events.sort { ($0.time, $0.seeker, $0.vacancy, $0.kind.rawValue) < ($1.time, $1.seeker, $1.vacancy, $1.kind.rawValue) }
        for event in log.events {
            switch event.kind {
            case .apply: log.applications += 1
            case .interview: log.interviews += 1
            case .hire: log.hires += 1
            default: break
            }
        }
        return log
    }

    /// Job-board sessions by hour of the day (Bangkok time).
    static let sessionHour = WeightedChoice([
        1, 0.5, 0.3, 0.3, 0.3, 0.6, 1.5, 3, 4, 5, 5, 4.5, 5, 5, 4.5, 4, 4, 4, 4.5, 5.5, 6, 5.5, 4, 2.5,
    ])

    /// Monday to Friday (1 January 1970 was a Thursday).
    static func isWorkingDay(_ day: Int32) -> Bool { (Int(day) + 3) % 7 < 5 }

    /// A time in office hours (09:00–16:00 Bangkok) some working days (Monday to Friday) after `time`.
    static func officeTime(after time: Int64, workingDays: ClosedRange<Int>, _ random: inout SimRandom) -> Int64 {
        var day = Int32((time + 7 * 3_600) / 86_400)
        var left = random.int(workingDays)
        while left > 0 {
            day += 1
            if isWorkingDay(day) { left -= 1 }
        }
        return Int64(day) * 86_400 - 7 * 3_600 + Int64(9 * 3_600 + random.below(7 * 3_600))
    }
}

/// An interview or a decision waiting for its time.
struct PendingStep: Comparable {
    enum Kind: UInt8 { case interview = 1, decision }
    var time: Int64
    var seeker: Int32
    var vacancy: Int32
    var kind: Kind
    var source: UInt8
    /// The square root of the pair's employer-side chance: of an interview, then of a hire.
    var step: Double

    static func < (a: PendingStep, b: PendingStep) -> Bool {
        (a.time, a.seeker, a.vacancy, a.kind.rawValue) < (b.time, b.seeker, b.vacancy, b.kind.rawValue)
    }

    static func == (a: PendingStep, b: PendingStep) -> Bool {
        (a.time, a.seeker, a.vacancy, a.kind) == (b.time, b.seeker, b.vacancy, b.kind)
    }
}

extension Day {
    /// The same day of the month `months` later (clamped to the month's length).
    func addingMonths(_ months: Int) -> Day {
        let total = year * 12 + (month - 1) + months
        let newYear = total / 12
        let newMonth = total % 12 + 1
        var newDay = day
        while Day(year: newYear, month: newMonth, day: newDay) == nil { newDay -= 1 }
        return Day(year: newYear, month: newMonth, day: newDay)!
    }
}
