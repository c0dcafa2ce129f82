import ArgumentParser
import MatchCore

struct TopKCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topk",
        abstract: "Exact top-k by inner product between two .npy files of vectors.",
        discussion: """
            Ranks every row of --queries (float32, m × d) against every row of --items (float32,
            n × d) and writes the k best item indices per query (int64, m × k, best first; ties
            go to the lower index; -1 pads rows with fewer than k eligible items) and, with
            --scores, their inner products (float32, m × k; -inf pads). Swap the two files to
            rank in the other direction. Outputs appear only when complete.

            Exclusions: --exclude-items takes int64 item indices no query may get (shape (e,));
            --exclude-pairs takes int64 rows of (query, item) to exclude (shape (p, 2)).
            """
    )

    @Option(help: "Query vectors: float32 .npy, m × d.")
    var queries: String

    @Option(help: "Item vectors: float32 .npy, n × d.")
    var items: String

    @Option(name: .customShort("k"), help: "Results per query.")
    var k: Int = 10

    @Option(help: "Where to write the ids: int64 .npy, m × k.")
    var out: String

    @Option(help: "Where to write the scores: float32 .npy, m × k.")
    var scores: String?

    @Option(help: "Item indices to exclude for every query: int64 .npy, shape (e,).")
    var excludeItems: String?

    @Option(help: "(query, item) pairs to exclude: int64 .npy, shape (p, 2).")
    var excludePairs: String?

    @OptionGroup var search: SearchOptions

    @Flag(help: "Print no progress or summary.")
    var quiet = false

    func validate() throws {
        guard k >= 0 else { throw ValidationError("-k must be 0 or more") }
        if scores == out { throw ValidationError("--scores and --out name the same file") }
    }

    func run() async throws {
        let progress = quiet ? nil : ProgressLine(label: "ranking", unit: "queries")
        let job = TopKFiles(
            queries: queries, items: items, k: k, idsOutput: out, scoresOutput: scores,
            excludedItems: excludeItems, excludedPairs: excludePairs, configuration: search.configuration)
        var onProgress: (@Sendable (Int, Int) -> Void)?
        if let progress { onProgress = { done, total in progress.update(done, of: total) } }
        let report = try await job.run(progress: onProgress)
        progress?.finish()
        guard !quiet else { return }
        let blas = (try? BLAS.info().description) ?? "unknown"
        standardError("""
            ranked \(report.queryCount) queries against \(report.itemCount) items (d = \(report.dimension), k = \(report.k))
              search \(format(report.searchSeconds)) s: \(format(report.queriesPerSecond, digits: 0)) queries/s, \
            \(format(report.gigaflopsPerSecond, digits: 1)) GFLOP/s
              read \(format(report.readSeconds)) s, write \(format(report.writeSeconds)) s; \
            excluded \(report.excludedItemCount) items and \(report.excludedPairCount) pairs
              BLAS: \(blas); \(search.configuration.workers) workers, blocks \(search.configuration.queryBlock) × \(search.configuration.itemBlock)
              wrote \(out)\(scores.map { " and \($0)" } ?? "")

            """)
    }
}

/// Block sizes and workers of the exact search.
struct SearchOptions: ParsableArguments {
    @Option(help: "Queries per BLAS call.")
    var queryBlock: Int = SearchConfiguration.default.queryBlock

    @Option(help: "Items per BLAS call.")
    var itemBlock: Int = SearchConfiguration.default.itemBlock

    @Option(help: "Query blocks searched at once (default: one per processor).")
    var workers: Int = SearchConfiguration.default.workers

    func validate() throws {
        guard queryBlock >= 1, itemBlock >= 1, workers >= 1 else {
            throw ValidationError("--query-block, --item-block and --workers must be at least 1")
        }
    }

    var configuration: SearchConfiguration {
        SearchConfiguration(queryBlock: queryBlock, itemBlock: itemBlock, workers: workers)
    }
}
