import Logging

/// One run of a client: pick the transport, look the room up once (direct mode), then hand the transport to the
/// one reconnect policy (``ReconnectLoop``) until the stream ends, the client is stopped, or the budget is spent.
struct Supervisor: Sendable {
    let live: TikTokLive
    var configuration: TikTokLive.Configuration { live.configuration }

    func run() async throws {
        guard !live.isStopRequested else { return }
        let uniqueId = try TikTokLive.validateUsername(live.uniqueId)
        let loop = ReconnectLoop(live: live)
        if case .relay(let url) = configuration.mode {
            var transport = try RelayTransport(live: live, url: url, uniqueId: uniqueId)
            try await loop.run(&transport)
            return
        }
        let web = WebClient(configuration: configuration)
        do {
            let room = try await RoomResolver(web: web, configuration: configuration).resolve(uniqueId: uniqueId)
            configuration.logger.info("@\(uniqueId) is live", metadata: ["roomId": "\(room.roomId)"])
            var transport = try DirectTransport(live: live, room: room, uniqueId: uniqueId, web: web)
            try await loop.run(&transport)
            await web.shutdown()
        } catch {
            await web.shutdown()
            throw error
        }
    }
}
