// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "Rehearse",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "rehearse", targets: ["rehearse"]),
    .library(name: "RehearseCore", targets: ["RehearseCore"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
  ],
  targets: [
    // C libraries from Debian: Snowball stemming, GNU readline, WordNet and SQLite.
    .systemLibrary(name: "CStemmer", providers: [.apt(["libstemmer-dev"]), .brew(["snowball"])]),
    .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"]), .brew(["readline"])]),
    .systemLibrary(name: "CWordNet", providers: [.apt(["wordnet-dev"]), .brew(["wordnet"])]),
    // SQLite, for the session index (Debian's libsqlite3-dev).
    .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]),

    // Pure core: text analysis, STAR segmentation, scoring, statistics. No I/O.
    .target(name: "RehearseCore", dependencies: ["CStemmer"]),
    // Synonyms and derived forms from WordNet, for widening rubric terms when they compile.
    .target(name: "WordNet", dependencies: ["CWordNet", "RehearseCore"]),
    // Adapters: the bank loader, the session store, exporters, the REPL loop.
    .target(
      name: "RehearseAdapters",
      dependencies: ["RehearseCore", "WordNet", "CSQLite", .product(name: "Yams", package: "Yams")]
    ),
    // The only place that touches readline. Implements RehearseAdapters' `LineReading`, so the
    // practice loop reads lines without ever importing readline.
    .target(name: "LineEditor", dependencies: ["CReadline", "RehearseAdapters"]),
    // Thin executable: parse arguments, build dependencies, call the library.
    .executableTarget(
      name: "rehearse",
      dependencies: [
        "RehearseCore", "RehearseAdapters", "LineEditor", "WordNet",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // Benchmark support: synthetic sessions and the store benchmark commands. Not in the product.
    .target(
      name: "RehearseBenchSupport",
      dependencies: [
        "RehearseCore", "RehearseAdapters", .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // Benchmarks: prints figures, never part of a test's pass/fail.
    .executableTarget(
      name: "rehearse-bench",
      dependencies: [
        "RehearseCore", "RehearseAdapters", "RehearseBenchSupport", "WordNet",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),

    .testTarget(name: "RehearseCoreTests", dependencies: ["RehearseCore"]),
    .testTarget(name: "WordNetTests", dependencies: ["WordNet", "RehearseCore"]),
    .testTarget(
      name: "RehearseAdaptersTests",
      dependencies: ["RehearseAdapters", "RehearseCore", "LineEditor", "RehearseBenchSupport"]
    ),
    .testTarget(name: "LineEditorTests", dependencies: ["LineEditor", "RehearseAdapters"]),
    .testTarget(name: "RehearseCLITests", dependencies: ["RehearseCore"]),
  ]
)

for target in package.targets where target.type != .system {
  var settings = target.swiftSettings ?? []
  settings.append(.swiftLanguageMode(.v6))
  target.swiftSettings = settings
}
