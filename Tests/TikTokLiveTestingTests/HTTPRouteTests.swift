import Foundation
import NIOHTTP1
import Testing
import TikTokLiveTesting

/// The web routes a client resolves rooms and mints cookies with (docs/PROTOCOL.md#room-resolution, #ttwid-cookie).
@Suite struct HTTPRouteTests {
    @Test func healthAndUnknownPaths() async throws {
        try await withEdge { edge in
            let health = try await get(edge, "/health")
            #expect(health.status == 200)
            #expect(health.body == "ok")
            #expect(try await get(edge, "/nope").status == 404)
            #expect(try await get(edge, "/").status == 404)
            // A plain GET on the socket path is not a handshake.
            #expect(try await get(edge, "/webcast/im/ws_proxy/ws_reuse_supplement/").status == 400)
            #expect(edge.webURL.absoluteString == "http://127.0.0.1:\(edge.port)")
            #expect(edge.webcastURL == edge.webURL)
            #expect(edge.wsURL.absoluteString == "ws://127.0.0.1:\(edge.port)/webcast/im/ws_proxy/ws_reuse_supplement/")
        }
    }

    @Test(arguments: ["/api-live/user/room", "/api-live/user/room/"])
    func apiLiveForALiveHost(path: String) async throws {
        try await withEdge { edge in
            let answer = try await get(edge, "\(path)?aid=1988&sourceType=54&uniqueId=Host")
            #expect(answer.status == 200)
            let json = try answer.json()
            #expect(json["statusCode"] as? Int == 0)
            let data = try #require(json["data"] as? [String: Any])
            let user = try #require(data["user"] as? [String: Any])
            // Ids are strings: they do not fit a JSON number losslessly.
            #expect(user["roomId"] as? String == String(Fixture.roomId))
            #expect(user["id"] as? String == String(Fixture.hostId))
            #expect(user["uniqueId"] as? String == "host")
            #expect(user["nickname"] as? String == "The Host")
            #expect(user["status"] as? Int == 2)
            let liveRoom = try #require(data["liveRoom"] as? [String: Any])
            #expect(liveRoom["status"] as? Int == 2)
            #expect((liveRoom["title"] as? String)?.isEmpty == false)
            let stats = try #require(liveRoom["liveRoomStats"] as? [String: Any])
            #expect(stats["userCount"] as? Int == 123)

            let record = try #require(edge.httpRequests.last)
            #expect(record.path == path)
            #expect(record.query["uniqueId"] == "Host")
            #expect(record.query["sourceType"] == "54")
            #expect(record.header("user-agent") == Fixture.userAgent)
            #expect(record.status == 200)
        }
    }

    @Test func apiLiveForAnOfflineHostAndAnUnknownUser() async throws {
        try await withEdge(rooms: [Fixture.room(status: .offline)]) { edge in
            let offline = try await get(edge, "/api-live/user/room/?uniqueId=host").json()
            #expect(offline["statusCode"] as? Int == 0)
            let data = try #require(offline["data"] as? [String: Any])
            let user = try #require(data["user"] as? [String: Any])
            #expect(user["status"] as? Int == 4)
            #expect(user["roomId"] as? String == "")
            #expect((data["liveRoom"] as? [String: Any])?["status"] as? Int == 4)

            let unknown = try await get(edge, "/api-live/user/room/?uniqueId=nobody")
            #expect(unknown.status == 200)
            let json = try unknown.json()
            #expect(json["statusCode"] as? Int == 19_881_007)
            #expect(json["message"] as? String == "user_not_found")
            #expect((json["data"] as? [String: Any])?.isEmpty == true)
        }
    }

    @Test func apiLiveFaultsAreConsumedInOrder() async throws {
        var faults = FakeEdgeFaults()
        faults.apiLiveErrors = [503, 429]
        try await withEdge(faults: faults) { edge in
            let statuses = try await [
                get(edge, "/api-live/user/room/?uniqueId=host").status,
                get(edge, "/api-live/user/room/?uniqueId=host").status,
                get(edge, "/api-live/user/room/?uniqueId=host").status,
            ]
            #expect(statuses == [503, 429, 200])
            #expect(edge.faults.apiLiveErrors.isEmpty)

            edge.updateFaults { $0.apiLiveDisabled = true }
            #expect(try await get(edge, "/api-live/user/room/?uniqueId=host").status == 404)
            // The live page still answers: it is the fallback.
            #expect(try await get(edge, "/@host/live").body.contains("SIGI_STATE"))
        }
    }

