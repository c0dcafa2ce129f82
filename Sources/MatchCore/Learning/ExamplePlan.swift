import Foundation

/// The groups and rows of one ``ExampleBuilder`` run before features: which seeker, which week,
/// which vacancies with which labels. Indices are into the snapshot's arrays.
struct ExamplePlan {
    struct Row: Equatable {
        var vacancy: Int32
        var label: Float
    }

    struct Group {
        var seeker: Int32
        var week: Day
        /// The week's days inside the period.
        var days: ClosedRange<Day>
        /// The time of the seeker's first application of the week (Unix seconds).
        var firstAt: Int64
        /// Positives first while planning; shuffled once the negatives are in.
        var rows: [Row]
        /// The retrieval candidates: eligible on the first application's day, best first.
        var retrieved: [Int32] = []

        var day: Day { Timestamp(secondsSince1970: firstAt).day }
    }

    let snapshot: Snapshot
    let options: ExampleOptions
    let eligibility: Eligibility
    private(set) var groups: [Group] = []
    /// Per seeker (snapshot index), the vacancies applied to (or further) by the cut-off.
    private var applied: [Int32: Set<Int32>] = [:]
    /// Per seeker, the vacancies viewed in the period with the view's day, in time order.
    private var views: [Int32: [(vacancy: Int32, day: Day)]] = [:]

    init(snapshot: Snapshot, from: Day, through: Day, cutoff: Day, options: ExampleOptions) {
        self.snapshot = snapshot
        self.options = options
        eligibility = Eligibility(snapshot: snapshot)
        let start = Timestamp(from).secondsSince1970
        let end = SnapshotLoader.endOfDay(through)
        let seen = SnapshotLoader.endOfDay(cutoff)

        struct Pair { var first: Int64; var label: Float }
        var pairs: [UInt64: Pair] = [:]
        for event in snapshot.events {
            let at = event.at.secondsSince1970
            guard at < seen else { break }  // sorted by time
            guard event.seekerIndex >= 0, event.vacancyIndex >= 0 else { continue }
            let stage: Float
            switch event.kind {
            case .apply: stage = 1
            case .interview: stage = 2
            case .hire: stage = 3
            case .view:
                if at >= start && at < end { views[event.seekerIndex, default: []].append((event.vacancyIndex, event.at.day)) }
                continue
            case .reject, .withdraw: continue
            }
            applied[event.seekerIndex, default: []].insert(event.vacancyIndex)
            let key = UInt64(UInt32(event.seekerIndex)) << 32 | UInt64(UInt32(event.vacancyIndex))
            if let pair = pairs[key] {
                pairs[key]!.label = max(pair.label, stage)
            } else {
                pairs[key] = Pair(first: at, label: stage)
            }
        }

        // A group per seeker and week of the first applications made in the period.
        var byWeek: [UInt64: Int] = [:]
        for (key, pair) in pairs where pair.first >= start && pair.first < end {
            let seeker = Int32(truncatingIfNeeded: key >> 32), vacancy = Int32(truncatingIfNeeded: key & 0xFFFF_FFFF)
            let week = Timestamp(secondsSince1970: pair.first).day.weekStart
            let groupKey = UInt64(UInt32(seeker)) << 32 | UInt64(UInt32(bitPattern: week.daysSince1970))
            if let index = byWeek[groupKey] {
                groups[index].rows.append(Row(vacancy: vacancy, label: pair.label))
                groups[index].firstAt = min(groups[index].firstAt, pair.first)
            } else {
                byWeek[groupKey] = groups.count
                groups.append(Group(seeker: seeker, week: week, days: max(week, from)...min(week + 6, through),
                                    firstAt: pair.first, rows: [Row(vacancy: vacancy, label: pair.label)]))
            }
        }
        let people = snapshot.seekers
        groups.sort { ($0.week, $0.firstAt, people[Int($0.seeker)].person) < ($1.week, $1.firstAt, people[Int($1.seeker)].person) }
        for index in groups.indices { groups[index].rows.sort { $0.vacancy < $1.vacancy } }
    }

