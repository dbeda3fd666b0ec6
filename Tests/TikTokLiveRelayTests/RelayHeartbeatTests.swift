import Testing
import TikTokLiveRelay
import TikTokLiveTestSupport
import TikTokLiveTesting

/// The relay's pings to accepted clients (RelayHeartbeat.swift): a client that answers stays, one that says nothing
/// is cut.
@Suite struct RelayHeartbeatTests {
    @Test func aClientThatAnswersPingsStaysConnected() async throws {
        // Long enough for a pong to come back before the next ping on a busy machine.
        try await withRelay(rooms: [Cast.room()], configure: { $0.pingInterval = .seconds(1) }) { _, relay in
            let client = try await RelayTestClient.connect(relay, uniqueId: "host")
            // Three pings: the relay checked twice that something came back, and found the pongs.
            #expect(await client.waitUntil { $0.pings >= 3 || $0.isClosed })
            #expect(client.pings >= 3)
            #expect(!client.isClosed, "an answering client is kept")
            #expect(try await health(relay).clients == 1)
            await client.close()
        }
    }

    @Test func aClientThatSendsNothingIsCutAfterAPingGoesUnanswered() async throws {
        try await withRelay(rooms: [Cast.room()], configure: { $0.pingInterval = .milliseconds(100) }) { _, relay in
            let connection = try await RawConnection.open(relay)
            try await connection.send(
                "GET /?uniqueId=host HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            #expect(await connection.waitUntilClosed(), "a client that never answers is cut")
            #expect(connection.received.hasPrefix("HTTP/1.1 101"), "\(connection.received.prefix(200))")
            // An unmasked ping frame (FIN, opcode 9) with the relay's five-byte payload came before the cut.
            let ping: [UInt8] = [0x89, 0x05] + Array("relay".utf8)
            #expect(connection.receivedBytes.contains(ping), "the relay pinged first")
            #expect(await eventually { (try? await health(relay).clients) == 0 }, "and counted the client gone")
        }
    }
}