    @Test func captchaFaultServesTheVerifyPage() async throws {
        var faults = FakeEdgeFaults()
        faults.captcha = true
        try await withEdge(faults: faults) { edge in
            let api = try await get(edge, "/api-live/user/room/?uniqueId=host")
            #expect(api.status == 200)
            #expect(api.headers["Content-Type"].first?.hasPrefix("text/html") == true)
            #expect((try? api.json()) == nil)

            let page = try await get(edge, "/@host/live")
            #expect(page.body.contains("tiktok-verify-page"))
            #expect(!page.body.contains("SIGI_STATE"))

            edge.updateFaults { $0.captcha = false }
            #expect(try await get(edge, "/api-live/user/room/?uniqueId=host").json()["statusCode"] as? Int == 0)
        }
    }

    @Test func livePageCarriesSigiState() async throws {
        try await withEdge(rooms: [Fixture.room(), Fixture.room(uniqueId: "sleepy", roomId: 55, status: .offline)]) {
            edge in
            let live = try sigiState(try await get(edge, "/@host/live").body)
            let info = try #require(
                (live["LiveRoom"] as? [String: Any])?["liveRoomUserInfo"] as? [String: Any])
            let user = try #require(info["user"] as? [String: Any])
            #expect(user["roomId"] as? String == String(Fixture.roomId))
            #expect(user["uniqueId"] as? String == "host")
            #expect(user["status"] as? Int == 2)
            #expect((info["liveRoom"] as? [String: Any])?["status"] as? Int == 2)

            let offline = try sigiState(try await get(edge, "/@sleepy/live").body)
            let offlineUser = try #require(
                ((offline["LiveRoom"] as? [String: Any])?["liveRoomUserInfo"] as? [String: Any])?["user"]
                    as? [String: Any])
            #expect(offlineUser["status"] as? Int == 4)

            let unknown = try sigiState(try await get(edge, "/@nobody/live").body)
            #expect(unknown["LiveRoom"] == nil)
        }
    }

    @Test func profilePagesMintTtwidUnlessWithheld() async throws {
        var faults = FakeEdgeFaults()
        faults.ttwidWithheld = 1
        try await withEdge(faults: faults) { edge in
            let withheld = try await get(edge, "/@host")
            #expect(withheld.status == 200)
            #expect(withheld.headers["Set-Cookie"].isEmpty)

            let minted = try await get(edge, "/@tiktok")
            let cookie = try #require(minted.headers["Set-Cookie"].first)
            #expect(cookie.hasSuffix("; Path=/; HttpOnly"))
            let value = String(try #require(cookie.split(separator: ";").first).dropFirst("ttwid=".count))
            let parts = value.components(separatedBy: "%7C")
            #expect(parts.count == 4)
            #expect(parts[0] == "1")
            #expect(!parts[1].isEmpty)
            let timestamp = try #require(Int(parts[2]))
            #expect(abs(timestamp - Int(Date().timeIntervalSince1970)) < 60)
            #expect(parts[3].count == 64 && parts[3].allSatisfy(\.isHexDigit))
            #expect(edge.mintedTtwids == [value.replacingOccurrences(of: "%7C", with: "|")])

            // Every mint is new.
            let second = try await mintTtwid(edge, user: "host")
            #expect(second != value)
            #expect(edge.mintedTtwids.count == 2)
        }
    }

    @Test func roomInfoDescribesTheRoom() async throws {
        try await withEdge { edge in
            let json = try await get(edge, "/webcast/room/info/?aid=1988&room_id=\(Fixture.roomId)").json()
            #expect(json["status_code"] as? Int == 0)
            let data = try #require(json["data"] as? [String: Any])
            #expect(data["status"] as? Int == 2)
            #expect(data["id_str"] as? String == String(Fixture.roomId))
            #expect(data["user_count"] as? Int == 123)
            #expect((data["title"] as? String)?.isEmpty == false)
            let owner = try #require(data["owner"] as? [String: Any])
            #expect(owner["id_str"] as? String == String(Fixture.hostId))
            #expect(owner["display_id"] as? String == "host")

            let unknown = try await get(edge, "/webcast/room/info/?room_id=1").json()
            #expect(unknown["status_code"] as? Int != 0)
        }
    }

    @Test func addReplacesARoomByHandle() async throws {
        try await withEdge { edge in
            edge.add(Fixture.room(roomId: 99))
            let json = try await get(edge, "/api-live/user/room/?uniqueId=host").json()
            let user = try #require((json["data"] as? [String: Any])?["user"] as? [String: Any])
            #expect(user["roomId"] as? String == "99")
        }
    }

    /// The JSON inside `<script id="SIGI_STATE" type="application/json">…</script>`.
    private func sigiState(_ html: String) throws -> [String: Any] {
        let open = #"<script id="SIGI_STATE" type="application/json">"#
        let start = try #require(html.range(of: open))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let object = try JSONSerialization.jsonObject(with: Data(html[start.upperBound..<end.lowerBound].utf8))
        return try #require(object as? [String: Any])
    }
}
