import Foundation
import Testing
import TikTokLiveEvents
import TikTokLiveTestSupport
import TikTokLiveTesting

@Suite struct SandboxRoomTests {
    static func messages(_ script: [FakeScriptStep]) -> [FakeMessage] {
        script.flatMap { step -> [FakeMessage] in
            if case .batch(let messages, _, _) = step { messages } else { [] }
        }
    }

    @Test func theSameSeedGivesTheSameRoom() {
        let one = SandboxRoom(seed: 7)
        let two = SandboxRoom(seed: 7)
        let other = SandboxRoom(seed: 8)
        #expect(Self.messages(one.script) == Self.messages(two.script))
        #expect(one.summary == two.summary)
        #expect(Self.messages(one.script) != Self.messages(other.script))
        #expect(one.summary.diamondsBySender != other.summary.diamondsBySender)
    }

    @Test func onePassHasEverythingABotMeetsAtAFewEventsASecond() throws {
        let sandbox = SandboxRoom()
        let summary = sandbox.summary
        #expect(summary.chatLanguages.isSuperset(of: ["en", "es", "ja", "pt", "de", "ar", "ko"]))
        #expect(
            summary.eventNames.isSuperset(of: [
                "chat", "gift", "like", "join", "follow", "share", "roomUserSeq", "caption", "imDelete", "battle",
                "battleArmies", "unknown",
            ]))
        #expect(summary.finalCaptions.count == 5)
        #expect(summary.lostStreakEnds == 1)
        #expect(summary.unknownMethods == ["WebcastSandboxSurpriseMessage", "WebcastSandboxSurpriseMessage"])
        #expect(summary.battleScores.keys.sorted() == ["rival_host", "sandbox_creator"])
        #expect(summary.battleMVPs.count == 2)
        // Lion and Universe are in there, besides the streaks.
        #expect(summary.totalDiamonds > 29_999 + 34_999)
        let seconds = Double(summary.duration.components.seconds)
        #expect((60...120).contains(seconds), "a pass lasts about 90 s")
        let rate = Double(summary.messageCount) / seconds
        #expect((2...8).contains(rate), "\(rate) events a second")
        #expect(sandbox.room.loopScript)
        #expect(sandbox.room.stampsMessagesWhenSent)
        #expect(sandbox.room.uniqueId == SandboxRoom.defaultUniqueId)
        // The moderator deletes a chat message sent earlier in the pass.
        let messages = Self.messages(sandbox.script)
        let deleted = try #require(summary.deletedMsgIds.first)
        let deletedIndex = try #require(messages.firstIndex { $0.msgId == deleted })
        let deleteIndex = try #require(messages.firstIndex { $0.method == "WebcastImDeleteMessage" })
        #expect(messages[deletedIndex].method == "WebcastChatMessage")
        #expect(deletedIndex < deleteIndex)
        #expect(Set(messages.map(\.msgId)).count == messages.count, "message ids are unique")
    }

    @Test func theSpeedDividesThePauses() {
        let fast = SandboxRoom(speed: 10)
        let normal = SandboxRoom()
        #expect(Self.messages(fast.script) == Self.messages(normal.script))
        let ratio =
            Double(normal.summary.duration.components.seconds) / Double(fast.summary.duration.components.seconds)
        #expect((9...11).contains(ratio))
        #expect(FakeRoom.sandbox(uniqueId: "my_room").uniqueId == "my_room")
    }

    /// The real client sees exactly the pass the summary describes, and the helpers add up to its numbers.
    @Test func theClientSeesTheWholePassAndTheHelpersAddUp() async throws {
        let sandbox = SandboxRoom(speed: 40, ending: .streamEnd)
        try await withEdge(rooms: [sandbox.room]) { edge in
            let live = TikTokLive(sandbox.uniqueId, configuration: configuration(for: edge))
            let events = try await collectEvents(live)
            let summary = sandbox.summary
            #expect(events.count == summary.messageCount + 1)
            #expect(events.last?.name == "streamEnd")
            #expect(Set(events.map(\.name)).isSuperset(of: summary.eventNames))

            var tracker = GiftStreakTracker()
            var diamonds: [String: Int] = [:]
            var likes = LikeCounter()
            var likeTotals: [Int64] = []
            var chats: [String: String] = [:]  // msgId → comment
            var finalCaptions: [String] = []
            var deleted: [String] = []
            var unknown: [String] = []
            var lastArmies: BattleArmiesEvent?
            for event in events {
                switch event {
                case .gift(let gift):
                    let update = tracker.record(gift)
                    diamonds[gift.user?.uniqueId ?? "?", default: 0] += update.newDiamonds
                case .like(let like):
                    likeTotals.append(likes.record(like))
                    #expect(like.totalLikes <= likes.roomTotal)
                case .chat(let chat): chats[chat.msgId] = chat.comment
                case .caption(let caption) where caption.isFinal: finalCaptions.append(caption.text)
                case .imDelete(let delete): deleted += delete.deletedMsgIds
                case .unknown(let event): unknown.append(event.method)
                case .battleArmies(let armies): lastArmies = armies
                default: break
                }
            }
            #expect(diamonds == summary.diamondsBySender)
            #expect(tracker.activeStreaks.count == summary.lostStreakEnds)
            #expect(likes.roomTotal == summary.likeTotal)
            #expect(likeTotals == likeTotals.sorted(), "the room total never goes backwards")
            let likesByName = Dictionary(
                uniqueKeysWithValues: likes.likersByCount.map { ($0.user?.uniqueId ?? "?", $0.likes) })
            #expect(likesByName == summary.likesByUser)
            #expect(chats.count == summary.chatCount)
            #expect(finalCaptions == summary.finalCaptions)
            #expect(deleted == summary.deletedMsgIds.map(String.init))
            #expect(deleted.allSatisfy { chats[$0]?.contains("FREE COINS") == true })
            #expect(unknown == summary.unknownMethods)
            let armies = try #require(lastArmies)
            #expect(
                armies.hosts.map(\.teamTotalScore) == [
                    summary.battleScores["sandbox_creator"], summary.battleScores["rival_host"],
                ])
            #expect(
                armies.hosts.map { $0.contributors.first?.nickname } == [
                    summary.battleMVPs["sandbox_creator"], summary.battleMVPs["rival_host"],
                ])
        }
    }

    /// Later passes of the endless room bring fresh message and streak ids (so de-duplicating clients keep showing
    /// them), deletes that point into their own pass, and timestamps of when they were sent.
    @Test func theEndlessRoomKeepsGoingWithFreshIds() async throws {
        let sandbox = SandboxRoom(speed: 200)
        let perPass = sandbox.summary.messageCount
        try await withEdge(rooms: [sandbox.room]) { edge in
            let live = TikTokLive(sandbox.uniqueId, configuration: configuration(for: edge))
            let started = Int64(Date().timeIntervalSince1970 * 1000)
            let events = try await collectEvents(live, limit: .seconds(30)) { $0.count >= perPass * 2 + 20 }
            live.stop()
            let ids = events.compactMap(\.msgId)
            #expect(Set(ids).count == ids.count, "no id repeats across passes")
            let chats = Set(events.compactMap { if case .chat(let chat) = $0 { chat.msgId } else { nil } })
            let deletes = events.compactMap { if case .imDelete(let delete) = $0 { delete.deletedMsgIds } else { nil } }
            #expect(deletes.count >= 2)
            #expect(deletes.joined().allSatisfy { chats.contains($0) }, "each delete names a chat the client saw")
            let groups = events.compactMap { event -> String? in
                guard case .gift(let gift) = event, gift.streakable, gift.repeatEnd else { return nil }
                return gift.groupId
            }
            #expect(Set(groups).count == groups.count, "every streak has its own group id")
            // The room's like total goes on from where a pass left it, as a real room's does.
            let totals = events.compactMap { if case .like(let like) = $0 { like.totalLikes } else { nil } }
            let firstPassEnd = sandbox.summary.likeTotal
            #expect(totals.contains { $0 > firstPassEnd }, "a later pass raises the total past the first pass's")
            #expect(totals.max() ?? 0 <= firstPassEnd * 3, "three passes at most were seen, and none jumped ahead")
            let finished = Int64(Date().timeIntervalSince1970 * 1000)
            #expect(
                events.compactMap(\.wireBase?.timestamp).allSatisfy {
                    (started - 1_000...finished + 1_000).contains($0)
                })
        }
    }
}
