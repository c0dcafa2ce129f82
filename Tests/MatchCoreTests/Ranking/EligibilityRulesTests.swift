import Foundation
@testable import MatchCore
import Testing

/// A Thai seeker and a vacancy in Bangkok (occupation 8160, on no list of the 2020
/// notification), changed by each case.
private func pair(_ change: (inout SeekerProfile, inout Vacancy) -> Void) -> EligibilityRule? {
    var profile = seeker(1)
    var posting = vacancy(1, occupation: 8160)
    change(&profile, &posting)
    return EligibilityRules.standard.rule(excluding: profile, posting)
}

private let japan = CountryCode(alpha2: "JP")!, korea = CountryCode(alpha2: "KR")!

@Suite("Eligibility rules: each rule excludes its case and lets the nearest other case through")
struct EligibilityRuleCaseTests {
    @Test func thePlainPairIsEligible() {
        #expect(pair { _, _ in } == nil)
    }

    @Test func workAbroadNeedsARegistration() {
        #expect(pair { _, v in v.country = japan; v.province = nil } == .abroadRegistration)
        #expect(pair { s, v in
            v.country = japan; v.province = nil
            s.programmes.insert(.workAbroad); s.destinations = [japan]
        } == nil)
        // Thailand as the country is work at home.
        #expect(pair { _, v in v.country = .thailand } == nil)
    }

    @Test func workAbroadHonoursTheDestinations() {
        #expect(pair { s, v in
            v.country = japan; v.province = nil
            s.programmes.insert(.workAbroad); s.destinations = [korea]
        } == .abroadDestination)
        #expect(pair { s, v in
            v.country = japan; v.province = nil
            s.programmes.insert(.workAbroad); s.destinations = [korea, japan]
        } == nil)
    }

    @Test func foreignWorkersOnlyWhereTheVacancyAcceptsThem() {
        #expect(pair { s, _ in s.nationality = .myanmar } == .foreignWorkerVacancy)
        #expect(pair { s, v in s.nationality = .myanmar; v.acceptsForeignWorkers = true } == nil)
        // A Thai seeker may see a vacancy that also accepts foreign workers.
        #expect(pair { _, v in v.acceptsForeignWorkers = true } == nil)
    }

    @Test(arguments: [
        (5113, false, EligibilityRule.foreignWorkerOccupation),  // tour guiding: list 1, closed
        (2142, true, .foreignWorkerOccupation),                  // civil engineering: list 2, agreements only
        (9313, false, .foreignWorkerOccupation),                 // building labourers: list 4 (and 3), MOU only
        (9313, true, nil),                                       // … with a work permit
        (7115, false, nil),                                      // carpentry: list 3, open with an employer
        (8160, false, nil),                                      // on no list
    ] as [(UInt16, Bool, EligibilityRule?)])
    func foreignWorkersOnlyInOccupationsOpenToThem(occupation: UInt16, permit: Bool, expected: EligibilityRule?) {
        #expect(pair { s, v in
            s.nationality = .cambodia
            if permit { s.programmes.insert(.workPermit) }
            v.occupation = ISCOCode(value: occupation)!
            v.acceptsForeignWorkers = true
        } == expected)
        // The list binds foreigners only.
        #expect(pair { _, v in v.occupation = ISCOCode(value: occupation)!; v.acceptsForeignWorkers = true } == nil)
    }

    @Test func coPaymentVacanciesOnlyForEnrolledGraduates() {
        #expect(pair { _, v in v.coPayment = true } == .coPaymentGraduate)
        #expect(pair { s, v in v.coPayment = true; s.programmes.insert(.coPayment) } == nil)
    }

    @Test func aHardEducationRequirementExcludesLowerAndUnknownEducation() {
        #expect(pair { s, v in v.minEducation = .bachelor; v.educationRequired = true; s.education = .diploma } == .hardEducation)
        #expect(pair { s, v in v.minEducation = .bachelor; v.educationRequired = true; s.education = nil } == .hardEducation)
        #expect(pair { s, v in v.minEducation = .bachelor; v.educationRequired = true; s.education = .master } == nil)
        // A soft one goes to the scorer only.
        #expect(pair { s, v in v.minEducation = .bachelor; s.education = .primary } == nil)
    }

    @Test func aRequiredLicenceMustBeListedAsALicenceOrASkill() {
        let forklift = "ใบอนุญาตขับรถยก", driving = "ใบขับขี่ ท.2"
        #expect(pair { _, v in v.requiredLicences = [forklift] } == .hardLicence)
        #expect(pair { s, v in v.requiredLicences = [forklift, driving]; s.licences = [forklift] } == .hardLicence)
        #expect(pair { s, v in v.requiredLicences = [forklift, driving]; s.licences = [forklift, driving] } == nil)
        // Written differently (spaces, case) and kept among the skills: the same licence.
        #expect(pair { s, v in v.requiredLicences = ["Forklift Licence"]; s.skills = ["forklift  licence"] } == nil)
    }

    @Test func classesKeepOnlyTheLicencesSomeVacancyRequires() {
        var a = seeker(1), b = seeker(2), c = seeker(3)
        a.licences = ["ใบอนุญาต รปภ.", "ใบขับขี่"]
        b.licences = ["ใบอนุญาต รปภ.", "ใบประกอบวิชาชีพพยาบาล"]
        c.licences = []
        let guardJob = Vacancy(key: 1, title: "รปภ.", occupation: ISCOCode(value: 5414)!, province: bangkok,
                               opensOn: Day(year: 2025, month: 1, day: 1)!, requiredLicences: ["ใบอนุญาต รปภ."])
        let table = EligibilityTable(seekers: [a, b, c], vacancies: [guardJob], events: [])
        #expect(table.classCounts.seekers == 2)  // a and b hold the only licence that matters
        #expect(table.rule(excluding: 0, 0) == nil && table.rule(excluding: 1, 0) == nil && table.rule(excluding: 2, 0) == .hardLicence)
    }

    @Test func anApplicationExcludesThePairButAViewDoesNot() {
        let seekers = [seeker(1), seeker(2)], vacancies = [vacancy(1, occupation: 8160), vacancy(2, occupation: 8160)]
        func event(_ kind: EventKind, _ s: Int32, _ v: Int32) -> MatchEvent {
            MatchEvent(person: Int64(s + 1), vacancy: Int64(v + 1), seekerIndex: s, vacancyIndex: v, kind: kind,
                       at: Timestamp(Day(year: 2025, month: 3, day: 1)!), source: "")
        }
        let table = EligibilityTable(seekers: seekers, vacancies: vacancies,
                                     events: [event(.apply, 0, 1), event(.view, 1, 0), event(.withdraw, 1, 1)])
        #expect(table.rule(excluding: 0, 1) == .alreadyApplied)
        #expect(table.rule(excluding: 1, 1) == .alreadyApplied)
        #expect(table.rule(excluding: 1, 0) == nil)
        #expect(table.rule(excluding: 0, 0) == nil)
        #expect(table.counts() == EligibilityCounts(seekers: 2, vacancies: 2, eligible: 2, excluded: [0, 0, 0, 0, 0, 0, 0, 2],
                                                    suggestedOccupationExclusions: 0))
    }

    @Test func theFirstFailingRuleIsTheOneCounted() {
        // A foreign seeker, not registered abroad, against a co-payment vacancy abroad: the
        // abroad rule comes first in the table.
        #expect(pair { s, v in
            s.nationality = .laos
            v.country = japan; v.province = nil; v.coPayment = true
        } == .abroadRegistration)
    }
}

