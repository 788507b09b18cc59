// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "genesys-lint",
    products: [
        .executable(name: "genesys-lint", targets: ["genesys-lint"]),
        .library(name: "GenesysLint", targets: ["GenesysLint"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // The C library, seen only by GenesysJSON.
        .systemLibrary(
            name: "CJansson",
            pkgConfig: "jansson",
            providers: [.apt(["libjansson-dev"])]
        ),
        // zlib, seen only by the gzip reader of GenesysLint (Reading/GzipSource.swift).
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // The list of temporary files and the signal handler that removes them on an
        // interruption, in C so that the handler is async-signal-safe (ReportOutput.swift).
        .target(name: "CInterruptCleanup"),
        // jansson's allocator: an arena per thread for the trees of records being checked, so
        // that a record's tree costs no malloc and no free (Sources/CJSONArena). Seen only by GenesysJSON.
        .target(name: "CJSONArena", dependencies: ["CJansson"]),
        // The one module that owns every `json_t *`: parsing, reading values, parse errors.
        .target(name: "GenesysJSON", dependencies: ["CJansson", "CJSONArena"]),
        // Reading, model, rules, findings and reporters: the whole linter, testable without a process.
        .target(
            name: "GenesysLint",
            dependencies: ["GenesysJSON", "CZlib", "CInterruptCleanup"]
        ),
        // The run history (`--history`, `genesys-lint history`): SQLite through GRDB. A target of
        // its own so that the linter, the fuzz target and the generator stay free of SQLite: the
        // history is storage at the edge of a run, like writing a report, and only the command
        // line needs it. What it stores and how drift is judged are plain values in GenesysLint.
        .target(
            name: "GenesysLintHistory",
            dependencies: ["GenesysLint", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // Argument parsing and exit codes only.
        .executableTarget(
            name: "genesys-lint",
            dependencies: [
                "GenesysLint",
                "GenesysLintHistory",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Writes Sources/GenesysLint/Rules/EmbeddedRules.swift from Rules/ (Scripts/embed-rules);
        // the tests run it to check that the embedded rules are current.
        .executableTarget(name: "generate-embedded-rules", dependencies: ["GenesysJSON"]),
        // The fuzz target (Scripts/fuzz builds it with libFuzzer); built normally, it replays
        // the corpus and the crashers in Fuzz/. It reads and edits JSON through GenesysJSON
        // (its checks and its structure-aware mutator).
        .executableTarget(name: "genesys-lint-fuzz", dependencies: ["GenesysLint", "GenesysJSON"]),
        // Unit tests, and end-to-end tests that run the built `genesys-lint` (hence the
        // dependency: it makes `swift test` build the executable first).
        .testTarget(
            name: "GenesysLintTests",
            dependencies: ["GenesysLint", "GenesysJSON", "GenesysLintHistory", .product(name: "GRDB", package: "GRDB.swift"), "genesys-lint", "genesys-lint-fuzz", "generate-embedded-rules"],
            exclude: ["Golden"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
