// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "jobmatch",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "MatchCore", targets: ["MatchCore"]),
        .library(name: "MatchSim", targets: ["MatchSim"]),
        .executable(name: "jobmatch", targets: ["MatchCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        // Header-only: declares the CBLAS entry points jobmatch calls. The library itself is
        // opened at run time by MatchCore/Linear/BLAS.swift (see the comment there for why it is
        // not linked), so this target adds no link flag.
        .systemLibrary(
            name: "CBLAS",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // The system ICU's word break iterator, the reference Thai segmenter that MatchCore/Text
        // compares its own with (Linux only; see MatchCore/Text/ICUSegmenter.swift). CICU is
        // the library; ICUWords is C that wraps it behind an API without ICU types, because
        // Foundation's own ICU headers clash with the system's in a Swift module that sees both.
        .systemLibrary(
            name: "CICU",
            pkgConfig: "icu-uc",
            providers: [.apt(["libicu-dev"])]
        ),
        .target(
            name: "ICUWords",
            dependencies: [.target(name: "CICU", condition: .when(platforms: [.linux]))],
            linkerSettings: [.linkedLibrary("icuuc", .when(platforms: [.linux]))]
        ),
        // The 8-bit first pass of one-query retrieval (MatchCore/Similarity/QuantizedRows.swift):
        // C, so that an AVX2 kernel can be chosen at run time without compiler flags.
        .target(name: "QuantizedKernels"),
        // The tree learner's histogram and partition loops (MatchCore/Scoring/TreeLearner.swift):
        // C, for prefetching the bins of a leaf's scattered rows.
        .target(name: "TreeKernels"),
        // Text encoding's kernels: the Thai word trie's child lookup (16 labels a compare) and
        // prefetch (MatchCore/Text/WordTrie.swift), static inline C that Swift inlines; the text
        // block's projection from half-precision rows, F16C chosen at run time (TermProjection).
        .target(name: "TextKernels"),
        .target(
            name: "MatchCore",
            dependencies: [
                .target(name: "CBLAS", condition: .when(platforms: [.linux])),
                "ICUWords",
                "QuantizedKernels",
                "TreeKernels",
                "TextKernels",
                .product(name: "Logging", package: "swift-log"),
                // The central dataset (Store/): GRDB for migrations, transactions and records;
                // GRDBSQLite for the few hot loops that bind and step statements directly.
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            // The Thai word list and stop words (PyThaiNLP, CC0; see Resources/thai/SOURCE.md), ISCO-08
            // and provinces (Resources/reference), ESCO occupations and Thai occupation titles
            // (Resources/occupations).
            resources: [.copy("Resources/thai"), .copy("Resources/reference"), .copy("Resources/occupations")]
        ),
        // Synthetic and simulated DOE feeds (tests, benchmarks, demos); MatchCore does not carry it.
        // Its reference tables (ESCO skills, Thai titles, populations) are in Resources/SOURCE.md.
        // The market's pending interviews and decisions wait in a swift-collections Heap.
        .target(
            name: "MatchSim",
            dependencies: ["MatchCore", .product(name: "HeapModule", package: "swift-collections")],
            resources: [.copy("Resources")]
        ),
        .executableTarget(
            name: "MatchCLI",
            dependencies: [
                "MatchCore",
                "MatchSim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "MatchCoreTests", dependencies: ["MatchCore", "MatchSim", "TextKernels"]),
        .testTarget(name: "MatchCLITests", dependencies: ["MatchCLI", "MatchCore", "MatchSim"]),
    ],
    swiftLanguageModes: [.v6]
)
