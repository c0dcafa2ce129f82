import Foundation
import Testing
@testable import MatchCore

/// One coder for the suite, trained once on the embedded knowledge (a smaller training sample
/// than the default, for the debug build's speed).
enum SharedCoder {
    static let knowledge = Result { try OccupationKnowledge.embedded() }
    static let coder = Result { () throws -> OccupationCoder in
        var configuration = OccupationCoderConfiguration()
        configuration.trainingTitles = 2_000
        configuration.thaiTrainingTitles = 1_000
        return try OccupationCoder.train(knowledge: try knowledge.get(), configuration: configuration)
    }
}

@Suite struct OccupationKnowledgeTests {
    @Test func embeddedKnowledgeHoldsESCOAndEveryUnitGroupInThai() throws {
        let knowledge = try SharedCoder.knowledge.get()
        let esco = knowledge.occupations.filter(\.isESCO)
        #expect(esco.count == 3_007)
        #expect(knowledge.occupations.count == 3_007 + ISCOCode.unitGroups.count)
        for occupation in knowledge.occupations where !occupation.isESCO {
            #expect(occupation.thaiName?.unicodeScalars.contains { (0x0E00...0x0E7F).contains($0.value) } == true, "\(occupation.code)")
        }
        let thai = knowledge.labels.filter { $0.kind == .thai }
        #expect(thai.count > 1_000)
        // The simulator's Thai titles are the table's: พนักงานขาย names shop sales assistants.
        let shop = knowledge.unitGroupIndex[try ISCOCode(parsing: "5223")]
        #expect(knowledge.labels.contains { $0.text == "พนักงานขาย" && $0.occupation == shop })
    }

    @Test func holdingOutTakesOnlyAlternativeLabelsAndIsDeterministic() throws {
        let knowledge = try SharedCoder.knowledge.get()
        let first = knowledge.holdingOut(share: 0.1, seed: 3)
        let again = knowledge.holdingOut(share: 0.1, seed: 3)
        #expect(first.kept == again.kept && first.heldOut == again.heldOut)
        let alternatives = knowledge.labels.filter { $0.kind == .alternative }.count
        let removed = knowledge.labels.count - first.kept.labels.count
        #expect(removed == first.heldOut.count + first.duplicates)
        #expect(Double(removed) > 0.08 * Double(alternatives) && Double(removed) < 0.12 * Double(alternatives))
        #expect(first.kept.labels.filter { $0.kind == .preferred }.count == 3_007)
        let keptTexts = Set(first.kept.labels.map { OccupationKnowledge.lookupKey($0.text) })
        #expect(first.heldOut.allSatisfy { !keptTexts.contains(OccupationKnowledge.lookupKey($0.title)) })
        #expect(knowledge.holdingOut(share: 0.1, seed: 4).heldOut != first.heldOut)
    }

    @Test func codedTitlesBecomeLabelsOfTheirOccupation() throws {
        let knowledge = try SharedCoder.knowledge.get()
        let welder = try ISCOCode(parsing: "7212")
        let added = knowledge.adding([.init(title: "ช่างเชื่อมท่อแก๊สใต้ทะเล", isco: welder)])
        #expect(added.labels.count == knowledge.labels.count + 1)
        let label = added.labels.last!
        #expect(label.kind == .coded && added.occupations[Int(label.occupation)].isco == welder && !added.occupations[Int(label.occupation)].isESCO)
    }
}

@Suite struct LexicalOccupationMatcherTests {
    @Test func trigramSimilarityIsPostgresPgTrgm() {
        // pg_trgm: similarity('word', 'words') = 4 / 7; similarity('word', 'two words') = 4 / 10... by sets.
        let a = LexicalOccupationMatcher.trigrams("word"), b = LexicalOccupationMatcher.trigrams("words")
        #expect(a == ["  w", " wo", "wor", "ord", "rd "])
        #expect(a.intersection(b).count == 4 && a.union(b).count == 7)
        #expect(LexicalOccupationMatcher.trigrams("Cook, chef") == ["  c", " co", "coo", "ook", "ok ", " ch", "che", "hef", "ef "])
    }

    @Test func exactMatchRanksFirstThenSimilarity() throws {
        let knowledge = try SharedCoder.knowledge.get()
        let matcher = LexicalOccupationMatcher(knowledge: knowledge)
        let welder = knowledge.occupations.firstIndex { $0.name == "welder" }!
        #expect(matcher.rank("Welder").first == Int32(welder))
        #expect(matcher.rank("welderz").prefix(3).contains(Int32(welder)))
    }
}

