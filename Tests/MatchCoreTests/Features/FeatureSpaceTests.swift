import Foundation
import MatchCore
import Testing

@Suite struct FeatureSpaceTests {
    let space = fixtureCorpus.space
    let snapshot = fixtureCorpus.snapshot

    @Test func fitsOnTheFixturesWithEveryBlock() {
        let summary = space.summary
        #expect(summary.seekers == snapshot.seekers.count && summary.vacancies == snapshot.vacancies.count)
        #expect(summary.textVocabulary > 1_000, "\(summary)")
        #expect(summary.skillVocabulary > 50 && summary.occupationVocabulary > 50, "\(summary)")
        #expect(summary.textRetainedEnergy > 0.2 && summary.textRetainedEnergy < 1, "\(summary)")
        #expect(space.dimension == FeatureBlock.allCases.reduce(0) { $0 + space.layout.range(of: $1).count })
    }

    @Test func everyBlockIsUnitOrZeroAndCompleteProfilesAreOneWithThemselves() {
        let seekers = space.encode(seekers: snapshot.seekers)
        let vacancies = space.encode(vacancies: snapshot.vacancies)
        for (matrix, name) in [(seekers, "seeker"), (vacancies, "vacancy")] {
            for row in 0..<matrix.rows {
                let values = matrix.row(row)
                for block in FeatureBlock.allCases {
                    let weight = space.configuration.weights[block]
                    let norm = space.layout.range(of: block).reduce(Float(0)) { $0 + values[$1] * values[$1] } / weight
                    #expect(norm < 1e-9 || abs(norm - 1) < 1e-4, "\(name) \(row) \(block): \(norm)")
                }
            }
        }
        let complete = seeker(title: "พนักงานขายหน้าร้าน", occupations: [5223], skills: ["บริการลูกค้า"], education: .bachelor,
                              experience: 2, wage: 15_000)
        let row = space.encode(complete)
        #expect(abs(dot(row, row) - 1) < 1e-5)
        let posting = vacancy(title: "พนักงานขาย", skills: ["บริการลูกค้า"], education: .upperSecondary, experience: 1, wage: 16_000)
        let vacancyRow = space.encode(posting)
        #expect(abs(dot(vacancyRow, vacancyRow) - 1) < 1e-5)
        #expect(dot(row, vacancyRow) <= 1 + 1e-5)
    }

