public import Foundation
@_spi(Benchmarks) public import TikTokLiveEvents

/// Prints events the way the CLI does: NDJSON with `--json`, otherwise one readable line each, coloured
/// when the output is a terminal and `NO_COLOR` is not set.
public struct EventPrinter {
    public enum Format: Sendable {
        case text(color: Bool)
        case json
    }

    let format: Format
    let filter: EventFilter
    let output: OutputWriter
    let json = EventLineEncoder()
    let text = EventTextFormatter()

    public init(format: Format, filter: EventFilter, output: OutputWriter) {
        self.format = format
        self.filter = filter
        self.output = output
    }

    /// Whether to colour text on this file descriptor: a terminal, and no `NO_COLOR` in the environment.
    public static func wantsColor(fd: Int32, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> Bool
    {
        isatty(fd) == 1 && environment["NO_COLOR"].map(\.isEmpty) ?? true
    }

    public func print(_ event: LiveEvent) {
        guard filter.allows(event) else { return }
        switch format {
        case .json:
            json.withLine(for: event) { output.writeLine(bytes: $0) }
        case .text(let color):
            let label = text.label(for: event)
            let body = text.body(for: event)
            output.writeLine(color ? ANSI.paint(label, ANSI.color(for: event)) + body : label + body)
        }
    }
}

/// The few ANSI escapes the CLI uses; a dependency with global state is not worth it for this.
enum ANSI {
    static func paint(_ text: String, _ code: String) -> String {
        "\u{1b}[\(code)m\(text)\u{1b}[0m"
    }

    static func color(for event: LiveEvent) -> String {
        switch event {
        case .chat, .emoteChat, .question: "36"  // cyan
        case .gift, .envelope, .superFanBox, .subscribe: "33"  // yellow
        case .like: "35"  // magenta
        case .follow, .share, .join, .superFan, .superFanJoin: "32"  // green
        case .error, .streamEnd, .disconnected, .unknown: "31"  // red
        default: "2"  // dim
        }
    }
}
