import Foundation
import NIOCore
import NIOPosix
import Testing
import TikTokLiveEvents
import TikTokLiveRelay
import TikTokLiveTestSupport
import TikTokLiveTesting

/// Connections that never become WebSockets: half-sent requests, garbage, idlers, one address holding many.
@Suite struct RelayConnectionLimitTests {
    @Test func aHalfSentRequestAndASilentConnectionAreClosedByTheirTimeouts() async throws {
        let configure: (inout RelayServer.Configuration) -> Void = {
            $0.requestTimeout = .milliseconds(300)
            $0.idleTimeout = .milliseconds(300)
        }
        try await withRelay(rooms: [Cast.room()], configure: configure) { _, relay in
            let halfSent = try await RawConnection.open(relay)
            // On a machine slow enough for a timeout to run out between these lines, the relay has already cut the
            // connection and a send fails: the outcome checked below is the same.
            try? await halfSent.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            // Still dribbling bytes in: the request's deadline runs from its first byte all the same.
            try? await halfSent.send("a")
            let silent = try await RawConnection.open(relay)
            #expect(await halfSent.waitUntilClosed(), "the half-sent request is cut")
            #expect(await silent.waitUntilClosed(), "the silent connection is cut")
            #expect(halfSent.received.isEmpty && silent.received.isEmpty, "no answer for a request never finished")
        }
    }

    @Test func aConnectionBetweenRequestsIsClosedWhenIdleAfterItsAnswer() async throws {
        // Long enough that the request always goes out before the connection counts as idle, even on a busy machine.
        try await withRelay(rooms: [Cast.room()], configure: { $0.idleTimeout = .seconds(3) }) { _, relay in
            let connection = try await RawConnection.open(relay)
            try await connection.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(await connection.waitUntilClosed())
            #expect(connection.received.hasPrefix("HTTP/1.1 200"), "\(connection.received)")
        }
    }

    @Test(arguments: [
        "NOT HTTP AT ALL\r\n\r\n",
        "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 100_000) + "\r\n\r\n",
    ])
    func garbageGetsA400AndAClose(request: String) async throws {
        try await withRelay(rooms: [Cast.room()]) { edge, relay in
            let connection = try await RawConnection.open(relay)
            try await connection.send(request)
            #expect(await connection.waitUntilClosed())
            #expect(connection.received.hasPrefix("HTTP/1.1 400"), "\(connection.received.prefix(200))")
            #expect(edge.httpRequests.isEmpty)
            #expect(try await httpGet(relay, "/health").status == 200, "the relay carries on")
        }
    }

    @Test func healthAnswersWhileManyIdleConnectionsAreHeld() async throws {
        let configure: (inout RelayServer.Configuration) -> Void = {
            $0.idleTimeout = .seconds(120)
            $0.requestTimeout = .seconds(120)
            $0.maxConnectionsPerAddress = 1_000
        }
        try await withRelay(rooms: [Cast.room()], configure: configure) { _, relay in
            var idle: [RawConnection] = []
            for index in 0..<200 {
                let connection = try await RawConnection.open(relay)
                if index % 2 == 0 { try await connection.send("GET /health HTTP/1.1\r\nHost: x\r\n") }
                idle.append(connection)
            }
            #expect(try await health(relay) == RelayHealth(status: "ok", creators: 0, clients: 0))
            let client = try await RelayTestClient.connect(relay, uniqueId: "host")
            #expect(await client.waitUntil { $0.events.contains { $0.name == "connected" } })
            for connection in idle {
                await connection.close()
            }
        }
    }

    @Test func oneAddressGetsAtMostItsShareOfConnections() async throws {
        let configure: (inout RelayServer.Configuration) -> Void = {
            $0.maxConnectionsPerAddress = 3
            $0.idleTimeout = .seconds(120)
        }
        try await withRelay(rooms: [Cast.room()], configure: configure) { _, relay in
            let client = try await RelayTestClient.connect(relay, uniqueId: "host")
            #expect(await client.waitUntil { $0.events.contains { $0.name == "connected" } })
            // Each held connection is answered once (and kept alive) before the next opens: the relay counts a
            // connection when it sets it up, and on a busy machine it may set up a later connection before an
            // earlier one, which would make the wrong one the refused one.
            var held: [RawConnection] = []
            for _ in 0..<2 {
                let connection = try await RawConnection.open(relay)
                try await connection.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(await eventually { connection.received.hasPrefix("HTTP/1.1 200") }, "\(connection.received)")
                held.append(connection)
            }
            let refused = try await RawConnection.open(relay)
            #expect(await refused.waitUntilClosed())
            #expect(refused.received.hasPrefix("HTTP/1.1 503"), "\(refused.received)")
            #expect(refused.received.contains("too many connections from one address"))
            await held[0].close()
            // Its place is given back once the relay has seen the close.
            var answered = false
            let deadline = ContinuousClock.now + .seconds(20)
            while !answered && ContinuousClock.now < deadline {
                let probe = try await RawConnection.open(relay)
                // While the place is still taken, the relay answers 503 and closes, maybe before the request is out:
                // that probe failed, and the next one tries again.
                try? await probe.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                _ = await probe.waitUntilClosed()
                answered = probe.received.hasPrefix("HTTP/1.1 200")
            }
            #expect(answered)
            await held[1].close()
            await client.close()
        }
    }
}

/// A TCP connection to the relay that sends what it is told and keeps every byte it gets.
final class RawConnection: Sendable {
    private let channel: any Channel
    private let bytes: LockedBox<[UInt8]>

    private init(channel: any Channel, bytes: LockedBox<[UInt8]>) {
        self.channel = channel
        self.bytes = bytes
    }

    static func open(_ relay: RelayServer) async throws -> RawConnection {
        let bytes = LockedBox<[UInt8]>([])
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Collector(bytes: bytes))
                }
            }
            .connect(host: "127.0.0.1", port: relay.port).get()
        return RawConnection(channel: channel, bytes: bytes)
    }

    func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text)).get()
    }

    /// What the relay sent so far, as text.
    var received: String { String(decoding: receivedBytes, as: UTF8.self) }

    /// What the relay sent so far.
    var receivedBytes: [UInt8] { bytes.withLock { $0 } }

    /// `true` once the relay closed the connection; `false` if it is still open after `timeout`.
    func waitUntilClosed(timeout: Duration = .seconds(30)) async -> Bool {
        await eventually(timeout: timeout) { !self.channel.isActive }
    }

    func close() async {
        try? await channel.close().get()
    }

    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let bytes: LockedBox<[UInt8]>
        init(bytes: LockedBox<[UInt8]>) { self.bytes = bytes }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            bytes.withLock { $0 += buffer.readableBytesView }
        }
    }
}