@Suite("Hard requirements through the feeds")
struct HardRequirementFeedTests {
    @Test func licencesAndHardEducationRoundTripIntoTheSnapshot() throws {
        let space = try Workspace()
        let store = try MatchStore(path: space.path("central.sqlite"))
        let employer = citizenID("010555601234")
        let seekerID = citizenID("110170012345")
        let vacancies = csv(
            ["vacancy_id", "employer_id", "title", "occupation", "min_education", "province", "opens_on", "updated_at",
             "required_licences", "education_required"],
            [["V1", employer, "พนักงานขับรถยก", "8344", "lower_secondary", "10", "2025-01-01", "2025-01-01 08:00",
              "ใบอนุญาตขับรถยก|ใบขับขี่ ท.2", ""],
             ["V2", employer, "พยาบาลวิชาชีพ", "2221", "bachelor", "10", "2025-01-01", "2025-01-01 08:00", "", "yes"],
             ["V3", employer, "ผู้ช่วย", "5321", "", "10", "2025-01-01", "2025-01-01 08:00", "", "yes"]])
        let seekers = csv(["citizen_id", "province", "education", "licences", "registered_on", "updated_at"],
                          [[seekerID, "10", "diploma", "ใบอนุญาตขับรถยก", "2025-01-01", "2025-01-01 08:00"]])
        let vacancySummary = try store.importFeed(.vacancies, file: space.write("vacancies.csv", vacancies))
        #expect(vacancySummary.accepted == 2 && vacancySummary.rejected == 1)
        #expect(vacancySummary.problems.keys.contains { $0.hasPrefix("education_required") }, "\(vacancySummary.problems)")
        _ = try store.importFeed(.seekers, file: space.write("seekers.csv", seekers))
        let snapshot = try store.snapshot(asOf: Day(year: 2025, month: 2, day: 1)!)
        let forklift = snapshot.vacancies.first { $0.externalID == "V1" }!, nurse = snapshot.vacancies.first { $0.externalID == "V2" }!
        #expect(forklift.requiredLicences == ["ใบอนุญาตขับรถยก", "ใบขับขี่ ท.2"] && !forklift.educationRequired)
        #expect(nurse.educationRequired && nurse.requiredLicences.isEmpty)
        #expect(snapshot.seekers[0].licences == ["ใบอนุญาตขับรถยก"])
        let rules = EligibilityRules.standard
        #expect(rules.rule(excluding: snapshot.seekers[0], forklift) == .hardLicence)  // the driving licence is missing
        #expect(rules.rule(excluding: snapshot.seekers[0], nurse) == .hardEducation)
    }
}

