import Logging
import NIOConcurrencyHelpers

/// ``TikTokLive/Configuration/enrichGifts``: gift events that arrive without a name, an image or a diamond value
/// get them from the room's gift catalog (`gift/list`), fetched once per room, starting when the socket connects.
///
/// A failed fetch costs one warning (a log line and one `error` event, delivered before the first gift that
/// needed the catalog), never a gift: gifts then keep what TikTok sent. Gifts wait for a fetch under way for at
/// most two seconds after the socket connected (``longestWait``), so a slow catalog never holds the room back. Only direct connections are enriched; a
/// relay's events are as complete as the relay made them.
final class GiftEnrichment: Sendable {
    private struct State {
        var roomId: String?
        /// Set when the current room's fetch is done.
        var result: Result<GiftCatalog, TikTokLiveError>?
        /// How long gifts wait for a fetch still under way; after it, they go out as TikTok sent them.
        var waitUntil: ContinuousClock.Instant?
        var warned = false
    }

    private let state = NIOLockedValueBox(State())

    /// The event to deliver in place of `event`; called by ``TikTokLive/emit(_:wireMessage:)`` for every event.
    func apply(to event: LiveEvent, live: TikTokLive) async -> LiveEvent {
        guard live.configuration.enrichGifts, case .direct = live.configuration.mode else { return event }
        switch event {
        case .connected(let connected):
            prefetch(roomId: connected.roomId, configuration: live.configuration)
            return event
        case .gift(var gift) where Self.lacksDetails(gift.payload):
            guard let catalog = await catalog(live: live), let entry = catalog[gift.payload.giftId] else {
                return event
            }
            if gift.payload.giftName?.isEmpty ?? true { gift.payload.giftName = entry.name }
            if gift.payload.giftPictureUrl?.isEmpty ?? true { gift.payload.giftPictureUrl = entry.imageUrl }
            if gift.payload.diamondCount == 0 { gift.payload.diamondCount = entry.diamondCount }
            return .gift(gift)
        default:
            return event
        }
    }

    /// The longest gifts wait for a catalog fetch under way (less when ``TikTokLive/Configuration/httpTimeout``
    /// is shorter); gifts after it go out as sent until the catalog is in.
    static let longestWait: Duration = .seconds(2)

    static func lacksDetails(_ gift: GiftPayload) -> Bool {
        gift.giftName?.isEmpty ?? true || gift.giftPictureUrl?.isEmpty ?? true || gift.diamondCount == 0
    }

    /// Starts fetching the catalog of a room this client has not fetched it for yet, with one retry at most.
    private func prefetch(roomId: String, configuration: TikTokLive.Configuration) {
        let isNew = state.withLockedValue { state in
            guard state.roomId != roomId else { return false }
            state = State(roomId: roomId, waitUntil: .now + min(configuration.httpTimeout, Self.longestWait))
            return true
        }
        guard isNew else { return }
        var fetchConfiguration = configuration
        fetchConfiguration.httpRetries = min(configuration.httpRetries, 1)
        Task {
            let result: Result<GiftCatalog, TikTokLiveError>
            do throws(TikTokLiveError) {
                result = .success(try await TikTokWeb(configuration: fetchConfiguration).giftCatalog(roomId: roomId))
            } catch {
                configuration.logger.warning("gift catalog unavailable: \(error.message)")
                result = .failure(error)
            }
            state.withLockedValue { state in
                if state.roomId == roomId { state.result = result }
            }
        }
    }

    /// The current room's catalog, waiting for its fetch until the room's deadline; `nil` when it failed
    /// (warning once), is still under way past the deadline, or never started.
    private func catalog(live: TikTokLive) async -> GiftCatalog? {
        while true {
            let (result, deadline) = state.withLockedValue { ($0.result, $0.waitUntil) }
            switch result {
            case .success(let catalog):
                return catalog
            case .failure(let error):
                let warn = state.withLockedValue { state in
                    defer { state.warned = true }
                    return !state.warned
                }
                if warn {
                    let warning = TikTokLiveError(
                        error.kind,
                        "the gift catalog could not be fetched, so gifts keep what TikTok sent: \(error.message)")
                    await live.emit(.error(ErrorEvent(warning)), wireMessage: false)
                }
                return nil
            case nil:
                guard let deadline, ContinuousClock.now < deadline else { return nil }
                do {
                    try await Task.sleep(for: .milliseconds(10))
                } catch {
                    return nil
                }
            }
        }
    }
}
