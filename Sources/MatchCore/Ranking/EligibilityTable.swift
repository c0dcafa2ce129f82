/// The eligibility rules applied to one set of seekers and vacancies (a snapshot's): which pair
/// each rule excludes, the exclusions a search needs, and the count of pairs each rule removed.
///
/// The rules read only a few traits of each side (``SeekerTraits``, ``VacancyTraits``), so
/// seekers and vacancies fall into a few hundred classes, and the rules run once per pair of
/// classes rather than once per pair of records: a million seekers against 200,000 vacancies
/// costs a table of classes, and a search mask is a bitmap per class of queries.
///
/// ```swift
/// let table = EligibilityTable(snapshot: snapshot)
/// table.rule(excluding: 0, 12)            // .foreignWorkerVacancy, or nil when eligible
/// let counts = table.counts()               // pairs excluded by each rule
/// ```
public struct EligibilityTable: Sendable {
    public let rules: EligibilityRules
    public let seekerCount: Int
    public let vacancyCount: Int
    let seekerClass: [Int32]
    let vacancyClass: [Int32]
    let seekerClassCount: Int
    let vacancyClassCount: Int
    /// Per (seeker class, vacancy class), row-major: 0 when eligible, else 1 + the index of the
    /// first rule that excludes the pair in ``EligibilityRule/allCases``.
    let verdicts: [UInt8]
    /// Per vacancy class, whether the coder suggested its restricted occupation.
    let suggestedRestriction: [Bool]
    /// The licence keys some vacancy requires.
    let relevantLicences: Set<UInt64>
    /// The traits of each class.
    let seekerClassTraits: [SeekerTraits]
    let vacancyClassTraits: [VacancyTraits]
    /// (seeker, vacancy) index pairs with an application or a later step, ascending.
    let applied: [Exclusions.Pair]
    /// The same pairs as (vacancy, seeker), ascending: the vacancy direction's.
    let appliedByVacancy: [Exclusions.Pair]

    /// The rules for a snapshot's seekers and vacancies, with the applications among its events.
    public init(snapshot: Snapshot, rules: EligibilityRules = .standard) {
        self.init(seekers: snapshot.seekers, vacancies: snapshot.vacancies, events: snapshot.events, rules: rules)
    }

    /// - Parameter events: events whose `seekerIndex` and `vacancyIndex` point into the arrays;
    ///   an application, interview, hire, rejection or withdrawal marks the pair as applied.
    public init(seekers: [SeekerProfile], vacancies: [Vacancy], events: [MatchEvent], rules: EligibilityRules = .standard) {
        self.rules = rules
        seekerCount = seekers.count
        vacancyCount = vacancies.count
        let relevant = VacancyTraits.requiredLicences(vacancies)
        relevantLicences = relevant
        let (seekerClass, seekerTraits) = Self.classes(seekers.map { SeekerTraits($0, licences: relevant) })
        let (vacancyClass, vacancyTraits) = Self.classes(vacancies.map { VacancyTraits($0, rules: rules) })
        self.seekerClass = seekerClass
        self.vacancyClass = vacancyClass
        seekerClassCount = seekerTraits.count
        vacancyClassCount = vacancyTraits.count
        var verdicts = [UInt8](repeating: 0, count: seekerTraits.count * vacancyTraits.count)
        let order = Dictionary(uniqueKeysWithValues: EligibilityRule.allCases.enumerated().map { ($1, UInt8($0 + 1)) })
        for (s, seeker) in seekerTraits.enumerated() {
            for (v, vacancy) in vacancyTraits.enumerated() {
                if let rule = rules.rule(excluding: seeker, vacancy) { verdicts[s * vacancyTraits.count + v] = order[rule]! }
            }
        }
        self.verdicts = verdicts
        suggestedRestriction = vacancyTraits.map(\.suggestedRestriction)
        seekerClassTraits = seekerTraits
        vacancyClassTraits = vacancyTraits
        var applied = Set<Exclusions.Pair>()
        for event in events where event.kind != .view && event.seekerIndex >= 0 && event.vacancyIndex >= 0 {
            applied.insert(Exclusions.Pair(query: Int(event.seekerIndex), item: Int(event.vacancyIndex)))
        }
        self.applied = applied.sorted()
        appliedByVacancy = applied.map { Exclusions.Pair(query: $0.item, item: $0.query) }.sorted()
    }

