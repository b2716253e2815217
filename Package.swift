// swift-tools-version: 6.1
import PackageDescription

// Dependencies point one way: CYAML -> RedressYAML -> (playbook model, engine, plugins) -> RedressCLI -> redress.
// RedressDiagnostics sits underneath everything: every layer reports through it.
let package = Package(
    name: "Redress",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "redress", targets: ["redress"]),
        .executable(name: "redress-bench", targets: ["RedressBench"]),
        .library(name: "RedressYAML", targets: ["RedressYAML"]),
        // What a Swift step handler in a package of its own depends on: the `StepHandler`
        // contract (and, through it, the playbook spec language its descriptor is written in).
        .library(name: "RedressPluginAPI", targets: ["RedressPluginAPI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        .target(name: "RedressDiagnostics"),
        .target(name: "RedressYAML", dependencies: ["CYAML", "RedressDiagnostics"]),
        .target(name: "RedressPlaybook", dependencies: ["RedressDiagnostics", "RedressYAML"]),
        .target(
            name: "RedressPluginAPI",
            dependencies: ["RedressPlaybook", .product(name: "Logging", package: "swift-log")]),
        .target(
            name: "RedressEngine",
            dependencies: [
                "RedressPlaybook", "RedressPluginAPI", .product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "HeapModule", package: "swift-collections"),
            ]),
        // How the stores encode runs, journal entries and audit records (JSON written by hand,
        // read by a pull reader): store-side, so the engine holds no encoding.
        .target(name: "RedressStoreCodec", dependencies: ["RedressEngine", "RedressPlaybook", "RedressPluginAPI"]),
        // The checks every RunStore passes (SQLite, in-memory, PostgreSQL next); implementers run it.
        .target(name: "RedressStoreConformance", dependencies: ["RedressEngine", "RedressPlaybook"]),
        // The PostgreSQL RunStore (postgres-nio), for many workers on many machines.
        .target(
            name: "RedressPostgresStore",
            dependencies: ["RedressEngine", "RedressStoreCodec", .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log")]),
        .target(name: "RedressGRDBSupport", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        .target(
            name: "RedressSQLiteStore",
            dependencies: [
                "RedressEngine", "RedressStoreCodec", "RedressPlaybook", "RedressGRDBSupport", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        .target(
            name: "RedressSandbox",
            dependencies: [
                "RedressWalletAPI", "RedressWalletPlugin", "RedressGRDBSupport", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // The wallet gateway contract (protocol, snapshot, proofs, errors, the HTTP wire types):
        // what the wallet handlers call and every wallet (sandbox, HTTP) implements.
        .target(name: "RedressWalletAPI", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // The sandbox wallet served over the gateway contract (`redress sandbox serve`), with
        // fault injection for testing the HTTP gateway against a real server.
        .target(
            name: "RedressSandboxServer",
            dependencies: ["RedressSandbox", "RedressWalletAPI", .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "Crypto", package: "swift-crypto")]),
        // The wallet gateway over HTTP/JSON (openapi/wallet-gateway.yaml), for a real back office.
        .target(
            name: "RedressHTTPWallet",
            dependencies: [
                "RedressWalletAPI", .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOPosix", package: "swift-nio"), .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(name: "RedressFlowPlugin", dependencies: ["RedressPlaybook", "RedressPluginAPI"], path: "Plugins/Flow"),
        .target(
            name: "RedressWalletPlugin",
            dependencies: ["RedressDiagnostics", "RedressPlaybook", "RedressPluginAPI", "RedressWalletAPI", .product(name: "Crypto", package: "swift-crypto")],
            path: "Plugins/Wallet"),
        .target(
            name: "RedressCases",
            dependencies: ["RedressEngine", "RedressPlaybook", "RedressYAML", "RedressDiagnostics", "RedressWalletAPI", "RedressWalletPlugin"]),
        .target(
            name: "RedressRuntime",
            dependencies: [
                "RedressPlaybook", "RedressPluginAPI", "RedressYAML", "RedressDiagnostics", "RedressHTTPWallet", .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(name: "CProcessSpawn"),
        // `redress serve`'s HTTP API (Hummingbird): cases, runs, signals, playbooks, health.
        .target(
            name: "RedressServer",
            dependencies: [
                "RedressEngine", "RedressCases", "RedressRuntime", "RedressPlaybook", "RedressPluginAPI", "RedressDiagnostics",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"), .product(name: "Metrics", package: "swift-metrics"),
            ]),
        // The worker loop as a swift-service-lifecycle Service (redress worker; the server's
        // embedded worker): claims, drives, sleeps, wakes on store hints, shuts down gracefully.
        .target(
            name: "RedressWorker",
            dependencies: ["RedressEngine", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")]),
        .target(
            name: "RedressPlaybookTesting",
            dependencies: ["RedressEngine", "RedressPlaybook", "RedressPluginAPI", .product(name: "Logging", package: "swift-log")]),
        .target(
            name: "RedressExternalPlugin", dependencies: ["CProcessSpawn", "RedressPlaybook", "RedressPluginAPI", .product(name: "Logging", package: "swift-log")],
            path: "Plugins/External"),
        .target(
            name: "RedressCLI",
            dependencies: [
                "RedressDiagnostics",
                "RedressYAML",
                "RedressPlaybook",
                "RedressFlowPlugin",
                "RedressWalletAPI",
                "RedressWalletPlugin",
                "RedressHTTPWallet",
                "RedressSandboxServer",
                "RedressExternalPlugin",
                "RedressPlaybookTesting",
                "RedressPluginAPI",
                "RedressEngine",
                "RedressSQLiteStore",
                "RedressPostgresStore",
                "RedressSandbox",
                "RedressCases",
                "RedressRuntime",
                "RedressWorker",
                "RedressServer",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"), .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "redress", dependencies: ["RedressCLI"]),
        .executableTarget(
            name: "RedressBench",
            dependencies: [
                "RedressYAML", "RedressPlaybook", "RedressFlowPlugin", "RedressWalletAPI", "RedressWalletPlugin", "RedressExternalPlugin", "RedressPluginAPI", "RedressEngine",
                "RedressSQLiteStore", "RedressPostgresStore", "RedressStoreCodec", "RedressCases", "RedressSandbox", "RedressSandboxServer", "RedressHTTPWallet", .product(name: "Logging", package: "swift-log"),
                "RedressServer", "RedressRuntime", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(name: "RedressDiagnosticsTests", dependencies: ["RedressDiagnostics"]),
        .testTarget(name: "RedressYAMLTests", dependencies: ["RedressYAML"], exclude: ["Fixtures"]),
        .testTarget(
            name: "RedressPlaybookTests",
            dependencies: ["RedressDiagnostics", "RedressPlaybook", "RedressFlowPlugin", "RedressWalletAPI", "RedressWalletPlugin"],
            exclude: ["Fixtures"]),
        .target(name: "RedressTestSupport", dependencies: ["RedressEngine"], path: "Tests/RedressTestSupport"),
        .testTarget(
            name: "RedressEngineTests",
            dependencies: [
                "RedressTestSupport", "RedressStoreConformance", "RedressEngine", "RedressPluginAPI", "RedressPlaybook", "RedressFlowPlugin",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "RedressStoreCodecTests", dependencies: ["RedressStoreCodec", "RedressEngine", "RedressPlaybook", "RedressPluginAPI"]),
        .testTarget(
            name: "RedressSQLiteStoreTests",
            dependencies: [
                "RedressTestSupport", "RedressStoreConformance", "RedressSQLiteStore", "RedressEngine", "RedressPluginAPI", "RedressPlaybook", "RedressFlowPlugin",
                .product(name: "Logging", package: "swift-log"), .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(
            name: "RedressSandboxTests",
            dependencies: [
                "RedressTestSupport", "RedressWalletTestSupport", "RedressSandbox", "RedressSandboxServer", "RedressHTTPWallet", "RedressWalletAPI", "RedressWalletPlugin", "RedressEngine", "RedressPluginAPI", "RedressPlaybook", "RedressFlowPlugin",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(
            name: "RedressWalletTestSupport",
            dependencies: ["RedressSandbox", "RedressSandboxServer", "RedressHTTPWallet", "RedressWalletAPI", .product(name: "Logging", package: "swift-log")],
            path: "Tests/RedressWalletTestSupport"),
        .testTarget(
            name: "RedressHTTPWalletTests",
            dependencies: ["RedressWalletTestSupport", "RedressHTTPWallet", "RedressSandboxServer", "RedressSandbox", "RedressWalletAPI"]),
        .testTarget(
            name: "RedressPostgresStoreTests",
            dependencies: [
                "RedressPostgresStore", "RedressStoreConformance", "RedressTestSupport", "RedressEngine", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "RedressServerTests",
            dependencies: [
                "RedressServer", "RedressEngine", "RedressCases", "RedressRuntime", "RedressPlaybook", "RedressPluginAPI", "RedressFlowPlugin",
                "RedressWalletPlugin", "RedressSandbox", "RedressSQLiteStore", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "RedressFlowPluginTests", dependencies: ["RedressFlowPlugin", "RedressPlaybook", "RedressPluginAPI"]),
        .testTarget(
            name: "RedressExternalPluginTests",
            dependencies: ["RedressExternalPlugin", "RedressPlaybook", "RedressPluginAPI", "RedressEngine", "RedressFlowPlugin", .product(name: "Logging", package: "swift-log")],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "RedressPlaybookTestingTests",
            dependencies: ["RedressPlaybookTesting", "RedressPlaybook", "RedressFlowPlugin", "RedressWalletAPI", "RedressWalletPlugin"],
            exclude: ["Fixtures"]),
        .testTarget(name: "RedressWalletPluginTests", dependencies: ["RedressWalletAPI", "RedressWalletPlugin", "RedressPlaybook"]),
        .testTarget(name: "RedressRuntimeTests", dependencies: ["RedressRuntime", "RedressDiagnostics"]),
        .testTarget(
            name: "RedressCLITests",
            dependencies: [
                "RedressCLI", "redress", "RedressTestSupport", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
