import Foundation
import GRDB

extension MatchStore {
    /// Imports one feed file into the dataset.
    ///
    /// Every row is validated; a bad row never stops the file and is never half-applied: it goes
    /// to the rejects file (file, row, line, field, reason; never the value) and the counts.
    /// Accepted rows are linked to their person or employer and written in batches of
    /// `options.batchSize`, one transaction each. A newer version of a record (greater
    /// `updated_at`, then greater content hash) replaces the stored one; the same or an older one
    /// changes nothing, so importing a file twice, or again after a killed run, ends in the same
    /// state as one clean run.
    ///
    /// Reading and validating run on a thread of their own, one batch ahead of the writer.
    ///
    /// - Parameters:
    ///   - kind: which feed the file holds (its columns are in `docs/feeds.md`).
    ///   - file: a `.csv`, `.jsonl` or `.ndjson` file.
    /// - Returns: the counts, with `accepted + rejected == read`.
    /// - Throws: ``FeedReaderError`` when the file cannot be read or its header lacks a required
    ///   column (nothing is imported then); ``StoreError`` when another import holds the
    ///   dataset or the database fails (batches committed before stay, and a rerun finishes).
    public func importFeed(_ kind: FeedKind, file: String, options: ImportOptions = ImportOptions()) throws -> ImportSummary {
        switch kind {
        case .seekers: try FeedImporter<SeekerFeed>(store: self, file: file, options: options).run()
        case .employers: try FeedImporter<EmployerFeed>(store: self, file: file, options: options).run()
        case .vacancies: try FeedImporter<VacancyFeed>(store: self, file: file, options: options).run()
        case .events: try FeedImporter<EventFeed>(store: self, file: file, options: options).run()
        case .unemploymentRegistrations: try FeedImporter<UnemploymentFeed>(store: self, file: file, options: options).run()
        case .graduates: try FeedImporter<GraduateFeed>(store: self, file: file, options: options).run()
        case .coPaymentVacancies: try FeedImporter<CoPaymentVacancyFeed>(store: self, file: file, options: options).run()
        case .abroadRegistrations: try FeedImporter<AbroadRegistrationFeed>(store: self, file: file, options: options).run()
        case .abroadTrips: try FeedImporter<AbroadTripFeed>(store: self, file: file, options: options).run()
        case .foreignNotices: try FeedImporter<ForeignNoticeFeed>(store: self, file: file, options: options).run()
        case .workPermits: try FeedImporter<WorkPermitFeed>(store: self, file: file, options: options).run()
        }
    }
}

/// A batch of parsed rows handed from the reading thread to the writer.
private struct ParsedBatch<Record: Sendable>: Sendable {
    struct Item: Sendable {
        var row: Int
        var line: Int
        var record: Record
    }
    var items: [Item] = []
    var rejects: [Reject] = []
    var rejectedRows = 0
    var read = 0
    var bytesRead = 0
}

private enum Message<Record: Sendable>: Sendable {
    case batch(ParsedBatch<Record>)
    case failure(any Error)
}

/// Lets the reader, created and checked on the calling thread, move to the reading thread,
/// which is then its only user.
private final class Handover<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

struct FeedImporter<Spec: FeedSpec> {
    let store: MatchStore
    let file: String
    let options: ImportOptions

