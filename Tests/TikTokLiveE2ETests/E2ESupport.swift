import Foundation
import Testing
import TikTokLiveEvents
import TikTokLiveTestSupport
import TikTokLiveTesting

/// Everything a client delivered to its handlers, in order.
final class Recorder: Sendable {
    private let state = LockedBox<[(handler: String, event: LiveEvent)]>([])

    /// Registers a recording handler on each name.
    init(
        _ live: TikTokLive,
        names: [String] = ["event", "connected", "roomInfo", "reconnecting", "disconnected", "error"]
    ) {
        for name in names {
            live.on(name) { [state] event in state.withLock { $0.append((name, event)) } }
        }
    }

    func events(_ handler: String) -> [LiveEvent] {
        state.withLock { $0.filter { $0.handler == handler }.map(\.event) }
    }

    /// Wire events seen by the catch-all `event` handler.
    var wire: [LiveEvent] { events("event") }
    var errors: [ErrorEvent] { events("error").compactMap { if case .error(let e) = $0 { e } else { nil } } }
    var reconnects: [ReconnectingEvent] {
        events("reconnecting").compactMap { if case .reconnecting(let e) = $0 { e } else { nil } }
    }
    var disconnects: [DisconnectedEvent] {
        events("disconnected").compactMap { if case .disconnected(let e) = $0 { e } else { nil } }
    }
    var chatTexts: [String] { wire.compactMap { if case .chat(let e) = $0 { e.comment } else { nil } } }
    var wireIds: [String] { wire.compactMap(\.msgId) }
}

/// Runs the client to its end, failing (and stopping it) if that takes longer than `limit`.
func runToEnd(_ live: TikTokLive, limit: Duration = .seconds(60)) async throws {
    try await withThrowingTaskGroup(of: Bool.self) { group in
        group.addTask {
            try await live.run()
            return true
        }
        group.addTask {
            try await Task.sleep(for: limit)
            return false
        }
        defer { group.cancelAll() }
        guard try await group.next() == true else {
            live.stop()
            throw TimedOut(what: "run() of @\(live.uniqueId) still going after \(limit)")
        }
    }
}

/// The error `run()` ends with, or `nil` when it returns normally.
func runError(_ live: TikTokLive, limit: Duration = .seconds(60)) async throws -> TikTokLiveError? {
    do {
        try await runToEnd(live, limit: limit)
        return nil
    } catch let error as TikTokLiveError {
        return error
    }
}

/// A loopback port that refuses connections and that no other test can take meanwhile: a socket bound to it that
/// never listens. (A port freed by shutting an edge down can be handed to a parallel test's edge at once.)
final class RefusingPort: Sendable {
    let port: Int
    private let descriptor: Int32

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(descriptor, raw, length) == 0 && getsockname(descriptor, raw, &length) == 0
            }
        }
        guard descriptor >= 0, bound else {
            close(descriptor)
            throw TimedOut(what: "binding a loopback port")
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    var url: String { "http://127.0.0.1:\(port)" }

    deinit { close(descriptor) }
}
