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
        .target(
            name: "MatchCore",
            dependencies: [
                .target(name: "CBLAS", condition: .when(platforms: [.linux])),
                .product(name: "Logging", package: "swift-log"),
            ]
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
