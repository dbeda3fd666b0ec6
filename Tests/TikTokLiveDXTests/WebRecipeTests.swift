import Foundation
import Testing
import TikTokLiveEvents
import TikTokLiveTestSupport
import TikTokLiveTesting

/// The recipes that use room data without a socket (the gift catalog, the stream), run against the fake edge.
@Suite(.serialized) struct WebRecipeTests {
    static let roomId: Int64 = 7_300_000_000_000_000_077
    static let fan = FakeUser(id: 6_800_000_000_000_000_077, uniqueId: "fan_1", nickname: "Fan")
    static let other = FakeUser(id: 6_800_000_000_000_000_078, uniqueId: "fan_2", nickname: "Fan Two")

    static func gift(_ msgId: Int64, _ giftId: Int64, by user: FakeUser, count: Int32, end: Bool, group: UInt64)
        -> FakeMessage
    {
        .gift(
            msgId: msgId, roomId: roomId, user: user, giftId: giftId, name: "", diamonds: 0, repeatCount: count,
            repeatEnd: end, groupId: group, streakable: true, bare: true)
    }

    /// Bare gifts only: the names and diamonds on the board can only come from the catalog.
    static let room = FakeRoom(
        uniqueId: "board_host", roomId: roomId, hostUserId: 42, nickname: "Board Host",
        script: [
            .batch([
                gift(1, 5655, by: fan, count: 2, end: false, group: 10),
                gift(2, 5655, by: fan, count: 5, end: true, group: 10),
            ]),
            .batch([gift(3, 6369, by: other, count: 1, end: true, group: 11)]),
            .batch([gift(4, 5879, by: fan, count: 2, end: true, group: 12)]),
            .batch([.control(msgId: 99, roomId: roomId, action: 3)]),
        ])

    @Test func giftCatalogBoardNamesEveryGiftAndCountsItsDiamondsOnce() async throws {
        try await withEdge(rooms: [Self.room]) { edge in
            let outcome = try await runBinary(
                "gift-catalog-board", ["board_host"], environment: endpointEnvironment(edge))
            #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
            let lines = outcome.stdoutLines
            #expect(lines.first == "The room's catalog has \(FakeGift.standardCatalog.count) gifts.")
            #expect(lines.contains("fan_1 sent Rose x5"))
            #expect(lines.contains("fan_2 sent Lion x1"))
            let start = try #require(lines.firstIndex(of: "Gifts by diamonds:"))
            #expect(
                Array(lines[(start + 1)...]) == [
                    "1. Lion x1 = 29999 diamonds \(FakeGift.imageURL(id: 6369))",
                    "2. Doughnut x2 = 60 diamonds \(FakeGift.imageURL(id: 5879))",
                    "3. Rose x5 = 5 diamonds \(FakeGift.imageURL(id: 5655))",
                ])
        }
        let usage = try await runBinary("gift-catalog-board", [])
        #expect(usage.status == 2)
    }

    @Test func recordWithChatRecordsTheStreamAndLogsEveryComment() async throws {
        let sandbox = SandboxRoom(speed: 40, ending: .streamEnd)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rwc-\(UUID().uuidString).flv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await withEdge(rooms: [sandbox.room]) { edge in
            let outcome = try await runBinary(
                "record-with-chat", [sandbox.uniqueId, path], environment: endpointEnvironment(edge))
            #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
            let lines = outcome.stdoutLines
            let chat = lines.filter { $0.hasPrefix("[") }
            #expect(chat.count == sandbox.summary.chatCount)
            let pattern = try Regex(#"^\[\d+s\] [a-z0-9_.]+: .+$"#)
            #expect(chat.allSatisfy { $0.wholeMatch(of: pattern) != nil }, "\(chat.prefix(3))")
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(Array(bytes.prefix(3)) == Array("FLV".utf8))
            #expect(
                lines.last == "Recorded \(bytes.count) bytes (61 FLV tags) to \(path).",
                "the default stream: 60 tags and onMetaData")
        }
        let usage = try await runBinary("record-with-chat", ["only_a_name"])
        #expect(usage.status == 2)
        #expect(usage.stderrLines == ["usage: record-with-chat <username> <file.flv>"])
    }
}
