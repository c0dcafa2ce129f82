import GRDB

/// The active seekers and open vacancies of one day, with their events, as plain arrays for
/// feature extraction and ranking. Loaded with one scan per table (no query per row).
///
/// Who counts (see `docs/feeds.md`, "Snapshot"):
/// - a seeker is active on day D when one of these holds: a job-board profile registered on or
///   before D and not closed by D; an unemployment-insurance registration whose benefit period
///   (to `benefit_ends_on`, else 180 days) covers D; a co-payment graduate enrolled within the
///   365 days up to D; a work-abroad registration not expired on D (else 365 days);
/// - a vacancy is open on D when `opens_on ≤ D`, `closes_on` is blank or `≥ D`, and fewer hire
///   events than positions were recorded before the end of D;
/// - events: those up to the end of D whose seeker is active or whose vacancy is open.
///
/// A period snapshot (``MatchStore/snapshot(from:through:)``) applies the same rules to "some
/// day of the period": seekers active on any of its days, vacancies open on any of them.
public struct Snapshot: Sendable {
    /// The day (the last day of a period).
    public var asOf: Day
    /// By person key, ascending.
    public var seekers: [SeekerProfile]
    /// By vacancy key, ascending.
    public var vacancies: [Vacancy]
    /// By time, then person, vacancy and kind.
    public var events: [MatchEvent]
    /// The first day of a period snapshot; nil for one day (stored last and defaulted, so that
    /// `Snapshot(asOf:seekers:vacancies:events:)` still builds a one-day snapshot).
    var periodStart: Day? = nil

    /// The first day of the period; `asOf` for a one-day snapshot.
    public var from: Day {
        get { periodStart ?? asOf }
        set { periodStart = newValue == asOf ? nil : newValue }
    }

    /// Benefit period assumed when a registration gives no end (days).
    public static let unemploymentBenefitDays: Int32 = 180
    /// How long a co-payment enrolment or a work-abroad registration counts (days).
    public static let programmeDays: Int32 = 365
}

extension Snapshot {
    /// A one-day snapshot from arrays another service holds (events' indices must point into
    /// them, −1 elsewhere).
    public init(asOf: Day, seekers: [SeekerProfile], vacancies: [Vacancy], events: [MatchEvent] = []) {
        self.init(asOf: asOf, seekers: seekers, vacancies: vacancies, events: events, periodStart: nil)
    }
}

extension MatchStore {
    /// Loads the snapshot of day `day` (see ``Snapshot`` for who counts).
    public func snapshot(asOf day: Day) throws -> Snapshot {
        try snapshot(from: day, through: day)
    }

    /// Loads the snapshot of the period `from` through `through` (both included, Bangkok days):
    /// the seekers active on any day of it, the vacancies open on any day of it, and the events
    /// up to the end of `through` of those seekers or vacancies (the period's own and their
    /// history: callers choose by time). Each event's `seekerIndex` and `vacancyIndex` point
    /// into the arrays (−1 when not in the snapshot).
    ///
    /// A seeker's profile is assembled as on one day, from every record active in the period
    /// (the later of two registrations of a programme wins). A vacancy is open on some day of
    /// the period when `opens_on ≤ through`, `closes_on` is blank or `≥ from`, and fewer hires
    /// than positions were recorded before the end of its first day in the period; its
    /// `hired` is that count, so `openPositions` is as on that first day, never from the future.
    /// `snapshot(from: D, through: D)` is `snapshot(asOf: D)`.
    ///
    /// Why a period: a hired seeker often closes the profile and a filled vacancy closes, so
    /// the one-day snapshot at a period's end loses exactly the pairs that ended in a hire.
    /// - Precondition: `from ≤ through`.
    public func snapshot(from: Day, through: Day) throws -> Snapshot {
        try database.read { db in
            var loader = SnapshotLoader(from: from, through: through)
            try loader.loadJobBoard(db)
            try loader.loadUnemployment(db)
            try loader.loadGraduates(db)
            try loader.loadAbroad(db)
            try loader.loadForeignWorkers(db)
            try loader.loadNationalities(db)
            try loader.loadVacancies(db)
            try loader.loadEvents(db)
            return loader.snapshot
        }
    }
}

/// Splits stored `|`-joined list text and parses each item; items that no longer parse (a
/// newer schema's value) are skipped.
func storedList<T>(_ bytes: UnsafeBufferPointer<UInt8>, _ parse: (UnsafeBufferPointer<UInt8>) throws(FieldProblem) -> T) -> [T] {
    guard !bytes.isEmpty else { return [] }
    var items: [T] = []
    ListItems.forEach(in: bytes) { item in
        if !item.isEmpty, let value = try? parse(item) { items.append(value) }
        return true
    }
    return items
}
