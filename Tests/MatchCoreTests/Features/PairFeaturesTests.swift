import Foundation
import MatchCore
import Testing

@Suite struct PairFeaturesTests {
    @Test func eachFeaturesIndexIsItsPlaceInTheSchema() {
        for (place, feature) in PairFeature.allCases.enumerated() {
            #expect(feature.index == place)
            #expect(PairFeatures.schema[feature.index] == feature.rawValue)
        }
    }

    @Test func aCompiledScorerGivesTheModelsScores() throws {
        let examples = syntheticRanking(groups: 30, seed: 4)
        var configuration = BoostedTreesConfiguration()
        configuration.rounds = 15
        let trees = ScoringModel.boostedTrees(try BoostedTreesTrainer(configuration).fit(examples).model)
        let compiled = trees.compiled()
        #expect(compiled.schema == trees.schema)
        for row in 0..<examples.rowCount {
            let values = Array(examples.row(row))
            #expect(compiled.score(values) == trees.score(values))
            #expect(compiled.contributions(values) == trees.contributions(values))
        }
    }

    let space = fixtureCorpus.space

    func features(_ profile: SeekerProfile, _ posting: Vacancy) -> PairFeatures {
        let extractor = PairFeatureExtractor(space: space, seekers: [profile], vacancies: [posting])
        return extractor.features(seeker: 0, vacancy: 0, seekerRow: space.encode(profile), vacancyRow: space.encode(posting))
    }

    @Test func aHandMadePairHasTheValuesWorkedOutByHand() {
        var profile = seeker(title: "พนักงานขับรถยก", occupations: [8344, 9333], skills: ["ขับรถยก", "Forklift  Licence", "ทำงานเป็นทีม"],
                             home: bangkok, education: .vocationalCertificate, experience: 3, wage: 15_000)
        profile.preferredProvinces = [chonburi]
        profile.lastOccupation = ISCOCode(value: 8332)
        profile.programmes = [.jobBoard, .unemploymentInsurance]
        var posting = vacancy(title: "พนักงานขับรถโฟล์คลิฟท์", occupation: 8344, skills: ["ขับรถยก", "forklift licence", "ภาษาอังกฤษ"],
                              province: chonburi, education: .upperSecondary, experience: 1, wage: 18_000)
        posting.softSkills = ["ทำงานเป็นทีม", "ความอดทน"]
        let pair = features(profile, posting)
        #expect(pair[.skillsRequired] == 3 && pair[.skillsMet] == 2 && pair[.skillsMissing] == 1)
        #expect(pair.metSkills == ["ขับรถยก", "forklift licence"] && pair.missingSkills == ["ภาษาอังกฤษ"])
        #expect(abs(pair[.skillsMetShare] - 2.0 / 3) < 1e-6)
        #expect(pair[.softSkillsMet] == 1)
        #expect(abs(pair[.wageGap] - 0.2) < 1e-6)
        #expect(pair[.educationGap] == Float(EducationLevel.vocationalCertificate.rawValue - EducationLevel.upperSecondary.rawValue))
        #expect(pair[.experienceGap] == 2)
        #expect(abs(pair[.distanceKilometres] - Float(bangkok.distanceKilometres(to: chonburi))) < 1e-3)
        #expect(pair[.distanceKilometres] > 50 && pair[.distanceKilometres] < 100)
        #expect(pair[.sameProvince] == 0 && pair[.preferredProvince] == 1 && pair[.destinationMatch] == 0)
        #expect(pair[.occupationAgreement] == 4 && pair[.pastOccupationAgreement] == 2)
        #expect(pair[.seekerUnemploymentInsurance] == 1 && pair[.seekerCoPayment] == 0 && pair[.vacancyAbroad] == 0)
        #expect(pair[.vacancyOpenPositions] == 1)
        // The retrieval score is the weighted sum of the block similarities.
        let weighted = FeatureBlock.allCases.reduce(Float(0)) { sum, block in
            let feature: PairFeature = switch block {
            case .text: .textSimilarity
            case .occupation: .occupationSimilarity
            case .skills: .skillSimilarity
            case .geography: .geographySimilarity
            case .terms: .termsSimilarity
            }
            return sum + space.configuration.weights[block] * pair[feature]
        }
        #expect(abs(pair[.retrieval] - weighted) < 1e-5)
        #expect(pair.values.count == PairFeatures.schema.count)
    }

    @Test func unknownsAreMissingNotZero() {
        let profile = seeker(home: nil)
        let posting = vacancy(province: nil, country: CountryCode(alpha2: "TW")!)
        let pair = features(profile, posting)
        for feature in [PairFeature.distanceKilometres, .wageGap, .educationGap, .experienceGap, .skillsMetShare,
                        .occupationAgreement, .pastOccupationAgreement] {
            #expect(pair[feature].isNaN, "\(feature)")
        }
        #expect(pair[.vacancyAbroad] == 1)
        var registrant = seeker(home: bangkok)
        registrant.destinations = [CountryCode(alpha2: "TW")!]
        #expect(features(registrant, posting)[.destinationMatch] == 1)
    }

    @Test func schemaNamesAreStableAndUnique() {
        #expect(Set(PairFeatures.schema).count == PairFeatures.schema.count)
        #expect(PairFeatures.schema.first == "retrieval" && PairFeatures.schema.contains("skills_missing"))
        for feature in PairFeature.allCases { #expect(PairFeatures.schema[feature.index] == feature.rawValue) }
    }
}
