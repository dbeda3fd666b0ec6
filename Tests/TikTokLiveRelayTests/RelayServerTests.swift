import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Testing
import TikTokLiveEvents
import TikTokLiveRelay
import TikTokLiveTestSupport
import TikTokLiveTesting

/// The relay server against the fake edge: sharing, fan-out, slow clients, reconnects, failures and refusals.
@Suite struct RelayServerTests {
    /// Connects `count` clients to `uniqueId` and waits until each has its `connected` and `roomInfo` events.
    static func connectClients(_ count: Int, to relay: RelayServer, uniqueId: String = "host") async throws
        -> [RelayTestClient]
    {
        var clients: [RelayTestClient] = []
        for _ in 0..<count {
            clients.append(try await RelayTestClient.connect(relay, uniqueId: uniqueId))
        }
        for client in clients {
            #expect(await client.waitUntil { $0.events.map(\.name).starts(with: ["connected", "roomInfo"]) })
        }
        return clients
    }

    // MARK: - Sharing and fan-out

    @Test func threeClientsSeeEveryEventOverOneUpstreamSession() async throws {
        try await withRelay(rooms: [Cast.room()]) { edge, relay in
            let clients = try await Self.connectClients(3, to: relay)
            #expect(try await health(relay) == RelayHealth(status: "ok", creators: 1, clients: 3))
            #expect(edge.append([.batch(Cast.showcase), .batch([Cast.streamEnd()])], toRoom: Cast.roomId))

            for client in clients {
                #expect(await client.waitForClose() == 1000)
                #expect(
                    client.wireEvents.map(\.name) == [
                        "chat", "gift", "gift", "like", "join", "follow", "share", "roomUserSeq", "streamEnd",
                    ])
                #expect(
                    client.wireEvents.compactMap(\.msgId) == [
                        "101", "102", "103", "104", "105", "106", "107", "108", "9000",
                    ])
                // Every client starts with the session's greeting, whenever it joined.
                #expect(client.events.prefix(2).map(\.name) == ["connected", "roomInfo"])
                #expect(client.events.last?.name == "disconnected")
            }
            // The same bytes for everyone.
            #expect(Set(clients.map { $0.messages.filter { !$0.contains(#""event":"roomInfo""#) } }).count == 1)

