// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "jobmatch",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "MatchCore", targets: ["MatchCore"]),
        .executable(name: "jobmatch", targets: ["MatchCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
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
        .target(
            name: "MatchCore",
            dependencies: [
                .target(name: "CBLAS", condition: .when(platforms: [.linux])),
                "ICUWords",
                .product(name: "Logging", package: "swift-log"),
            ],
            // The Thai word list and stop words (PyThaiNLP, CC0; see Resources/thai/SOURCE.md).
            resources: [.copy("Resources/thai")]
        ),
        .executableTarget(
            name: "MatchCLI",
            dependencies: [
                "MatchCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "MatchCoreTests", dependencies: ["MatchCore"]),
        .testTarget(name: "MatchCLITests", dependencies: ["MatchCLI", "MatchCore"]),
    ],
    swiftLanguageModes: [.v6]
)
