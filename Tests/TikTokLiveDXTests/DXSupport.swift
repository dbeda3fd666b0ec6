import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import Testing
import TikTokLiveEvents
import TikTokLiveTestSupport
import TikTokLiveTesting

/// Runs blocking work (a pipe read) on a thread of its own. Blocking a Swift concurrency thread instead can starve
/// the pool on a 2-core machine, and with it the in-process edge the subprocess is talking to: a deadlock.
func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: work()) }.start()
    }
}

/// Waits for `process` to exit, polling; after `limit` sends SIGTERM, then SIGKILL. `false` if it had to be stopped.
@discardableResult
func waitForExit(_ process: Process, limit: Duration) async -> Bool {
    let deadline = ContinuousClock.now + limit
    while process.isRunning && ContinuousClock.now < deadline {
        try? await Task.sleep(for: .milliseconds(20))
    }
    guard process.isRunning else { return true }
    process.terminate()
    let killDeadline = ContinuousClock.now + .seconds(2)
    while process.isRunning && ContinuousClock.now < killDeadline {
        try? await Task.sleep(for: .milliseconds(20))
    }
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    while process.isRunning {
        try? await Task.sleep(for: .milliseconds(20))
    }
    return false
}

/// A started subprocess with piped output.
struct Subprocess {
    let process = Process()
    let stdout = Pipe()
    let stderr = Pipe()

    /// Starts a built executable with `environment` added to a copy of ours without any `TIKTOK_LIVE_*` variables.
    init(
        _ name: String, _ arguments: [String], environment extra: [String: String] = [:], directory: URL? = nil
    ) throws {
        guard let executable = BuiltExecutables.url(named: name) else { throw MissingExecutable(name: name) }
        try self.init(executable: executable, arguments, environment: extra, directory: directory)
    }

    /// Starts the executable at `executable`, as ``init(_:_:environment:)`` does.
    init(
        executable: URL, _ arguments: [String], environment extra: [String: String] = [:], directory: URL? = nil
    ) throws {
        process.executableURL = executable
        if let directory { process.currentDirectoryURL = directory }
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TIKTOK_LIVE_") }
        environment["NO_COLOR"] = "1"
        environment.merge(extra) { $1 }
        process.environment = environment
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Everything the process writes to stderr, once it has closed it.
    func readStderr() async -> String {
        let handle = stderr.fileHandleForReading
        return String(decoding: await offPool { handle.readDataToEndOfFile() }, as: UTF8.self)
    }

    /// Kills the process if it still runs (for tests that fail half-way).
    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }

    /// The next chunk of stdout (empty at its end).
    func readStdoutChunk() async -> Data {
        let handle = stdout.fileHandleForReading
        return await offPool { handle.availableData }
    }
}

/// Runs a built executable to its end (stopping it after `limit`), with `environment` added to a copy of ours
/// without any `TIKTOK_LIVE_*` variables.
func runBinary(
    _ name: String, _ arguments: [String], environment extra: [String: String] = [:], directory: URL? = nil,
    limit: Duration = .seconds(30)
) async throws -> Outcome {
    let subprocess = try Subprocess(name, arguments, environment: extra, directory: directory)
    // Drain both pipes while the process runs, so that a full pipe can never stall it.
    let stdout = subprocess.stdout.fileHandleForReading
    async let out = offPool { stdout.readDataToEndOfFile() }
    async let err = subprocess.readStderr()
    if !(await waitForExit(subprocess.process, limit: limit)) {
        Issue.record("\(name) was still running after \(limit): \(arguments)")
    }
    return Outcome(
        status: subprocess.process.terminationStatus, stdout: String(decoding: await out, as: UTF8.self),
        stderr: await err)
}

/// The environment that points a client (or a recipe) at an edge.
func endpointEnvironment(_ edge: FakeTikTokEdge) -> [String: String] {
    [
        "TIKTOK_LIVE_WEB_URL": edge.webURL.absoluteString, "TIKTOK_LIVE_WEBCAST_URL": edge.webcastURL.absoluteString,
        "TIKTOK_LIVE_WS_URL": edge.wsURL.absoluteString,
    ]
}

/// A client configuration for an edge: the defaults a user starts from, pointed at it.
func configuration(for edge: FakeTikTokEdge) -> TikTokLive.Configuration {
    TikTokLive.Configuration(endpoints: edge.endpoints)
}

/// Every wire event of one run of a client, collected until `run()` ends or `limit` passes.
func collectEvents(
    _ live: TikTokLive, limit: Duration = .seconds(20),
    until done: @escaping @Sendable ([LiveEvent]) -> Bool = { _ in
        false
    }
) async throws -> [LiveEvent] {
    try await withThrowingTaskGroup(of: [LiveEvent]?.self) { group in
        group.addTask {
            var events: [LiveEvent] = []
            for try await event in live.events where event.isWireEvent {
                events.append(event)
                if done(events) { break }
            }
            return events
        }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let events = try await group.next() ?? nil else {
            live.stop()
            throw TimedOut(what: "the client still running after \(limit)")
        }
        return events
    }
}

/// A loopback HTTP server that records the bodies of the requests it gets and answers 200.
final class WebhookServer: Sendable {
    private let channel: any Channel
    private let received: NIOLockedValueBox<[(method: String, path: String, body: String)]>

    var port: Int { channel.localAddress?.port ?? 0 }
    var url: String { "http://127.0.0.1:\(port)/hook" }
    var requests: [(method: String, path: String, body: String)] { received.withLockedValue { $0 } }

    private init(channel: any Channel, received: NIOLockedValueBox<[(method: String, path: String, body: String)]>) {
        self.channel = channel
        self.received = received
    }

    static func start() async throws -> WebhookServer {
        let received = NIOLockedValueBox<[(method: String, path: String, body: String)]>([])
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(received: received))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return WebhookServer(channel: channel, received: received)
    }

    func shutdown() async {
        try? await channel.close()
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let received: NIOLockedValueBox<[(method: String, path: String, body: String)]>
        var head: HTTPRequestHead?
        var body: [UInt8] = []

        init(received: NIOLockedValueBox<[(method: String, path: String, body: String)]>) {
            self.received = received
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch Self.unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = []
            case .body(var buffer):
                body += buffer.readBytes(length: buffer.readableBytes) ?? []
            case .end:
                if let head {
                    received.withLockedValue {
                        $0.append((head.method.rawValue, head.uri, String(decoding: body, as: UTF8.self)))
                    }
                }
                var headers = HTTPHeaders()
                headers.add(name: "Content-Length", value: "2")
                context.write(
                    Self.wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))),
                    promise: nil)
                context.write(Self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "ok")))), promise: nil)
                context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