    func run() throws -> ImportSummary {
        let started = ContinuousClock.now
        let startedAt = Int64(Date().timeIntervalSince1970)
        var summary = ImportSummary(feed: Spec.kind, file: file)
        guard let format = FeedFormat(path: file) else {
            throw FeedReaderError(file: file, problem: "unknown format: name it .csv, .jsonl or .ndjson")
        }
        let lock = try ImportLock(store: store)
        defer { lock.release() }
        let reader = try FeedReader(path: file, format: format, schema: Spec.Column.schema)
        summary.unknownColumns = reader.unknownColumns
        let rejects = try options.rejectsPath.map { try RejectsWriter(path: $0, file: file) }

        let channel = BatchChannel<Message<Spec.Record>>(capacity: 2)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread { [batchSize = max(1, options.batchSize), handover = Handover(reader)] in
            Self.produce(handover.value, batchSize: batchSize, into: channel)
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        defer { channel.cancel(); done.wait() }

        let killAfter = FaultInjection.killAfterRows
        var written = 0
        try store.database.writeWithoutTransaction { db in
            // Checkpoint once at the end rather than every 4 MiB of WAL: pages that every batch
            // touches (index interiors) are then copied into the file once, not per batch.
            // Foreign keys are the importer's own invariants (every key it binds comes from the
            // identity index or a table scan); not checking them per row saves a lookup each.
            // A larger page cache while importing keeps the natural-key indexes of a national
            // dataset in memory (measured: 1M seekers 16.3 s with 64 MiB, 13.8 s with 256 MiB).
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(sql: "PRAGMA cache_size = -262144")
            defer {
                try? db.execute(sql: "PRAGMA cache_size = -65536")
                try? db.execute(sql: "PRAGMA foreign_keys = ON")
                try? db.execute(sql: "PRAGMA wal_autocheckpoint = 1000")
            }
            var spec = try Spec(db, options: options)
            var identities = try IdentityIndex.load(db)
            while let message = channel.receive() {
                guard case .batch(let batch) = message else {
                    if case .failure(let error) = message { throw error }
                    continue
                }
                var counts = (inserted: 0, updated: 0, unchanged: 0)
                var linkRejects: [Reject] = []
                try db.inTransaction(.immediate) {
                    for item in batch.items {
                        switch try spec.write(item.record, identities: &identities, db) {
                        case .inserted: counts.inserted += 1
                        case .updated: counts.updated += 1
                        case .unchanged: counts.unchanged += 1
                        case .rejected(let issue):
                            linkRejects.append(Reject(row: item.row, line: item.line, field: issue.field, reason: issue.reason))
                        }
                        written += 1
                        if written == killAfter { FaultInjection.kill() }
                    }
                    return options.dryRun ? .rollback : .commit
                }
                summary.read += batch.read
                summary.rejected += batch.rejectedRows + linkRejects.count
                summary.accepted += batch.items.count - linkRejects.count
                summary.inserted += counts.inserted
                summary.updated += counts.updated
                summary.unchanged += counts.unchanged
                let batchRejects = (batch.rejects + linkRejects).sorted { ($0.row, $0.field) < ($1.row, $1.field) }
                for reject in batchRejects { summary.problems["\(reject.field): \(reject.reason)", default: 0] += 1 }
                try rejects?.append(batchRejects)
                options.progress?(ImportProgress(read: summary.read, bytesRead: batch.bytesRead, fileSize: reader.fileSize))
            }
            summary.newPeople = identities.createdPeople
            summary.newEmployers = identities.createdEmployers
            // Part of the import's time: copy the WAL into the database file now.
            try db.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)")
        }
        try rejects?.commit()
        summary.rejectsFile = rejects?.path
        summary.seconds = (ContinuousClock.now - started).seconds
        if !options.dryRun { try ImportLog.record(summary, startedAt: startedAt, in: store) }
        return summary
    }

    /// The reading thread: parse and validate rows, hand them over a batch at a time.
    private static func produce(_ reader: FeedReader, batchSize: Int, into channel: BatchChannel<Message<Spec.Record>>) {
        var batch = ParsedBatch<Spec.Record>()
        batch.items.reserveCapacity(batchSize)
        do {
            try reader.forEachRow { row in
                batch.read += 1
                var fields = RowFields<Spec.Column>(copy row)
                if fields.isValid, let record = Spec.parse(&fields), fields.isValid {
                    batch.items.append(.init(row: row.row, line: row.line, record: record))
                } else {
                    batch.rejectedRows += 1
                    for issue in fields.issues {
                        batch.rejects.append(Reject(row: row.row, line: row.line, field: issue.field, reason: issue.reason))
                    }
                }
                if batch.read == batchSize {
                    batch.bytesRead = reader.bytesRead
                    guard channel.send(.batch(batch)) else { throw CancellationError() }
                    batch = ParsedBatch()
                    batch.items.reserveCapacity(batchSize)
                }
            }
            if batch.read > 0 {
                batch.bytesRead = reader.bytesRead
                _ = channel.send(.batch(batch))
            }
        } catch is CancellationError {
        } catch {
            _ = channel.send(.failure(error))
        }
        channel.finish()
    }
}

/// A test hook: `JOBMATCH_FAULT_KILL_AFTER_ROWS=N` makes an import kill its own process with
/// SIGKILL after writing N rows, inside the open batch transaction, to prove that a killed
/// import leaves a consistent dataset that a rerun completes (Tests/MatchCLITests).
enum FaultInjection {
    static let killAfterRows: Int = {
        guard let text = ProcessInfo.processInfo.environment["JOBMATCH_FAULT_KILL_AFTER_ROWS"] else { return -1 }
        return Int(text) ?? -1
    }()

    static func kill() -> Never {
        Foundation.kill(getpid(), SIGKILL)
        fatalError("SIGKILL did not stop the process")
    }
}

extension FeedKind {
    /// The feed's columns (`docs/feeds.md`): names, required header columns, list columns.
    public var schema: FeedSchema {
        switch self {
        case .seekers: SeekerFeed.Column.schema
        case .employers: EmployerFeed.Column.schema
        case .vacancies: VacancyFeed.Column.schema
        case .events: EventFeed.Column.schema
        case .unemploymentRegistrations: UnemploymentFeed.Column.schema
        case .graduates: GraduateFeed.Column.schema
        case .coPaymentVacancies: CoPaymentVacancyFeed.Column.schema
        case .abroadRegistrations: AbroadRegistrationFeed.Column.schema
        case .abroadTrips: AbroadTripFeed.Column.schema
        case .foreignNotices: ForeignNoticeFeed.Column.schema
        case .workPermits: WorkPermitFeed.Column.schema
        }
    }
}
