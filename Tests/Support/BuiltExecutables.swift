public import Foundation

/// The executables `swift build` puts beside the test bundle in `.build/<config>/` (the CLI and the recipes), for
/// tests that run them as a person would.
public enum BuiltExecutables {
    /// The directory holding `tiktok-live-events`, searched upwards from the test bundle (on macOS the bundle's
    /// executable sits inside `X.xctest/Contents/MacOS/`), or `$TIKTOK_LIVE_EVENTS_BIN`'s directory.
    public static let directory: URL? = {
        let fileManager = FileManager.default
        if let override = ProcessInfo.processInfo.environment["TIKTOK_LIVE_EVENTS_BIN"], !override.isEmpty {
            return URL(fileURLWithPath: override).deletingLastPathComponent()
        }
        let starts: [URL?] =
            [Bundle.main.executableURL, URL(fileURLWithPath: CommandLine.arguments[0])]
            + Bundle.allBundles.map { Optional($0.bundleURL) }
        for start in starts.compactMap({ $0?.resolvingSymlinksInPath() }) {
            var directory = start.deletingLastPathComponent()
            for _ in 0..<5 {
                if isExecutable(directory.appendingPathComponent("tiktok-live-events")) { return directory }
                directory = directory.deletingLastPathComponent()
            }
        }
        return nil
    }()

    /// The CLI, `tiktok-live-events`.
    public static var cli: URL? { url(named: "tiktok-live-events") }

    /// The built executable `name`, or `nil` when it is not there.
    public static func url(named name: String) -> URL? {
        guard let candidate = directory?.appendingPathComponent(name), isExecutable(candidate) else { return nil }
        return candidate
    }

    private static func isExecutable(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: url.path)
    }
}

/// A test needed an executable that `swift build` did not put beside the tests.
public struct MissingExecutable: Error, CustomStringConvertible {
    public let name: String
    public init(name: String) { self.name = name }
    public var description: String { "\(name) is not built next to the tests (run `swift build --build-tests`)" }
}
