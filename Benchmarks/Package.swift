// swift-tools-version: 6.1
// Benchmarks live in their own package so that building and testing jobmatch never compiles
// the benchmark framework. Run from this folder: `swift package benchmark` (see README.md).
import PackageDescription

let package = Package(
    name: "jobmatch-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "jobmatch", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Generated Thai/English vacancy texts shared by the Text and Features benchmarks.
        .target(
            name: "BenchmarkCorpus",
            dependencies: [.product(name: "MatchCore", package: "jobmatch")],
            path: "Corpus",
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        .executableTarget(
            name: "Features",
            dependencies: [
                "BenchmarkCorpus",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "MatchCore", package: "jobmatch"),
            ],
            path: "Features",
            exclude: ["sklearn_tfidf.py"],
            swiftSettings: [.swiftLanguageMode(.v5)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Not a benchmark: a driver for profilers (callgrind) of feature encoding.
        .executableTarget(
            name: "Profile",
            dependencies: ["BenchmarkCorpus", .product(name: "MatchCore", package: "jobmatch")],
            path: "Profile",
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        .executableTarget(
            name: "Occupations",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "MatchCore", package: "jobmatch"),
            ],
            path: "Occupations",
            swiftSettings: [.swiftLanguageMode(.v5)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Ranking",
            dependencies: [
                "BenchmarkCorpus",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "MatchCore", package: "jobmatch"),
            ],
            path: "Ranking",
            swiftSettings: [.swiftLanguageMode(.v5)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Similarity",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "MatchCore", package: "jobmatch"),
            ],
            path: "Similarity",
            swiftSettings: [.swiftLanguageMode(.v5)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Text",
            dependencies: [
                "BenchmarkCorpus",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "MatchCore", package: "jobmatch"),
            ],
            path: "Text",
            swiftSettings: [.swiftLanguageMode(.v5)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Store",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "MatchCore", package: "jobmatch"),
                .product(name: "MatchSim", package: "jobmatch"),
            ],
            path: "Store",
            swiftSettings: [.swiftLanguageMode(.v5)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Simulator",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "MatchCore", package: "jobmatch"),
                .product(name: "MatchSim", package: "jobmatch"),
            ],
            path: "Simulator",
            swiftSettings: [.swiftLanguageMode(.v5)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
