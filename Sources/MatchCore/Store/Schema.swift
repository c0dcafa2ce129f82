import GRDB

/// The central dataset's tables, created and upgraded by one `DatabaseMigrator`.
///
/// Two rules shape it:
/// - **Raw identity numbers and names live in `identity` only.** Every other table refers to a
///   person or an employer by its pseudonymous key (`person.key`, `employer.key`), an integer
///   handed out in order of first sight that says nothing about the number behind it.
/// - **Each service keeps its own table**, with the time the service last changed the record
///   (`updated_at`, Unix seconds) and a hash of its content (`version`). A row replaces the stored
///   one only when its `(updated_at, version)` is greater, so importing the same file twice, or two
///   files in either order, ends in the same state (see `docs/feeds.md`). The seeker profile is
///   assembled from these tables when a snapshot is loaded, not stored twice.
///
/// Days are whole days since 1970-01-01 (`Day.daysSince1970`), times Unix seconds, wages whole
/// baht, lists `|`-separated text, occupations ISCO-08 unit-group numbers, provinces DOPA codes.
enum Schema {
    /// Newest migration; a database that has applied one this code does not know is refused.
    static let migrations = ["v1", "v2", "v3"]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in try createVersion1(db) }
        // Occupation codes the coder suggests (docs/occupations.md):
        // - for a seeker's desired job when the seeker gave no code: kept apart from
        //   desired_occupations (what the person entered), with the coder's probability and the
        //   seeker row's version it was made for (a changed profile is coded again);
        // - for a vacancy posted without a code: occupation holds the suggestion, marked by
        //   occupation_suggested = 1, with its probability in occupation_confidence.
        migrator.registerMigration("v2") { db in
            try db.execute(sql: """
                ALTER TABLE seeker ADD COLUMN suggested_occupation INTEGER;
                ALTER TABLE seeker ADD COLUMN suggested_confidence REAL;
                ALTER TABLE seeker ADD COLUMN suggested_version INTEGER;
                ALTER TABLE vacancy ADD COLUMN occupation_suggested INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE vacancy ADD COLUMN occupation_confidence REAL;
                """)
        }
        // Hard requirements (docs/ranking.md, "Eligibility rules"): the licences a vacancy
        // requires and whether its minimum education is a hard requirement; the licences a
        // seeker holds.
        // Ranking runs of both directions (docs/ranking.md, "Results table"): a run records its
        // direction, shard, when it finished (NULL: it did not, and its matches are incomplete)
        // and its summary; a match belongs to a list (the person key in a run for seekers, the
        // vacancy key in a run for vacancies) and keeps its retrieval score. Earlier runs were
        // all for seekers and are taken as finished.
        migrator.registerMigration("v3") { db in
            try db.execute(sql: """
                ALTER TABLE run ADD COLUMN direction TEXT NOT NULL DEFAULT 'seekers';
                ALTER TABLE run ADD COLUMN shard TEXT NOT NULL DEFAULT '1/1';
                ALTER TABLE run ADD COLUMN finished_at INTEGER;
                ALTER TABLE run ADD COLUMN summary TEXT;
                UPDATE run SET finished_at = created_at;
                ALTER TABLE vacancy ADD COLUMN required_licences TEXT NOT NULL DEFAULT '';
                ALTER TABLE vacancy ADD COLUMN education_required INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE seeker ADD COLUMN licences TEXT NOT NULL DEFAULT '';
                CREATE TABLE match_v3 (
                    run INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
                    list INTEGER NOT NULL,
                    rank INTEGER NOT NULL,
                    person INTEGER NOT NULL,
                    vacancy INTEGER NOT NULL,
                    score REAL NOT NULL,
                    retrieval REAL,
                    reasons TEXT NOT NULL,
                    PRIMARY KEY (run, list, rank)
                ) WITHOUT ROWID;
                INSERT INTO match_v3 (run, list, rank, person, vacancy, score, retrieval, reasons)
                    SELECT run, person, rank, person, vacancy, score, NULL, reasons FROM match;
                DROP TABLE match;
                ALTER TABLE match_v3 RENAME TO match;
                """)
        }
        return migrator
    }

    // swiftlint:disable:next function_body_length
    private static func createVersion1(_ db: Database) throws {
        try db.execute(sql: """
            -- Who is who. The only table with citizen IDs, juristic IDs, passport and permit
            -- numbers and names. kind: 1 Thai citizen ID, 2 juristic ID, 3 passport, 4 work permit.
            -- country: ISO 3166-1 alpha-2 of the issuing state for 3 and 4, '' for Thai IDs.
            -- subject: person.key (kinds 1, 3, 4) or employer.key (kind 2).
            CREATE TABLE identity (
                kind INTEGER NOT NULL,
                country TEXT NOT NULL,
                number TEXT NOT NULL,
                subject INTEGER NOT NULL,
                name TEXT,
                PRIMARY KEY (kind, country, number)
            ) WITHOUT ROWID;

            -- One row per person, whatever the feeds that know them.
            -- nationality: ISO alpha-2 ('TH' for Thai citizens); first_feed: FeedKind raw value.
            CREATE TABLE person (
                key INTEGER PRIMARY KEY,
                nationality TEXT NOT NULL,
                first_feed INTEGER NOT NULL
            );

            CREATE TABLE employer (
                key INTEGER PRIMARY KEY,
                name TEXT,
                province INTEGER,
                industry TEXT,
                employees INTEGER,
                updated_at INTEGER,
                version INTEGER
            );

            -- Job board: seeker profiles (one per person).
            CREATE TABLE seeker (
                person INTEGER PRIMARY KEY REFERENCES person (key),
                registered_on INTEGER NOT NULL,
                closed_on INTEGER,
                birth_year INTEGER,
                province INTEGER,
                desired_occupations TEXT NOT NULL,
                desired_title TEXT NOT NULL,
                skills TEXT NOT NULL,
                education INTEGER,
                education_field TEXT NOT NULL,
                experience_years REAL,
                expected_wage INTEGER,
                wage_unit INTEGER,
                preferred_provinces TEXT NOT NULL,
                relocate INTEGER NOT NULL,
                languages TEXT NOT NULL,
                updated_at INTEGER NOT NULL,
                version INTEGER NOT NULL
            );

            -- Job board: vacancies. province for work in Thailand, country for work abroad.
            CREATE TABLE vacancy (
                key INTEGER PRIMARY KEY,
                external_id TEXT NOT NULL UNIQUE,
                employer INTEGER REFERENCES employer (key),
                title TEXT NOT NULL,
                description TEXT NOT NULL,
                occupation INTEGER NOT NULL,
                hard_skills TEXT NOT NULL,
                soft_skills TEXT NOT NULL,
                min_education INTEGER,
                min_experience_years REAL,
                wage_min INTEGER,
                wage_max INTEGER,
                wage_unit INTEGER,
                positions INTEGER NOT NULL,
                province INTEGER,
                country TEXT,
                opens_on INTEGER NOT NULL,
                closes_on INTEGER,
                foreign_workers INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                version INTEGER NOT NULL
            );
            CREATE INDEX vacancy_open ON vacancy (opens_on, closes_on);

            -- Job board: what seekers did with vacancies. kind: EventKind raw value.
            CREATE TABLE event (
                id INTEGER PRIMARY KEY,
                person INTEGER NOT NULL REFERENCES person (key),
                vacancy INTEGER NOT NULL REFERENCES vacancy (key),
                kind INTEGER NOT NULL,
                at INTEGER NOT NULL,
                source TEXT NOT NULL,
                UNIQUE (person, vacancy, kind, at)
            );
            CREATE INDEX event_vacancy ON event (vacancy);

            -- Unemployment insurance: registrations and the days the claimant reported.
            CREATE TABLE ui_registration (
                person INTEGER NOT NULL REFERENCES person (key),
                registered_on INTEGER NOT NULL,
                separated_on INTEGER,
                cause TEXT,
                last_occupation INTEGER,
                last_wage INTEGER,
                last_employer INTEGER REFERENCES employer (key),
                province INTEGER,
                reports TEXT NOT NULL,
                benefit_ends_on INTEGER,
                updated_at INTEGER NOT NULL,
                version INTEGER NOT NULL,
                PRIMARY KEY (person, registered_on)
            ) WITHOUT ROWID;

            -- New-graduate co-payment programme: graduates, and the vacancies taking part.
            CREATE TABLE graduate (
                person INTEGER PRIMARY KEY REFERENCES person (key),
                enrolled_on INTEGER NOT NULL,
                graduation_year INTEGER NOT NULL,
                degree INTEGER NOT NULL,
                field TEXT NOT NULL,
                institution TEXT NOT NULL,
                updated_at INTEGER NOT NULL,
                version INTEGER NOT NULL
            );
            CREATE TABLE copay_vacancy (
                vacancy INTEGER PRIMARY KEY REFERENCES vacancy (key),
                enrolled_on INTEGER NOT NULL,
                ends_on INTEGER,
                updated_at INTEGER NOT NULL,
                version INTEGER NOT NULL
            );

            -- Work abroad: registrations of intent, and trips (direction 1 departure, 2 return).
            CREATE TABLE abroad_registration (
                person INTEGER NOT NULL REFERENCES person (key),
                registered_on INTEGER NOT NULL,
                destinations TEXT NOT NULL,
                occupation INTEGER,
                expires_on INTEGER,
                updated_at INTEGER NOT NULL,
                version INTEGER NOT NULL,
                PRIMARY KEY (person, registered_on)
            ) WITHOUT ROWID;
            CREATE TABLE abroad_trip (
                person INTEGER NOT NULL REFERENCES person (key),
                direction INTEGER NOT NULL,
                on_day INTEGER NOT NULL,
                country TEXT NOT NULL,
                occupation INTEGER,
                PRIMARY KEY (person, direction, on_day)
            ) WITHOUT ROWID;

            -- Foreign workers: employment notices, and work-permit applications (MM, LA, KH).
            CREATE TABLE foreign_notice (
                employer INTEGER NOT NULL REFERENCES employer (key),
                person INTEGER NOT NULL REFERENCES person (key),
                starts_on INTEGER NOT NULL,
                occupation INTEGER NOT NULL,
                province INTEGER,
                ends_on INTEGER,
                updated_at INTEGER NOT NULL,
                version INTEGER NOT NULL,
                PRIMARY KEY (employer, person, starts_on)
            ) WITHOUT ROWID;
            CREATE TABLE work_permit (
                application TEXT PRIMARY KEY,
                person INTEGER NOT NULL REFERENCES person (key),
                employer INTEGER REFERENCES employer (key),
                occupation INTEGER NOT NULL,
                status TEXT NOT NULL,
                applied_on INTEGER NOT NULL,
                valid_from INTEGER,
                valid_until INTEGER,
                updated_at INTEGER NOT NULL,
                version INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX work_permit_person ON work_permit (person);

            -- One row per import run: what `jobmatch stats` summarises. problems: JSON object
            -- "field: reason" → count (reasons never carry values).
            CREATE TABLE import_run (
                id INTEGER PRIMARY KEY,
                feed TEXT NOT NULL,
                file TEXT NOT NULL,
                started_at INTEGER NOT NULL,
                finished_at INTEGER NOT NULL,
                read INTEGER NOT NULL,
                accepted INTEGER NOT NULL,
                rejected INTEGER NOT NULL,
                inserted INTEGER NOT NULL,
                updated INTEGER NOT NULL,
                unchanged INTEGER NOT NULL,
                problems TEXT NOT NULL
            );

            -- Results, the audit trail of ranking: a run and its matches.
            CREATE TABLE run (
                id INTEGER PRIMARY KEY,
                created_at INTEGER NOT NULL,
                model_version TEXT NOT NULL,
                parameters TEXT NOT NULL,
                code_version TEXT NOT NULL,
                as_of INTEGER
            );
            CREATE TABLE match (
                run INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
                person INTEGER NOT NULL,
                vacancy INTEGER NOT NULL,
                rank INTEGER NOT NULL,
                score REAL NOT NULL,
                reasons TEXT NOT NULL,
                PRIMARY KEY (run, person, rank)
            ) WITHOUT ROWID;
            """)
    }
}
