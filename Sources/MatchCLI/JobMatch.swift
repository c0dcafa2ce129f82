import ArgumentParser
import MatchCore

@main
struct JobMatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobmatch",
        abstract: "Job matching for Thailand's Department of Employment: rank, explain and evaluate matches.",
        discussion: """
            Vectors in and out are NumPy .npy files (float32 vectors, int64 ids). Progress and
            summaries go to standard error; nothing personal is ever written there.
            """,
        version: versionText(),
        subcommands: [SimulateCommand.self, ImportCommand.self, StatsCommand.self, FeaturesCommand.self, ExamplesCommand.self, TrainCommand.self, RankCommand.self, EvaluateCommand.self, ExplainCommand.self, CodeCommand.self, CoderCommand.self, TopKCommand.self, VectorsCommand.self, DiagnosticsCommand.self]
    )

    /// The version and the BLAS library in use, for `jobmatch --version`.
    static func versionText() -> String {
        let blas: String
        do {
            blas = try BLAS.info().description
        } catch {
            blas = "\(error)"
        }
        return "jobmatch \(JobMatchVersion.current)\nBLAS: \(blas)"
    }
}
