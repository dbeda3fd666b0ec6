// swift-tools-version: 6.1
// Benchmarks live in their own package so that `swift test` never builds or runs them.
// Run all of them with Benchmarks/run.sh (see the README's performance section).
import PackageDescription

let package = Package(
    name: "tiktok-live-events-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "tiktok-live-events", path: ".."),
        .package(url: "https://github.com/vapor/websocket-kit.git", from: "2.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // store-bench: the SQLite library the store did not pick, measured beside the one it did.
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // glibc's heap statistics (live bytes against what the allocator holds) and malloc_trim, for relay-soak.
        .target(name: "CHeapStats"),
        // The relay in a child process and its RSS, for relay-bench and relay-soak.
        .target(
            name: "RelayBenchSupport",
            dependencies: ["CHeapStats", .product(name: "TikTokLiveRelay", package: "tiktok-live-events")]),
        .executableTarget(
            name: "decode-bench",
            dependencies: [
                .product(name: "TikTokLiveEvents", package: "tiktok-live-events"),
                .product(name: "TikTokLiveTesting", package: "tiktok-live-events"),
            ]
        ),
        // Run: swift run -c release --package-path Benchmarks relay-bench [IDLE_CLIENTS] [CREATORS] [FANOUT_CLIENTS] [EVENTS]
        .executableTarget(
            name: "relay-bench",
            dependencies: [
                .product(name: "TikTokLiveEvents", package: "tiktok-live-events"),
                .product(name: "TikTokLiveRelay", package: "tiktok-live-events"),
                .product(name: "TikTokLiveTesting", package: "tiktok-live-events"),
                "RelayBenchSupport",
                .product(name: "WebSocketKit", package: "websocket-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // Run: swift run -c release --package-path Benchmarks relay-soak [ROUNDS] [HANDSHAKES]
        .executableTarget(
            name: "relay-soak",
            dependencies: [
                .product(name: "TikTokLiveEvents", package: "tiktok-live-events"),
                .product(name: "TikTokLiveRelay", package: "tiktok-live-events"),
                .product(name: "TikTokLiveTesting", package: "tiktok-live-events"),
                "RelayBenchSupport",
                .product(name: "WebSocketKit", package: "websocket-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // Run: swift run -c release --package-path Benchmarks relay-hostile [CONNECTIONS] [MAX_PENDING]
        .executableTarget(
            name: "relay-hostile",
            dependencies: [
                .product(name: "TikTokLiveRelay", package: "tiktok-live-events"),
                .product(name: "TikTokLiveTesting", package: "tiktok-live-events"),
                "RelayBenchSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // Run: swift run -c release --package-path Benchmarks scale-bench [--rooms 1000] [--rate 10000] [--duration 30]
        .executableTarget(
            name: "scale-bench",
            dependencies: [
                .product(name: "TikTokLiveEvents", package: "tiktok-live-events"),
                .product(name: "TikTokLiveTesting", package: "tiktok-live-events"),
            ]
        ),
        // Run: swift run -c release --package-path Benchmarks store-bench [--capture PATH] [--postgres URL]
        .executableTarget(
            name: "store-bench",
            dependencies: [
                .product(name: "TikTokLiveEvents", package: "tiktok-live-events"),
                .product(name: "TikTokLiveStore", package: "tiktok-live-events"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        // Run: swift run -c release --package-path Benchmarks fleet-bench --cli Benchmarks/.build/release/tiktok-live-events
        .executableTarget(
            name: "fleet-bench",
            dependencies: [
                .product(name: "TikTokLiveTesting", package: "tiktok-live-events"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
    ]
)