@Suite("The foreign-worker occupation table")
struct ForeignWorkerOccupationTableTests {
    @Test func theEmbeddedTableHasTheFourListsOfTheNotification() throws {
        let table = try ForeignWorkerOccupations.embedded()
        #expect(table.entries.count == 40)
        #expect(Dictionary(grouping: table.entries, by: \.list).mapValues(\.count) == [1: 27, 2: 3, 3: 8, 4: 2])
        // A unit group on two lists takes the stricter: 9312 is construction (list 3) and labouring (list 4).
        #expect(table.access(to: ISCOCode(value: 9312)!) == .bilateralMOU)
        #expect(table.entries(for: ISCOCode(value: 9312)!).map(\.list).sorted() == [3, 4])
        #expect(table.access(to: ISCOCode(value: 2221)!) == .open)
    }

    @Test func aCorrectedTableReplacesTheEmbeddedOne() throws {
        try withTemporaryDirectory { folder in
            let path = try folder.write(Array("""
                list,item,occupation_en,condition,isco08_hint
                1,1,Tour guiding,closed to foreigners,5113
                3,1,Food machine operation,open with an employer,8160
                """.utf8), to: "fixed.csv")
            var rules = EligibilityRules.standard
            rules.foreignWorkerOccupations = try ForeignWorkerOccupations(contentsOf: path)
            var foreign = seeker(1)
            foreign.nationality = .myanmar
            var posting = vacancy(1, occupation: 9313)  // MOU-only in the embedded table, on no list here
            posting.acceptsForeignWorkers = true
            #expect(rules.rule(excluding: foreign, posting) == nil)
            #expect(EligibilityRules.standard.rule(excluding: foreign, posting) == .foreignWorkerOccupation)
        }
    }

    @Test(arguments: [
        ("list,item,occupation_en,condition,isco08_hint\n5,1,x,y,5113\n", "row 1, field list"),
        ("list,item,occupation_en,condition,isco08_hint\n1,1,x,y,5113\n1,2,x,y,5113|99\n", "row 2, field isco08_hint"),
        ("list,item,occupation_en,condition,isco08_hint\n1,1,x,y\n", "row 1: has 4 fields"),
        ("list,item,occupation,condition,isco08_hint\n", "field occupation_en"),
    ])
    func aBadTableIsRefusedWithItsFileRowAndField(text: String, expected: String) throws {
        try withTemporaryDirectory { folder in
            let path = try folder.write(Array(text.utf8), to: "bad.csv")
            do {
                _ = try ForeignWorkerOccupations(contentsOf: path)
                Issue.record("accepted a bad table")
            } catch let error as RuleTableError {
                #expect(error.description.hasPrefix(path))
                #expect(error.description.contains(expected), "\(error)")
            }
        }
    }
}

