import Foundation
@testable import MatchCore
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

    @Test func blocksAreUnitWhenRepresentedAndAProfileIsOneWithItself() {
        let seekers = space.encode(seekers: snapshot.seekers)
        let vacancies = space.encode(vacancies: snapshot.vacancies)
        func norms(_ values: [Float]) -> [FeatureBlock: Float] {
            var result: [FeatureBlock: Float] = [:]
            for block in FeatureBlock.allCases {
                result[block] = space.layout.range(of: block).reduce(Float(0)) { $0 + values[$1] * values[$1] } / space.configuration.weights[block]
            }
            return result
        }
        var complete: [Int] = []
        for (matrix, name) in [(seekers, "seeker"), (vacancies, "vacancy")] {
            var unit = 0, present = 0
            for row in 0..<matrix.rows {
                let blockNorms = norms(matrix.row(row))
                for (block, norm) in blockNorms {
                    #expect(norm <= 1 + 1e-4, "\(name) \(row) \(block): \(norm)")
                    if norm > 1e-9 { present += 1 }
                    if abs(norm - 1) < 1e-4 { unit += 1 }
                }
                if name == "vacancy" && blockNorms.values.allSatisfy({ abs($0 - 1) < 1e-4 }) { complete.append(row) }
            }
            // Blocks shrink only when the projection keeps less than 30% of their terms' length:
            // on the Fixtures 9% of seekers' and 11% of vacancies' blocks (mostly skills: 1,145
            // noisy skill strings in 32 dimensions).
            #expect(Double(unit) > 0.85 * Double(present), "\(name): \(unit) unit blocks of \(present)")
        }
        let row = try! #require(complete.first.map { vacancies.row($0) })
        #expect(abs(dot(row, row) - 1) < 1e-5)
        #expect(Double(complete.count) > 0.4 * Double(vacancies.rows), "\(complete.count) of \(vacancies.rows) vacancies have every block whole")
        let seekerRow = seekers.row(0)
        #expect(dot(seekerRow, seekerRow) <= 1 + 1e-5)
    }

    @Test func rareUnrelatedSkillsAreNotMadeSimilar() {
        var counts: [UInt64: (skill: String, count: Int)] = [:]
        for skill in snapshot.seekers.flatMap(\.skills) + snapshot.vacancies.flatMap({ $0.hardSkills + $0.softSkills }) {
            counts[FeatureDocuments.skillKey(skill), default: (skill, 0)].count += 1
        }
        let rare = counts.values.filter { $0.count == 1 }.map(\.skill).sorted().prefix(60)
        let skills = try! space.reweighted(BlockWeights(text: 0, occupation: 0, skills: 1, geography: 0, terms: 0))
        var pairs = 0, similar = 0
        for (i, a) in rare.enumerated() {
            let seekerRow = skills.encode(seeker(skills: [a]))
            for b in rare.dropFirst(i + 1) {
                pairs += 1
                if dot(seekerRow, skills.encode(vacancy(skills: [b]))) > 0.5 { similar += 1 }
            }
        }
        #expect(pairs > 500)
        #expect(similar * 100 < pairs, "\(similar) of \(pairs) pairs of rare, unrelated skills have similarity above 0.5")
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

    @Test func aFreeTextsBlockIsTheRowsTextBlockBeforeItsWeight() {
        var encoder = space.makeEncoder()
        let range = space.layout.range(of: .text)
        let scale = space.configuration.weights[.text].squareRoot()
        var block = [Float](repeating: 0, count: range.count)
        var text = ""
        for posting in snapshot.vacancies.prefix(50) {
            text.removeAll()
            FeatureDocuments.appendText(of: posting, to: &text)
            block.withUnsafeMutableBufferPointer { encoder.encodeText(text, into: $0) }
            let row = space.encode(posting)
            for (offset, index) in range.enumerated() { #expect(abs(row[index] - scale * block[offset]) <= 1e-6) }
        }
        // A Thai query typed by a seeker, without spaces: unit length, nearest a posting about it.
        block.withUnsafeMutableBufferPointer { encoder.encodeText("พนักงานขายหน้าร้าน", into: $0) }
        #expect(abs(block.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4)
        let sales = space.encode(vacancy(title: "รับสมัครพนักงานขายหน้าร้าน ด่วน"))
        let builder = space.encode(vacancy(title: "วิศวกรโยธา คุมงานก่อสร้าง"))
        func textSimilarity(_ row: [Float]) -> Float { zip(block, row[range]).reduce(0) { $0 + $1.0 * $1.1 } }
        #expect(textSimilarity(sales) > textSimilarity(builder) + 0.2)
        // Nothing in the vocabulary: a zero block, not NaN.
        block.withUnsafeMutableBufferPointer { encoder.encodeText("", into: $0) }
        #expect(block.allSatisfy { $0 == 0 })
    }

    @Test func textMatchesThaiTitlesThroughMisspellingsAndSpacing() {
        let text = try! space.reweighted(BlockWeights(text: 1, occupation: 0, skills: 0, geography: 0, terms: 0))
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
        let occupation = try! space.reweighted(BlockWeights(text: 0, occupation: 1, skills: 0, geography: 0, terms: 0))
        let query = occupation.encode(seeker(occupations: [5223]))
        func similarity(_ code: UInt16) -> Float { dot(query, occupation.encode(vacancy(occupation: code))) }
        // Codes seen in the Fixtures at each level: 5223 itself, 52xx, 5xxx, another major group.
        #expect(similarity(5223) > 0.95)
        #expect(similarity(5223) > similarity(5230) + 0.05)
        #expect(similarity(5230) > similarity(5120) + 0.05)
        #expect(similarity(5120) > similarity(2411) + 0.05)
    }

    @Test func occupationSimilarityFollowsTheLevelsExactlyWhenTheBlockIsLargeEnough() throws {
        var configuration = FeatureConfiguration(occupationDimension: 512)
        configuration.weights = BlockWeights(text: 0, occupation: 1, skills: 0, geography: 0, terms: 0)
        let exact = try FeatureSpace.fit(seekers: snapshot.seekers, vacancies: snapshot.vacancies, configuration: configuration)
        #expect(exact.summary.occupationVocabulary <= 512)
        // Codes of the corpus sharing 4, 3, 2, 1 and 0 leading digits with the first one.
        let codes = Array(Set(snapshot.vacancies.map(\.occupation.value))).sorted()
        let query = codes[0]
        let shares: [Float] = [0, 0.1, 0.3, 0.6, 1]
        for level in 0...4 {
            let divisor = [10_000, 1000, 100, 10, 1][level]
            guard let other = codes.first(where: { $0 / UInt16(divisor) == query / UInt16(divisor)
                && (level == 4 || $0 / UInt16(divisor / 10) != query / UInt16(divisor / 10)) }) else { continue }
            let similarity = dot(exact.encode(seeker(occupations: [query])), exact.encode(vacancy(occupation: other)))
            #expect(abs(similarity - shares[level]) < 1e-4, "\(query) and \(other) share \(level) digits: \(similarity)")
        }
    }

    @Test func geographyFallsWithDistanceAndLessForSeekersWhoRelocate() {
        let geography = try! space.reweighted(BlockWeights(text: 0, occupation: 0, skills: 0, geography: 1, terms: 0))
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
        let terms = try! space.reweighted(BlockWeights(text: 0, occupation: 0, skills: 0, geography: 0, terms: 1))
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
        let skills = try! space.reweighted(BlockWeights(text: 0, occupation: 0, skills: 1, geography: 0, terms: 0))
        let known = snapshot.vacancies.first { $0.hardSkills.count >= 3 }!
        let posting = skills.encode(known)
        let all = skills.encode(seeker(skills: known.hardSkills))
        let some = skills.encode(seeker(skills: [known.hardSkills[0]]))
        let none = skills.encode(seeker(skills: ["ไม่มีทักษะนี้ในข้อมูล"]))
        // Directions, not lengths: a block the projection represents poorly is shorter.
        func cosine(_ a: [Float], _ b: [Float]) -> Float { dot(a, b) / (dot(a, a) * dot(b, b)).squareRoot() }
        #expect(cosine(all, posting) > cosine(some, posting))
        #expect(cosine(some, posting) > 0)
        #expect(none.allSatisfy { $0 == 0 })
    }

    @Test func nonFiniteExperienceIsUnknownAndBadWeightsAreRefused() {
        let terms = try! space.reweighted(BlockWeights(text: 0, occupation: 0, skills: 0, geography: 0, terms: 1))
        let posting = terms.encode(vacancy(experience: 10))
        #expect(dot(terms.encode(seeker(experience: .nan)), posting) == dot(terms.encode(seeker(experience: nil)), posting))
        #expect(dot(terms.encode(seeker(experience: .nan)), posting) < dot(terms.encode(seeker(experience: 12)), posting))
        #expect(throws: FeatureSpaceError.self) { try space.reweighted(BlockWeights(text: -1)) }
        #expect(throws: FeatureSpaceError.self) { try space.reweighted(BlockWeights(text: 0, occupation: 0, skills: 0, geography: 0, terms: 0)) }
        #expect(throws: FeatureSpaceError.self) { try space.reweighted(BlockWeights(text: .nan)) }
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
        // A crafted header: counts and offsets that would overflow, a huge dimension.
        let headerLength = Int(bytes[12]) | Int(bytes[13]) << 8 | Int(bytes[14]) << 16 | Int(bytes[15]) << 24
        let header = String(decoding: bytes[16..<16 + headerLength], as: UTF8.self)
        func crafted(_ from: String, _ to: String) -> [UInt8] {
            var text = header.replacingOccurrences(of: from, with: to)
            while text.utf8.count < headerLength { text += " " }
            var length = UInt32(text.utf8.count).littleEndian
            let lengthBytes = withUnsafeBytes(of: &length) { Array($0) }
            return Array(bytes[0..<12]) + lengthBytes + Array(text.utf8) + Array(bytes[(16 + headerLength)...])
        }
        let firstCount = try #require(header.firstMatch(of: /"count":[0-9]+/)).0
        try expectRefusal(crafted(String(firstCount), "\"count\":2305843009213693952"), "inside the file")
        let firstOffset = try #require(header.firstMatch(of: /"offset":[0-9]+/)).0
        try expectRefusal(crafted(String(firstOffset), "\"offset\":9223372036854775807"), "inside the file")
        try expectRefusal(crafted("\"textDimension\":\(space.configuration.textDimension)", "\"textDimension\":17179869184"), "dimension")
        // A projection coefficient out of range, with its array's checksum made to match.
        let table = try JSONDecoder().decode(FeatureSpace.FileHeader.self, from: Data(bytes[16..<16 + headerLength]))
        let entry = try #require(table.arrays.first { $0.name == "text.projection" })
        var outOfRange = bytes
        let start = 16 + headerLength + entry.offset
        withUnsafeBytes(of: Float(1e6).bitPattern.littleEndian) { outOfRange.replaceSubrange(start..<start + 4, with: $0) }
        let checksum = FeatureSpace.checksum(outOfRange[start..<start + 4 * entry.count])
        let header2 = header.replacingOccurrences(of: entry.checksum, with: checksum)
        #expect(header2 != header && header2.utf8.count == headerLength)
        try expectRefusal(Array(outOfRange[0..<16]) + Array(header2.utf8) + Array(outOfRange[(16 + headerLength)...]),
                          "text.projection: value 1000000.0 at row 0, column 0")
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
