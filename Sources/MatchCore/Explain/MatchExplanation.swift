import Foundation

/// Why a model gave a seeker–vacancy pair its score: every feature's contribution (they add up
/// to the score) and short reasons in Thai and English that a person can read.
///
/// ```swift
/// let explanation = MatchExplanation(features: pair, seeker: profile, vacancy: posting, model: model)
/// for reason in explanation.reasons { print(reason.english) }   // "skills met 4 of 5 (missing: forklift licence)"
/// ```
public struct MatchExplanation: Sendable {
    public var score: Float
    /// The model's expected score; `bias + Σ contributions = score`.
    public var bias: Float
    /// One per feature of the model's schema, largest magnitude first.
    public var contributions: [FeatureContribution]
    /// One per topic, most favourable first; a topic's contribution is the sum of its features'.
    public var reasons: [MatchReason]

    /// An explanation from its parts (one read back from a results table, say).
    public init(score: Float, bias: Float, contributions: [FeatureContribution], reasons: [MatchReason]) {
        self.score = score
        self.bias = bias
        self.contributions = contributions
        self.reasons = reasons
    }

    /// - Precondition: the model's schema is ``PairFeatures/schema``.
    public init(features: PairFeatures, seeker: SeekerProfile, vacancy: Vacancy, model: some RankingModel) {
        self.init(features: features, seeker: seeker, vacancy: vacancy, model: model, reasonLimit: nil)
    }

    /// The explanation with only the `reasonLimit` most favourable reasons written out (the
    /// batch pipeline keeps three; writing the sentences of every topic is most of an
    /// explanation's cost). The order and the sentences kept are those of the full explanation.
    public init(features: PairFeatures, seeker: SeekerProfile, vacancy: Vacancy, model: some RankingModel, reasonLimit: Int?) {
        precondition(model.schema == PairFeatures.schema, "the model was trained on other features")
        let parts = model.contributions(features.values)
        score = model.score(features.values)
        bias = parts.bias
        contributions = zip(PairFeature.allCases, zip(features.values, parts.values))
            .map { FeatureContribution(feature: $0, value: $1.0, contribution: $1.1) }
            .sorted { abs($0.contribution) > abs($1.contribution) }
        var byTopic = [Float](repeating: 0, count: MatchReason.Topic.allCases.count)
        for (feature, contribution) in zip(PairFeature.allCases, parts.values) { byTopic[feature.topic.position] += contribution }
        // Topics by contribution, most favourable first (stable: ties keep the topic order).
        let order = MatchReason.Topic.allCases.enumerated().sorted { a, b in
            byTopic[a.offset] > byTopic[b.offset] || (byTopic[a.offset] == byTopic[b.offset] && a.offset < b.offset)
        }
        var reasons: [MatchReason] = []
        for (position, topic) in order {
            if let limit = reasonLimit, reasons.count >= limit { break }
            if let reason = MatchReason.describe(topic, features: features, seeker: seeker, vacancy: vacancy, contribution: byTopic[position]) {
                reasons.append(reason)
            }
        }
        self.reasons = reasons
    }
}

/// One feature's value for the pair and its part of the score.
public struct FeatureContribution: Sendable, Equatable {
    public var feature: PairFeature
    /// The feature's value (`NaN` when unknown).
    public var value: Float
    public var contribution: Float
}

/// A reason in Thai and English, with the part of the score behind it.
public struct MatchReason: Sendable, Equatable {
    public enum Topic: String, CaseIterable, Sendable {
        case skills, place, wage, education, experience, occupation, text, programmes, overall

        /// The place in ``allCases``.
        var position: Int {
            switch self {
            case .skills: 0
            case .place: 1
            case .wage: 2
            case .education: 3
            case .experience: 4
            case .occupation: 5
            case .text: 6
            case .programmes: 7
            case .overall: 8
            }
        }
    }

    public var topic: Topic
    public var english: String
    public var thai: String
    public var contribution: Float