@Suite("Eligibility on the Fixtures: classes, counts and masks agree with the rules pair by pair")
struct EligibilityTableFixtureTests {
    @Test func theTableAndItsMasksAgreeWithThePairwiseRules() async throws {
        let fixture = try await learningFixture()
        let snapshot = try fixture.store.snapshot(asOf: fixture.split.testThrough - 14)
        let table = EligibilityTable(snapshot: snapshot)
        let rules = EligibilityRules.standard
        var applied = Set<Exclusions.Pair>()
        for event in snapshot.events where event.kind != .view && event.seekerIndex >= 0 && event.vacancyIndex >= 0 {
            applied.insert(.init(query: Int(event.seekerIndex), item: Int(event.vacancyIndex)))
        }
        var tally = [EligibilityRule: Int](), eligible = 0
        let seekerMasks = table.masks(for: .seekers).exclusions(queries: Array(snapshot.seekers.indices))
        let vacancyMasks = table.masks(for: .vacancies).exclusions(queries: Array(snapshot.vacancies.indices))
        for (s, profile) in snapshot.seekers.enumerated() {
            for (v, posting) in snapshot.vacancies.enumerated() {
                var expected = rules.rule(excluding: profile, posting)
                if expected == nil && applied.contains(.init(query: s, item: v)) { expected = .alreadyApplied }
                let got = table.rule(excluding: s, v)
                if got != expected { Issue.record("seeker \(s), vacancy \(v): \(String(describing: got)), expected \(String(describing: expected))"); return }
                #expect(seekerMasks.excludes(query: s, item: v) == (expected != nil))
                if seekerMasks.excludes(query: s, item: v) != vacancyMasks.excludes(query: v, item: s) { Issue.record("directions differ at \(s), \(v)"); return }
                if let expected { tally[expected, default: 0] += 1 } else { eligible += 1 }
            }
        }
        let counts = table.counts()
        #expect(counts.eligible == eligible)
        #expect(counts.excluded == EligibilityRule.allCases.map { tally[$0] ?? 0 })
        #expect(counts.eligible + counts.excluded.reduce(0, +) == counts.pairs)
        // The Fixtures exercise the rules: foreign workers, work abroad, co-payment and applications.
        for rule in [EligibilityRule.abroadRegistration, .foreignWorkerVacancy, .coPaymentGraduate, .alreadyApplied] {
            #expect(counts[rule] > 0, "no pair excluded by \(rule)")
        }
        #expect(table.classCounts.seekers < snapshot.seekers.count / 10)
    }
}

@Suite("Shards")
struct ShardTests {
    @Test func everyKeyFallsInExactlyOneShard() throws {
        let keys = (1...20_000).map { Int64($0) }
        for count in [1, 2, 3, 16] {
            let shards = try (1...count).map { try Shard(index: $0, count: count) }
            var sizes = [Int](repeating: 0, count: count)
            for key in keys {
                let owners = shards.indices.filter { shards[$0].contains(key: key) }
                #expect(owners.count == 1)
                sizes[owners[0]] += 1
            }
            // Roughly even: within 15% of the mean.
            let mean = Double(keys.count) / Double(count)
            #expect(sizes.allSatisfy { abs(Double($0) - mean) < 0.15 * mean }, "\(sizes)")
        }
    }

    @Test(arguments: ["0/4", "5/4", "3", "a/b", "1/0", "-1/2", "2/2/2"])
    func badShardsAreRefused(text: String) {
        #expect(throws: ShardError.self) { try Shard(parsing: text) }
    }

    @Test func parsesAndPrints() throws {
        #expect(try Shard(parsing: "3/16").description == "3/16")
        #expect(try Shard(parsing: "1/1") == .all)
    }
}
