import Foundation
import Testing
import TikTokLiveEvents
import TikTokLiveTestSupport
import TikTokLiveTesting

/// `TikTokWeb` against the fake edge: room info, the gift catalog and batch live checks, with TikTok's failures.
@Suite struct WebAPITests {
    static let other = Cast.room("other_host", roomId: Cast.roomId + 2, script: [])

    @Test func roomInfoHasTitleCountsOwnerAndStreamsOfEveryQuality() async throws {
        var room = Cast.room(script: [])
        room.title = "Cooking with Host"
        room.viewerCount = 321
        room.likeCount = 9_876
        try await withEdge(rooms: [room]) { edge in
            let info = try await TikTokWeb(configuration: fastConfiguration(edge)).roomInfo(of: "@host")
            #expect(info.roomId == String(Cast.roomId))
            #expect(info.isLive && info.status == 2)
            #expect(info.title == "Cooking with Host")
            #expect(info.viewerCount == 321)
            #expect(info.likeCount == 9_876)
            #expect(info.totalViewers == 3_210)
            #expect(info.owner?.userId == String(Cast.hostId))
            #expect(info.owner?.uniqueId == "host")
            #expect(info.owner?.nickname == "Host")
            let started = try #require(info.startTime)
            #expect(abs(started.timeIntervalSinceNow + 600) < 300)
            #expect(info.streams.map(\.quality) == [.origin, .hd, .sd, .ld])
            let hd = try #require(info.stream(.hd))
            #expect(hd.flv?.absoluteString == "\(edge.webURL)/stream/\(Cast.roomId)/hd.flv")
            #expect(hd.hls?.absoluteString == "\(edge.webURL)/stream/\(Cast.roomId)/hd.m3u8")
            let request = try #require(edge.httpRequests.first { $0.path == "/webcast/room/info/" })
            #expect(request.query["room_id"] == String(Cast.roomId))
            #expect(request.query["aid"] == "1988")
            #expect(request.header("Referer") == "https://www.tiktok.com/")
        }
    }

    @Test func roomInfoOfAnOfflineOrUnknownCreatorSaysSo() async throws {
        try await withEdge(rooms: [Cast.quiet]) { edge in
            let web = TikTokWeb(configuration: fastConfiguration(edge))
            do throws(TikTokLiveError) {
                _ = try await web.roomInfo(of: "quiet")
                Issue.record("an offline creator has no live room")
            } catch {
                #expect(error.kind == .offline)
            }
            do throws(TikTokLiveError) {
                _ = try await web.roomInfo(of: "nobody_here")
                Issue.record("an unknown user has no room info")
            } catch {
                #expect(error.kind == .notFound)
            }
            do throws(TikTokLiveError) {
                _ = try await web.roomInfo(of: "not a name")
                Issue.record("an invalid name is refused")
            } catch {
                #expect(error.kind == .invalidUsername)
            }
            do throws(TikTokLiveError) {
                _ = try await web.roomInfo(roomId: "123")
                Issue.record("an unknown room id has no room info")
            } catch {
                #expect(error.kind == .notFound)
            }
        }
    }

    @Test func roomInfoThroughTikTokRefusalsHasTheRightKind() async throws {
        try await withEdge(rooms: [Cast.room(script: [])]) { edge in
            let web = TikTokWeb(configuration: fastConfiguration(edge) { $0.httpRetries = 1 })
            edge.updateFaults { $0.roomInfoErrors = [429, 429] }
            do throws(TikTokLiveError) {
                _ = try await web.roomInfo(roomId: String(Cast.roomId))
                Issue.record("two 429s with one retry is rate limiting")
            } catch {
                #expect(error.kind == .rateLimited)
                #expect(error.message.contains("HTTP 429"))
            }
            edge.updateFaults { $0.roomInfoErrors = [503] }
            let recovered = try await web.roomInfo(roomId: String(Cast.roomId))
            #expect(recovered.isLive, "a 503 is retried")
            edge.updateFaults { $0.captcha = true }
            do throws(TikTokLiveError) {
                _ = try await web.roomInfo(roomId: String(Cast.roomId))
                Issue.record("a captcha page is a block")
            } catch {
                #expect(error.kind == .blocked)
                #expect(error.message.contains("verification page"))
            }
        }
    }

    @Test func giftCatalogHasNamesDiamondsImagesAndStreaks() async throws {
        try await withEdge(rooms: [Cast.room(script: []), Cast.quiet]) { edge in
            let web = TikTokWeb(configuration: fastConfiguration(edge))
            let catalog = try await web.giftCatalog(of: "host")
            #expect(catalog.gifts.count == FakeGift.standardCatalog.count)
            let rose = try #require(catalog[5655])
            #expect(rose.name == "Rose" && rose.diamondCount == 1 && rose.streakable)
            #expect(rose.imageUrl == FakeGift.imageURL(id: 5655))
            let lion = try #require(catalog[6369])
            #expect(lion.name == "Lion" && lion.diamondCount == 29_999 && !lion.streakable)
            #expect(catalog[1] == nil)
            let list = edge.httpRequests.filter { $0.path == "/webcast/gift/list/" }
            #expect(list.map { $0.query["room_id"] } == [String(Cast.roomId)])

            // Offline: the region's catalog, asked for without a room.
            let regional = try await web.giftCatalog(of: "quiet")
            #expect(regional[5655]?.name == "Rose")
            #expect(edge.httpRequests.filter { $0.path == "/webcast/gift/list/" }.last?.query["room_id"] == nil)

            edge.updateFaults { $0.giftListErrors = [404] }
            do throws(TikTokLiveError) {
                _ = try await web.giftCatalog(roomId: String(Cast.roomId))
                Issue.record("a 404 is an error")
            } catch {
                #expect(error.kind == .notFound)
            }
        }
    }

