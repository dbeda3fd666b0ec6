import ArgumentParser
import Foundation
import Testing
import TikTokLiveCLI
import TikTokLiveEvents
import TikTokLiveTestSupport
import TikTokLiveTesting

/// `tiktok-live-events doctor` against each of the fake edge's failure scenarios: the exit status names the step
/// that failed, the lines say why, `--json` says the same, and no cookie value is ever printed.
@Suite struct DoctorTests {
    struct Report {
        var status: Int32
        var output: String
        var lines: [String] { output.split(separator: "\n").map(String.init) }

        /// The line of one step (`  ok    ttwid ...`).
        func line(_ step: String) -> String? {
            lines.first { $0.dropFirst(8).hasPrefix(step + " ") }
        }
    }

    static let chatRoom = Cast.room(script: [.batch([Cast.chat(1, "hi")])])

    /// Runs the command in-process with quick retries; `edge` nil points at `endpoint` (a closed port, say).
    static func doctor(
        _ username: String = "host", edge: FakeTikTokEdge?, endpoint: String? = nil, json: Bool = false,
        signer: String? = nil, roomId: String? = nil, timeout: Duration = .seconds(5),
        change: @escaping @Sendable (inout TikTokLive.Configuration) -> Void = { _ in }
    ) async throws -> Report {
        let base = endpoint ?? edge!.webURL.absoluteString
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("doctor-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        let errors = FileHandle.nullDevice
        defer {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: path)
        }
        let wsURL = edge?.wsURL.absoluteString ?? base.replacingOccurrences(of: "http://", with: "ws://") + "/ws/"
        let status = await DoctorCommand.doctor(
            username: username, json: json, timeout: timeout,
            endpoints: .init(webURL: base, webcastURL: base, wsURL: wsURL), signer: signer, roomId: roomId,
            output: OutputWriter(fd: handle.fileDescriptor), errors: OutputWriter(fd: errors.fileDescriptor)
        ) { configuration in
            configuration.httpTimeout = .seconds(3)
            configuration.httpRetries = 1
            configuration.backoff = .init(base: .milliseconds(5), cap: .milliseconds(10))
            configuration.ttwidAttempts = 2
            configuration.ttwidRetryDelay = .milliseconds(5)
            configuration.heartbeatInterval = .milliseconds(200)
            change(&configuration)
        }
        return Report(status: status.rawValue, output: try String(contentsOfFile: path, encoding: .utf8))
    }

    static func withDoctorEdge(
        rooms: [FakeRoom] = [chatRoom], _ change: (inout FakeEdgeFaults) -> Void = { _ in },
        _ body: (FakeTikTokEdge) async throws -> Void
    ) async throws {
        var faults = FakeEdgeFaults()
        change(&faults)
        try await withEdge(rooms: rooms, faults: faults, body)
    }

    @Test func aHealthyRoomPassesEveryStep() async throws {
        try await Self.withDoctorEdge { edge in
            let report = try await Self.doctor(edge: edge)
            #expect(report.status == 0)
            for step in [
                "reachability", "ttwid", "apiLive", "livePage", "roomInfo", "handshake", "firstFrame", "firstEvent",
            ] {
                #expect(report.line(step)?.hasPrefix("  ok  ") == true, "\(step): \(report.output)")
            }
            #expect(report.line("roomInfoLookup")?.hasPrefix("  skip") == true)
            #expect(report.line("reachability")?.contains("TCP+HTTP 404") == true)
            #expect(report.line("apiLive")?.contains("live, room \(Cast.roomId)") == true)
            #expect(report.line("firstEvent")?.contains("chat") == true)
            #expect(report.lines.last == "result: every step passed (exit 0)")
        }
    }