            // One lookup, one push socket.
            #expect(edge.handshakes.filter(\.accepted).count == 1)
            #expect(edge.httpRequests.filter { $0.path == "/api-live/user/room/" }.count == 1)
            #expect(await eventually { relay.health == RelayHealth(status: "ok", creators: 0, clients: 0) })
        }
    }

    /// A client that comes back within the grace period reuses the creator's session. The grace period is far longer
    /// than any pause a busy machine makes between the two clients, so only a relay that closed early fails this.
    @Test func aReturningClientReusesTheSessionWithinTheGracePeriod() async throws {
        try await withRelay(rooms: [Cast.room()], configure: { $0.gracePeriod = .seconds(600) }) { edge, relay in
            let first = try await Self.connectClients(1, to: relay)[0]
            await first.close()
            #expect(await eventually { relay.health.clients == 0 })
            #expect(relay.health.creators == 1, "still open during the grace period")

            let second = try await Self.connectClients(1, to: relay)[0]
            #expect(edge.handshakes.filter(\.accepted).count == 1, "the returning client reused the session")
            #expect(second.events.prefix(2).map(\.name) == ["connected", "roomInfo"])
            #expect(edge.append([.batch([Cast.chat(1, "still here")])], toRoom: Cast.roomId))
            #expect(await second.waitUntil { $0.chatTexts == ["still here"] })
            await second.close()
        }
    }

    /// After the grace period the creator's session closes, and nothing reconnects it.
    @Test func theSessionClosesWhenTheGracePeriodEnds() async throws {
        try await withRelay(rooms: [Cast.room()], configure: { $0.gracePeriod = .milliseconds(200) }) { edge, relay in
            let client = try await Self.connectClients(1, to: relay)[0]
            await client.close()
            #expect(await edge.waitUntil(timeout: .seconds(30)) { edge.openConnections == 0 })
            #expect(await eventually { relay.health == RelayHealth(status: "ok", creators: 0, clients: 0) })
            #expect(edge.handshakes.filter(\.accepted).count == 1)
        }
    }

    @Test func aSlowClientIsDroppedWhileTheOthersKeepReceiving() async throws {
        let configure: (inout RelayServer.Configuration) -> Void = {
            $0.clientQueueLimit = 64
            $0.clientSendBufferSize = 16_384
            $0.slowClientCloseTimeout = .milliseconds(200)
        }
        try await withRelay(rooms: [Cast.room()], configure: configure) { edge, relay in
            let normal = try await Self.connectClients(1, to: relay)[0]
            let slow = try await NonReadingClient.connect(relay, uniqueId: "host")
            #expect(await eventually { relay.health.clients == 2 })

            // ~1 MB of chat: far more than the slow client's socket buffers and its queue of 64 hold.
            let text = String(repeating: "x", count: 2_000)
            var steps: [FakeScriptStep] = []
            for batch in 0..<50 {
                steps.append(.batch((1...8).map { Cast.chat(Int64(batch * 8 + $0), "\(batch * 8 + $0) \(text)") }))
                steps.append(.wait(milliseconds: 5))
            }
            #expect(edge.append(steps, toRoom: Cast.roomId))

            #expect(await normal.waitUntil { $0.chatTexts.count == 400 })
            #expect(normal.chatTexts.map { $0.prefix { $0 != " " } } == (1...400).map { Substring(String($0)) })
            #expect(await eventually { relay.health.clients == 1 }, "the slow client was dropped")
            #expect(await slow.waitUntilClosedByPeer(), "its connection was cut")
            #expect(!normal.isClosed)
            #expect(edge.handshakes.filter(\.accepted).count == 1)
            await slow.close()
        }
    }

    @Test func aSlowClientThatReadsAgainGetsTheMessagesInFlightThenClose4008() async throws {
        let configure: (inout RelayServer.Configuration) -> Void = {
            $0.clientQueueLimit = 64
            $0.clientSendBufferSize = 16_384
            // Long enough for the bytes in flight to be read on a busy machine; the test never waits it out.
            $0.slowClientCloseTimeout = .seconds(30)
        }
        try await withRelay(rooms: [Cast.room()], configure: configure) { edge, relay in
            let slow = try await NonReadingClient.connect(relay, uniqueId: "host")
            #expect(await eventually { relay.health.clients == 1 })
            let text = String(repeating: "x", count: 2_000)
            var steps: [FakeScriptStep] = []
            for batch in 0..<50 {
                steps.append(.batch((1...8).map { Cast.chat(Int64(batch * 8 + $0), "\(batch * 8 + $0) \(text)") }))
                steps.append(.wait(milliseconds: 5))
            }
            #expect(edge.append(steps, toRoom: Cast.roomId))
            #expect(
                await eventually(timeout: .seconds(30)) { relay.health.clients == 0 }, "the slow client was dropped")

            // It reads again: what was in flight, then the close frame, then the end of the connection.
            #expect(await slow.waitUntilClosedByPeer(timeout: .seconds(30)))
            let frames = slow.frames
            let texts = frames.filter { $0.opcode == 0x1 }
            #expect(!texts.isEmpty, "the messages in flight arrived first")
            #expect(texts.count < 400, "the dropped queue did not")
            let close = try #require(frames.last, "no frame at all")
            #expect(close.opcode == 0x8, "the last frame is the close")
            #expect(close.payload.count >= 2)
            #expect(close.payload.count >= 2 && Int(close.payload[0]) << 8 | Int(close.payload[1]) == 4008)
            #expect(
                String(decoding: close.payload.dropFirst(2), as: UTF8.self) == "too slow: more than 64 event(s) queued")
            await slow.close()
        }
    }

    @Test func anUpstreamDropIsInvisibleExceptAsEvents() async throws {
        try await withRelay(rooms: [Cast.room()]) { edge, relay in
            let clients = try await Self.connectClients(2, to: relay)
            let steps: [FakeScriptStep] = [
                .batch([Cast.chat(1, "one"), Cast.chat(2, "two")]), .batch([Cast.chat(3, "three")]),
                .dropConnection(replayLast: 2),
                .batch([Cast.chat(4, "four")]), .batch([Cast.streamEnd()]),
            ]
            #expect(edge.append(steps, toRoom: Cast.roomId))
            for client in clients {
                #expect(await client.waitForClose() == 1000)
                #expect(client.chatTexts == ["one", "two", "three", "four"], "nothing lost, nothing repeated")
                #expect(client.wireEvents.compactMap(\.msgId) == ["1", "2", "3", "4", "9000"])
                let names = client.events.map(\.name)
                #expect(names.filter { $0 == "connected" }.count == 2)
                #expect(names.contains("reconnecting"))
            }
            #expect(edge.handshakes.filter(\.accepted).count == 2, "one reconnect, shared by both clients")
        }
    }

    // MARK: - Failures upstream

    @Test(arguments: [("quiet", "offline"), ("nobody_here", "notFound")])
    func aCreatorThatCannotBeWatchedCostsOneErrorMessageAndAClose(uniqueId: String, kind: String) async throws {
        let quiet = Cast.room("quiet", roomId: Cast.roomId + 1, status: .offline)
        try await withRelay(rooms: [Cast.room(), quiet]) { edge, relay in
            let clients = [
                try await RelayTestClient.connect(relay, uniqueId: uniqueId),
                try await RelayTestClient.connect(relay, uniqueId: uniqueId),
            ]
            for client in clients {
                #expect(await client.waitForClose() == 4000)
                #expect(client.messages.count == 1)
                guard case .error(let error)? = client.events.first else {
                    Issue.record("expected one error message, got \(client.messages)")
                    continue
                }
                #expect(error.kind.rawValue == kind)
                #expect(error.message.contains("@\(uniqueId)"))
                let object = try #require(
                    try JSONSerialization.jsonObject(with: Data(client.messages[0].utf8)) as? [String: Any])
                #expect(Set(object.keys) == ["event", "data"])
                #expect(object["event"] as? String == "error")
            }
            #expect(edge.handshakes.isEmpty)
            #expect(await eventually { relay.health == RelayHealth(status: "ok", creators: 0, clients: 0) })
        }
    }

    // MARK: - Refusals

    /// Connects and expects one `error` message of `kind` and a close with `code`, and nothing else.
    static func expectRefusal(
        _ relay: RelayServer, uniqueId: String?, apiKey: String? = nil, kind: String, code: Int,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let client = try await RelayTestClient.connect(relay, uniqueId: uniqueId, apiKey: apiKey)
        #expect(await client.waitForClose() == code, sourceLocation: sourceLocation)
        #expect(client.messages.count == 1, "\(client.messages)", sourceLocation: sourceLocation)
        guard case .error(let error)? = client.events.first else {
            Issue.record("expected an error message, got \(client.messages)", sourceLocation: sourceLocation)
            return
        }
        #expect(error.kind.rawValue == kind, sourceLocation: sourceLocation)
    }

    @Test func aMissingOrWrongTokenIsRefused() async throws {
        try await withRelay(rooms: [Cast.room()], configure: { $0.token = "s3cret-token" }) { edge, relay in
            for key in [nil, "", "wrong", "s3cret-toke", "s3cret-token2", "S3CRET-TOKEN"] as [String?] {
                try await Self.expectRefusal(relay, uniqueId: "host", apiKey: key, kind: "unauthorized", code: 4401)
            }
            let (status, body) = try await httpGet(relay, "/?uniqueId=host&apiKey=nope")
            #expect(status == 401)
            #expect(body.contains(#""event":"error""#) && body.contains(#""kind":"unauthorized""#))
            #expect(edge.httpRequests.isEmpty, "refused before any upstream request")
            #expect(relay.health == RelayHealth(status: "ok", creators: 0, clients: 0))

            let byQuery = try await RelayTestClient.connect(relay, uniqueId: "host", apiKey: "s3cret-token")
            #expect(await byQuery.waitUntil { $0.events.contains { $0.name == "connected" } })
            let byHeader = try await RelayTestClient.connect(
                relay, uniqueId: "host", headers: ["Authorization": "Bearer s3cret-token"])
            #expect(await byHeader.waitUntil { $0.events.contains { $0.name == "connected" } })
            // The scheme's name is case-insensitive; the token is not.
            for scheme in ["bearer", "BEARER", "bEaReR"] {
                let client = try await RelayTestClient.connect(
                    relay, uniqueId: "host", headers: ["Authorization": "\(scheme) s3cret-token"])
                #expect(await client.waitUntil { $0.events.contains { $0.name == "connected" } }, "\(scheme)")
            }
            let wrongCase = try await RelayTestClient.connect(
                relay, uniqueId: "host", headers: ["Authorization": "bearer S3CRET-TOKEN"])
            #expect(await wrongCase.waitForClose() == 4401)
            #expect(
                try await httpGet(relay, "/?uniqueId=host", headers: [("Authorization", "Basic s3cret-token")]).status
                    == 401)
            #expect(
                try await httpGet(relay, "/?uniqueId=host", headers: [("Authorization", "Bearer s3cret-token")]).status
                    == 426)
        }
    }

    @Test(arguments: [nil, "", "a", "has space", "semi;colon", "way_too_long_for_a_tiktok_handle", "@"])
    func anInvalidUsernameIsRefusedBeforeAnyUpstreamRequest(uniqueId: String?) async throws {
        try await withRelay(rooms: [Cast.room()]) { edge, relay in
            try await Self.expectRefusal(relay, uniqueId: uniqueId, kind: "invalidUsername", code: 4400)
            let query = uniqueId.map { "?uniqueId=" + $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }
            #expect(try await httpGet(relay, "/" + (query ?? "")).status == 400)
            #expect(edge.httpRequests.isEmpty)
            #expect(edge.handshakes.isEmpty)
            #expect(relay.health == RelayHealth(status: "ok", creators: 0, clients: 0))
        }
    }

    @Test func limitsOnClientsAndCreatorsRefuseWithTryAgainLater() async throws {
        let rooms = [Cast.room(), Cast.room("other", roomId: Cast.roomId + 2)]
        let configure: (inout RelayServer.Configuration) -> Void = {
            $0.maxClients = 2
            $0.maxCreators = 1
        }
        try await withRelay(rooms: rooms, configure: configure) { edge, relay in
            let first = try await Self.connectClients(1, to: relay)[0]
            try await Self.expectRefusal(relay, uniqueId: "other", kind: "tooManyCreators", code: 1013)
            let second = try await Self.connectClients(1, to: relay)[0]
            try await Self.expectRefusal(relay, uniqueId: "host", kind: "tooManyClients", code: 1013)
            let (status, body) = try await httpGet(relay, "/?uniqueId=host")
            #expect(status == 503)
            #expect(body.contains("tooManyClients"))
            #expect(edge.httpRequests.allSatisfy { $0.query["uniqueId"] != "other" })
            #expect(relay.health == RelayHealth(status: "ok", creators: 1, clients: 2))
            await first.close()
            await second.close()
        }
    }

    @Test func healthAndPlainHTTP() async throws {
        try await withRelay(rooms: [Cast.room()]) { _, relay in
            #expect(try await health(relay) == RelayHealth(status: "ok", creators: 0, clients: 0))
            let clients = try await Self.connectClients(2, to: relay)
            let (status, body) = try await httpGet(relay, "/health")
            #expect(status == 200)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
            #expect(object["status"] as? String == "ok")
            #expect(object["creators"] as? Int == 1)
            #expect(object["clients"] as? Int == 2)
            // A valid request that is not a WebSocket upgrade.
            #expect(try await httpGet(relay, "/?uniqueId=host").status == 426)
            #expect(try await httpGet(relay, "/nothing-here").status == 404)
            for client in clients {
                await client.close()
            }
            #expect(await eventually { relay.health == RelayHealth(status: "ok", creators: 0, clients: 0) })
        }
    }

    @Test func shutdownClosesClientsWithGoingAway() async throws {
        try await withRelay(rooms: [Cast.room()]) { edge, relay in
            let client = try await Self.connectClients(1, to: relay)[0]
            await relay.shutdown()
            #expect(await client.waitForClose() == 1001)
            #expect(await edge.waitUntil(timeout: .seconds(30)) { edge.openConnections == 0 })
            #expect(relay.health.status == "shuttingDown")
        }
    }

    // MARK: - The envelope

    @Test func relayMessagesCarryTheNDJSONDataUnderEvent() async throws {
        let script: [FakeScriptStep] = [.batch(Cast.showcase), .batch([Cast.streamEnd()])]
        // Two edges playing the same room: one watched directly, one through the relay.
        let directEdge = try await FakeTikTokEdge.start(rooms: [Cast.room(script: script)])
        let live = TikTokLive("host", configuration: fastConfiguration(directEdge))
        var direct: [String] = []
        for try await event in live.events where event.isWireEvent {
            direct.append(EventJSONEncoder().line(for: event))
        }
        try await directEdge.shutdown()

        try await withRelay(rooms: [Cast.room(script: script)]) { _, relay in
            let client = try await RelayTestClient.connect(relay, uniqueId: "host")
            #expect(await client.waitForClose() == 1000)
            let relayed = client.messages.filter { message in
                (try? RelayEnvelope.decode(Array(message.utf8)))?.isWireEvent == true
            }
            #expect(relayed.count == 9)
            #expect(relayed == direct.map { #"{"event":"# + $0.dropFirst(#"{"type":"#.count) })
        }
    }

    @Test func theEnvelopeRoundTrips() throws {
        let events: [LiveEvent] = [
            .connected(ConnectedEvent(uniqueId: "host", roomId: "7301234567890123457")),
            .reconnecting(ReconnectingEvent(attempt: 2, delaySeconds: 0.5, reason: "dropped")),
            .error(ErrorEvent(kind: .offline, message: "@quiet is not live right now")),
        ]
        for event in events {
            let bytes = RelayEnvelope.encode(event)
            #expect(String(decoding: bytes, as: UTF8.self).hasPrefix(#"{"event":"\#(event.name)","data":{"#))
            #expect(try RelayEnvelope.decode(bytes) == event)
        }
        // Keys in another order, and NDJSON's own form.
        let reordered = #"{"data":{"kind":"offline","message":"m"},"event":"error"}"#
        #expect(try RelayEnvelope.decode(Array(reordered.utf8)) == .error(ErrorEvent(kind: .offline, message: "m")))
        let ndjson = #"{"type":"error","data":{"kind":"offline","message":"m"}}"#
        #expect(try RelayEnvelope.decode(Array(ndjson.utf8)) == .error(ErrorEvent(kind: .offline, message: "m")))
        #expect(throws: TikTokLiveError.self) { try RelayEnvelope.decode(Array("[1,2]".utf8)) }
        #expect(throws: TikTokLiveError.self) { try RelayEnvelope.decode(Array("not json".utf8)) }
    }
}

