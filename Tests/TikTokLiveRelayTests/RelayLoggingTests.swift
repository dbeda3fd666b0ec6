import Foundation
import Testing
import TikTokLiveEvents
import TikTokLiveRelay
import TikTokLiveTestSupport
import TikTokLiveTesting

/// What a person reading the relay's and the client's logs sees: no token, no forged line, no 60 KB name.
@Suite struct RelayLoggingTests {
    @Test func aUsernameWithANewlineOrOfAnyLengthStaysOnOneShortLine() async throws {
        let lines = LockedBox<[String]>([])
        let forged = "evil\nINFO tiktok-live-relay : forged line"
        let huge = String(repeating: "x", count: 60_000)
        try await withRelay(rooms: [Cast.room()], configure: { $0.logger = CapturingLogHandler.logger(lines) }) {
            _, relay in
            for name in [forged, huge] {
                let client = try await RelayTestClient.connect(relay, uniqueId: name)
                #expect(await client.waitForClose() == 4400)
                guard case .error(let error)? = client.events.first else {
                    Issue.record("expected an error message, got \(client.messages)")
                    continue
                }
                #expect(error.kind == .invalidUsername)
                #expect(!error.message.contains("\n"))
                #expect(error.message.count < 300, "the client's message is cut too")
            }
            let (status, body) = try await httpGet(
                relay, "/?uniqueId=" + forged.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(status == 400)
            #expect(body.contains(#"\"evil\\nINFO tiktok-live-relay : forged line\" is not a TikTok username"#))
        }
        let logged = lines.withLock { $0 }.filter { $0.contains("refused a client") }
        #expect(logged.count == 2, "\(logged)")
        for line in logged {
            #expect(!line.contains("\n"), "\(line)")
            #expect(line.count < 500, "\(line.prefix(600))")
        }
        #expect(logged.first?.contains(#"evil\nINFO"#) == true, "\(logged)")
        #expect(logged.last?.contains("(59920 more characters)") == true)
    }

    @Test func theApiKeyOfARelayURLIsNeverLogged() async throws {
        let lines = LockedBox<[String]>([])
        let script: [FakeScriptStep] = [.batch([Cast.chat(1, "hi")]), .batch([Cast.streamEnd()])]
        try await withRelay(rooms: [Cast.room(script: script)], configure: { $0.token = "s3cret-token" }) {
            _, relay in
            var configuration = RelayTransportTests.relayConfiguration(relay, query: "?apiKey=s3cret-token")
            configuration.logger = CapturingLogHandler.logger(lines)
            let live = TikTokLive("host", configuration: configuration)
            var names: [String] = []
            for try await event in live.events { names.append(event.name) }
            #expect(names.contains("chat"), "the key was accepted: \(names)")
        }
        let logged = lines.withLock { $0 }
        let opening = logged.filter { $0.contains("opening the relay socket") }
        #expect(!opening.isEmpty, "\(logged)")
        #expect(opening.allSatisfy { $0.contains("ws://127.0.0.1:") && $0.contains("?<redacted>") }, "\(opening)")
        #expect(!logged.contains { $0.contains("s3cret") }, "\(logged.filter { $0.contains("s3cret") })")
    }
}
