import Foundation
import Logging
import Testing
import TikTokLiveEvents
import TikTokLiveTestSupport
import TikTokLiveTesting

/// The socket signer seam and the room-lookup fallbacks, end to end against the fake edge.
@Suite struct SigningEndToEndTests {
    static let room = Cast.room(script: [.batch([Cast.chat(1, "signed hello")]), .batch([Cast.streamEnd()])])

    static var signingEdge: FakeEdgeFaults {
        var faults = FakeEdgeFaults()
        faults.requireSignature = true
        return faults
    }

    @Test func unsignedClientAgainstASigningEdgeIsToldAboutTheSignerOption() async throws {
        try await withEdge(rooms: [Self.room], faults: Self.signingEdge) { edge in
            let live = TikTokLive("host", configuration: fastConfiguration(edge) { $0.autoReconnect = false })
            let error = try #require(try await runError(live))
            #expect(error.kind == .signatureRequired)
            #expect(error.message.contains("Handshake-Msg: X-Gnarly signature required"))
            #expect(error.message.contains("--signer URL"))
            #expect(error.message.contains("Configuration.socketSigner"))
            let handshake = try #require(edge.handshakes.first)
            #expect(!handshake.accepted)
            #expect(handshake.refusal?.status == 403)
        }
    }

    @Test func anInProcessSignerConnects() async throws {
        try await withEdge(rooms: [Self.room], faults: Self.signingEdge) { edge in
            let live = TikTokLive(
                "host", configuration: fastConfiguration(edge) { $0.socketSigner = FakeSocketSigner() })
            let recorder = Recorder(live)
            try await runToEnd(live)
            #expect(recorder.chatTexts == ["signed hello"])
            #expect(edge.handshakes.map(\.accepted) == [true])
            #expect(edge.handshakes.first?.query["X-Gnarly"]?.count == 32)
        }
    }

