import Testing
import TikTokLiveEvents
import TikTokLiveTestSupport

@Suite struct LikeCounterTests {
    @Test func roomTotalNeverGoesBackwardsAndUsersSumTheirCounts() {
        var likes = LikeCounter()
        #expect(likes.record(userId: "1", likeCount: 5, totalLikes: 1_000) == 1_000)
        #expect(likes.record(userId: "2", likeCount: 3, totalLikes: 1_003) == 1_003)
        // A lagging shard reports a lower total: the room total stays.
        #expect(likes.record(userId: "1", likeCount: 7, totalLikes: 990) == 1_003)
        #expect(likes.record(userId: "1", likeCount: 2, totalLikes: 1_012) == 1_012)
        #expect(likes.roomTotal == 1_012)
        #expect(likes.counted == 17)
        #expect(likes.likes(of: "1") == 14)
        #expect(likes.likes(of: "2") == 3)
        #expect(likes.likes(of: "3") == 0)
        #expect(likes.top(5).map(\.userId) == ["1", "2"])
        #expect(likes.top(5).map(\.likes) == [14, 3])
    }
}