    /// Each value's class (the index of its first occurrence among the distinct values, in order
    /// of appearance) and the distinct values.
    static func classes<T: Hashable>(_ values: [T]) -> (classOf: [Int32], distinct: [T]) {
        var index: [T: Int32] = [:], distinct: [T] = []
        let classOf = values.map { value in
            if let known = index[value] { return known }
            index[value] = Int32(distinct.count)
            distinct.append(value)
            return Int32(distinct.count - 1)
        }
        return (classOf, distinct)
    }

    /// The first rule that excludes seeker `seeker` and vacancy `vacancy` (indices), or nil
    /// when the pair is eligible.
    public func rule(excluding seeker: Int, _ vacancy: Int) -> EligibilityRule? {
        let verdict = verdicts[Int(seekerClass[seeker]) * vacancyClassCount + Int(vacancyClass[vacancy])]
        if verdict != 0 { return EligibilityRule.allCases[Int(verdict) - 1] }
        return applied.binarySearch(Exclusions.Pair(query: seeker, item: vacancy)) ? .alreadyApplied : nil
    }

    /// True when no rule excludes the pair.
    public func isEligible(seeker: Int, vacancy: Int) -> Bool { rule(excluding: seeker, vacancy) == nil }

    /// Classes of seekers and of vacancies (how many distinct combinations of the traits the
    /// rules read).
    public var classCounts: (seekers: Int, vacancies: Int) { (seekerClassCount, vacancyClassCount) }

    /// A bitmap over the vacancies, a bit set for each one the rules keep from a seeker with
    /// these traits (any profile, also one not in the snapshot); applications aside.
    func vacancyBitmap(excludedFor seeker: SeekerTraits) -> [UInt64] {
        Self.bitmap(itemClass: vacancyClass, excluding: vacancyClassTraits.map { rules.rule(excluding: seeker, $0) != nil })
    }

    /// A bitmap over the seekers, a bit set for each one the rules keep from a vacancy with
    /// these traits; applications aside.
    func seekerBitmap(excludedFor vacancy: VacancyTraits) -> [UInt64] {
        Self.bitmap(itemClass: seekerClass, excluding: seekerClassTraits.map { rules.rule(excluding: $0, vacancy) != nil })
    }

    /// The vacancies seeker `seeker` (an index) applied to.
    func appliedVacancies(ofSeeker seeker: Int) -> [Int] {
        applied.pairs(ofQuery: seeker).map(\.item)
    }

    /// The seekers who applied to vacancy `vacancy` (an index).
    func appliedSeekers(ofVacancy vacancy: Int) -> [Int] {
        appliedByVacancy.pairs(ofQuery: vacancy).map(\.item)
    }

    /// The masks of one search direction, built once and shared by every block of a run.
    public func masks(for direction: RankingDirection) -> EligibilityMasks {
        switch direction {
        case .seekers:
            EligibilityMasks(direction: direction, queryClass: seekerClass, bits: Self.bitmaps(
                queryClasses: seekerClassCount, itemClass: vacancyClass) { verdicts[$0 * vacancyClassCount + $1] != 0 },
                itemCount: vacancyCount, applied: applied)
        case .vacancies:
            EligibilityMasks(direction: direction, queryClass: vacancyClass, bits: Self.bitmaps(
                queryClasses: vacancyClassCount, itemClass: seekerClass) { verdicts[$1 * vacancyClassCount + $0] != 0 },
                itemCount: seekerCount, applied: appliedByVacancy)
        }
    }

    /// One bitmap over the items per class of queries, a bit set where the class may not get
    /// the item.
    private static func bitmaps(queryClasses: Int, itemClass: [Int32], excluded: (Int, Int) -> Bool) -> [UInt64] {
        let itemClasses = Int(itemClass.max() ?? -1) + 1
        return (0..<queryClasses).flatMap { query in
            bitmap(itemClass: itemClass, excluding: (0..<itemClasses).map { excluded(query, $0) })
        }
    }

    /// A bitmap over items (one bit each, in words of 64), a bit set for each item whose class
    /// is excluded.
    private static func bitmap(itemClass: [Int32], excluding excluded: [Bool]) -> [UInt64] {
        var bits = [UInt64](repeating: 0, count: (itemClass.count + 63) / 64)
        guard excluded.contains(true) else { return bits }
        for (item, itemClass) in itemClass.enumerated() where excluded[Int(itemClass)] {
            bits[item >> 6] |= 1 << UInt64(item & 63)
        }
        return bits
    }

