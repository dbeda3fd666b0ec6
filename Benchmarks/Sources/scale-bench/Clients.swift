import Foundation
import TikTokLiveEvents

/// A count shared by handlers on many tasks.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func add(_ amount: Int = 1) { lock.withLock { value += amount } }
    var count: Int { lock.withLock { value } }
}

/// One `TikTokLive` client per room, in this process, each with the library's default configuration except the
/// endpoints: what a user watching N rooms would run.
final class ScaleClients: @unchecked Sendable {
    let latencies = LatencyHistogram()
    let connected = Counter()
    let reconnects = Counter()
    let errors = Counter()
    private let lock = NSLock()
    private var clients: [TikTokLive] = []
    private var runs: [Task<Void, Never>] = []
    private var firstErrors: [String] = []

    let configuration: TikTokLive.Configuration

    init(edge: EdgeProcess) {
        configuration = TikTokLive.Configuration(
            endpoints: .init(webURL: edge.webURL, webcastURL: edge.webURL, wsURL: edge.wsURL))
    }

    /// Starts the clients `wave` at a time, waiting for each wave to connect (as a service would, rather than
    /// opening a thousand handshakes in the same millisecond).
    func connect(rooms: Int, wave: Int, progress: (Int) -> Void) async throws {
        for start in stride(from: 0, to: rooms, by: wave) {
            let end = min(start + wave, rooms)
            for index in start..<end {
                startClient(ScaleRooms.uniqueId(index))
            }
            let deadline = ContinuousClock.now + .seconds(120)
            while connected.count < end {
                guard ContinuousClock.now < deadline else {
                    throw OptionsError(
                        message: "only \(connected.count) of \(end) clients connected within 120 s; "
                            + "first errors: \(problems.joined(separator: "; "))")
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            progress(end)
        }
    }

    private func startClient(_ uniqueId: String) {
        let live = TikTokLive(uniqueId, configuration: configuration)
        let latencies = self.latencies
        live.on("chat") { event in
            guard case .chat(let chat) = event else { return }
            latencies.record(sentMillis: chat.timestamp)
        }
        live.on("connected") { [connected] _ in connected.add() }
        live.on("reconnecting") { [reconnects] _ in reconnects.add() }
        live.on("error") { [weak self] event in
            guard case .error(let error) = event else { return }
            self?.note("\(uniqueId): \(error.message)")
        }
        let run = Task {
            do {
                try await live.run()
            } catch {
                self.note("\(uniqueId) stopped: \(error)")
            }
        }
        lock.withLock {
            clients.append(live)
            runs.append(run)
        }
    }

    private func note(_ problem: String) {
        errors.add()
        lock.withLock {
            if firstErrors.count < 5 { firstErrors.append(problem) }
        }
    }

    var problems: [String] { lock.withLock { firstErrors } }

    func stopAll() async {
        let (clients, runs) = lock.withLock { (self.clients, self.runs) }
        for live in clients { live.stop() }
        for run in runs { await run.value }
    }
}
