import Foundation
import NIOHTTP1
import NIOWebSocket
import SwiftProtobuf
import Testing
import TikTokLiveEvents
import TikTokLiveProto
import TikTokLiveTesting
import WebSocketKit

/// The push WebSocket: handshake checks, heartbeats, scripted batches, acks and faults (docs/PROTOCOL.md#websocket).
@Suite struct PushSocketTests {
    @Test func sessionDeliversScriptedBatchesAfterEnterRoom() async throws {
        let room = Fixture.roomId
        let fan = Fixture.fan
        let script: [FakeScriptStep] = [
            .batch([
                Fixture.chat(1, "first!"),
                .gift(
                    msgId: 2, roomId: room, user: fan, giftId: 5655, name: "Rose", diamonds: 1, repeatCount: 3,
                    repeatEnd: true, groupId: 9_000_000_000_000_000_001, streakable: true),
            ]),
            .batch(
                [
                    .like(msgId: 3, roomId: room, user: fan, count: 15, total: 1500),
                    .join(msgId: 4, roomId: room, user: fan, viewerCount: 321),
                    .follow(msgId: 5, roomId: room, user: fan),
                    .share(msgId: 6, roomId: room, user: fan),
                    .viewers(msgId: 7, roomId: room, current: 300, total: 4000),
                    .control(msgId: 8, roomId: room, action: 3),
                ], needAck: false, compress: false),
        ]
        try await withEdge(rooms: [Fixture.room(script: script)]) { edge in
            let socket = try await TestSocket.connect(edge, ttwid: try await mintTtwid(edge))
            #expect(edge.handshakes.last?.accepted == true)
            #expect(edge.handshakes.last?.query["room_id"] == String(room))
            #expect(edge.handshakes.last?.path == "/webcast/im/ws_proxy/ws_reuse_supplement/")

            // Nothing is pushed before im_enter_room, but heartbeats are echoed.
            try await socket.send(FrameEncoder.heartbeat(roomID: UInt64(room)))
            let beforeEnter = await socket.waitForMessages(1)
            #expect(beforeEnter.count == 1)
            var decoder = FrameDecoder()
            #expect(try decoder.decode(beforeEnter[0]).payloadType == "hb")
            try await Task.sleep(for: .milliseconds(100))
            #expect(await socket.decodedBatches().isEmpty)

            try await socket.send(FrameEncoder.enterRoom(roomID: room))
            let batches = await socket.waitForBatches(2)
            try #require(batches.count == 2)

            let first = batches[0]
            #expect(first.isFirstBatch)
            #expect(!batches[1].isFirstBatch)
            #expect(first.messageIds == ["1", "2"])
            guard case .chat(let chat) = first.events[0] else { Issue.record("not a chat: \(first.events[0])"); return }
            #expect(chat.comment == "first!")
            #expect(chat.user?.uniqueId == "fan_one")
            #expect(chat.user?.userId == String(fan.id))
            #expect(chat.roomId == String(room))
            guard case .gift(let gift) = first.events[1] else { Issue.record("not a gift"); return }
            #expect(gift.giftId == 5655)
            #expect(gift.giftName == "Rose")
            #expect(gift.repeatCount == 3)
            #expect(gift.repeatEnd)
            #expect(gift.streakable)
            #expect(gift.groupId == "9000000000000000001")

            let names = batches[1].events.map(\.name)
            #expect(names == ["like", "join", "follow", "share", "roomUserSeq", "streamEnd"])
            if case .like(let like) = batches[1].events[0] {
                #expect(like.likeCount == 15)
                #expect(like.totalLikes == 1500)
            }
            if case .join(let join) = batches[1].events[1] { #expect(join.viewerCount == 321) }
            if case .roomUserSeq(let viewers) = batches[1].events[4] {
                #expect(viewers.viewerCount == 300)
                #expect(viewers.totalViewers == 4000)
            }
            #expect(batches[1].ack == nil)
            #expect(edge.sentMessageIds == [1, 2, 3, 4, 5, 6, 7, 8])

            // The ack of the first batch echoes its log id and internal_ext.
            let ack = try #require(first.ack)
            try await socket.send(FrameEncoder.ack(ack))
            #expect(await edge.waitForFrames(where: { $0.payloadType == "ack" }, count: 1, timeout: .seconds(30)))
            let recorded = try #require(edge.receivedFrames.first { $0.payloadType == "ack" })
            let sent = try #require(edge.sentBatches.first)
            #expect(recorded.logId == sent.logId)
            #expect(recorded.logId == first.logID)
            #expect(recorded.payload == sent.internalExt)
            #expect(!sent.internalExt.isEmpty)
            #expect(sent.logId > UInt64(1) << 53)
            #expect(edge.sentBatches.map(\.needAck) == [true, false])

            let types = edge.receivedFrames.map(\.payloadType)
            #expect(types == ["hb", "im_enter_room", "ack"])
            #expect(edge.receivedFrames[0].heartbeatRoomId == UInt64(room))
            #expect(edge.receivedFrames[1].enterRoomId == room)
            #expect(edge.receivedFrames.allSatisfy { $0.connection == edge.handshakes.last?.connection })
            #expect(edge.openConnections == 1)
            await socket.close()
            #expect(await edge.waitUntil(timeout: .seconds(30)) { edge.openConnections == 0 })
        }
    }

    @Test func deviceBlockedFaultRefusesWithHandshakeHeaders() async throws {
        var faults = FakeEdgeFaults()
        faults.deviceBlockedHandshakes = 1
        try await withEdge(faults: faults) { edge in
            let ttwid = try await mintTtwid(edge)
            let head = try await refusedHead { try await TestSocket.connect(edge, ttwid: ttwid) }
            #expect(head?.status == .ok)
            #expect(head?.headers["Handshake-Status"].first == "415")
            #expect(head?.headers["Handshake-Msg"].first == "DEVICE_BLOCKED")
            #expect(edge.handshakes.map(\.accepted) == [false])
            #expect(edge.handshakes.first?.refusal?.message == "DEVICE_BLOCKED")

            // The fault is spent: the same identity now gets in.
            let socket = try await TestSocket.connect(edge, ttwid: ttwid)
            #expect(edge.handshakes.map(\.accepted) == [false, true])
            #expect(edge.handshakes.last?.header("cookie") == "ttwid=\(ttwid)")
            await socket.close()
        }
    }

    @Test func identityAndRoomChecksRefuseHandshakes() async throws {
        try await withEdge { edge in
            let ttwid = try await mintTtwid(edge)
            let noCookie = try await refusedHead { try await TestSocket.connect(edge, ttwid: nil) }
            #expect(noCookie?.headers["Handshake-Msg"].first == "DEVICE_BLOCKED")
            let foreign = try await refusedHead { try await TestSocket.connect(edge, ttwid: "1%7Cforged%7C1%7Cabc") }
            #expect(foreign?.headers["Handshake-Msg"].first == "DEVICE_BLOCKED")
            let noAgent = try await refusedHead { try await TestSocket.connect(edge, ttwid: ttwid, userAgent: nil) }
            #expect(noAgent?.headers["Handshake-Status"].first == "415")
            let unknownRoom = try await refusedHead { try await TestSocket.connect(edge, roomId: 12345, ttwid: ttwid) }
            #expect(unknownRoom?.headers["Handshake-Status"].first == "404")
            #expect(unknownRoom?.headers["Handshake-Msg"].first == "ROOM_NOT_FOUND")
            #expect(edge.handshakes.map(\.connection) == [1, 2, 3, 4])
            #expect(edge.handshakes.allSatisfy { !$0.accepted })
            // The decoded form of the cookie (`1|…`) is the same ttwid.
            let decoded = ttwid.replacingOccurrences(of: "%7C", with: "|")
            let socket = try await TestSocket.connect(edge, ttwid: decoded)
            #expect(edge.handshakes.last?.accepted == true)
            await socket.close()
        }
    }

    @Test func dropConnectionReplaysRecentMessagesOnTheNextConnection() async throws {
        let script: [FakeScriptStep] = [
            .batch([Fixture.chat(1), Fixture.chat(2), Fixture.chat(3)]),
            .dropConnection(replayLast: 2),
            .batch([Fixture.chat(4)]),
        ]
        try await withEdge(rooms: [Fixture.room(script: script)]) { edge in
            let ttwid = try await mintTtwid(edge)
            let first = try await TestSocket.connect(edge, ttwid: ttwid)
            try await first.enterRoom()
            #expect(await first.waitForClose())
            // No close frame: an abnormal closure.
            #expect(first.socket.closeCode == nil || first.socket.closeCode == .unexpectedServerError)
            #expect(await first.decodedBatches().map(\.messageIds) == [["1", "2", "3"]])

            let second = try await TestSocket.connect(edge, ttwid: ttwid)
            try await second.enterRoom()
            let batches = await second.waitForBatches(2)
            #expect(batches.map(\.messageIds) == [["2", "3"], ["4"]])
            #expect(batches.first?.isFirstBatch == true)
            #expect(edge.sentMessageIds == [1, 2, 3, 2, 3, 4])
            #expect(Set(edge.receivedFrames.map(\.connection)).count == 2)
            await second.close()
        }
    }

    @Test(arguments: [true, false])
    func compressionFollowsTheStepAndTheSocketQuery(socketAsksForGzip: Bool) async throws {
        let script: [FakeScriptStep] = [.batch([Fixture.chat(1)]), .batch([Fixture.chat(2)], compress: false)]
        try await withEdge(rooms: [Fixture.room(script: script)]) { edge in
            let socket = try await TestSocket.connect(edge, ttwid: try await mintTtwid(edge), gzip: socketAsksForGzip)
            try await socket.enterRoom()
            #expect(await socket.waitForBatches(2).map(\.messageIds) == [["1"], ["2"]])
            let frames = try await socket.messages.map { try Webcast_PushFrame(serializedBytes: $0) }
                .filter { $0.payloadType == "msg" }
            let gzipped = frames.map { frame in
                frame.headers.contains { $0.key == "compress_type" && $0.value == "gzip" }
            }
            #expect(gzipped == [socketAsksForGzip, false])
            #expect(frames.map { $0.payload.prefix(2) == Data([0x1f, 0x8b]) } == [socketAsksForGzip, false])
            await socket.close()
        }
    }

    @Test func malformedFramesDoNotStopTheScript() async throws {
        let script: [FakeScriptStep] = [
            .garbage([0xde, 0xad, 0xbe, 0xef]),
            .badGzip,
            .batch([Fixture.chat(1, "still here")]),
        ]
        try await withEdge(rooms: [Fixture.room(script: script)]) { edge in
            let socket = try await TestSocket.connect(edge, ttwid: try await mintTtwid(edge))
            try await socket.enterRoom()
            // hb echo, enter-room response, garbage, bad gzip, batch.
            let messages = await socket.waitForMessages(5)
            try #require(messages.count == 5)
            #expect(messages.contains([0xde, 0xad, 0xbe, 0xef]))
            var decoder = FrameDecoder()
            let failures = messages.filter { (try? decoder.decode($0)) == nil }
            #expect(failures.count == 2)
            #expect(await socket.decodedBatches().map(\.messageIds) == [["1"]])
            #expect(edge.sentBatches.count == 1)
            await socket.close()
        }
    }

    @Test func clientGarbageIsRecordedAndTheEdgeCarriesOn() async throws {
        try await withEdge { edge in
            let socket = try await TestSocket.connect(edge, ttwid: try await mintTtwid(edge))
            try await socket.send([0xff, 0x00, 0x13, 0x37])
            try await socket.send(FrameEncoder.heartbeat(roomID: UInt64(Fixture.roomId)))
            #expect(await socket.waitForMessages(1).count == 1)
            let frames = edge.receivedFrames
            #expect(frames.map(\.payloadType) == ["", "hb"])
            #expect(frames.first?.payload == [0xff, 0x00, 0x13, 0x37])
            await socket.close()
        }
    }

    @Test func goSilentStopsEverythingUntilTheNextConnection() async throws {
        let script: [FakeScriptStep] = [.batch([Fixture.chat(1)]), .goSilent, .batch([Fixture.chat(2)])]
        try await withEdge(rooms: [Fixture.room(script: script)]) { edge in
            let ttwid = try await mintTtwid(edge)
            let quiet = try await TestSocket.connect(edge, ttwid: ttwid)
            try await quiet.enterRoom()
            #expect(await quiet.waitForBatches(1).map(\.messageIds) == [["1"]])
            // The script's player runs `goSilent` just after the batch is written; a heartbeat sent in that gap
            // is rightly echoed. Wait until the player has gone silent before testing the silence.
            #expect(await edge.waitUntil(timeout: .seconds(30)) { edge.silencedConnections == 1 })
            let before = await quiet.messages.count
            try await quiet.send(FrameEncoder.heartbeat(roomID: UInt64(Fixture.roomId)))
            #expect(await edge.waitForFrames(where: { $0.payloadType == "hb" }, count: 2, timeout: .seconds(30)))
            try await Task.sleep(for: .milliseconds(100))
            #expect(await quiet.messages.count == before)
            #expect(!(await quiet.isClosed))
            #expect(edge.openConnections == 1)

            let next = try await TestSocket.connect(edge, ttwid: ttwid)
            try await next.enterRoom()
            #expect(await next.waitForBatches(1).map(\.messageIds) == [["2"]])
            await quiet.close()
            await next.close()
        }
    }

    @Test func closeStepSendsTheCloseCode() async throws {
        let script: [FakeScriptStep] = [.wait(milliseconds: 10), .close(code: 4001)]
        try await withEdge(rooms: [Fixture.room(script: script)]) { edge in
            let socket = try await TestSocket.connect(edge, ttwid: try await mintTtwid(edge))
            try await socket.enterRoom()
            #expect(await socket.waitForClose())
            #expect(socket.socket.closeCode == .unknown(4001))
            #expect(await edge.waitUntil(timeout: .seconds(30)) { edge.openConnections == 0 })
        }
    }

    @Test func loopingScriptStartsOverWithFreshIds() async throws {
        let gift = FakeMessage.gift(
            msgId: 2, roomId: Fixture.roomId, user: Fixture.fan, giftId: 5655, name: "Rose", diamonds: 1,
            repeatCount: 1, repeatEnd: true, groupId: 0, streakable: false)
        let script: [FakeScriptStep] = [.batch([Fixture.chat(1, "again"), gift]), .wait(milliseconds: 5)]
        try await withEdge(rooms: [Fixture.room(script: script, loop: true)]) { edge in
            let socket = try await TestSocket.connect(edge, ttwid: try await mintTtwid(edge))
            try await socket.enterRoom()
            let batches = await socket.waitForBatches(3)
            try #require(batches.count >= 3)
            // Later passes shift ids by 10^12 so that de-duplicating clients keep showing them.
            #expect(
                batches.prefix(3).map(\.messageIds) == [
                    ["1", "2"], ["1000000000001", "1000000000002"], ["2000000000001", "2000000000002"],
                ])
            #expect(Array(edge.sentMessageIds.prefix(4)) == [1, 2, 1_000_000_000_001, 1_000_000_000_002])
            for batch in batches.prefix(3) {
                guard case .chat(let chat) = batch.events[0], case .gift(let sent) = batch.events[1] else {
                    Issue.record("unexpected events \(batch.events.map(\.name))")
                    continue
                }
                #expect(chat.comment == "again")
                #expect(chat.user?.nickname == "Fan One")
                #expect(sent.giftName == "Rose")
                #expect(!sent.streakable)
            }
            let logIds = edge.sentBatches.map(\.logId)
            #expect(logIds == logIds.sorted() && Set(logIds).count == logIds.count)
            await socket.close()
        }
    }

