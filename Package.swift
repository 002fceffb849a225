// swift-tools-version:6.0
// Helio: an open registry for energy attribute tokens.
// Layering (arrows point one way): helio (CLI) → HelioRegistry → HelioLedger / HelioLog / HelioStore
// → HelioCrypto → CSecp256k1 / COpenSSL.
import PackageDescription

let package = Package(
    name: "Helio",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "helio", targets: ["helio"]),
        .library(name: "HelioCrypto", targets: ["HelioCrypto"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // System libraries, wrapped with pkg-config. Installed by Scripts/bootstrap.sh.
        .systemLibrary(
            name: "CSecp256k1",
            pkgConfig: "libsecp256k1",
            providers: [.apt(["libsecp256k1-dev"])]
        ),
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(
            name: "HelioCrypto",
            dependencies: ["CSecp256k1", "COpenSSL"],
            resources: [.copy("Resources/bip39-english.txt")]
        ),
        // Issue 3 (ledger): Merkle log and the pure ledger domain.
        .target(name: "HelioLog", dependencies: ["HelioCrypto"], exclude: ["README.md"]),
        // Issue 4: pure energy facts — solar position, clear-sky output, EECS code lists (from Schemas/).
        .target(name: "HelioEnergy"),
        .target(name: "HelioLedger", dependencies: ["HelioCrypto", "HelioEnergy"]),
        // Issue 6: Ethereum wire formats — RLP, signed transactions, ERC20 ABI, logs bloom. Pure.
        .target(name: "HelioEthereum", dependencies: ["HelioCrypto", "HelioLedger"]),
        // The journal and its projections, behind one protocol; SQLite through GRDB by default,
        // PostgreSQL through postgres-nio when several nodes share one registry (issue 8).
        .target(
            name: "HelioStore",
            dependencies: [
                "HelioCrypto", "HelioLedger", "HelioLog", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The service layer: the single writer that owns appends.
        .target(name: "HelioRegistry", dependencies: ["HelioLedger", "HelioLog", "HelioStore", "HelioEthereum"]),
        // Issue 4 (registry service): the Hummingbird app — REST under /v1, health, metrics.
        .target(
            name: "HelioServer",
            dependencies: [
                "HelioRegistry",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The explorer's static files, served by ExplorerController (read once at start-up).
            resources: [.copy("Explorer/Assets")]
        ),
        .executableTarget(
            name: "helio",
            dependencies: [
                "HelioCrypto", "HelioEnergy", "HelioLog", "HelioLedger", "HelioEthereum", "HelioStore", "HelioRegistry",
                "HelioServer",
                "CSecp256k1",
                "COpenSSL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "HelioCryptoTests",
            dependencies: ["HelioCrypto"],
            resources: [.copy("Vectors")]
        ),
        .testTarget(name: "HelioLogTests", dependencies: ["HelioLog"], exclude: ["Fixtures"]),
        .testTarget(name: "HelioLedgerTests", dependencies: ["HelioLedger"]),
        .testTarget(name: "HelioEthereumTests", dependencies: ["HelioEthereum"], resources: [.copy("Vectors")]),
        .testTarget(name: "HelioEnergyTests", dependencies: ["HelioEnergy"], exclude: ["Vectors"]),
        .testTarget(
            name: "HelioStoreTests",
            dependencies: [
                "HelioStore", "HelioRegistry", "HelioLedger", "HelioLog", "HelioCrypto",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "HelioServerTests",
            dependencies: [
                "HelioServer", "HelioEthereum", "HelioStore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            resources: [.copy("Transcripts")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