    /// Fills each group's retrieval candidates: per week and per class of seekers the
    /// eligibility rules cannot tell apart (``SeekerTraits``), one exact top-k search of the group seekers' rows against the rows of the
    /// vacancies open in the week that the class may see, the seeker's applications excluded;
    /// then only those open on the group's day are kept, up to `topK`.
    mutating func retrieve(
        seekerRows: Matrix, seekerRow: [Int32: Int], vacancyRows: Matrix, search: SearchConfiguration,
        progress: (@Sendable (ExampleProgress) -> Void)?
    ) async throws {
        var weeks: [Day: [Int]] = [:]
        for (index, group) in groups.enumerated() { weeks[group.week, default: []].append(index) }
        let order = weeks.keys.sorted()
        let searcher = BlockedSearch(configuration: search)
        for (done, week) in order.enumerated() {
            try Task.checkCancellation()
            let members = weeks[week]!
            let days = groups[members[0]].days.lowerBound...members.map { groups[$0].days.upperBound }.max()!
            let pool = eligibility.openVacancies(during: days)
            guard !pool.isEmpty else { continue }
            var position = [Int32: Int](minimumCapacity: pool.count)
            for (at, vacancy) in pool.enumerated() { position[Int32(vacancy)] = at }
            let items = Matrix(rows: pool.count, columns: vacancyRows.columns, elements: pool.lazy.flatMap { vacancyRows.row($0) })
            var classes: [SeekerTraits: [Int]] = [:], classOrder: [SeekerTraits] = []
            let licences = VacancyTraits.requiredLicences(pool.map { snapshot.vacancies[$0] })
            for member in members {
                let traits = SeekerTraits(snapshot.seekers[Int(groups[member].seeker)], licences: licences)
                if classes[traits] == nil { classOrder.append(traits) }
                classes[traits, default: []].append(member)
            }
            let rules = EligibilityRules.standard
            let poolTraits = pool.map { VacancyTraits(snapshot.vacancies[$0], rules: rules) }
            for traits in classOrder {
                let queryGroups = classes[traits]!
                let excluded = pool.indices.filter { rules.rule(excluding: traits, poolTraits[$0]) != nil }
                var pairs: [Exclusions.Pair] = []
                for (query, member) in queryGroups.enumerated() {
                    for vacancy in applied[groups[member].seeker] ?? [] {
                        if let item = position[vacancy] { pairs.append(Exclusions.Pair(query: query, item: item)) }
                    }
                }
                let queryRows = queryGroups.map { seekerRow[groups[$0].seeker]! }
                let queries = Matrix(rows: queryRows.count, columns: seekerRows.columns,
                                     elements: queryRows.lazy.flatMap { seekerRows.row($0) })
                let k = min(pool.count, options.topK + 32)
                let result = try await searcher.search(queries: queries, items: items, k: k,
                                                       exclusions: Exclusions(items: excluded, pairs: pairs))
                for (query, member) in queryGroups.enumerated() {
                    let day = groups[member].day
                    var kept: [Int32] = []
                    for (item, _) in result.neighbors(ofQuery: query) where item >= 0 {
                        let vacancy = pool[item]
                        if eligibility.isOpen(vacancy: vacancy, on: day) { kept.append(Int32(vacancy)) }
                        if kept.count == options.topK { break }
                    }
                    groups[member].retrieved = kept
                }
            }
            progress?(.retrieving(weeks: done + 1, of: order.count))
        }
    }

    /// Adds each group's negatives (viewed, hard, random) and shuffles its rows, all from the
    /// group's own seeded stream, so a group's rows do not depend on the other groups.
    mutating func sampleNegatives() {
        var pools: [Day: [Int]] = [:]
        for index in groups.indices {
            let group = groups[index]
            let profile = snapshot.seekers[Int(group.seeker)]
            let day = group.day
            var random = Self.generator(seed: options.seed, person: profile.person, week: group.week)
            let applied = self.applied[group.seeker] ?? []
            var chosen = Set(group.rows.map(\.vacancy))
            var rows = group.rows
            func take(_ candidates: [Int32], _ count: Int) {
                var candidates = candidates.filter { !chosen.contains($0) }
                let picked = min(count, candidates.count)
                for at in 0..<picked {
                    candidates.swapAt(at, Int.random(in: at..<candidates.count, using: &random))
                    chosen.insert(candidates[at])
                    rows.append(Row(vacancy: candidates[at], label: 0))
                }
            }
            // (a) Viewed in the week, not applied to, eligible on the day.
            var viewed: [Int32] = []
            var seenViews = Set<Int32>()
            for view in views[group.seeker] ?? [] where group.days.contains(view.day) && seenViews.insert(view.vacancy).inserted {
                if !applied.contains(view.vacancy), eligibility.isEligible(seeker: profile, vacancy: Int(view.vacancy), on: day) {
                    viewed.append(view.vacancy)
                }
            }
            take(viewed, options.viewed)
            // (b) From the retrieval top-k (eligible, not applied: filtered by the search).
            take(group.retrieved, options.hard)
            // (c) Uniform among the eligible vacancies: rejection sampling from the week's pool,
            // a full pass when the pool is too thin for it.
            if options.random > 0 {
                if pools[group.week] == nil { pools[group.week] = eligibility.openVacancies(during: group.days) }
                let pool = pools[group.week]!
                func acceptable(_ vacancy: Int) -> Bool {
                    !chosen.contains(Int32(vacancy)) && !applied.contains(Int32(vacancy))
                        && eligibility.isEligible(seeker: profile, vacancy: vacancy, on: day)
                }
                var wanted = options.random
                var attempts = 0
                while wanted > 0, !pool.isEmpty, attempts < 20 * options.random {
                    attempts += 1
                    let vacancy = pool[Int.random(in: 0..<pool.count, using: &random)]
                    guard acceptable(vacancy) else { continue }
                    chosen.insert(Int32(vacancy))
                    rows.append(Row(vacancy: Int32(vacancy), label: 0))
                    wanted -= 1
                }
                if wanted > 0 { take(pool.filter(acceptable).map(Int32.init), wanted) }
            }
            rows.shuffle(using: &random)
            groups[index].rows = rows
            groups[index].retrieved = []
        }
    }

    /// The random stream of one group: the seed, the person and the week, mixed.
    static func generator(seed: UInt64, person: Int64, week: Day) -> SeededGenerator {
        var mixer = SeededGenerator(seed: seed)
        let a = mixer.next()
        var person = SeededGenerator(seed: a ^ UInt64(bitPattern: person))
        let b = person.next()
        var week = SeededGenerator(seed: b ^ UInt64(UInt32(bitPattern: week.daysSince1970)))
        return SeededGenerator(seed: week.next())
    }
}
