import ArgumentParser
import Foundation
import Testing
import TikTokLiveCLI
import TikTokLiveEvents
import TikTokLiveTestSupport
import TikTokLiveTesting

/// `--record FILE` while watching, then `replay FILE`: the same lines, in the same order, across a reconnect
/// whose repeated messages the live client dropped.
@Suite struct RecordReplayTests {
    @Test func replayOfARecordingPrintsWhatTheWatchPrinted() async throws {
        let messages = Cast.showcase
        let room = Cast.room(script: [
            .batch(Array(messages.prefix(3))), .dropConnection(replayLast: 2), .batch(Array(messages.dropFirst(3))),
            .batch([Cast.streamEnd()]),
        ])
        for json in [false, true] {
            let capture = FileManager.default.temporaryDirectory.appendingPathComponent("rec-\(UUID().uuidString).bin")
            try await withEdge(rooms: [room]) { edge in
                let watched = try await CLIEndToEndTests.run(
                    ["watch", "host", "--record", capture.path] + (json ? ["--json"] : [])
                        + CLIEndToEndTests.endpointArguments(edge))
                #expect(watched.status == 0, "stderr: \(watched.stderr)")
                #expect(watched.stderr.contains("reconnecting"), "the script drops the socket once")
                #expect(watched.stdoutLines.count == messages.count + 1, "every message once, then streamEnd")
                let replayed = try await CLIEndToEndTests.run(["replay", capture.path] + (json ? ["--json"] : []))
                #expect(replayed.status == 0, "stderr: \(replayed.stderr)")
                #expect(replayed.stdoutLines == watched.stdoutLines)
            }
        }
    }

    @Test func anUnwritableRecordPathIsRefusedBeforeConnecting() async throws {
        try await withEdge(rooms: [Cast.room(script: [])]) { edge in
            let outcome = try await CLIEndToEndTests.run(
                ["watch", "host", "--record", "/nonexistent/dir/x.bin"] + CLIEndToEndTests.endpointArguments(edge))
            #expect(outcome.status == ExitCode.input.rawValue)
            #expect(outcome.stderrLines.last == "error: cannot write the capture file /nonexistent/dir/x.bin")
            #expect(edge.httpRequests.isEmpty)
        }
    }
}
