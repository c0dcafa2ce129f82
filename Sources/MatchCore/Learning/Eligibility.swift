/// Which vacancies a seeker may be shown on a day: the public rules of DOE's services, never the
/// simulator's hidden truth.
///
/// A vacancy is eligible for a seeker on day D when
/// - it is **open on D**: `opensOn ≤ D`, `closesOn` blank or `≥ D`, and fewer hires than
///   positions were recorded before the start of D (Bangkok time; a position filled later on D
///   was still free when the seeker looked);
/// - no rule of ``EligibilityRules`` excludes it (foreign workers, work abroad, co-payment; the
///   table is in `docs/ranking.md`), the rule for applications aside, which callers apply by time.
///
/// Training examples (``ExampleBuilder``) draw their negatives among eligible vacancies only, so
/// a model never learns from pairs the engine could not show.
///
/// ```swift
/// let eligibility = Eligibility(snapshot: snapshot)
/// eligibility.isEligible(seeker: snapshot.seekers[0], vacancy: 12, on: day)
/// ```
public struct Eligibility: Sendable {
    /// The vacancies the indices refer to.
    public let vacancies: [Vacancy]
    /// Per vacancy, the times of its recorded hires (Unix seconds), ascending.
    private let hireTimes: [[Int64]]

    /// The rules for `vacancies`, with their hires taken from `events` (those whose
    /// `vacancyIndex` points into `vacancies`).
    public init(vacancies: [Vacancy], events: [MatchEvent]) {
        self.vacancies = vacancies
        var times = [[Int64]](repeating: [], count: vacancies.count)
        for event in events where event.kind == .hire && event.vacancyIndex >= 0 {
            times[Int(event.vacancyIndex)].append(event.at.secondsSince1970)
        }
        for index in times.indices where times[index].count > 1 { times[index].sort() }
        hireTimes = times
    }

    /// The rules for a snapshot's vacancies and the hires among its events. The snapshot holds
    /// every hire of its vacancies up to its last day, so days up to ``Snapshot/asOf`` are
    /// answered exactly.
    public init(snapshot: Snapshot) {
        self.init(vacancies: snapshot.vacancies, events: snapshot.events)
    }

    /// Hires of vacancy `vacancy` recorded before the start of `day` (Bangkok).
    public func hires(vacancy: Int, before day: Day) -> Int {
        let start = Timestamp(day).secondsSince1970
        let times = hireTimes[vacancy]
        var low = 0, high = times.count
        while low < high {
            let middle = (low + high) / 2
            if times[middle] < start { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// True when vacancy `vacancy` is open on `day`: within its dates and not yet filled.
    public func isOpen(vacancy: Int, on day: Day) -> Bool {
        let posting = vacancies[vacancy]
        guard posting.opensOn <= day, posting.closesOn.map({ day <= $0 }) ?? true else { return false }
        return hires(vacancy: vacancy, before: day) < posting.positions
    }

    /// True when the day-independent rules (``EligibilityRules/standard``) let `seeker` see
    /// `vacancy`.
    public static func admits(seeker: SeekerProfile, vacancy: Vacancy) -> Bool {
        EligibilityRules.standard.admits(seeker: seeker, vacancy: vacancy)
    }

    /// True when vacancy `vacancy` is eligible for `seeker` on `day`: open then, and admitted
    /// by ``admits(seeker:vacancy:)``.
    public func isEligible(seeker: SeekerProfile, vacancy: Int, on day: Day) -> Bool {
        Self.admits(seeker: seeker, vacancy: vacancies[vacancy]) && isOpen(vacancy: vacancy, on: day)
    }

    /// The vacancies open on some day of `days` (within their dates, and not filled before the
    /// first of those days), ascending: the pool a week's candidates come from.
    public func openVacancies(during days: ClosedRange<Day>) -> [Int] {
        vacancies.indices.filter { index in
            let posting = vacancies[index]
            guard posting.opensOn <= days.upperBound, posting.closesOn.map({ days.lowerBound <= $0 }) ?? true else { return false }
            return hires(vacancy: index, before: max(days.lowerBound, posting.opensOn)) < posting.positions
        }
    }
}
