import Foundation
import Testing
import TikTokLiveEvents
import TikTokLiveTestSupport

/// `sandbox` serves room info, the gift catalog and an endless FLV stream, so a bot using them runs offline.
@Suite struct SandboxWebTests {
    @Test func sandboxServesRoomInfoGiftsAndAStreamToRecord() async throws {
        let sandbox = try Subprocess("tiktok-live-events", ["sandbox", "--port", "0", "--username", "web_room"])
        defer { sandbox.kill() }
        let errors = Task { await sandbox.readStderr() }
        let lines = await sandboxInstructions(sandbox)
        let infoLine = try #require(lines.first { $0.hasPrefix("  tiktok-live-events info web_room ") })
        let recordLine = try #require(lines.first { $0.hasPrefix("  tiktok-live-events record web_room ") })
        #expect(recordLine.hasSuffix(" --duration 10"))
        let endpoints = Array(infoLine.split(separator: " ").map(String.init).dropFirst(3))
        #expect(endpoints.count == 4 && endpoints[0] == "--web-url" && endpoints[2] == "--webcast-url")

        let info = try await runBinary("tiktok-live-events", ["info", "web_room", "--json"] + endpoints)
        #expect(info.status == 0, "\(info.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(info.stdout.utf8)) as? [String: Any])
        #expect(object["title"] as? String == "Sandbox LIVE: chat, gifts and a PK battle")
        #expect((object["streams"] as? [Any])?.count == 4)

        let gifts = try await runBinary("tiktok-live-events", ["gifts", "web_room", "--json"] + endpoints)
        #expect(gifts.status == 0)
        #expect(gifts.stdoutLines.contains { $0.contains("\"name\":\"Lion\"") })

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sbx-\(UUID().uuidString).flv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let record = try await runBinary(
            "tiktok-live-events", ["record", "web_room", path, "--duration", "3", "--quality", "ld"] + endpoints)
        #expect(record.status == 0, "\(record.stderr)")
        #expect(record.stderrLines.last?.hasSuffix("to \(path): stopped") == true, "\(record.stderr)")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(Array(bytes.prefix(3)) == Array("FLV".utf8))

        sandbox.process.interrupt()
        #expect(await waitForExit(sandbox.process, limit: .seconds(60)))
        #expect(sandbox.process.terminationStatus == 0)
        _ = await errors.value
    }
}

/// What a `sandbox` subprocess printed, read until its last instruction (the chat-logger line).
func sandboxInstructions(_ sandbox: Subprocess) async -> [String] {
    var printed = ""
    while !printed.contains("swift run chat-logger") {
        let chunk = await sandbox.readStdoutChunk()
        if chunk.isEmpty { break }
        printed += String(decoding: chunk, as: UTF8.self)
    }
    return printed.split(separator: "\n").map(String.init)
}
