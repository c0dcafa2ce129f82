import Foundation
import GRDB
@testable import MatchCore
import MatchSim

/// The Fixtures imported into a new dataset and its snapshot on the truth's split day (built
/// once for the feature tests), a space fitted on it, the truth, and the person keys of the
/// truth's held-out citizens.
let fixtureCorpus: (snapshot: Snapshot, space: FeatureSpace, truth: GroundTruth, personKeys: [String: Int64]) = {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jobmatch-features-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try! MatchStore(path: folder.appendingPathComponent("central.sqlite").path)
    for kind in Simulation.importOrder {
        let file = fixturesURL.appendingPathComponent("feeds/\(kind.name).csv").path
        _ = try! store.importFeed(kind, file: file, options: ImportOptions(rejectsPath: folder.appendingPathComponent("\(kind.name).rejects.csv").path))
    }
    let truth = try! GroundTruth(directory: fixturesURL.appendingPathComponent("truth"))
    let snapshot = try! store.snapshot(asOf: truth.asOf)
    let space = try! FeatureSpace.fit(seekers: snapshot.seekers, vacancies: snapshot.vacancies)
    var keys: [String: Int64] = [:]
    try! store.database.read { db in
        for person in truth.probabilities.keys {
            if let key = try Int64.fetchOne(db, sql: "SELECT subject FROM identity WHERE kind = 1 AND country = '' AND number = ?",
                                            arguments: [person]) {
                keys[person] = key
            }
        }
    }
    return (snapshot, space, truth, keys)
}()

func province(_ code: UInt8) -> Province { Province(code: code)! }

let bangkok = province(10), nonthaburi = province(12), chonburi = province(20), nakhonRatchasima = province(30),
    chiangMai = province(50), songkhla = province(90)

func seeker(
    _ person: Int64 = 1, title: String = "", occupations: [UInt16] = [], skills: [String] = [], home: Province? = bangkok,
    education: EducationLevel? = nil, experience: Double? = nil, wage: Int? = nil, relocate: Bool = false
) -> SeekerProfile {
    var profile = SeekerProfile(person: person, nationality: .thailand, activeSince: Day(year: 2025, month: 1, day: 1)!)
    profile.desiredTitle = title
    profile.desiredOccupations = occupations.map { ISCOCode(value: $0)! }
    profile.skills = skills
    profile.province = home
    profile.education = education
    profile.experienceYears = experience
    profile.expectedMonthlyWage = wage
    profile.willingToRelocate = relocate
    return profile
}

func vacancy(
    _ key: Int64 = 1, title: String = "", occupation: UInt16 = 5223, skills: [String] = [], province: Province? = bangkok,
    country: CountryCode? = nil, education: EducationLevel? = nil, experience: Double? = nil, wage: Int? = nil
) -> Vacancy {
    Vacancy(key: key, title: title, occupation: ISCOCode(value: occupation)!, hardSkills: skills,
            minEducation: education, minExperienceYears: experience, wageMax: wage, wageUnit: wage == nil ? nil : .month,
            province: province, country: country, opensOn: Day(year: 2025, month: 1, day: 1)!)
}

func dot(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
