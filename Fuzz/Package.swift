// swift-tools-version: 6.1
// libFuzzer targets for everything that reads bytes from the wire or a file: push frames, batches (plain and
// gzipped), gzip itself, single messages, captures, the relay envelope and the extras readers. Its own package, so
// that `swift test` of the root package never builds it. Build and run with Scripts/fuzz.sh (see Fuzz/README.md):
// it needs `-sanitize=fuzzer,address` and `-parse-as-library`, which only that script passes.
import PackageDescription

let package = Package(
    name: "tiktok-live-events-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "tiktok-live-events", path: "..")
    ],
    targets: [
        // The targets: one entry point per input kind, each decoded event checked the same way; and the seed writer.
        .target(
            name: "FuzzTargets",
            dependencies: [
                .product(name: "TikTokLiveEvents", package: "tiktok-live-events"),
                .product(name: "TikTokLiveTesting", package: "tiktok-live-events"),
            ]
        ),
        // The executable, in C: libFuzzer's own `main` drives it, and this file picks the target (FUZZ_TARGET) and
        // hands each input to it (or writes the seeds, FUZZ_WRITE_SEEDS). A Swift executable target cannot be used, as SwiftPM gives it a `main` of its own.
        .executableTarget(name: "fuzz-tiktok", dependencies: ["FuzzTargets"]),
    ]
)