    @Test func batchEncodingEqualsOneAtATimeAndColdStartNeedsNoRefit() {
        let seekers = Array(snapshot.seekers.prefix(300))
        let batch = space.encode(seekers: seekers)
        for (index, profile) in seekers.enumerated() { #expect(batch.row(index) == space.encode(profile)) }
        let vacancies = Array(snapshot.vacancies.prefix(100))
        let vacancyBatch = space.encode(vacancies: vacancies)
        for (index, posting) in vacancies.enumerated() { #expect(vacancyBatch.row(index) == space.encode(posting)) }
        // A seeker the fit never saw, with a misspelt Thai title: still a text block.
        let newcomer = space.encode(seeker(99_999_999, title: "พนกงานขายหน้าร้าน"))
        let textRange = space.layout.range(of: .text)
        #expect(textRange.contains { newcomer[$0] != 0 })
    }

    @Test func textMatchesThaiTitlesThroughMisspellingsAndSpacing() {
        let text = space.reweighted(BlockWeights(text: 1, occupation: 0, skills: 0, geography: 0, terms: 0))
        let query = text.encode(seeker(title: "พนักงานขายหน้าร้าน"))
        let same = text.encode(vacancy(title: "รับสมัครพนักงานขายหน้าร้าน ด่วน"))
        let spaced = text.encode(vacancy(title: "พนักงาน ขาย หน้า ร้าน"))
        let misspelt = text.encode(vacancy(title: "พนกงานขายหน้าร้าน"))
        let other = text.encode(vacancy(title: "วิศวกรโยธา คุมงานก่อสร้าง"))
        #expect(dot(query, same) > dot(query, other) + 0.2)
        #expect(dot(query, spaced) > dot(query, other) + 0.2)
        #expect(dot(query, misspelt) > dot(query, other) + 0.1)
        let english = text.encode(seeker(title: "Sales executive"))
        #expect(dot(english, text.encode(vacancy(title: "Sales Executive (FMCG)"))) > dot(english, other) + 0.2)
    }

    @Test func occupationsAreCloserTheMoreDigitsTheyShare() {
        let occupation = space.reweighted(BlockWeights(text: 0, occupation: 1, skills: 0, geography: 0, terms: 0))
        let query = occupation.encode(seeker(occupations: [5223]))
        func similarity(_ code: UInt16) -> Float { dot(query, occupation.encode(vacancy(occupation: code))) }
        // Codes seen in the Fixtures at each level: 5223 itself, 52xx, 5xxx, another major group.
        #expect(similarity(5223) > 0.95)
        #expect(similarity(5223) > similarity(5230) + 0.05)
        #expect(similarity(5230) > similarity(5120) + 0.05)
        #expect(similarity(5120) > similarity(2411) + 0.05)
    }

    @Test func geographyFallsWithDistanceAndLessForSeekersWhoRelocate() {
        let geography = space.reweighted(BlockWeights(text: 0, occupation: 0, skills: 0, geography: 1, terms: 0))
        let local = geography.encode(seeker(home: bangkok))
        let mover = geography.encode(seeker(home: bangkok, relocate: true))
        let places = [bangkok, nonthaburi, nakhonRatchasima, chiangMai, songkhla].map { geography.encode(vacancy(province: $0)) }
        let localScores = places.map { dot(local, $0) }
        #expect(localScores == localScores.sorted(by: >), "\(localScores)")
        #expect(localScores[0] > 0.99 && localScores[1] > 0.8 && localScores[2] < 0.6 && localScores[3] < 0.3)
        let moverScores = places.map { dot(mover, $0) }
        #expect(moverScores == moverScores.sorted(by: >))
        #expect(moverScores[0] - moverScores[3] < localScores[0] - localScores[3])
        // Overseas vacancies meet destinations, not provinces.
        var abroad = seeker(home: bangkok)
        abroad.destinations = [CountryCode(alpha2: "KR")!]
        let korea = geography.encode(vacancy(province: nil, country: CountryCode(alpha2: "KR")!))
        #expect(dot(geography.encode(abroad), korea) > 0.5)
        #expect(abs(dot(local, korea)) < 1e-6)
    }

    @Test func theProvinceKernelIsExactAtSeventySevenDimensions() {
        var configuration = space.configuration
        configuration.provinceKernelShare = 1
        configuration.weights = BlockWeights(text: 0, occupation: 0, skills: 0, geography: 1, terms: 0)
        let kernelOnly = try! FeatureSpace.fit(seekers: Array(snapshot.seekers.prefix(50)), vacancies: Array(snapshot.vacancies.prefix(50)),
                                               configuration: configuration)
        for (a, b) in [(bangkok, nonthaburi), (bangkok, chonburi), (chiangMai, songkhla), (nakhonRatchasima, nakhonRatchasima)] {
            let expected = exp(-a.distanceKilometres(to: b) / configuration.provinceKernelKilometres)
            let actual = dot(kernelOnly.encode(vacancy(province: a)), kernelOnly.encode(vacancy(province: b)))
            #expect(abs(Double(actual) - expected) < 1e-4, "\(a) – \(b): \(actual), not \(expected)")
        }
    }

    @Test func meetingARequirementScoresHigherThanMissingItWithoutPenaltyForMore() {
        let terms = space.reweighted(BlockWeights(text: 0, occupation: 0, skills: 0, geography: 0, terms: 1))
        let posting = terms.encode(vacancy(education: .diploma, experience: 2, wage: 18_000))
        func score(_ education: EducationLevel, _ years: Double, _ wage: Int) -> Float {
            dot(terms.encode(seeker(education: education, experience: years, wage: wage)), posting)
        }
        let meets = score(.diploma, 2, 15_000)
        #expect(meets > score(.upperSecondary, 2, 15_000))
        #expect(meets > score(.diploma, 0, 15_000))
        #expect(meets > score(.diploma, 2, 40_000))
        #expect(abs(score(.master, 10, 9_000) - meets) < 1e-5)
    }

    @Test func skillsMatchAsItemsWeightedByRarity() {
        let skills = space.reweighted(BlockWeights(text: 0, occupation: 0, skills: 1, geography: 0, terms: 0))
        let known = snapshot.vacancies.first { $0.hardSkills.count >= 3 }!
        let posting = skills.encode(known)
        let all = skills.encode(seeker(skills: known.hardSkills))
        let some = skills.encode(seeker(skills: [known.hardSkills[0]]))
        let none = skills.encode(seeker(skills: ["ไม่มีทักษะนี้ในข้อมูล"]))
        #expect(dot(all, posting) > dot(some, posting))
        #expect(dot(some, posting) > dot(none, posting))
        #expect(none.allSatisfy { $0 == 0 })
    }

    @Test func saveAndLoadGiveIdenticalRows() throws {
        let workspace = try Workspace()
        let path = workspace.path("space.jmfs")
        try space.save(to: path)
        let loaded = try FeatureSpace.load(from: path)
        #expect(loaded.summary == space.summary && loaded.configuration == space.configuration && loaded.layout == space.layout)
        let seekers = Array(snapshot.seekers.prefix(200))
        #expect(loaded.encode(seekers: seekers) == space.encode(seekers: seekers))
        let vacancies = Array(snapshot.vacancies.prefix(200))
        #expect(loaded.encode(vacancies: vacancies) == space.encode(vacancies: vacancies))
    }

    @Test func damagedTruncatedAndForeignFilesAreRefusedByName() throws {
        let workspace = try Workspace()
        let path = workspace.path("space.jmfs")
        try space.save(to: path)
        var bytes = try readBytes(path)
        func expectRefusal(_ bytes: [UInt8], _ fragment: String) throws {
            let bad = workspace.path("bad.jmfs")
            try Data(bytes).write(to: URL(fileURLWithPath: bad))
            #expect {
                _ = try FeatureSpace.load(from: bad)
            } throws: { error in
                "\(error)".contains(fragment) && "\(error)".contains("bad.jmfs")
            }
        }
        try expectRefusal(Array(bytes.prefix(bytes.count - 100)), "truncated")
        try expectRefusal(Array("not a space".utf8), "JMFSPACE")
        var damaged = bytes
        damaged[damaged.count - 3] ^= 0x55
        try expectRefusal(damaged, "checksum")
        bytes[8] = 9
        try expectRefusal(bytes, "version 9")
    }

    @Test func fitIsDeterministicAndRefusesNonsense() throws {
        let seekers = Array(snapshot.seekers.prefix(400)), vacancies = Array(snapshot.vacancies.prefix(200))
        let a = try FeatureSpace.fit(seekers: seekers, vacancies: vacancies)
        let b = try FeatureSpace.fit(seekers: seekers, vacancies: vacancies)
        #expect(a.encode(seekers: seekers) == b.encode(seekers: seekers))
        #expect(throws: FeatureSpaceError.emptyCorpus) { try FeatureSpace.fit(seekers: [], vacancies: []) }
        #expect(throws: FeatureSpaceError.self) {
            try FeatureSpace.fit(seekers: seekers, vacancies: vacancies, configuration: .init(textDimension: 0))
        }
    }
}