/// A client that completes the WebSocket handshake and then never reads a byte, with a tiny receive buffer: the
/// slowest client there is. Once told to read, it keeps every byte it gets, to look for the relay's close frame.
final class NonReadingClient: Sendable {
    let channel: any Channel
    private let received: ReceivedBytes

    private init(channel: any Channel, received: ReceivedBytes) {
        self.channel = channel
        self.received = received
    }

    static func connect(_ relay: RelayServer, uniqueId: String) async throws -> NonReadingClient {
        let received = ReceivedBytes()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(ChannelOptions.autoRead, value: false)
            .channelOption(ChannelOptions.socketOption(.so_rcvbuf), value: 4_096)
            .channelInitializer { channel in channel.pipeline.addHandler(received) }
            .connect(host: "127.0.0.1", port: relay.port).get()
        let request =
            "GET /?uniqueId=\(uniqueId) HTTP/1.1\r\nHost: 127.0.0.1:\(relay.port)\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        try await channel.writeAndFlush(ByteBuffer(string: request)).get()
        return NonReadingClient(channel: channel, received: received)
    }

    /// Reads (at last) until the relay's end of the connection is gone; `false` if it is still open after `timeout`.
    func waitUntilClosedByPeer(timeout: Duration = .seconds(30)) async -> Bool {
        try? await channel.setOption(ChannelOptions.autoRead, value: true).get()
        channel.read()
        return await eventually(timeout: timeout) { !self.channel.isActive }
    }