@Suite(.serialized) struct OccupationCoderTests {
    @Test func exactLabelsRankTheirOwnOccupationFirst() throws {
        let coder = try SharedCoder.coder.get()
        let knowledge = coder.knowledge
        // Labels whose text names exactly one occupation, a deterministic sample of each kind.
        var owners: [String: Set<Int32>] = [:]
        for label in knowledge.labels { owners[OccupationKnowledge.lookupKey(label.text), default: []].insert(label.occupation) }
        var sample: [OccupationKnowledge.Label] = []
        for kind in [OccupationKnowledge.LabelKind.preferred, .alternative, .thai] {
            let unique = knowledge.labels.filter { $0.kind == kind && owners[OccupationKnowledge.lookupKey($0.text)]!.count == 1 }
            sample += stride(from: 0, to: unique.count, by: max(1, unique.count / 150)).map { unique[$0] }
        }
        let codings = try coder.code(sample.map(\.text), top: 1)
        var misses: [String] = []
        for (label, coding) in zip(sample, codings) where coding.matches.first?.occupation != label.occupation {
            misses.append(label.text)
        }
        #expect(misses.isEmpty, "\(misses.count) of \(sample.count) labels not first: \(misses.prefix(10))")
    }

    @Test func thaiAndEnglishTitlesOfTheSameJobAgreeAtTwoDigits() throws {
        let coder = try SharedCoder.coder.get()
        let pairs = [
            ("พนักงานขายหน้าร้าน", "shop sales assistant"), ("ช่างเชื่อม TIG", "TIG welder"), ("ช่างซ่อมรถยนต์", "car mechanic"),
            ("โปรแกรมเมอร์", "software developer"), ("แม่บ้านทำความสะอาด", "office cleaner"), ("พนักงานขับรถบรรทุก 10 ล้อ", "truck driver"),
            ("พยาบาลวิชาชีพ", "registered nurse"), ("ครูสอนภาษาอังกฤษ", "English teacher"), ("พ่อครัว", "cook"),
            ("พนักงานรักษาความปลอดภัย", "security guard"), ("ช่างไฟฟ้า", "electrician"), ("พนักงานต้อนรับโรงแรม", "hotel receptionist"),
        ]
        let codings = try coder.code(pairs.flatMap { [$0.0, $0.1] }, top: 1)
        var disagreements: [String] = []
        for (index, pair) in pairs.enumerated() {
            let thai = codings[2 * index].groups(level: 2).first?.code, english = codings[2 * index + 1].groups(level: 2).first?.code
            if thai == nil || thai != english { disagreements.append("\(pair.0) → \(thai ?? "-"), \(pair.1) → \(english ?? "-")") }
        }
        #expect(disagreements.isEmpty, "\(disagreements)")
    }

    @Test func batchAndSingleCodingAgree() throws {
        let coder = try SharedCoder.coder.get()
        let titles = ["ช่างซ่อมบำรุง", "Sales exec (FMCG)", "พนักงานขายหน้าร้าน", "", "xyzzy qwv", "นักบัญชี CPA"]
            + (0..<600).map { "พนักงาน \($0 % 7 == 0 ? "ขาย" : "คลังสินค้า") \($0)" }
        let batch = try coder.code(titles, top: 5)
        for index in [0, 1, 2, 3, 4, 5, 300, 605] {
            #expect(try coder.code(titles[index], top: 5) == batch[index], "\(titles[index])")
        }
        #expect(batch[3].matches.isEmpty && batch[3].unitGroups.isEmpty)
    }