    static func describe(_ topic: Topic, features: PairFeatures, seeker: SeekerProfile, vacancy: Vacancy, contribution: Float) -> MatchReason? {
        func reason(_ english: String, _ thai: String) -> MatchReason {
            MatchReason(topic: topic, english: english, thai: thai, contribution: contribution)
        }
        switch topic {
        case .skills:
            let required = vacancy.hardSkills.count
            guard required > 0 else { return reason("no skills listed as required", "ไม่ได้ระบุทักษะที่ต้องการ") }
            let met = features.metSkills.count
            var english = "skills met \(met) of \(required)", thai = "มีทักษะตรง \(met) จาก \(required) ข้อ"
            if !features.missingSkills.isEmpty {
                let missing = listed(features.missingSkills)
                english += " (missing: \(missing))"
                thai += " (ขาด: \(missing))"
            }
            return reason(english, thai)

        case .place:
            if let country = vacancy.country, country != .thailand {
                return seeker.destinations.contains(country)
                    ? reason("abroad in \(country.englishName), a destination you registered", "ทำงานต่างประเทศที่ \(country.englishName) ซึ่งเป็นประเทศที่ลงทะเบียนไว้")
                    : reason("abroad in \(country.englishName)", "ทำงานต่างประเทศที่ \(country.englishName)")
            }
            guard let place = vacancy.province else { return reason("workplace not stated", "ไม่ได้ระบุสถานที่ทำงาน") }
            let preferred = seeker.preferredProvinces.contains(place)
            var english: String, thai: String
            if let home = seeker.province {
                if home == place {
                    english = "in your province (\(place.nameEnglish))"
                    thai = "อยู่ในจังหวัดของคุณ (\(place.nameThai))"
                } else {
                    let kilometres = grouped(Int(home.distanceKilometres(to: place).rounded()))
                    english = "\(kilometres) km from home (\(place.nameEnglish))"
                    thai = "ห่างจากบ้าน \(kilometres) กม. (\(place.nameThai))"
                }
            } else {
                english = "in \(place.nameEnglish); your home province is not known"
                thai = "อยู่ที่\(place.nameThai) ไม่ทราบจังหวัดที่คุณอยู่"
            }
            if preferred {
                english += ", a province you chose"
                thai += " เป็นจังหวัดที่คุณเลือกไว้"
            } else if seeker.willingToRelocate, seeker.province != place {
                english += "; you are willing to relocate"
                thai += " คุณยินดีย้ายที่อยู่"
            }
            return reason(english, thai)

        case .wage:
            let offer = vacancy.monthlyWageMax ?? vacancy.monthlyWageMin
            switch (offer, seeker.expectedMonthlyWage) {
            case let (offer?, expected?):
                let sign = offer >= expected ? "≥" : "<"
                return reason("wage \(grouped(offer)) baht a month \(sign) expected \(grouped(expected))",
                              "ค่าจ้าง \(grouped(offer)) บาทต่อเดือน \(sign) ที่คาดหวัง \(grouped(expected)) บาท")
            case let (offer?, nil):
                return reason("wage \(grouped(offer)) baht a month; your expected wage is not known",
                              "ค่าจ้าง \(grouped(offer)) บาทต่อเดือน ไม่ทราบค่าจ้างที่คุณคาดหวัง")
            case (nil, _):
                return reason("wage not stated", "ไม่ได้ระบุค่าจ้าง")
            }

        case .education:
            guard let level = seeker.education else {
                return vacancy.minEducation.map { reason("\($0.englishName) required; your education is not known", "ต้องการวุฒิ\($0.thaiName) ไม่ทราบวุฒิของคุณ") }
            }
            guard let required = vacancy.minEducation, required != .none else {
                return reason("no education required (yours: \(level.englishName))", "ไม่กำหนดวุฒิการศึกษา (ของคุณ: \(level.thaiName))")
            }
            let sign = level >= required ? "≥" : "<"
            return reason("education: \(level.englishName) \(sign) \(required.englishName) required",
                          "วุฒิการศึกษา: \(level.thaiName) \(sign) ที่ต้องการ \(required.thaiName)")

        case .experience:
            let required = vacancy.minExperienceYears.flatMap { $0.isFinite && $0 > 0 ? $0 : nil }
            switch (seeker.experienceYears.flatMap { $0.isFinite ? $0 : nil }, required) {
            case let (years?, required?):
                let sign = years >= required ? "≥" : "<"
                return reason("\(decimal(years)) years of experience \(sign) \(decimal(required)) required",
                              "ประสบการณ์ \(decimal(years)) ปี \(sign) ที่ต้องการ \(decimal(required)) ปี")
            case let (nil, required?):
                return reason("\(decimal(required)) years of experience required; yours is not known",
                              "ต้องการประสบการณ์ \(decimal(required)) ปี ไม่ทราบประสบการณ์ของคุณ")
            case let (years?, nil):
                return reason("no experience required (yours: \(decimal(years)) years)", "ไม่กำหนดประสบการณ์ (ของคุณ: \(decimal(years)) ปี)")
            case (nil, nil):
                return nil
            }

        case .occupation:
            let occupation = vacancy.occupation
            let digits = features[.occupationAgreement].isNaN ? nil : Int(features[.occupationAgreement])
            let past = features[.pastOccupationAgreement].isNaN ? nil : Int(features[.pastOccupationAgreement])
            let name = "\(occupation.digits) \(occupation.label)"
            switch (digits, past) {
            case (4?, _): return reason("the occupation you want (\(name))", "ตรงกับอาชีพที่คุณต้องการ (ISCO \(occupation.digits))")
            case (_, 4?): return reason("the occupation of your last job (\(name))", "ตรงกับอาชีพในงานล่าสุดของคุณ (ISCO \(occupation.digits))")
            case let (level?, _) where level > 0:
                let group = occupation.groupLabel(level: level)
                return reason("close to the occupation you want: same group \"\(group)\" (\(name))",
                              "ใกล้เคียงกับอาชีพที่คุณต้องการ: กลุ่มเดียวกัน (ISCO \(occupation.digits.prefix(level)))")
            case (0?, _): return reason("another occupation than the one you want (\(name))", "อาชีพอื่นนอกจากที่คุณต้องการ (ISCO \(occupation.digits))")
            default: return reason("occupation \(name); your wanted occupation is not known", "อาชีพ ISCO \(occupation.digits) ไม่ทราบอาชีพที่คุณต้องการ")
            }

        case .text:
            let percent = Int((max(0, features[.textSimilarity]) * 100).rounded())
            return reason("title and description \(percent)% similar to your profile", "ชื่อตำแหน่งและรายละเอียดงานคล้ายกับข้อมูลของคุณ \(percent)%")

        case .programmes:
            if vacancy.coPayment, seeker.programmes.contains(.coPayment) {
                return reason("a new-graduate co-payment job, and you are enrolled", "ตำแหน่งในโครงการจ้างงานบัณฑิตจบใหม่ที่คุณลงทะเบียนไว้")
            }
            if seeker.nationality != .thailand {
                return vacancy.acceptsForeignWorkers
                    ? reason("open to foreign workers", "รับแรงงานต่างด้าว")
                    : reason("not open to foreign workers", "ไม่รับแรงงานต่างด้าว")
            }
            if seeker.programmes.contains(.unemploymentInsurance) {
                return reason("you are registered for unemployment insurance", "คุณขึ้นทะเบียนประกันการว่างงาน")
            }
            return nil

        case .overall:
            return reason("overall profile similarity and other factors", "ความใกล้เคียงโดยรวมและปัจจัยอื่น")
        }
    }
}

