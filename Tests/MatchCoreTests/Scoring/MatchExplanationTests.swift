import Foundation
import Testing
@testable import MatchCore

@Suite struct MatchExplanationTests {
    /// A linear model with a known weight on a few features (means 0, scales 1), so each topic's
    /// contribution is known.
    func handModel() -> LinearRanker {
        let count = PairFeatures.schema.count
        var weights = [Float](repeating: 0, count: count)
        weights[PairFeature.skillsMetShare.index] = 2
        weights[PairFeature.distanceKilometres.index] = -0.01
        weights[PairFeature.wageGap.index] = 1
        weights[PairFeature.textSimilarity.index] = 0.5
        return LinearRanker(schema: PairFeatures.schema, means: Array(repeating: 0, count: count), scales: Array(repeating: 1, count: count),
                            weights: weights, missingWeights: Array(repeating: -0.25, count: count))
    }

    func pair(_ profile: SeekerProfile, _ posting: Vacancy) -> PairFeatures {
        let space = fixtureCorpus.space
        let extractor = PairFeatureExtractor(space: space, seekers: [profile], vacancies: [posting])
        return extractor.features(seeker: 0, vacancy: 0, seekerRow: space.encode(profile), vacancyRow: space.encode(posting))
    }

    @Test func reasonsInEnglishAndThai() {
        var profile = seeker(title: "พนักงานขับรถยก", occupations: [8344], skills: ["ขับรถยก", "forklift licence"], home: bangkok, education: .upperSecondary, experience: 3, wage: 13_000)
        profile.preferredProvinces = [chonburi]
        let posting = vacancy(title: "Forklift driver พนักงานขับโฟล์คลิฟท์", occupation: 8344, skills: ["ขับรถยก", "forklift licence", "safety training"],
                              province: chonburi, education: .lowerSecondary, experience: 2, wage: 15_000)
        let features = pair(profile, posting)
        let explanation = MatchExplanation(features: features, seeker: profile, vacancy: posting, model: handModel())
        func reason(_ topic: MatchReason.Topic) -> MatchReason { explanation.reasons.first { $0.topic == topic }! }

        #expect(reason(.skills).english == "skills met 2 of 3 (missing: safety training)")
        #expect(reason(.skills).thai == "มีทักษะตรง 2 จาก 3 ข้อ (ขาด: safety training)")
        #expect(abs(reason(.skills).contribution - 2 * 2 / 3) < 1e-5)
        let kilometres = grouped(Int(bangkok.distanceKilometres(to: chonburi).rounded()))
        #expect(reason(.place).english == "\(kilometres) km from home (Chon Buri), a province you chose")
        #expect(reason(.place).thai == "ห่างจากบ้าน \(kilometres) กม. (ชลบุรี) เป็นจังหวัดที่คุณเลือกไว้")
        #expect(reason(.wage).english == "wage 15,000 baht a month ≥ expected 13,000")
        #expect(reason(.wage).thai == "ค่าจ้าง 15,000 บาทต่อเดือน ≥ ที่คาดหวัง 13,000 บาท")
        #expect(reason(.education).english == "education: Upper secondary school ≥ Lower secondary school required")
        #expect(reason(.experience).english == "3 years of experience ≥ 2 required")
        #expect(reason(.occupation).thai == "ตรงกับอาชีพที่คุณต้องการ (ISCO 8344)")
        // Most favourable first; contributions add up to the score.
        #expect(explanation.reasons.map(\.contribution) == explanation.reasons.map(\.contribution).sorted(by: >))
        #expect(isClose(explanation.contributions.reduce(explanation.bias) { $0 + $1.contribution }, explanation.score, relative: 1e-5))
        #expect(isClose(explanation.reasons.reduce(explanation.bias) { $0 + $1.contribution }, explanation.score, relative: 1e-5))
    }

    @Test func unknownsAreSaidPlainly() {
        let profile = seeker(home: nil)
        let posting = vacancy(province: songkhla)
        let explanation = MatchExplanation(features: pair(profile, posting), seeker: profile, vacancy: posting, model: handModel())
        let english = Dictionary(uniqueKeysWithValues: explanation.reasons.map { ($0.topic, $0.english) })
        #expect(english[.skills] == "no skills listed as required")
        #expect(english[.place] == "in Songkhla; your home province is not known")
        #expect(english[.wage] == "wage not stated")
        #expect(english[.experience] == nil)
        // A missing distance and wage gap take the model's missing-value weights.
        let place = explanation.reasons.first { $0.topic == .place }!
        #expect(abs(place.contribution - (-0.25)) < 1e-6)
    }

    @Test func numbersAreGrouped() {
        #expect(grouped(15_000) == "15,000" && grouped(999) == "999" && grouped(1_234_567) == "1,234,567" && grouped(-4_500) == "-4,500")
        #expect(decimal(2) == "2" && decimal(1.5) == "1.5")
        #expect(listed(["a", "b", "c", "d", "e"]) == "a, b, c +2")
    }
}