    @Test func jsonSaysTheSameAndRedactsCookies() async throws {
        try await Self.withDoctorEdge { edge in
            let report = try await Self.doctor(edge: edge, json: true) {
                $0.sessionCookies = ["sessionid": "DOCTOR_SECRET_SESSION"]
            }
            #expect(report.status == 0)
            #expect(report.lines.count == 1, "one object")
            let root = try #require(try JSONSerialization.jsonObject(with: Data(report.output.utf8)) as? [String: Any])
            #expect(root["exitStatus"] as? Int == 0)
            #expect(root["uniqueId"] as? String == "host")
            #expect(root["failedStep"] == nil)
            let steps = try #require(root["steps"] as? [[String: Any]])
            #expect(
                steps.map { $0["step"] as? String } == [
                    "reachability", "ttwid", "apiLive", "livePage", "roomInfoLookup", "roomInfo", "handshake",
                    "firstFrame", "firstEvent",
                ])
            #expect(steps.allSatisfy { $0["ms"] is Int && $0["detail"] is String })
            let settings = try #require(root["configuration"] as? [String: Any])
            #expect(settings["sessionCookies"] as? [String] == ["sessionid"])
            #expect(!report.output.contains("DOCTOR_SECRET_SESSION"))
            for ttwid in edge.mintedTtwids {
                #expect(!report.output.contains(ttwid))
                #expect(!report.output.contains(ttwid.replacingOccurrences(of: "|", with: "%7C")))
            }
        }
    }

    @Test func anUnreachableHostIsReachability() async throws {
        let refusing = try RefusingPort()
        let report = try await Self.doctor(edge: nil, endpoint: refusing.url)
        #expect(report.status == DoctorCommand.Status.unreachable.rawValue)
        #expect(report.line("reachability")?.hasPrefix("  FAIL") == true)
        #expect(report.line("ttwid")?.contains("is unreachable") == true)
        #expect(report.lines.last?.hasPrefix("result: reachability failed (exit 10)") == true)
    }

    @Test func aCaptchaWallFailsTheLookup() async throws {
        try await Self.withDoctorEdge({ $0.captcha = true }) { edge in
            let report = try await Self.doctor(edge: edge)
            #expect(report.status == DoctorCommand.Status.lookupFailed.rawValue)
            #expect(report.line("apiLive")?.contains("verification page") == true)
            #expect(report.line("livePage")?.contains("verification page") == true)
            #expect(report.line("handshake")?.contains("skipped: no live room") == true)
            #expect(report.lines.last?.contains("--room-id") == true)
        }
    }

    @Test(arguments: [403, 429, 503])
    func anHTTPWallFailsTheLookup(_ status: Int) async throws {
        try await Self.withDoctorEdge({ $0.webStatus = status }) { edge in
            let report = try await Self.doctor(edge: edge, json: true)
            #expect(report.status == DoctorCommand.Status.lookupFailed.rawValue)
            let root = try #require(try JSONSerialization.jsonObject(with: Data(report.output.utf8)) as? [String: Any])
            #expect(root["failedStep"] as? String == "apiLive")
            let steps = try #require(root["steps"] as? [[String: Any]])
            let apiLive = try #require(steps.first { $0["step"] as? String == "apiLive" })
            #expect((apiLive["detail"] as? String)?.contains("HTTP \(status)") == true)
            #expect(
                apiLive["kind"] as? String == (status == 429 ? "rateLimited" : status == 403 ? "blocked" : "network"))
        }
    }

    @Test func aWithheldTTWIDFailsThatStep() async throws {
        try await Self.withDoctorEdge({ $0.ttwidWithheld = 100 }) { edge in
            let report = try await Self.doctor(edge: edge)
            #expect(report.status == DoctorCommand.Status.noTTWID.rawValue)
            #expect(report.line("ttwid")?.hasPrefix("  FAIL") == true)
            #expect(report.line("apiLive")?.hasPrefix("  ok  ") == true, "the lookups still run")
            #expect(report.line("handshake")?.contains("skipped: no ttwid") == true)
        }
    }

    @Test func anOfflineCreatorAndAnUnknownUser() async throws {
        try await Self.withDoctorEdge(rooms: [Cast.quiet]) { edge in
            let offline = try await Self.doctor("quiet", edge: edge)
            #expect(offline.status == ExitCode.offline.rawValue)
            #expect(offline.line("apiLive")?.contains("offline") == true)
            let unknown = try await Self.doctor("nobody_here", edge: edge)
            #expect(unknown.status == ExitCode.notFound.rawValue)
            #expect(unknown.line("apiLive")?.contains("not found") == true)
        }
    }

    @Test func aBlockedDeviceShowsTikToksAnswer() async throws {
        try await Self.withDoctorEdge({ $0.deviceBlockedHandshakes = 1 }) { edge in
            let report = try await Self.doctor(edge: edge)
            #expect(report.status == DoctorCommand.Status.handshakeRefused.rawValue)
            #expect(report.line("handshake")?.contains("DEVICE_BLOCKED") == true)
            #expect(report.lines.contains { $0.hasSuffix("Handshake-Msg: DEVICE_BLOCKED") }, "the answer's headers")
            #expect(report.line("firstFrame")?.contains("skipped") == true)
        }
    }

    @Test func aRequiredSignatureNamesTheSignerAndASignerFixesIt() async throws {
        try await Self.withDoctorEdge({ $0.requireSignature = true }) { edge in
            let unsigned = try await Self.doctor(edge: edge)
            #expect(unsigned.status == DoctorCommand.Status.handshakeRefused.rawValue)
            #expect(unsigned.line("handshake")?.contains("--signer URL") == true)
            #expect(unsigned.lines.last?.contains("--signer") == true)

            let signed = try await Self.doctor(edge: edge, signer: edge.signerURL.absoluteString)
            #expect(signed.status == 0, "\(signed.output)")
            #expect(signed.line("signer")?.hasPrefix("  ok  ") == true)
        }
    }

    @Test func aFailingSignerIsItsOwnStep() async throws {
        try await Self.withDoctorEdge({
            $0.requireSignature = true
            $0.signerAnswers = [.status(502)]
        }) { edge in
            let report = try await Self.doctor(edge: edge, signer: edge.signerURL.absoluteString)
            #expect(report.status == DoctorCommand.Status.signerFailed.rawValue)
            #expect(report.line("signer")?.contains("HTTP 502") == true)
            #expect(report.line("handshake")?.contains("skipped") == true)
        }
    }

    @Test func aSocketThatNeverSends() async throws {
        // The timeout is what the test waits out for the frame that never comes; two seconds, so that on a busy
        // machine the steps before it (which must succeed) are not cut by it too.
        try await Self.withDoctorEdge({ $0.silentSockets = true }) { edge in
            let report = try await Self.doctor(edge: edge, timeout: .seconds(2))
            #expect(report.status == DoctorCommand.Status.noFrame.rawValue)
            #expect(report.line("handshake")?.hasPrefix("  ok  ") == true)
            #expect(report.line("firstFrame")?.contains("sent nothing") == true)
        }
    }

    @Test func framesWithoutAnEvent() async throws {
        // As above: the event that never comes is waited out, the frames before it must arrive in time.
        try await Self.withDoctorEdge(rooms: [Cast.room(script: [])]) { edge in
            let report = try await Self.doctor(edge: edge, timeout: .seconds(2))
            #expect(report.status == DoctorCommand.Status.noEvent.rawValue)
            #expect(report.line("firstFrame")?.hasPrefix("  ok  ") == true)
            #expect(report.line("firstEvent")?.contains("frames arrived but no event") == true)
        }
    }

    @Test func aKnownRoomIdSkipsTheLookupSteps() async throws {
        // A captcha wall on every web route: the lookups are skipped, room/info (not a lookup: it is asked for
        // the room's details) is walled, and the socket still connects to the known room.
        try await Self.withDoctorEdge({ $0.captcha = true }) { edge in
            let report = try await Self.doctor(edge: edge, roomId: String(Cast.roomId))
            #expect(report.status == DoctorCommand.Status.roomInfoFailed.rawValue, "\(report.output)")
            #expect(report.line("apiLive")?.contains("skipped: room id \(Cast.roomId) is known") == true)
            #expect(report.line("livePage")?.contains("skipped: room id \(Cast.roomId) is known") == true)
            #expect(report.line("handshake")?.hasPrefix("  ok  ") == true)
            #expect(report.line("firstEvent")?.contains("chat") == true)
        }
    }

    @Test func badArguments() async throws {
        let report = try await Self.doctor("not valid!", edge: nil, endpoint: "http://127.0.0.1:1")
        #expect(report.status == ExitCode.usage.rawValue)
        let roomId = try await Self.doctor(edge: nil, endpoint: "http://127.0.0.1:1", roomId: "abc")
        #expect(roomId.status == ExitCode.usage.rawValue)
    }
}
