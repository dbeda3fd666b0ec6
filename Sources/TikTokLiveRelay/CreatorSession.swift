import NIOConcurrencyHelpers
import TikTokLiveEvents

/// One creator's upstream: a ``TikTokLive`` client whose every event (lifecycle included) goes to the hub.
///
/// Reconnects happen inside the client, so the relay's clients see them only as `reconnecting` and `connected`
/// events; the client's de-duplication keeps replayed history from reaching them twice.
final class CreatorSession: Sendable {
    let uniqueId: String
    let key: String
    private let live: TikTokLive
    private let eventSink: (@Sendable (LiveEvent) async -> Void)?
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    init(
        uniqueId: String, configuration: TikTokLive.Configuration,
        eventSink: (@Sendable (LiveEvent) async -> Void)? = nil
    ) {
        self.uniqueId = uniqueId
        self.key = RelayHub.key(uniqueId)
        self.live = TikTokLive(uniqueId, configuration: configuration)
        self.eventSink = eventSink
    }

    func start(hub: RelayHub) {
        let live = self.live
        let eventSink = self.eventSink
        let task = Task {
            do {
                for try await event in live.events {
                    await eventSink?(event)
                    hub.broadcast(event, from: self)
                }
                hub.upstreamEnded(self, error: nil)
            } catch {
                hub.upstreamEnded(self, error: error)
            }
        }
        self.task.withLockedValue { $0 = task }
    }

    /// Ends the upstream run; its clients, if any, are the hub's to close.
    func stop() {
        live.stop()
    }

    /// Waits until the upstream run is over.
    func finished() async {
        await task.withLockedValue { $0 }?.value
    }
}