    /// The WebSocket frames received after the 101, as (opcode, payload); those after the first incomplete one left out.
    var frames: [(opcode: UInt8, payload: [UInt8])] {
        let bytes = received.bytes
        guard let headEnd = bytes.indices.dropLast(3).first(where: { Array(bytes[$0..<$0 + 4]) == [13, 10, 13, 10] })
        else { return [] }
        var frames: [(opcode: UInt8, payload: [UInt8])] = []
        var index = headEnd + 4
        while index + 2 <= bytes.count {
            let opcode = bytes[index] & 0x0f
            var length = Int(bytes[index + 1] & 0x7f)
            var start = index + 2
            if length == 126 {
                guard start + 2 <= bytes.count else { break }
                length = Int(bytes[start]) << 8 | Int(bytes[start + 1])
                start += 2
            } else if length == 127 {
                guard start + 8 <= bytes.count else { break }
                length = bytes[start..<start + 8].reduce(0) { $0 << 8 | Int($1) }
                start += 8
            }
            guard start + length <= bytes.count else { break }
            frames.append((opcode, Array(bytes[start..<start + length])))
            index = start + length
        }
        return frames
    }

    func close() async {
        try? await channel.close().get()
    }
}

/// Every byte a ``NonReadingClient`` reads.
final class ReceivedBytes: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    private let box = LockedBox<[UInt8]>([])

    var bytes: [UInt8] { box.withLock { $0 } }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = Self.unwrapInboundIn(data)
        box.withLock { $0.append(contentsOf: buffer.readableBytesView) }
    }
}
