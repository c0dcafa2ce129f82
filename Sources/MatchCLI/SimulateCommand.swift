import ArgumentParser
import Foundation
import MatchCore
import MatchSim

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate a Thai labour market and write it as DOE's feeds, with its hidden ground truth.",
        discussion: """
            Writes OUT/feeds/ (the eleven feed files of the six services, docs/feeds.md, with
            realistic noise and a few invalid rows each), OUT/truth/ (for evaluation only: the
            true hire probabilities of held-out seekers on the split day) and OUT/manifest.json
            (what each file holds). The same arguments give byte-identical files. Import the
            feeds in the order of the manifest: employers, vacancies, then the rest.
            See docs/simulator.md.
            """
    )

    @Option(help: "People over the whole period.")
    var seekers = 2_000

    @Option(help: "Vacancies over the whole period.")
    var vacancies = 500

    @Option(help: "Months of activity.")
    var months = 6

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: "First day of the period (YYYY-MM-DD).")
    var start = "2025-01-01"

    @Option(help: "Employers (default: one per three vacancies, at least 50).")
    var employers: Int?

    @Option(help: "Held-out seekers in the ground truth (default: 10 % of seekers, at most 1,000).")
    var heldOut: Int?

    @Option(help: "File format: csv or jsonl.")
    var format = "csv"

    @Option(help: "Share of rows followed by an invalid copy (at least two per feed).")
    var invalidRate = 0.002

    @Option(help: "Output folder (created; a previous simulation there is replaced).")
    var out: String

    @Flag(help: "Print no progress.")
    var quiet = false

    func validate() throws {
        guard seekers >= 1, vacancies >= 1 else { throw ValidationError("--seekers and --vacancies must be at least 1") }
        guard (1...120).contains(months) else { throw ValidationError("--months must be 1 to 120") }
        guard (0...0.5).contains(invalidRate) else { throw ValidationError("--invalid-rate must be 0 to 0.5") }
    }

    func run() throws {
        let options = Simulation.Options(
            seekers: seekers, vacancies: vacancies, months: months, seed: seed, start: start,
            employers: employers, heldOut: heldOut, format: format, invalidRate: invalidRate)
        let clock = ContinuousClock()
        let began = clock.now
        let quiet = self.quiet
        let manifest = try Simulation.run(options, to: URL(fileURLWithPath: out)) { message in
            if !quiet { FileHandle.standardError.write(Data("simulate: \(message)\n".utf8)) }
        }
        let seconds = (clock.now - began) / .seconds(1)
        var lines = ["wrote \(out)/feeds, \(out)/truth and \(out)/manifest.json in \(MatchCLI.format(seconds, digits: 1)) s"]
        for feed in manifest.feeds {
            lines.append("  \(feed.file): \(feed.rows) rows (\(feed.invalid) invalid, \(feed.duplicates) duplicates, \(feed.olderVersions) older versions)")
        }
        let market = manifest.market
        lines.append("  market: \(market.sessions) searches, \(market.applications) applications, \(market.interviews) interviews, \(market.hires) hires")
        lines.append("  truth: \(manifest.truth.heldOutSeekers) held-out seekers on \(manifest.truth.asOf), \(manifest.truth.openVacancies) open vacancies, \(manifest.truth.oracleRows) oracle rows")
        print(lines.joined(separator: "\n"))
    }
}
