import Logging

/// ``TikTokLive/Configuration/enrichGifts``: gift events that arrive without a name, an image or a diamond value
/// get them from the room's gift catalog (`gift/list`), fetched once per room, starting when the socket connects.
///
/// A failed fetch costs one warning (a log line and one `error` event, delivered before the first gift that
/// needed the catalog), never a gift: gifts then keep what TikTok sent. Only direct connections are enriched; a
/// relay's events are as complete as the relay made them.
final class GiftEnrichment: Sendable {
    private struct State {
        var roomId: String?
        var catalog: Task<Result<GiftCatalog, TikTokLiveError>, Never>?
        var warned = false
    }

    private let state = Locked(State())

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

    static func lacksDetails(_ gift: GiftPayload) -> Bool {
        gift.giftName?.isEmpty ?? true || gift.giftPictureUrl?.isEmpty ?? true || gift.diamondCount == 0
    }

    /// Starts fetching the catalog of a room this client has not fetched it for yet.
    private func prefetch(roomId: String, configuration: TikTokLive.Configuration) {
        state.withLock { state in
            guard state.roomId != roomId else { return }
            state.roomId = roomId
            state.warned = false
            state.catalog = Task {
                do throws(TikTokLiveError) {
                    return .success(try await TikTokWeb(configuration: configuration).giftCatalog(roomId: roomId))
                } catch {
                    configuration.logger.warning("gift catalog unavailable: \(error.message)")
                    return .failure(error)
                }
            }
        }
    }

    /// The current room's catalog, waiting for its fetch; `nil` when it failed (warning once) or never started.
    private func catalog(live: TikTokLive) async -> GiftCatalog? {
        guard let task = state.withLock({ $0.catalog }) else { return nil }
        switch await task.value {
        case .success(let catalog):
            return catalog
        case .failure(let error):
            let warn = state.withLock { state in
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
        }
    }
}
