import Foundation
import MatchCore
import Testing
@testable import MatchSim

/// The repository's Fixtures folder (beside Tests/).
let fixturesURL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

/// A small simulated world, shared by the behaviour tests (built once).
let sharedWorld: (world: SimWorld, log: MarketLog) = {
    let catalog = try! SimCatalog.load()
    let start = Day(year: 2025, month: 1, day: 1)!
    let world = SimWorld(seed: 7, catalog: catalog, model: HireModel(), start: start, end: start.addingMonths(4))
    world.populate(seekers: 6_000, vacancies: 1_500, employers: 250)
    let log = world.runMarket(months: 4) { _ in }
    return (world, log)
}()

@Suite struct SimulatorTests {
    @Test func fixturesRegenerateByteForByte() throws {
        let manifest = try JSONDecoder().decode(
            Simulation.Manifest.self, from: Data(contentsOf: fixturesURL.appendingPathComponent("manifest.json")))
        let workspace = try Workspace()
        let out = workspace.url.appendingPathComponent("fixtures")
        let again = try Simulation.run(manifest.options, to: out)
        let sameManifest = again == manifest
        #expect(sameManifest, "Fixtures/manifest.json differs from a new run: if the simulator changed on purpose, run make fixtures")
        let files = try FileManager.default.subpathsOfDirectory(atPath: fixturesURL.path)
            .filter { $0.hasSuffix(".csv") || $0.hasSuffix(".jsonl") || $0.hasSuffix(".json") }.sorted()
        #expect(files.count == FeedKind.allCases.count + 5)
        for file in files {
            let expected = try Data(contentsOf: fixturesURL.appendingPathComponent(file))
            let actual = try Data(contentsOf: out.appendingPathComponent(file))
            let same = actual == expected
            #expect(same, "\(file) differs from Fixtures/\(file) (\(actual.count) bytes, \(expected.count) committed)")
        }
    }

    @Test func fixturesImportWithExactlyTheInjectedRejects() throws {
        let manifest = try JSONDecoder().decode(
            Simulation.Manifest.self, from: Data(contentsOf: fixturesURL.appendingPathComponent("manifest.json")))
        let workspace = try Workspace()
        let store = try MatchStore(path: workspace.path("central.sqlite"))
        for kind in Simulation.importOrder {
            let report = try #require(manifest.feeds.first { $0.feed == kind.name })
            let summary = try store.importFeed(
                kind, file: fixturesURL.appendingPathComponent("feeds/\(report.file)").path,
                options: ImportOptions(rejectsPath: workspace.path("\(report.file).rejects.csv")))
            #expect(summary.read == report.rows, "\(kind)")
            let rejects = (try? workspace.read("\(report.file).rejects.csv")) ?? ""
            #expect(summary.rejected == report.invalid, "\(kind): rejects \(rejects)")
            #expect(summary.accepted == report.rows - report.invalid, "\(kind)")
            #expect(summary.unchanged >= report.duplicates + report.olderVersions, "\(kind)")
            #expect(report.invalid >= 2, "\(kind)")
        }
        let truth = try GroundTruth(directory: fixturesURL.appendingPathComponent("truth"))
        let snapshot = try store.snapshot(asOf: truth.asOf)
        #expect(snapshot.seekers.count > manifest.truth.heldOutSeekers)
        #expect(snapshot.vacancies.count >= manifest.truth.openVacancies / 2)
        #expect(Set(snapshot.seekers.flatMap(\.programmes.services)).isSuperset(of: [.jobBoard, .unemploymentInsurance, .coPayment, .workAbroad]))
        #expect(truth.probabilities.count > 0)
        #expect(truth.probabilities.values.allSatisfy { $0.values.allSatisfy { $0 > 0 && $0 <= 1 } })
    }

