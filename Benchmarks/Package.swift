// swift-tools-version: 6.1
// Benchmarks live in their own package so that `swift test` never builds or runs them.
// Run: swift run -c release --package-path Benchmarks decode-bench [CAPTURE] [ROUNDS]
import PackageDescription

let package = Package(
    name: "tiktok-live-events-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "tiktok-live-events", path: "..")],
    targets: [
        .executableTarget(
            name: "decode-bench",
            dependencies: [.product(name: "TikTokLiveEvents", package: "tiktok-live-events")]
        )
    ]
)
