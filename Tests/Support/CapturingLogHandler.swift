public import Logging

/// A swift-log handler that keeps every line (message, then metadata) as a person would read it, for tests that
/// check what is logged and what never is.
public struct CapturingLogHandler: LogHandler {
    public let lines: LockedBox<[String]>
    public var logLevel: Logger.Level = .trace
    public var metadata: Logger.Metadata = [:]

    public init(lines: LockedBox<[String]>) { self.lines = lines }

    /// A trace-level logger whose lines go to `lines`.
    public static func logger(_ lines: LockedBox<[String]>) -> Logger {
        var logger = Logger(label: "test") { _ in CapturingLogHandler(lines: lines) }
        logger.logLevel = .trace
        return logger
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let extra = (event.metadata ?? [:]).merging(metadata) { new, _ in new }
        lines.withLock { $0.append("\(event.message) \(extra)") }
    }
}