    @Test func sameSeedSameWorldOtherSeedOtherWorld() throws {
        let workspace = try Workspace()
        let options = Simulation.Options(seekers: 300, vacancies: 80, months: 2, seed: 5, format: "jsonl")
        let first = try Simulation.run(options, to: workspace.url.appendingPathComponent("a"))
        let second = try Simulation.run(options, to: workspace.url.appendingPathComponent("b"))
        var other = options
        other.seed = 6
        let third = try Simulation.run(other, to: workspace.url.appendingPathComponent("c"))
        #expect(first == second)
        let files = first.feeds.map { "feeds/\($0.file)" } + ["truth/oracle.csv", "truth/seekers.csv", "truth/vacancies.csv", "truth/truth.json"]
        for file in files {
            let a = try Data(contentsOf: workspace.url.appendingPathComponent("a/\(file)"))
            let b = try Data(contentsOf: workspace.url.appendingPathComponent("b/\(file)"))
            #expect(a == b, "\(file)")
        }
        let a = try Data(contentsOf: workspace.url.appendingPathComponent("a/feeds/seekers.jsonl"))
        let c = try Data(contentsOf: workspace.url.appendingPathComponent("c/feeds/seekers.jsonl"))
        #expect(a != c)
        #expect(third.feeds.map(\.file) == first.feeds.map(\.file))

        // The JSON Lines files import with exactly the invalid rows rejected.
        let store = try MatchStore(path: workspace.path("central.sqlite"))
        for kind in Simulation.importOrder {
            let report = try #require(first.feeds.first { $0.feed == kind.name })
            let summary = try store.importFeed(
                kind, file: workspace.url.appendingPathComponent("a/feeds/\(report.file)").path,
                options: ImportOptions(rejectsPath: workspace.path("\(report.file).rejects.csv")))
            #expect(summary.read == report.rows && summary.rejected == report.invalid, "\(kind)")
        }
    }