    @Test func liveStatusReportsEveryCreatorInOrderFromTheirOwnRoomStatus() async throws {
        try await withEdge(rooms: [Cast.room(script: []), Cast.quiet, Self.other]) { edge in
            let names = ["host", "quiet", "nobody_here", "@other_host", "bad name!"]
            let statuses = await TikTokWeb(configuration: fastConfiguration(edge)).liveStatus(of: names)
            #expect(statuses.map(\.uniqueId) == ["host", "quiet", "nobody_here", "other_host", "bad name!"])
            #expect(statuses.map(\.state) == [.live, .offline, .notFound, .live, .error])
            #expect(statuses[0].roomId == String(Cast.roomId))
            #expect(statuses[0].viewerCount == 123)
            #expect(statuses[0].title == "Host is LIVE")
            #expect(statuses[3].roomId == String(Cast.roomId + 2))
            #expect(statuses[4].error?.kind == .invalidUsername)
            let paths = Set(edge.httpRequests.map(\.path))
            #expect(!paths.contains { $0.contains("check_alive") })
            let asked = edge.httpRequests.filter { $0.path == "/api-live/user/room/" }.compactMap {
                $0.query["uniqueId"]
            }
            #expect(Set(asked) == ["host", "quiet", "nobody_here", "other_host"])
        }
    }

    @Test func liveStatusLooksUpAtMostConcurrencyCreatorsAtOnce() async throws {
        try await withEdge(rooms: [Cast.room(script: []), Cast.quiet]) { edge in
            edge.updateFaults { $0.lookupDelay = .milliseconds(300) }
            let names = (0..<10).map { $0 % 2 == 0 ? "host" : "quiet" }
            let statuses = await TikTokWeb(configuration: fastConfiguration(edge)).liveStatus(of: names)
            #expect(statuses.map(\.state) == names.map { $0 == "host" ? .live : .offline })
            #expect(edge.maxLookupsInFlight <= 4, "the default bound")
            #expect(edge.maxLookupsInFlight > 1, "lookups do overlap")
        }
        try await withEdge(rooms: [Cast.room(script: [])]) { edge in
            edge.updateFaults { $0.lookupDelay = .milliseconds(100) }
            _ = await TikTokWeb(configuration: fastConfiguration(edge)).liveStatus(
                of: Array(repeating: "host", count: 4), concurrency: 1)
            #expect(edge.maxLookupsInFlight == 1)
        }
    }

    @Test func liveStatusOfABlockedNetworkSaysBlocked() async throws {
        try await withEdge(
            rooms: [Cast.room(script: [])],
            faults: {
                var f = FakeEdgeFaults(); f.captcha = true; return f
            }()
        ) {
            edge in
            let statuses = await TikTokWeb.liveStatus(of: ["host"], configuration: fastConfiguration(edge))
            #expect(statuses.map(\.state) == [.blocked])
        }
    }

    @Test func aRateLimitedBatchPausesEveryLookupThenFinishes() async throws {
        try await withEdge(rooms: [Cast.room(script: []), Cast.quiet, Self.other]) { edge in
            // The first creator's api-live and live page both answer 429.
            edge.updateFaults { $0.rateLimitedRequests = 2 }
            let configuration = fastConfiguration(edge) {
                $0.backoff = .init(base: .milliseconds(150), cap: .seconds(1))
            }
            let statuses = await TikTokWeb(configuration: configuration)
                .liveStatus(of: ["host", "quiet", "other_host"], concurrency: 1)
            #expect(statuses.map(\.state) == [.live, .offline, .live])
            let requests = edge.httpRequests
            let lastLimited = try #require(requests.lastIndex { $0.status == 429 })
            #expect(requests.filter { $0.status == 429 }.count == 2)
            let next = try #require(requests.indices.first { $0 > lastLimited })
            // The backoff's first pause is base × 2.
            #expect(requests[next].receivedAt - requests[lastLimited].receivedAt >= .milliseconds(300))
            #expect(requests[next].query["uniqueId"] == "host", "the limited creator is retried")
        }
    }

    @Test func liveStatusOutlastedByRateLimitingIsAnError() async throws {
        try await withEdge(rooms: [Cast.room(script: [])]) { edge in
            edge.updateFaults { $0.rateLimitedRequests = 100 }
            let configuration = fastConfiguration(edge) { $0.httpRetries = 2 }
            let statuses = await TikTokWeb(configuration: configuration).liveStatus(of: ["host"])
            #expect(statuses.map(\.state) == [.error])
            #expect(statuses.first?.error?.kind == .rateLimited)
            // One try and two retries, each asking api-live and the live page.
            #expect(edge.httpRequests.filter { $0.status == 429 }.count == 6)
        }
    }

    @Test func sessionCookiesGoToTikTokAndNeverToTheStream() async throws {
        try await withEdge(rooms: [Cast.room(script: [])]) { edge in
            let configuration = fastConfiguration(edge) { $0.sessionCookies = ["sessionid": "secret-value"] }
            let info = try await TikTokWeb(configuration: configuration).roomInfo(of: "host")
            let url = try #require(info.stream(.ld)?.flv)
            _ = try await StreamRecorder(configuration: configuration).record(from: url, write: { _ in })
            let roomInfo = try #require(edge.httpRequests.first { $0.path == "/webcast/room/info/" })
            #expect(roomInfo.header("Cookie")?.contains("sessionid=secret-value") == true)
            let stream = try #require(edge.httpRequests.first { $0.path.hasPrefix("/stream/") })
            #expect(stream.header("Cookie") == nil)
        }
    }
}
