import ArgumentParser
import MatchCore

struct VectorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vectors",
        abstract: "Write reproducible random vectors to a float32 .npy file (for trials and benchmarks).",
        discussion: "Standard normal entries from a seeded generator: the same arguments give the same file."
    )

    @Option(help: "Number of vectors (rows).")
    var count: Int

    @Option(help: "Dimension (columns).")
    var dimension: Int

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Flag(help: "Scale each vector to unit length.")
    var normalize = false

    @Option(help: "Output file.")
    var out: String

    func validate() throws {
        guard count >= 0, dimension >= 0 else { throw ValidationError("--count and --dimension must be 0 or more") }
    }

    func run() async throws {
        let matrix = Matrix.gaussian(rows: count, columns: dimension, seed: seed, normalized: normalize)
        try NPY.write(matrix, to: out)
    }
}

struct DiagnosticsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagnostics",
        abstract: "Show the version, the BLAS library and kernel, and the search defaults."
    )

    func run() async throws {
        let info = try BLAS.info()
        let defaults = SearchConfiguration.default
        print("""
            jobmatch \(JobMatchVersion.current)
            BLAS library:  \(info.library)
            BLAS kernel:   \(info.kernel) (\(kernelChoice(info.kernelChoice)))
            BLAS threads:  \(info.threads) per call (jobmatch parallelises above BLAS)
            BLAS build:    \(info.configuration)
            processors:    \(defaults.workers)
            search blocks: \(defaults.queryBlock) queries × \(defaults.itemBlock) items, \
            \(defaults.scratchBytes / (1 << 20)) MiB scratch
            """)
    }

    private func kernelChoice(_ choice: BLASInfo.KernelChoice) -> String {
        switch choice {
        case .environment: return "set by OPENBLAS_CORETYPE"
        case .detected(let reason): return "chosen by jobmatch because \(reason)"
        case .library: return "chosen by the library"
        }
    }
}