    @Test func refusesAFolderItDidNotWrite() throws {
        let workspace = try Workspace()
        try workspace.write("notes.txt", "mine")
        #expect(throws: SimulationError.self) {
            try Simulation.run(Simulation.Options(seekers: 10, vacancies: 5, months: 1, seed: 1), to: workspace.url)
        }
        #expect(try workspace.read("notes.txt") == "mine")
    }

    @Test func geographyPutsJobsInBangkokAndTheEastAndSeekersInTheNortheast() {
        let world = sharedWorld.world
        func share<T>(_ items: [T], _ province: (T) -> UInt8, _ test: (Province) -> Bool) -> Double {
            Double(items.filter { test(Province(code: province($0))!) }.count) / Double(items.count)
        }
        let hub: (Province) -> Bool = { SimGeography.bangkokMetro.contains($0.code) || SimGeography.easternSeaboard.contains($0.code) }
        let northeast: (Province) -> Bool = { $0.region == .northeast }
        let thai = world.seekers.filter { $0.nationality == 0 }
        let domestic = world.vacancies.filter { $0.country == 0 }
        #expect(share(domestic, \.province, hub) > 1.5 * share(thai, \.province, hub))
        #expect(share(thai, \.province, northeast) > 2 * share(domestic, \.province, northeast))
        #expect(share(thai, \.province, northeast) > 0.25)
    }

    @Test func foreignWorkersOnlyInOccupationsOpenToThem() {
        let (world, log) = sharedWorld
        let foreign = world.seekers.indices.filter { world.seekers[$0].nationality != 0 }
        #expect(foreign.count > 200)
        for s in foreign {
            #expect(world.catalog.occupations[Int(world.seekers[s].occupation)].openToForeignWorkers)
            let second = Int(world.seekers[s].secondOccupation)
            #expect(second < 0 || world.catalog.occupations[second].openToForeignWorkers)
        }
        let foreignEvents = log.events.filter { world.seekers[Int($0.seeker)].nationality != 0 }
        #expect(!foreignEvents.isEmpty)
        #expect(foreignEvents.allSatisfy { world.vacancies[Int($0.vacancy)].foreignWorkers })
        // Clerical work, driving and hairdressing are closed to foreigners by the 2020
        // notification; labouring and shop sales are open to MOU workers.
        let open = Set(world.catalog.occupations.filter(\.openToForeignWorkers).map(\.isco.value))
        #expect(open.isDisjoint(with: [4110, 4311, 4321, 8322, 5141]))
        #expect(open.isSuperset(of: [9313, 9321, 5223]))
    }

    @Test func eventsFollowTheFunnelInTimeOrder() {
        let (world, log) = sharedWorld
        #expect(zip(log.events, log.events.dropFirst()).allSatisfy { $0.time <= $1.time })
        var first: [Int64: [SimEvent.Kind: Int64]] = [:]
        for event in log.events {
            let pair = Int64(event.seeker) << 32 | Int64(event.vacancy)
            if first[pair]?[event.kind] == nil { first[pair, default: [:]][event.kind] = event.time }
        }
        var hires = 0
        for (_, kinds) in first {
            if let apply = kinds[.apply] { #expect(kinds[.view]! <= apply) }
            if let interview = kinds[.interview] { #expect(kinds[.apply]! < interview) }
            if let hire = kinds[.hire] {
                #expect(kinds[.interview]! < hire)
                hires += 1
            }
        }
        #expect(hires == log.hires)
        #expect(log.hires > 100)
        // Nobody is hired twice, and no vacancy beyond its positions.
        let hired = log.events.filter { $0.kind == .hire }
        #expect(Set(hired.map(\.seeker)).count == hired.count)
        var perVacancy: [Int32: Int] = [:]
        for event in hired { perVacancy[event.vacancy, default: 0] += 1 }
        #expect(perVacancy.allSatisfy { $0.value <= Int(world.vacancies[Int($0.key)].positions) })
    }

    @Test func searchExposureIsLocalAndFavoursNewPostings() {
        let (world, log) = sharedWorld
        func homeShare(_ kind: SimEvent.Kind) -> Double {
            let events = log.events.filter { $0.kind == kind && world.vacancies[Int($0.vacancy)].country == 0 }
            let home = events.filter { world.seekers[Int($0.seeker)].province == world.vacancies[Int($0.vacancy)].province }
            return Double(home.count) / Double(events.count)
        }
        // Were views spread as the vacancies are, a seeker's own province would get this share.
        var byProvince: [UInt8: Int] = [:]
        for vacancy in world.vacancies where vacancy.country == 0 { byProvince[vacancy.province, default: 0] += 1 }
        let domestic = Double(byProvince.values.reduce(0, +))
        let viewers = log.events.filter { $0.kind == .view && world.vacancies[Int($0.vacancy)].country == 0 }
        let baseline = viewers.reduce(0.0) { $0 + Double(byProvince[world.seekers[Int($1.seeker)].province] ?? 0) / domestic }
            / Double(viewers.count)
        #expect(homeShare(.view) > 3 * baseline, "views \(homeShare(.view)), baseline \(baseline)")
        #expect(homeShare(.apply) > 3 * baseline, "applications \(homeShare(.apply)), baseline \(baseline)")
        // Postings are seen mostly in their first weeks.
        let views = log.events.filter { $0.kind == .view }
        let ages = views.map { Int($0.time / 86_400) - Int(world.vacancies[Int($0.vacancy)].opens) }.sorted()
        #expect(ages[ages.count / 2] < 30)
    }

    @Test func hiresFollowTheHiddenProbability() {
        let (world, log) = sharedWorld
        // Applications ranked by their true probability: the top third is hired far more often.
        let applications = log.events.filter { $0.kind == .apply }
        let hires = Set(log.events.filter { $0.kind == .hire }.map { Int64($0.seeker) << 32 | Int64($0.vacancy) })
        let scored = applications.map { event in
            (p: world.probability(seeker: Int(event.seeker), vacancy: Int(event.vacancy)),
             hired: hires.contains(Int64(event.seeker) << 32 | Int64(event.vacancy)))
        }.sorted { $0.p < $1.p }
        let third = scored.count / 3
        let low = Double(scored.prefix(third).filter(\.hired).count) / Double(third)
        let high = Double(scored.suffix(third).filter(\.hired).count) / Double(third)
        #expect(high > 3 * low, "hire rate low third \(low), high third \(high)")
    }

    @Test func hireProbabilityIsNotOneVisibleFeature() {
        let world = sharedWorld.world
        // Same occupation and province: the probability still spreads widely (skills, exact distance,
        // wage floor, education threshold, employer effect, noise).
        var spread: [Double] = []
        for s in 0..<400 {
            let seeker = world.seekers[s]
            for v in world.vacancies.indices where world.vacancies[v].occupation == seeker.occupation
                && world.vacancies[v].province == seeker.province && world.vacancies[v].country == 0
                && (seeker.nationality == 0 || world.vacancies[v].foreignWorkers) {
                spread.append(world.probability(seeker: s, vacancy: v))
            }
        }
        spread.sort()
        #expect(spread.count > 50)
        let low = spread[spread.count / 10]
        let high = spread[spread.count * 9 / 10]
        #expect(high > 4 * low, "p10 \(low), p90 \(high)")
    }

    @Test func declaredSkillsAreASubsetWithSomeFalseClaims() {
        let world = sharedWorld.world
        var declared = 0
        var total = 0
        var claims = 0
        for seeker in world.seekers {
            total += Int(seeker.skillCount)
            declared += seeker.declared.nonzeroBitCount
            if seeker.claimed >= 0 { claims += 1 }
        }
        let share = Double(declared) / Double(total)
        #expect(share > 0.45 && share < 0.75)
        #expect(Double(claims) / Double(world.seekers.count) > 0.05)
    }

    @Test func thaiFormsInTheFeeds() throws {
        let seekers = try String(contentsOf: fixturesURL.appendingPathComponent("feeds/seekers.csv"), encoding: .utf8)
        // Buddhist-era dates, Thai digits, Thai titles and province names are all there.
        #expect(seekers.contains("/256"))
        #expect(seekers.unicodeScalars.contains { (0x0E50...0x0E59).contains($0.value) })
        #expect(seekers.contains("พนักงาน"))
        #expect(seekers.contains("กรุงเทพมหานคร"))
        let vacancies = try String(contentsOf: fixturesURL.appendingPathComponent("feeds/vacancies.csv"), encoding: .utf8)
        #expect(vacancies.contains("รับสมัคร"))
        #expect(vacancies.contains("Position: "))
    }

    /// The truth can tell rankings apart: a rule ranking (same occupation and province, newest
    /// first) is well above random and well below the oracle, by NDCG@10 of the true
    /// probabilities.
    @Test func truthSeparatesRandomRuleAndOracle() {
        let world = sharedWorld.world
        let asOf = world.start.addingMonths(3)
        let truth = SimTruth(world: world, identity: SimIdentity(seed: 7), asOf: asOf, heldOutCount: 200)
        let seekers = truth.heldOutSeekers()
        let open = truth.openVacancies()
        #expect(seekers.count == 200)
        #expect(open.count > 100)
        func ndcg(_ ranked: [Int], _ gains: [Int: Double], ideal: [Double]) -> Double {
            func dcg(_ values: [Double]) -> Double {
                values.prefix(10).enumerated().reduce(0) { $0 + $1.element / log2(Double($1.offset) + 2) }
            }
            let best = dcg(ideal)
            return best > 0 ? dcg(ranked.map { gains[$0] ?? 0 }) / best : 0
        }
        var random = SimRandom(state: 99)
        var scores = (random: 0.0, rule: 0.0)
        for s in seekers {
            let seeker = world.seekers[s]
            var gains: [Int: Double] = [:]
            for v in open { gains[v] = world.probability(seeker: s, vacancy: v) }
            let ideal = gains.values.sorted(by: >)
            let shuffled = open.map { ($0, random.next()) }.sorted { $0.1 < $1.1 }.map(\.0)
            let rule = open.sorted { a, b in
                func key(_ v: Int) -> (Int, Int32) {
                    let vacancy = world.vacancies[v]
                    let fit = (vacancy.occupation == seeker.occupation ? 2 : 0) + (vacancy.province == seeker.province ? 1 : 0)
                    return (fit, vacancy.opens)
                }
                return key(a) > key(b)
            }
            scores.random += ndcg(shuffled, gains, ideal: ideal)
            scores.rule += ndcg(rule, gains, ideal: ideal)
        }
        let randomScore = scores.random / Double(seekers.count)
        let ruleScore = scores.rule / Double(seekers.count)
        #expect(ruleScore > 3 * randomScore, "rule \(ruleScore), random \(randomScore)")
        #expect(ruleScore < 0.8, "rule \(ruleScore): the truth is more than occupation and province")
    }
}
