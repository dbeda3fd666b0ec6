import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOEmbedded
import Testing
import TikTokLiveEvents
import TikTokLiveTestSupport

@testable import TikTokLiveRelay

/// A handshake's context and channel are freed once its connection closes, although hummingbird-websocket keeps the
/// context in a box the context points to (see `RelayRequestContext`).
@Suite struct RelayRequestContextTests {
    @Test func aClosedConnectionsChannelAndContextAreReleased() async throws {
        let configuration = RelayServer.Configuration(port: 0)
        let hub = RelayHub(configuration: configuration)
        let responder = RelayServer.webSocketRouter(hub: hub, admission: RelayAdmission(token: nil, hub: hub))
            .buildResponder()
        weak var weakChannel: NIOAsyncTestingChannel?
        weak var weakLinks: RelayRequestLinks?
        do {
            let channel = NIOAsyncTestingChannel()
            let context = RelayRequestContext(source: .init(channel: channel, logger: configuration.logger))
            // The handshake's route, as hummingbird-websocket runs it: it fills the upgrade slot.
            let request = Request(
                head: HTTPRequest(method: .get, scheme: nil, authority: "relay", path: "/?uniqueId=host"),
                body: .init(buffer: ByteBuffer()))
            let response = try await responder.respond(to: request, context: context)
            #expect(response.status == .ok)
            weakChannel = channel
            weakLinks = context.links
            #expect(context.channel === channel, "the context reaches its channel while it is open")
            try await channel.close()
        }
        #expect(await eventually { weakLinks == nil }, "the context's links are freed")
        #expect(await eventually { weakChannel == nil }, "the channel is freed")
    }
}
