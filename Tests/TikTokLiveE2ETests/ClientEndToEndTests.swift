import Foundation
import Testing
import TikTokLiveEvents
import TikTokLiveTestSupport
import TikTokLiveTesting

/// The real client against the fake edge, over loopback: HTTP lookups, ttwid, the push socket and its faults.
@Suite struct ClientEndToEndTests {
    // MARK: - A normal session

    @Test func showcaseEventsArriveWithTheirFieldsAndRunReturnsAfterStreamEnd() async throws {
        let room = Cast.room(script: [.batch(Cast.showcase), .batch([Cast.streamEnd()])])
        try await withEdge(rooms: [room]) { edge in
            let live = TikTokLive("@host", configuration: fastConfiguration(edge))
            let recorder = Recorder(
                live, names: ["event", "social", "member", "viewer", "connected", "roomInfo", "disconnected"])
            let chats = LockedBox<[ChatEvent]>([])
            let gifts = LockedBox<[GiftEvent]>([])
            live.on(.chat) { chat in chats.withLock { $0.append(chat) } }
            live.on(.gift) { gift in gifts.withLock { $0.append(gift) } }

            try await runToEnd(live)

            // The catch-all fires once per wire message, under the specific names, in wire order.
            #expect(
                recorder.wire.map(\.name) == [
                    "chat", "gift", "gift", "like", "join", "follow", "share", "roomUserSeq", "streamEnd",
                ])
            #expect(recorder.wireIds == ["101", "102", "103", "104", "105", "106", "107", "108", "9000"])
            #expect(recorder.wire.allSatisfy { $0.wireBase?.roomId == String(Cast.roomId) })
            // Generic names see the specific events.
            #expect(recorder.events("social").map(\.name) == ["follow", "share"])
            #expect(recorder.events("member").map(\.name) == ["join"])
            #expect(recorder.events("viewer").map(\.name) == ["roomUserSeq"])

            let chat = try #require(chats.withLock { $0 }.first)
            #expect(chat.comment == "hello there")
            #expect(chat.user?.uniqueId == "ann")
            #expect(chat.user?.nickname == "Ann")
            #expect(chat.user?.userId == "6800000000000000001")
            #expect(chat.msgId == "101")

            let streak = gifts.withLock { $0 }
            #expect(streak.map(\.repeatCount) == [3, 5])
            #expect(streak.map(\.repeatEnd) == [false, true])
            let final = try #require(streak.last)
            #expect(final.giftId == 5655)
            #expect(final.giftName == "Rose")
            #expect(final.diamondCount == 1)
            #expect(final.streakable)
            #expect(final.groupId == "9100000000000000001")
            #expect(final.user?.uniqueId == "bob.b")

            guard case .like(let like) = recorder.wire[3], case .join(let join) = recorder.wire[4],
                case .follow(let follow) = recorder.wire[5], case .share(let share) = recorder.wire[6],
                case .roomUserSeq(let viewers) = recorder.wire[7], case .streamEnd(let end) = recorder.wire[8]
            else {
                Issue.record("unexpected events: \(recorder.wire.map(\.name))")
                return
            }
            #expect(like.likeCount == 15)
            #expect(like.totalLikes == 1_200)
            #expect(like.user?.uniqueId == "cat_3")
            #expect(join.viewerCount == 321)
            #expect(join.user?.uniqueId == "dan")
            #expect(follow.action == "follow")
            #expect(follow.user?.uniqueId == "ann")
            #expect(share.action == "share")
            #expect(viewers.viewerCount == 320)
            #expect(viewers.totalViewers == 4_567)
            #expect(end.action == 3)

            // Lifecycle: connected and roomInfo once, disconnected at the end.
            guard case .connected(let connected)? = recorder.events("connected").first,
                case .roomInfo(let info)? = recorder.events("roomInfo").first
            else {
                Issue.record("no connected/roomInfo event")
                return
            }
            #expect(connected.uniqueId == "host")
            #expect(connected.roomId == String(Cast.roomId))
            #expect(info.wsHost == "127.0.0.1:\(edge.port)")
            #expect(info.roomId == String(Cast.roomId))
            #expect(recorder.events("disconnected").count == 1)
            #expect(!live.isConnected)
            #expect(await edge.waitUntil(timeout: .seconds(30)) { edge.openConnections == 0 })
        }
    }

    @Test func handshakeAndFramesCarryTheRightIdsAndEveryBatchIsAcked() async throws {
        let room = Cast.room(script: [
            .batch([Cast.chat(1, "one")]), .batch([Cast.chat(2, "two")], needAck: false, compress: false),
            .wait(milliseconds: 350), .batch([Cast.chat(3, "three")]), .batch([Cast.streamEnd()]),
        ])
        try await withEdge(rooms: [room]) { edge in
            let live = TikTokLive("host", configuration: fastConfiguration(edge))
            let recorder = Recorder(live)
            try await runToEnd(live)
            #expect(recorder.chatTexts == ["one", "two", "three"])

            // The lookup: api-live with the documented query, then the anonymous ttwid page.
            let requests = edge.httpRequests
            #expect(requests.map(\.path) == ["/api-live/user/room/", "/@host"])
            let lookup = try #require(requests.first)
            #expect(lookup.query["uniqueId"] == "host")
            #expect(lookup.query["aid"] == "1988")
            #expect(lookup.query["sourceType"] == "54")
            #expect(lookup.query["staleTime"] == "600000")
            #expect(lookup.query["user_is_login"] == "false")
            #expect(requests[1].header("Cookie") == nil)

            // One accepted handshake, to the path with its trailing slash, with the browser's headers.
            let handshake = try #require(edge.handshakes.first)
            #expect(edge.handshakes.count == 1)
            #expect(handshake.accepted)
            #expect(handshake.path == "/webcast/im/ws_proxy/ws_reuse_supplement/")
            #expect(handshake.query["room_id"] == String(Cast.roomId))
            #expect(handshake.query["heartbeat_duration"] == "100")
            #expect(handshake.query["compress"] == "gzip")
            #expect(handshake.query["identity"] == "audience")
            #expect(handshake.header("Origin") == "https://www.tiktok.com")
            #expect(handshake.header("Referer") == "https://www.tiktok.com/")
            #expect(handshake.header("User-Agent") == TikTokLive.Configuration.defaultUserAgent)
            #expect(handshake.header("Accept-Language") == "en-US,en;q=0.9")
            let cookie = try #require(handshake.header("Cookie"))
            #expect(cookie.hasPrefix("ttwid="))
            #expect(edge.mintedTtwids.contains(String(cookie.dropFirst("ttwid=".count)).removingPercentEncoding!))

            // First a heartbeat, then im_enter_room, both naming the room; more heartbeats follow.
            let frames = edge.receivedFrames.filter { $0.connection == handshake.connection }
            #expect(frames.prefix(2).map(\.payloadType) == ["hb", "im_enter_room"])
            #expect(frames[0].heartbeatRoomId == UInt64(Cast.roomId))
            #expect(frames[1].enterRoomId == Cast.roomId)
            let beats = frames.filter { $0.payloadType == "hb" }
            #expect(beats.count >= 3, "heartbeats every 100 ms during a 350 ms wait")
            #expect(beats.allSatisfy { $0.heartbeatRoomId == UInt64(Cast.roomId) })

            // Every batch that asked for an ack got exactly one, with its log id and internal_ext.
            let acks = frames.filter { $0.payloadType == "ack" }
            let wanted = edge.sentBatches.filter(\.needAck)
            #expect(wanted.count == 3)
            #expect(acks.count == wanted.count)
            for batch in wanted {
                let matching = acks.filter { $0.logId == batch.logId }
                #expect(matching.count == 1)
                #expect(matching.first?.payload == batch.internalExt)
            }
        }
    }

    @Test func eventsSequenceStartsTheClientAndEndsWithTheStream() async throws {
        let room = Cast.room(script: [.batch([Cast.chat(1, "a"), Cast.chat(2, "b")]), .batch([Cast.streamEnd()])])
        try await withEdge(rooms: [room]) { edge in
            let live = TikTokLive("host", configuration: fastConfiguration(edge))
            var names: [String] = []
            for try await event in live.events {
                names.append(event.name)
            }
            #expect(names == ["connected", "roomInfo", "chat", "chat", "streamEnd", "disconnected"])
        }
    }

    @Test func leavingTheEventsLoopStopsTheClientItStarted() async throws {
        let room = Cast.room(script: [.batch([Cast.chat(1, "a")])])  // then idle, socket open
        try await withEdge(rooms: [room]) { edge in
            let live = TikTokLive("host", configuration: fastConfiguration(edge))
            for try await event in live.events where event.name == "chat" {
                break
            }
            #expect(await edge.waitUntil(timeout: .seconds(30)) { edge.openConnections == 0 })
            #expect(await eventually { !live.isConnected })
        }
    }

    @Test func stopEndsRunAndClosesTheSocket() async throws {
        let room = Cast.room(script: [])  // connected and idle
        try await withEdge(rooms: [room]) { edge in
            let live = TikTokLive("host", configuration: fastConfiguration(edge))
            let recorder = Recorder(live)
            async let run: Void = live.run()
            #expect(await eventually { live.isConnected })
            live.stop()
            try await run
            #expect(recorder.disconnects.map(\.reason) == ["stopped"])
            #expect(!live.isConnected)
            #expect(await edge.waitUntil(timeout: .seconds(30)) { edge.openConnections == 0 })
        }
    }

    // MARK: - Reliability

    @Test func droppedSocketWithReplayLosesNothingAndRepeatsNothing() async throws {
        let room = Cast.room(script: [
            .batch([Cast.chat(1, "one"), Cast.chat(2, "two")]), .batch([Cast.chat(3, "three")]),
            .dropConnection(replayLast: 2),
            .batch([Cast.chat(4, "four")]), .batch([Cast.streamEnd()]),
        ])
        try await withEdge(rooms: [room]) { edge in
            let live = TikTokLive("host", configuration: fastConfiguration(edge))
            let recorder = Recorder(live)
            try await runToEnd(live)
            #expect(recorder.chatTexts == ["one", "two", "three", "four"])
            #expect(recorder.wireIds == ["1", "2", "3", "4", "9000"])
            // The edge really did send 2 and 3 twice.
            #expect(edge.sentMessageIds == [1, 2, 3, 2, 3, 4, 9000])
            #expect(edge.handshakes.filter(\.accepted).count == 2)
            #expect(recorder.reconnects.map(\.attempt) == [1])
            #expect(recorder.disconnects.count == 2)
            // The second socket entered the room again, with the same ttwid (a drop is not a refusal).
            let second = try #require(edge.handshakes.last)
            let frames = edge.receivedFrames.filter { $0.connection == second.connection }
            #expect(frames.prefix(2).map(\.payloadType) == ["hb", "im_enter_room"])
            #expect(edge.handshakes.first?.header("Cookie") == second.header("Cookie"))
        }
    }

    @Test func deviceBlockedHandshakeMintsANewTtwidAndRetries() async throws {
        let room = Cast.room(script: [.batch([Cast.chat(1, "after the block")]), .batch([Cast.streamEnd()])])
        var faults = FakeEdgeFaults()
        faults.deviceBlockedHandshakes = 1
        try await withEdge(rooms: [room], faults: faults) { edge in
            let live = TikTokLive("host", configuration: fastConfiguration(edge))
            let recorder = Recorder(live)
            try await runToEnd(live)
            #expect(recorder.chatTexts == ["after the block"])
            let handshakes = edge.handshakes
            #expect(handshakes.map(\.accepted) == [false, true])
            #expect(handshakes[0].header("Cookie") != handshakes[1].header("Cookie"), "a fresh ttwid after a refusal")
            #expect(edge.httpRequests.filter { $0.path == "/@host" }.count == 2)
            let error = try #require(recorder.errors.first)
            #expect(error.kind == .deviceBlocked)
            #expect(error.message.contains("Handshake-Status: 415"))
            #expect(error.message.contains("Handshake-Msg: DEVICE_BLOCKED"))
            #expect(recorder.reconnects.map(\.attempt) == [1])
        }
    }

    @Test func persistentDeviceBlockEndsWithDeviceBlocked() async throws {
        var faults = FakeEdgeFaults()
        faults.deviceBlockedHandshakes = 100
        try await withEdge(rooms: [Cast.room(script: [])], faults: faults) { edge in
            let live = TikTokLive("host", configuration: fastConfiguration(edge) { $0.maxReconnectAttempts = 2 })
            let error = try #require(try await runError(live))
            #expect(error.kind == .deviceBlocked)
            #expect(error.message.hasPrefix("gave up after 3 DEVICE_BLOCKED refusal(s) in a row"))
            #expect(error.message.contains("Handshake-Msg: DEVICE_BLOCKED"))
            #expect(edge.handshakes.count == 3, "the first attempt and two reconnects")
            #expect(Set(edge.handshakes.compactMap { $0.header("Cookie") }).count == 3, "a fresh ttwid each time")
        }
    }

    @Test func garbageAndBadGzipCostOneFrameEach() async throws {
        let room = Cast.room(script: [
            .batch([Cast.chat(1, "before")]), .garbage([0xde, 0xad, 0xbe, 0xef, 0x00, 0xff]), .badGzip,
            .batch([Cast.chat(2, "after")]), .batch([Cast.streamEnd()]),
        ])
        try await withEdge(rooms: [room]) { edge in
            let live = TikTokLive("host", configuration: fastConfiguration(edge))
            let recorder = Recorder(live)
            try await runToEnd(live)
            #expect(recorder.chatTexts == ["before", "after"])
            #expect(recorder.errors.map(\.kind) == [.decode, .decode])
            #expect(recorder.errors.last?.message.contains("gzip") == true)
            #expect(edge.handshakes.count == 1, "the session survived")
            #expect(recorder.reconnects.isEmpty)
        }
    }

    @Test func silentSocketIsReplacedAfterTheStaleTimeout() async throws {
        let room = Cast.room(script: [
            .batch([Cast.chat(1, "before")]), .goSilent, .batch([Cast.chat(2, "after")]), .batch([Cast.streamEnd()]),
        ])
        try await withEdge(rooms: [room]) { edge in
            // Long enough that the second socket's batch always comes in time on a busy machine: only the silent
            // socket goes stale.
            let live = TikTokLive(
                "host", configuration: fastConfiguration(edge) { $0.staleTimeout = .seconds(2) })
            let recorder = Recorder(live)
            let started = ContinuousClock.now
            try await runToEnd(live)
            #expect(recorder.chatTexts == ["before", "after"])
            #expect(ContinuousClock.now - started >= .seconds(2))
            #expect(edge.handshakes.filter(\.accepted).count == 2)
            let stale = try #require(recorder.disconnects.first)
            #expect(stale.reason?.contains("nothing received") == true)
            #expect(recorder.reconnects.count == 1)
        }
    }

    @Test func reconnectBudgetIsSpentOnSocketsThatNeverDeliver() async throws {
        let room = Cast.room(script: [.goSilent, .goSilent, .goSilent, .goSilent, .goSilent])
        try await withEdge(rooms: [room]) { edge in
            let live = TikTokLive(
                "host",
                configuration: fastConfiguration(edge) {
                    $0.maxReconnectAttempts = 2
                    $0.staleTimeout = .milliseconds(150)
                })
            let recorder = Recorder(live)
            let error = try #require(try await runError(live))
            #expect(error.kind == .reconnectBudgetSpent)
            #expect(error.message.contains("nothing received"))
            #expect(recorder.reconnects.map(\.attempt) == [1, 2])
            #expect(edge.handshakes.count == 3)
        }
    }

    @Test func healthySessionsResetTheReconnectCount() async throws {
        // Each connection delivers a batch and then drops: with a budget of 1, only the reset lets this finish.
        let room = Cast.room(script: [
            .batch([Cast.chat(1, "a")]), .dropConnection(), .batch([Cast.chat(2, "b")]), .dropConnection(),
            .batch([Cast.chat(3, "c")]), .dropConnection(), .batch([Cast.streamEnd()]),
        ])
        try await withEdge(rooms: [room]) { edge in
            let live = TikTokLive("host", configuration: fastConfiguration(edge) { $0.maxReconnectAttempts = 1 })
            let recorder = Recorder(live)
            try await runToEnd(live)
            #expect(recorder.chatTexts == ["a", "b", "c"])
            #expect(recorder.reconnects.map(\.attempt) == [1, 1, 1])
        }
    }

    @Test func withoutAutoReconnectADropEndsTheRun() async throws {
        let room = Cast.room(script: [.batch([Cast.chat(1, "a")]), .dropConnection(), .batch([Cast.chat(2, "b")])])
        try await withEdge(rooms: [room]) { edge in
            let live = TikTokLive("host", configuration: fastConfiguration(edge) { $0.autoReconnect = false })
            let error = try #require(try await runError(live))
            #expect(error.kind == .network)
            #expect(edge.handshakes.count == 1)
        }
    }

    @Test func serverCloseFrameLeadsToAReconnect() async throws {
        let room = Cast.room(script: [
            .batch([Cast.chat(1, "a")]), .close(code: 4001), .batch([Cast.chat(2, "b")]), .batch([Cast.streamEnd()]),
        ])
        try await withEdge(rooms: [room]) { edge in
            let live = TikTokLive("host", configuration: fastConfiguration(edge))
            let recorder = Recorder(live)
            try await runToEnd(live)
            #expect(recorder.chatTexts == ["a", "b"])
            #expect(recorder.disconnects.first?.code == 4001)
        }
    }

    @Test func withheldTtwidIsRetriedInRounds() async throws {
        var faults = FakeEdgeFaults()
        faults.ttwidWithheld = 3
        let room = Cast.room(script: [.batch([Cast.chat(1, "a")]), .batch([Cast.streamEnd()])])
        try await withEdge(rooms: [room], faults: faults) { edge in
            let live = TikTokLive("host", configuration: fastConfiguration(edge))
            let recorder = Recorder(live)
            try await runToEnd(live)
            #expect(recorder.chatTexts == ["a"])
            // Round 1: /@host, /@tiktok (both withheld); round 2: /@host withheld, /@tiktok mints.
            #expect(edge.httpRequests.dropFirst().map(\.path) == ["/@host", "/@tiktok", "/@host", "/@tiktok"])
        }
    }

    // MARK: - Room lookup

    @Test func offlineAndUnknownUsersAreRefusedWithTheirKinds() async throws {
        try await withEdge(rooms: [Cast.quiet]) { edge in
            let offline = try #require(try await runError(TikTokLive("quiet", configuration: fastConfiguration(edge))))
            #expect(offline.kind == .offline)
            #expect(offline.message == "@quiet is not live right now")
            let unknown = try #require(try await runError(TikTokLive("nobody", configuration: fastConfiguration(edge))))
            #expect(unknown.kind == .notFound)
            #expect(unknown.message == "TikTok has no user @nobody")
            #expect(edge.handshakes.isEmpty)
            #expect(edge.httpRequests.allSatisfy { $0.path == "/api-live/user/room/" })
        }
    }

    @Test func apiLive503IsRetried() async throws {
        var faults = FakeEdgeFaults()
        faults.apiLiveErrors = [503, 503]
        let room = Cast.room(script: [.batch([Cast.chat(1, "a")]), .batch([Cast.streamEnd()])])
        try await withEdge(rooms: [room], faults: faults) { edge in
            let live = TikTokLive("host", configuration: fastConfiguration(edge))
            let recorder = Recorder(live)
            try await runToEnd(live)
            #expect(recorder.chatTexts == ["a"])
            let lookups = edge.httpRequests.filter { $0.path.hasPrefix("/api-live") }
            #expect(lookups.map(\.status) == [503, 503, 200])
        }
    }

    @Test func persistentRateLimitFallsBackToTheLivePage() async throws {
        var faults = FakeEdgeFaults()
        faults.apiLiveErrors = Array(repeating: 429, count: 10)
        let room = Cast.room(script: [.batch([Cast.streamEnd()])])
        try await withEdge(rooms: [room], faults: faults) { edge in
            let live = TikTokLive("host", configuration: fastConfiguration(edge) { $0.httpRetries = 2 })
            try await runToEnd(live)
            let paths = edge.httpRequests.map(\.path)
            #expect(
                paths.prefix(4) == [
                    "/api-live/user/room/", "/api-live/user/room/", "/api-live/user/room/", "/@host/live",
                ])
        }
    }

    @Test func disabledApiLiveFallsBackToSigiState() async throws {
        var faults = FakeEdgeFaults()
        faults.apiLiveDisabled = true
        let room = Cast.room(script: [.batch([Cast.chat(1, "via the page")]), .batch([Cast.streamEnd()])])
        try await withEdge(rooms: [room, Cast.quiet], faults: faults) { edge in
            let live = TikTokLive("host", configuration: fastConfiguration(edge))
            let recorder = Recorder(live)
            try await runToEnd(live)
            #expect(recorder.chatTexts == ["via the page"])
            #expect(edge.httpRequests.prefix(2).map(\.path) == ["/api-live/user/room/", "/@host/live"])
            // The page's answers are as final as api-live's.
            let unknown = try #require(try await runError(TikTokLive("nobody", configuration: fastConfiguration(edge))))
            #expect(unknown.kind == .notFound)
            let offline = try #require(try await runError(TikTokLive("quiet", configuration: fastConfiguration(edge))))
            #expect(offline.kind == .offline)
        }
    }

    @Test func captchaIsBlocked() async throws {
        var faults = FakeEdgeFaults()
        faults.captcha = true
        try await withEdge(rooms: [Cast.room(script: [])], faults: faults) { edge in
            let error = try #require(try await runError(TikTokLive("host", configuration: fastConfiguration(edge))))
            #expect(error.kind == .blocked)
            #expect(error.message.contains("captcha"))
            #expect(edge.handshakes.isEmpty)
        }
    }

    @Test func unreachableEdgeIsANetworkError() async throws {
        // A port nothing listens on.
        let refusing = try RefusingPort()
        let url = URL(string: refusing.url)!
        var configuration = TikTokLive.Configuration(
            backoff: .init(base: .milliseconds(5), cap: .milliseconds(40)),
            endpoints: .init(webURL: url, webcastURL: url, wsURL: URL(string: "ws://127.0.0.1:\(refusing.port)/ws/")!))
        configuration.httpTimeout = .milliseconds(500)
        let error = try #require(try await runError(TikTokLive("host", configuration: configuration)))
        #expect(error.kind == .network)
        #expect(error.message.hasPrefix("could not look up the room of @host [api-live: GET http://127.0.0.1:"))
    }

    @Test func sessionCookiesGoToTheSocketButNeverIntoErrors() async throws {
        var faults = FakeEdgeFaults()
        faults.deviceBlockedHandshakes = 100
        try await withEdge(rooms: [Cast.room(script: [])], faults: faults) { edge in
            let live = TikTokLive(
                "host",
                configuration: fastConfiguration(edge) {
                    $0.maxReconnectAttempts = 0
                    $0.sessionCookies = ["sessionid": "S3CR3T-SESSION"]
                })
            let recorder = Recorder(live)
            let error = try #require(try await runError(live))
            #expect(edge.handshakes.first?.header("Cookie")?.hasSuffix("; sessionid=S3CR3T-SESSION") == true)
            #expect(!error.message.contains("S3CR3T"))
            #expect(!recorder.errors.contains { $0.message.contains("S3CR3T") })
            // The anonymous ttwid page load never carries the session.
            #expect(edge.httpRequests.filter { $0.path == "/@host" }.allSatisfy { $0.header("Cookie") == nil })
        }
    }
}