    @Test func theHTTPSignerFollowsTheContract() async throws {
        try await withEdge(rooms: [Self.room], faults: Self.signingEdge) { edge in
            let signer = HTTPSocketSigner(url: edge.signerURL)
            let live = TikTokLive(
                "host",
                configuration: fastConfiguration(edge) {
                    $0.socketSigner = signer
                    $0.sessionCookies = ["sessionid": "SIGNER_MUST_NOT_SEE"]
                })
            let recorder = Recorder(live)
            try await runToEnd(live)
            #expect(recorder.chatTexts == ["signed hello"])
            let handshake = try #require(edge.handshakes.first)
            #expect(handshake.accepted)
            #expect(handshake.header("X-Signed-By") == "fake-tiktok-edge", "headers from the answer are added")

            let request = try #require(edge.httpRequests.first { $0.path == "/sign" })
            #expect(request.method == "POST")
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.header("Cookie") == nil)
            let body = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: String])
            #expect(Set(body.keys) == ["url", "userAgent"])
            #expect(body["userAgent"] == TikTokLive.Configuration.defaultUserAgent)
            let url = try #require(body["url"])
            #expect(url.hasPrefix(edge.wsURL.absoluteString + "?version_code=180800&"))
            #expect(url.contains("browser_version=5.0 (X11; Linux x86_64)"), "the raw query, not percent-encoded")
            #expect(!String(decoding: request.body, as: UTF8.self).contains("SIGNER_MUST_NOT_SEE"))
        }
    }

    @Test func aBrokenSignerIsRetriedAndReported() async throws {
        var faults = Self.signingEdge
        faults.signerAnswers = [.status(500), .garbage, .wrongSignature]
        try await withEdge(rooms: [Self.room], faults: faults) { edge in
            let live = TikTokLive(
                "host",
                configuration: fastConfiguration(edge) {
                    $0.socketSigner = HTTPSocketSigner(url: edge.signerURL)
                    $0.maxReconnectAttempts = 4
                })
            let recorder = Recorder(live)
            try await runToEnd(live)
            #expect(recorder.chatTexts == ["signed hello"])
            #expect(recorder.errors.map(\.kind) == [.signer, .signer, .signatureRequired])
            #expect(recorder.errors[0].message.contains("answered HTTP 500"))
            #expect(recorder.errors[1].message.contains("not a JSON object"))
            #expect(recorder.errors[2].message.contains("signature was not accepted"))
            #expect(recorder.reconnects.map(\.attempt) == [1, 2, 3])
            #expect(edge.handshakes.map(\.accepted) == [false, true], "a failed signer opens no socket")
        }
    }

    @Test func aSlowSignerTimesOutAndIsRetried() async throws {
        var faults = Self.signingEdge
        // The first answer comes long after the timeout; the rest at once. On a loaded machine a prompt answer
        // can still miss a timeout, so the timeout is a second and the run has ten attempts: the test waits for
        // the outcome, whatever the machine's speed.
        faults.signerAnswers = [.delayed(milliseconds: 30_000)]
        try await withEdge(rooms: [Self.room], faults: faults) { edge in
            let live = TikTokLive(
                "host",
                configuration: fastConfiguration(edge) {
                    $0.socketSigner = HTTPSocketSigner(url: edge.signerURL, timeout: .seconds(1))
                    $0.maxReconnectAttempts = 10
                })
            let recorder = Recorder(live)
            try await runToEnd(live)
            #expect(recorder.chatTexts == ["signed hello"])
            // The slow answer costs one attempt (a retry that missed its second too is reported the same way):
            // every error is the signer's, the first one the timeout.
            #expect(!recorder.errors.isEmpty && recorder.errors.allSatisfy { $0.kind == .signer }, "\(recorder.errors)")
            #expect(recorder.errors.first?.message.contains("did not answer") == true)
        }
    }

    @Test func aSignerThatNeverWorksEndsTheRunWithItsKind() async throws {
        var faults = Self.signingEdge
        faults.signerAnswers = Array(repeating: .status(503), count: 10)
        try await withEdge(rooms: [Self.room], faults: faults) { edge in
            let live = TikTokLive(
                "host",
                configuration: fastConfiguration(edge) {
                    $0.socketSigner = HTTPSocketSigner(url: edge.signerURL)
                    $0.maxReconnectAttempts = 2
                })
            let error = try #require(try await runError(live))
            #expect(error.kind == .signer)
            #expect(error.message.hasPrefix("gave up after 3 signer failure(s) in a row"))
            #expect(edge.handshakes.isEmpty)
        }
    }

    @Test func theSignerPathNeverLogsACookie() async throws {
        var faults = Self.signingEdge
        faults.signerAnswers = [.status(500), .wrongSignature]
        try await withEdge(rooms: [Self.room], faults: faults) { edge in
            let lines = LockedBox<[String]>([])
            var logger = Logger(label: "test") { _ in CapturingLogHandler(lines: lines) }
            logger.logLevel = .trace
            let live = TikTokLive(
                "host",
                configuration: fastConfiguration(edge) {
                    $0.socketSigner = HTTPSocketSigner(url: edge.signerURL)
                    $0.sessionCookies = ["sessionid": "LOGGED_NEVER"]
                    $0.logger = logger
                })
            try await runToEnd(live)
            let logged = lines.withLock { $0 }.joined(separator: "\n")
            #expect(logged.contains("signer"), "the signer's failures are logged")
            #expect(!logged.contains("LOGGED_NEVER"))
            for ttwid in edge.mintedTtwids {
                #expect(!logged.contains(ttwid))
                #expect(!logged.contains(ttwid.replacingOccurrences(of: "|", with: "%7C")))
            }
        }
    }

    // MARK: - Lookups

    @Test func theUniversalDataLivePageFallsBackToRoomInfo() async throws {
        var faults = FakeEdgeFaults()
        faults.apiLiveDisabled = true
        faults.livePageLayout = .universalData
        try await withEdge(rooms: [Self.room], faults: faults) { edge in
            let live = TikTokLive("host", configuration: fastConfiguration(edge))
            let recorder = Recorder(live)
            try await runToEnd(live)
            #expect(recorder.chatTexts == ["signed hello"])
            let lookups = edge.httpRequests.map(\.path).filter { !$0.hasPrefix("/@") || $0.hasSuffix("/live") }
            #expect(lookups == ["/api-live/user/room/", "/@host/live", "/webcast/room/info/"])
            #expect(
                edge.httpRequests.first { $0.path == "/webcast/room/info/" }?.query["room_id"] == String(Cast.roomId))
        }
    }

    @Test func roomInfoSaysWhenTheRoomFoundThatWayHasEnded() async throws {
        var faults = FakeEdgeFaults()
        faults.apiLiveDisabled = true
        faults.livePageLayout = .universalData
        try await withEdge(rooms: [Cast.quiet], faults: faults) { edge in
            let error = try #require(try await runError(TikTokLive("quiet", configuration: fastConfiguration(edge))))
            #expect(error.kind == .offline)
        }
    }

    @Test func aKnownRoomIdSkipsTheLookup() async throws {
        var faults = FakeEdgeFaults()
        faults.captcha = true
        try await withEdge(rooms: [Self.room], faults: faults) { edge in
            let live = TikTokLive(
                "host", configuration: fastConfiguration(edge) { $0.knownRoomIds = ["@HOST": String(Cast.roomId)] })
            let recorder = Recorder(live)
            try await runToEnd(live)
            #expect(recorder.chatTexts == ["signed hello"])
            #expect(!edge.httpRequests.contains { $0.path.hasPrefix("/api-live") || $0.path.hasSuffix("/live") })
        }
    }

    @Test func usernamesAreMatchedCaseInsensitively() async throws {
        try await withEdge(rooms: [Self.room]) { edge in
            let live = TikTokLive("@HoSt", configuration: fastConfiguration(edge))
            let recorder = Recorder(live)
            try await runToEnd(live)
            #expect(recorder.chatTexts == ["signed hello"])
        }
    }
}
