// The seekers and vacancies of the Features benchmark and the Profile driver: vacancies whose
// descriptions are VacancyTexts, seekers with short titles and skills, reproducible for a seed.

import MatchCore

public enum FeatureCorpus {
    public static let day = Day(year: 2025, month: 6, day: 1)!

    /// Short skills made of two job-board or English words.
    public static let skillPool: [String] = {
        var generator = SeededGenerator(seed: 5)
        return (0..<400).map { _ in
            let words = VacancyTexts.jobWords + VacancyTexts.englishWords
            return words.randomElement(using: &generator)! + words.randomElement(using: &generator)!
        }
    }()

    /// A vacancy for each of `texts` (its description; the title is its first two words).
    public static func vacancies(texts: [String], seed: UInt64 = 7) -> [Vacancy] {
        var generator = SeededGenerator(seed: seed)
        let codes = ISCOCode.unitGroups
        return texts.enumerated().map { index, text in
            let title = text.split(separator: " ").prefix(2).joined(separator: " ")
            return Vacancy(
                key: Int64(index), title: title, description: text, occupation: codes.randomElement(using: &generator)!,
                hardSkills: (0..<Int.random(in: 2...6, using: &generator)).map { _ in skillPool.randomElement(using: &generator)! },
                minEducation: EducationLevel.allCases.randomElement(using: &generator),
                minExperienceYears: Double(Int.random(in: 0...5, using: &generator)),
                wageMax: Int.random(in: 9...60, using: &generator) * 1000, wageUnit: .month,
                province: Province.all.randomElement(using: &generator), opensOn: day)
        }
    }

    public static func seekers(count: Int, seed: UInt64) -> [SeekerProfile] {
        var generator = SeededGenerator(seed: seed)
        let codes = ISCOCode.unitGroups
        return (0..<count).map { index in
            var seeker = SeekerProfile(person: Int64(index), nationality: .thailand, activeSince: day)
            seeker.desiredTitle = (0..<Int.random(in: 1...3, using: &generator))
                .map { _ in VacancyTexts.jobWords.randomElement(using: &generator)! }.joined()
            seeker.desiredOccupations = [codes.randomElement(using: &generator)!]
            seeker.skills = (0..<Int.random(in: 2...6, using: &generator)).map { _ in skillPool.randomElement(using: &generator)! }
            seeker.province = Province.all.randomElement(using: &generator)
            seeker.education = EducationLevel.allCases.randomElement(using: &generator)
            seeker.experienceYears = Double(Int.random(in: 0...20, using: &generator))
            seeker.expectedMonthlyWage = Int.random(in: 9...50, using: &generator) * 1000
            seeker.willingToRelocate = Bool.random(using: &generator)
            return seeker
        }
    }
}