    @Test func appendedStepsReachAnIdleSocket() async throws {
        try await withEdge(rooms: [Fixture.room(script: [.batch([Fixture.chat(1)])])]) { edge in
            let socket = try await TestSocket.connect(edge, ttwid: try await mintTtwid(edge))
            try await socket.enterRoom()
            #expect(await socket.waitForBatches(1).count == 1)
            #expect(edge.append([.batch([Fixture.chat(2)])], toRoom: Fixture.roomId))
            #expect(!edge.append([.goSilent], toRoom: 1))
            #expect(await socket.waitForBatches(2).map(\.messageIds) == [["1"], ["2"]])
            await socket.close()
        }
    }

    @Test func enterRoomForAnotherRoomPlaysNothing() async throws {
        try await withEdge(rooms: [Fixture.room(script: [.batch([Fixture.chat(1)])])]) { edge in
            let socket = try await TestSocket.connect(edge, ttwid: try await mintTtwid(edge))
            try await socket.enterRoom(42)
            #expect(await edge.waitForFrames(where: { $0.enterRoomId == 42 }, count: 1, timeout: .seconds(30)))
            try await Task.sleep(for: .milliseconds(100))
            #expect(await socket.decodedBatches().isEmpty)
            #expect(edge.sentMessageIds.isEmpty)
            await socket.close()
        }
    }

    @Test func shutdownClosesOpenSockets() async throws {
        let edge = try await FakeTikTokEdge.start(rooms: [Fixture.room(script: [.wait(milliseconds: 60_000)])])
        let socket: TestSocket
        do {
            socket = try await TestSocket.connect(edge, ttwid: try await mintTtwid(edge))
            try await socket.enterRoom()
            #expect(
                await edge.waitForFrames(where: { $0.payloadType == "im_enter_room" }, count: 1, timeout: .seconds(30)))
        } catch {
            try await edge.shutdown()
            throw error
        }
        let started = ContinuousClock.now
        try await edge.shutdown()
        // The player sleeping in `wait` is cancelled rather than waited for.
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(await socket.waitForClose())
        try await edge.shutdown()
    }

    /// Runs a connect that must be refused and returns the non-101 response head.
    private func refusedHead(_ connect: () async throws -> TestSocket) async throws -> HTTPResponseHead? {
        do {
            let socket = try await connect()
            await socket.close()
            Issue.record("handshake was accepted")
            return nil
        } catch {
            let head = refusal(of: error)
            #expect(head != nil, "unexpected error: \(error)")
            return head
        }
    }
}