    /// The members of each class among `chosen` (all when nil), and which indices are chosen.
    private static func selection(_ chosen: [Int]?, classes: [Int32], classCount: Int) -> (perClass: [Int], chosen: [Bool]) {
        var perClass = [Int](repeating: 0, count: classCount)
        var isChosen = [Bool](repeating: chosen == nil, count: classes.count)
        for index in chosen ?? Array(classes.indices) {
            perClass[Int(classes[index])] += 1
            isChosen[index] = true
        }
        return (perClass, isChosen)
    }

    /// Pairs excluded by each rule among `seekers` × `vacancies` (indices; all when nil): a
    /// shard's pairs in either direction.
    public func counts(seekers: [Int]? = nil, vacancies: [Int]? = nil) -> EligibilityCounts {
        let (perSeekerClass, selected) = Self.selection(seekers, classes: seekerClass, classCount: seekerClassCount)
        let (perVacancyClass, selectedVacancies) = Self.selection(vacancies, classes: vacancyClass, classCount: vacancyClassCount)
        var excluded = [EligibilityRule: Int](), suggested = 0
        var eligible = 0
        for s in 0..<seekerClassCount where perSeekerClass[s] > 0 {
            for v in 0..<vacancyClassCount where perVacancyClass[v] > 0 {
                let pairs = perSeekerClass[s] * perVacancyClass[v]
                let verdict = verdicts[s * vacancyClassCount + v]
                if verdict == 0 {
                    eligible += pairs
                } else {
                    let rule = EligibilityRule.allCases[Int(verdict) - 1]
                    excluded[rule, default: 0] += pairs
                    if rule == .foreignWorkerOccupation && suggestedRestriction[v] { suggested += pairs }
                }
            }
        }
        for pair in applied where selected[pair.query] && selectedVacancies[pair.item] && verdicts[Int(seekerClass[pair.query]) * vacancyClassCount + Int(vacancyClass[pair.item])] == 0 {
            excluded[.alreadyApplied, default: 0] += 1
            eligible -= 1
        }
        let seekersCounted = seekers?.count ?? seekerCount
        return EligibilityCounts(seekers: seekersCounted, vacancies: vacancies?.count ?? vacancyCount, eligible: eligible,
                                 excluded: EligibilityRule.allCases.map { excluded[$0] ?? 0 },
                                 suggestedOccupationExclusions: suggested)
    }
}

/// Pairs of seekers and vacancies excluded by each rule: `eligible + Σ excluded = seekers ×
/// vacancies`.
public struct EligibilityCounts: Sendable, Equatable, Codable {
    public var seekers: Int
    public var vacancies: Int
    public var eligible: Int
    /// In ``EligibilityRule/allCases`` order.
    public var excluded: [Int]
    /// Of the `foreign-worker-occupation` exclusions, those whose restricted occupation the
    /// coder suggested from the title (the employer gave no code): worth a person's check.
    public var suggestedOccupationExclusions: Int

    public subscript(rule: EligibilityRule) -> Int { excluded[EligibilityRule.allCases.firstIndex(of: rule)!] }

    public var pairs: Int { seekers * vacancies }
}

/// The exclusions of one search direction: a bitmap per class of queries over the items, and
/// the applied pairs. ``exclusions(queries:)`` gives a block of queries its ``Exclusions``
/// without copying the bitmaps.
public struct EligibilityMasks: Sendable {
    public let direction: RankingDirection
    let queryClass: [Int32]
    let bits: [UInt64]
    let itemCount: Int
    /// (query, item) index pairs in this direction, ascending.
    let applied: [Exclusions.Pair]

    /// Exclusions for a search whose query rows are `queries` (indices of this direction's
    /// queries: seekers for `.seekers`), against every item.
    public func exclusions(queries: [Int]) -> Exclusions {
        var pairs: [Exclusions.Pair] = []
        for (row, query) in queries.enumerated() {
            pairs += applied.pairs(ofQuery: query).map { Exclusions.Pair(query: row, item: $0.item) }
        }
        pairs.sort()
        let masks = ItemMasks(itemCount: itemCount, bits: bits, maskOfQuery: queries.map { itemCount == 0 ? -1 : queryClass[$0] })
        return Exclusions(sortedPairs: pairs, masks: masks)
    }
}