extension PairFeature {
    /// The reason a feature's contribution is reported under.
    public var topic: MatchReason.Topic {
        switch self {
        case .skillSimilarity, .skillsRequired, .skillsMet, .skillsMissing, .skillsMetShare, .softSkillsMet: .skills
        case .geographySimilarity, .distanceKilometres, .sameProvince, .preferredProvince, .destinationMatch, .vacancyAbroad: .place
        case .wageGap: .wage
        case .educationGap: .education
        case .experienceGap: .experience
        case .occupationSimilarity, .occupationAgreement, .pastOccupationAgreement: .occupation
        case .textSimilarity: .text
        case .seekerUnemploymentInsurance, .seekerCoPayment, .seekerWorkAbroad, .seekerForeignWorker, .vacancyCoPayment,
             .vacancyAcceptsForeignWorkers: .programmes
        case .retrieval, .termsSimilarity, .vacancyOpenPositions: .overall
        }
    }
}

/// 15000 → "15,000".
func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var result = ""
    for (index, character) in digits.enumerated() {
        if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
        result.append(character)
    }
    return value < 0 ? "-" + result : result
}

/// 2.0 → "2", 1.5 → "1.5".
func decimal(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
}

/// At most three items, then "and N more".
func listed(_ items: [String]) -> String {
    items.count <= 3 ? items.joined(separator: ", ") : items.prefix(3).joined(separator: ", ") + " +\(items.count - 3)"
}
