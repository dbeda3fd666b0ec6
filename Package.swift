// swift-tools-version: 6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "tiktok-live-events",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "TikTokLiveEvents", targets: ["TikTokLiveEvents"]),
        .library(name: "TikTokLiveTesting", targets: ["TikTokLiveTesting"]),
        .library(name: "TikTokLiveRelay", targets: ["TikTokLiveRelay"]),
        .library(name: "TikTokLiveStore", targets: ["TikTokLiveStore"]),
        .executable(name: "tiktok-live-events", targets: ["tiktok-live-events"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-protobuf.git", exact: "1.39.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/vapor/websocket-kit.git", from: "2.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        // Signals (`UnixSignals`) for the CLI and `Service` for the relay; hummingbird brings it too.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // `swift package generate-documentation --target TikTokLiveEvents` builds the DocC catalog; a command
        // plugin, compiled only when it is run.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin.git", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // The system zlib, for gzip with a size cap and strict end-of-stream checks.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // The system libdeflate: a batch whose gzip trailer states its size is inflated in one call, 2.3-2.7x as fast
        // as zlib on the benchmark captures (decode-bench rows (d) and (d')).
        .systemLibrary(
            name: "CDeflate", path: "Sources/CDeflate", pkgConfig: "libdeflate",
            providers: [.apt(["libdeflate-dev"]), .brew(["libdeflate"])]),
        // gzip's CRC-32 with carry-less multiplies where the CPU has them (zlib's own CRC was ~8% of a replay).
        .target(name: "CCRC32", linkerSettings: [.linkedLibrary("z")]),
        // Finding the end of a JSON string's plain run while copying it, sixteen bytes at a time.
        .target(name: "CJSONEscape"),
        // Generated from Protos/*.proto by Scripts/generate-protos.sh; committed, never built by a plugin.
        .target(
            name: "TikTokLiveProto",
            dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")],
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        .target(
            name: "TikTokLiveEvents",
            dependencies: [
                "TikTokLiveProto",
                "CZlib",
                "CDeflate",
                "CCRC32",
                "CJSONEscape",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "WebSocketKit", package: "websocket-kit"),
            ],
            swiftSettings: strictSettings
        ),
        // A fake TikTok edge on loopback: for our tests, for `sandbox`, and for users testing bots offline.
        .target(
            name: "TikTokLiveTesting",
            dependencies: [
                "TikTokLiveEvents",
                "TikTokLiveProto",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // The relay server (`serve`): one upstream session per creator, fanned out to WebSocket clients as JSON.
        .target(
            name: "TikTokLiveRelay",
            dependencies: [
                "TikTokLiveEvents",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // Keeping events: an event sink batching into SQLite (GRDB) or PostgreSQL (PostgresNIO), schema versioned.
        .target(
            name: "TikTokLiveStore",
            dependencies: [
                "TikTokLiveEvents",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // `fleet`: workers sharing creators through leases in PostgreSQL, each with /metrics and /health.
        .target(
            name: "TikTokLiveFleet",
            dependencies: [
                "TikTokLiveEvents",
                "TikTokLiveStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "TikTokLiveCLI",
            dependencies: [
                "TikTokLiveEvents",
                "TikTokLiveTesting",
                "TikTokLiveRelay",
                "TikTokLiveStore",
                "TikTokLiveFleet",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "tiktok-live-events",
            dependencies: ["TikTokLiveCLI"],
            swiftSettings: strictSettings
        ),
        // Recipes (Examples/): short programs that double as documentation, built like user code (no upcoming-feature
        // flags). Each takes a username and honours TIKTOK_LIVE_WEB_URL / _WEBCAST_URL / _WS_URL, so tests point them
        // at the sandbox.
        .executableTarget(name: "first-bot", dependencies: ["TikTokLiveEvents"], path: "Examples/first-bot"),
        .executableTarget(name: "chat-logger", dependencies: ["TikTokLiveEvents"], path: "Examples/chat-logger"),
        .executableTarget(
            name: "gift-leaderboard", dependencies: ["TikTokLiveEvents"], path: "Examples/gift-leaderboard"),
        .executableTarget(name: "pk-mvp", dependencies: ["TikTokLiveEvents"], path: "Examples/pk-mvp"),
        .executableTarget(
            name: "captions-to-file", dependencies: ["TikTokLiveEvents"], path: "Examples/captions-to-file"),
        .executableTarget(
            name: "webhook-relay",
            dependencies: ["TikTokLiveEvents", .product(name: "AsyncHTTPClient", package: "async-http-client")],
            path: "Examples/webhook-relay"),
        .executableTarget(
            name: "gift-catalog-board", dependencies: ["TikTokLiveEvents"], path: "Examples/gift-catalog-board"),
        .executableTarget(
            name: "record-with-chat", dependencies: ["TikTokLiveEvents"], path: "Examples/record-with-chat"),
        // The DocC articles' Swift code blocks, word for word, each run by a test against the sandbox.
        .executableTarget(name: "doc-snippets", dependencies: ["TikTokLiveEvents"], path: "Examples/doc-snippets"),
        // What several test targets share: the cast and rooms, the fast client configuration, waiting for a
        // condition, wire bytes built by hand, finding the built executables, small bookkeeping types.
        .target(
            name: "TikTokLiveTestSupport",
            dependencies: [
                "TikTokLiveEvents",
                "TikTokLiveTesting",
                "TikTokLiveProto",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Support", swiftSettings: strictSettings),
        .testTarget(
            name: "TikTokLiveEventsTests",
            dependencies: [
                "TikTokLiveTestSupport",
                "TikTokLiveEvents",
                "TikTokLiveProto",
                "TikTokLiveTesting",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TikTokLiveTestingTests",
            dependencies: [
                "TikTokLiveTesting",
                "TikTokLiveEvents",
                "TikTokLiveProto",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "WebSocketKit", package: "websocket-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TikTokLiveRelayTests",
            dependencies: [
                "TikTokLiveTestSupport",
                "TikTokLiveRelay",
                "TikTokLiveEvents",
                "TikTokLiveTesting",
                // Built for the tests that run `serve` as a person would.
                "tiktok-live-events",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "WebSocketKit", package: "websocket-kit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TikTokLiveE2ETests",
            dependencies: [
                "TikTokLiveTestSupport",
                "TikTokLiveEvents",
                "TikTokLiveProto",
                "TikTokLiveTesting",
                "TikTokLiveCLI",
                "tiktok-live-events",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The store and the fleet against real databases: SQLite temp files and the PostgreSQL that .ci/run starts.
        .testTarget(
            name: "TikTokLiveStoreTests",
            dependencies: [
                "TikTokLiveTestSupport",
                "TikTokLiveStore",
                "TikTokLiveFleet",
                "TikTokLiveRelay",
                "TikTokLiveEvents",
                "TikTokLiveTesting",
                "TikTokLiveCLI",
                "tiktok-live-events",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // Developer experience: helpers, the sandbox room, `demo`/`sandbox`, and the recipes run against the sandbox.
        .testTarget(
            name: "TikTokLiveDXTests",
            dependencies: [
                "TikTokLiveTestSupport",
                "TikTokLiveEvents",
                "TikTokLiveTesting",
                "TikTokLiveCLI",
                "tiktok-live-events",
                "first-bot",
                "chat-logger",
                "gift-leaderboard",
                "pk-mvp",
                "captions-to-file",
                "webhook-relay",
                "gift-catalog-board",
                "record-with-chat",
                "doc-snippets",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