    @Test func probabilitiesAddUpAcrossLevels() throws {
        let coding = try SharedCoder.coder.get().code("ช่างเชื่อม TIG", top: 1_000)
        let total = coding.matches.reduce(Float(0)) { $0 + $1.probability }
        #expect(abs(total - 1) < 1e-4)
        for level in 1...4 { #expect(abs(coding.groups(level: level).reduce(Float(0)) { $0 + $1.probability } - 1) < 1e-4) }
        #expect(coding.unitGroups.first?.isco.digits == "7212")
        #expect(coding.groups(level: 1).first?.code == "7")
    }

    @Test func codedTitlesTeachTheCoder() throws {
        let knowledge = try SharedCoder.knowledge.get()
        var configuration = OccupationCoderConfiguration()
        configuration.trainingTitles = 500
        configuration.thaiTrainingTitles = 300
        configuration.model = .linear
        // Titles the knowledge cannot know: job-board slang coded by a person.
        let plater = try ISCOCode(parsing: "7213"), picker = try ISCOCode(parsing: "9334")
        let coded: [OccupationKnowledge.CodedTitle] = [
            .init(title: "ช่างเคาะพ่นสี", isco: plater), .init(title: "ช่างเคาะตัวถัง", isco: plater),
            .init(title: "น้องจัดของขึ้นเชลฟ์", isco: picker), .init(title: "พนักงานจัดเรียงสินค้าขึ้นเชลฟ์กะดึก", isco: picker),
        ]
        let before = try SharedCoder.coder.get()
        let after = try OccupationCoder.train(knowledge: knowledge, coded: coded, configuration: configuration)
        #expect(after.training.codedTitles == 4)
        let probe = ["ช่างเคาะพ่นสี", "น้องจัดของขึ้นเชลฟ์"]
        let old = try before.code(probe), new = try after.code(probe)
        #expect(new[0].unitGroups.first?.isco == plater && new[1].unitGroups.first?.isco == picker)
        #expect(new[0].unitGroups.first!.probability > (old[0].unitGroups.first { $0.isco == plater }?.probability ?? 0))
    }

    @Test func saveAndLoadGiveIdenticalCodings() throws {
        let coder = try SharedCoder.coder.get()
        try withTemporaryDirectory { folder in
            let path = folder.path("coder.json")
            try coder.save(to: path)
            let (loaded, file) = try OccupationCoder.load(from: path)
            #expect(file.knowledge == coder.knowledge && file.model == coder.model && file.temperature == coder.temperature)
            let titles = ["ช่างเชื่อม TIG", "Barista", "เจ้าหน้าที่ HR", "warehouse picker"]
            #expect(try loaded.code(titles) == coder.code(titles))
        }
    }

    @Test func foreignDamagedAndOtherVersionFilesAreRefused() throws {
        let coder = try SharedCoder.coder.get()
        try withTemporaryDirectory { folder in
            let path = folder.path("coder.json")
            try coder.save(to: path)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            func refusal(_ contents: String) -> String {
                try? contents.write(toFile: path, atomically: true, encoding: .utf8)
                do { _ = try OccupationCoder.load(from: path); return "loaded" } catch { return "\(error)" }
            }
            #expect(refusal("{\"format\":\"jobmatch-model\",\"version\":1}").contains("no \"format\": \"jobmatch-occupation-coder\""))
            #expect(refusal(text.replacingOccurrences(of: "\"version\":1", with: "\"version\":9")).contains("format version 9"))
            #expect(refusal(String(text.prefix(text.count / 2))).contains("coder.json"))
            #expect(refusal(text.replacingOccurrences(of: "\"tokenizerFingerprint\":\"", with: "\"tokenizerFingerprint\":\"x")).contains("tokenizer"))
            #expect(refusal(text.replacingOccurrences(of: "\"lexical_second\"", with: "\"lexical2\"")).contains("lexical2"))
        }
    }

    @Test func temperatureFitRecoversAKnownScale() {
        // Scores whose right answer has probability softmax(score / 0.5): the fit finds ≈ 0.5.
        var generator = SeededGenerator(seed: 9)
        var titles: [(scores: [Float], grades: [Float])] = []
        for _ in 0..<3_000 {
            let scores = (0..<5).map { _ in Float.random(in: -2...2, using: &generator) }
            let p = softmax(scores, temperature: 0.5)
            var draw = Float.random(in: 0..<1, using: &generator), chosen = 4
            for index in 0..<5 { draw -= p[index]; if draw < 0 { chosen = index; break } }
            titles.append((scores, (0..<5).map { $0 == chosen ? 1 : 0 }))
        }
        let t = OccupationCoder.fitTemperature(titles)
        #expect(t > 0.42 && t < 0.58, "\(t)")
    }

    @Test func heldOutLabelsAreCodedBetterThanByTheLexicalBaseline() throws {
        let knowledge = try SharedCoder.knowledge.get()
        let (kept, heldOut, _) = knowledge.holdingOut(share: 0.05, seed: 11)
        var configuration = OccupationCoderConfiguration()
        configuration.trainingTitles = 1_500
        configuration.thaiTrainingTitles = 500
        let coder = try OccupationCoder.train(knowledge: kept, configuration: configuration)
        let titles = Array(heldOut.prefix(600))
        let ours = try OccupationEvaluation.of(coder, on: titles)
        let baseline = OccupationEvaluation.of(LexicalOccupationMatcher(knowledge: kept), on: titles)
        for level in ["esco", "isco4", "isco2"] {
            #expect(ours.levels[level]!.mrr > baseline.levels[level]!.mrr + 0.02, "\(level): \(ours.levels[level]!.mrr) vs \(baseline.levels[level]!.mrr)")
        }
        #expect(ours.levels["esco"]!.titles == titles.count)
    }
}