/// The features carry the simulator's hidden truth: ranking the open vacancies by the rows'
/// inner product puts the truly likely hires high for the held-out seekers of the Fixtures.
@Suite struct FeatureQualityTests {
    @Test func retrievalRanksTheOracleWellAboveRandom() throws {
        let (snapshot, space, truth, personKeys) = fixtureCorpus
        let seekerIndex = Dictionary(uniqueKeysWithValues: snapshot.seekers.enumerated().map { ($1.person, $0) })
        let seekerRows = space.encode(seekers: snapshot.seekers), vacancyRows = space.encode(vacancies: snapshot.vacancies)
        let scores = try BLAS.multiply(seekerRows, transposing: vacancyRows)
        var model = 0.0, random = 0.0, evaluated = 0
        for (citizenID, gains) in truth.probabilities {
            guard let key = personKeys[citizenID], let row = seekerIndex[key] else { continue }
            let gain = snapshot.vacancies.map { gains[$0.externalID] ?? 0 }
            let ideal = dcg(gain.sorted(by: >))
            guard ideal > 0 else { continue }
            let ranked = (0..<snapshot.vacancies.count).sorted { scores[row, $0] > scores[row, $1] }
            model += dcg(ranked.map { gain[$0] }) / ideal
            var generator = SeededGenerator(seed: UInt64(row))
            random += dcg(gain.shuffled(using: &generator)) / ideal
            evaluated += 1
        }
        model /= Double(evaluated)
        random /= Double(evaluated)
        print("feature retrieval NDCG@10 on the Fixtures: \(model) over \(evaluated) held-out seekers; random \(random)")
        #expect(evaluated >= 50)
        #expect(model > 2 * random, "NDCG@10 \(model) against random \(random)")
    }

    func dcg(_ gains: [Double]) -> Double {
        gains.prefix(10).enumerated().reduce(0) { $0 + $1.element / log2(Double($1.offset) + 2) }
    }
}
