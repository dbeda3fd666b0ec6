import Foundation
import Testing
import TikTokLiveTestSupport

@testable import TikTokLiveEvents

/// The client's pure parts: request building, room-lookup parsing, backoff, de-duplication, validation.
@Suite struct ClientUnitTests {
    static func configuration() -> TikTokLive.Configuration {
        TikTokLive.Configuration(
            endpoints: .init(
                webURL: URL(string: "http://127.0.0.1:8080/")!, webcastURL: URL(string: "http://127.0.0.1:8080")!,
                wsURL: URL(string: "ws://127.0.0.1:8081/webcast/im/ws_proxy/ws_reuse_supplement/")!))
    }

    static func queryItems(_ query: String) -> [(String, String)] {
        query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), String(parts[1]).removingPercentEncoding!)
        }
    }

    // MARK: - Requests

    @Test func apiLiveURLCarriesTheDocumentedQueryInOrder() throws {
        let url = WebRequests(configuration: Self.configuration()).apiLiveURL(uniqueId: "ann.b_1")
        #expect(url.hasPrefix("http://127.0.0.1:8080/api-live/user/room/?"))
        let items = Self.queryItems(String(url.split(separator: "?")[1]))
        #expect(
            items.map(\.0) == [
                "aid", "app_name", "device_platform", "app_language", "browser_language", "region", "user_is_login",
                "sourceType", "staleTime", "uniqueId",
            ])
        #expect(
            items.map(\.1) == ["1988", "tiktok_web", "web_pc", "en", "en-US", "US", "false", "54", "600000", "ann.b_1"])
    }

    @Test func pageURLsAndAnonymousHeaders() {
        var configuration = Self.configuration()
        configuration.sessionCookies = ["sessionid": "SECRET"]
        let requests = WebRequests(configuration: configuration)
        #expect(requests.livePageURL(uniqueId: "ann") == "http://127.0.0.1:8080/@ann/live")
        #expect(
            requests.ttwidPages(uniqueId: "ann") == [
                "http://127.0.0.1:8080/@ann", "http://127.0.0.1:8080/@tiktok",
            ])
        // The ttwid page loads are anonymous; the lookups carry the session.
        #expect(!requests.browserHeaders(accept: "*/*").contains { $0.0 == "Cookie" })
        #expect(requests.lookupHeaders(accept: "*/*").contains { $0 == ("Cookie", "sessionid=SECRET") })
    }

    @Test func socketRequestKeepsTheTrailingSlashAndBuildsTheQuery() throws {
        var configuration = Self.configuration()
        configuration.heartbeatInterval = .milliseconds(2500)
        configuration.sessionCookies = ["sessionid": "abc", "tt-target-idc": "useast1a"]
        let request = try PushSocketRequest(
            configuration: configuration, roomId: "7301234567890123456", ttwid: "1|xyz|1700000000|h",
            timeZone: "Europe/Berlin")
        #expect(request.scheme == "ws")
        #expect(request.host == "127.0.0.1")
        #expect(request.port == 8081)
        #expect(request.path == "/webcast/im/ws_proxy/ws_reuse_supplement/")
        #expect(request.hostDescription == "127.0.0.1:8081")
        let values = Dictionary(Self.queryItems(request.query), uniquingKeysWith: { first, _ in first })
        #expect(values["room_id"] == "7301234567890123456")
        #expect(values["heartbeat_duration"] == "2500")
        #expect(values["tz_name"] == "Europe/Berlin")
        #expect(values["browser_version"]?.hasPrefix("5.0 (X11; Linux x86_64)") == true)
        #expect(!request.query.contains(" "), "spaces are escaped on the request line")

        let headers = Dictionary(request.headers.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        #expect(headers["Cookie"] == "ttwid=1|xyz|1700000000|h; sessionid=abc; tt-target-idc=useast1a")
        #expect(headers["Origin"] == "https://www.tiktok.com")
        #expect(headers["Referer"] == "https://www.tiktok.com/")
        #expect(headers["User-Agent"] == TikTokLive.Configuration.defaultUserAgent)
        #expect(headers["Accept-Language"] == "en-US,en;q=0.9")
        #expect(!request.url.contains("sessionid"), "the loggable URL carries no cookie")
    }

    /// The exact bytes: the web player's parameter order, `version_code` twice, nothing percent-encoded in what a
    /// signer signs, and only what a URL cannot hold escaped on the request line.
    @Test func socketQueryIsTheWebPlayersExactString() throws {
        let request = try PushSocketRequest(
            configuration: Self.configuration(), roomId: "7301234567890123456", ttwid: "t",
            timeZone: "America/New_York")
        let expected =
            "version_code=180800&device_platform=web&cookie_enabled=true&screen_width=1920&screen_height=1080"
            + "&browser_language=en-US&browser_platform=Linux x86_64&browser_name=Mozilla"
            + "&browser_version=5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
            + "&browser_online=true&tz_name=America/New_York&app_name=tiktok_web&sup_ws_ds_opt=1"
            + "&update_version_code=2.0.0&compress=gzip&webcast_language=en&aid=1988&live_id=12&version_code=270000"
            + "&app_language=en&ws_direct=1&client_enter=1&room_id=7301234567890123456&identity=audience&last_rtt=-1"
            + "&heartbeat_duration=10000&resp_content_type=protobuf&did_rule=3"
        let signing = request.signingRequest(
            userAgent: TikTokLive.Configuration.defaultUserAgent, roomId: "7301234567890123456")
        #expect(signing.query == expected)
        #expect(signing.url == "ws://127.0.0.1:8081/webcast/im/ws_proxy/ws_reuse_supplement/?" + expected)
        #expect(request.query == expected.replacingOccurrences(of: " ", with: "%20"))
    }

    @Test func socketQueryFactsAreConfigurable() throws {
        var configuration = Self.configuration()
        configuration.socketQuery = .init(
            configVersionCode: nil, lastRTT: "0", deviceId: "7300000000000000001", compress: false,
            extraParameters: [.init("cursor", "1|2")])
        let request = try PushSocketRequest(configuration: configuration, roomId: "1", ttwid: "t", timeZone: "UTC")
        let items = Self.queryItems(request.query)
        #expect(items.filter { $0.0 == "version_code" }.map(\.1) == ["180800"])
        #expect(!items.contains { $0.0 == "compress" })
        #expect(items.suffix(3).map(\.0) == ["did_rule", "device_id", "cursor"])
        #expect(items.contains { $0 == ("did_rule", "0") })
        #expect(items.contains { $0 == ("last_rtt", "0") })
    }

    @Test func signerAnswersAreApplied() throws {
        let request = try PushSocketRequest(
            configuration: Self.configuration(), roomId: "1", ttwid: "t", timeZone: "UTC")
        let appended = try request.signed(
            SocketSignature(parameters: [("X-Gnarly", "a/b+c=")], headers: [("User-Agent", "Signed/1.0")]))
        #expect(appended.query == request.query + "&X-Gnarly=a%2Fb%2Bc%3D")
        #expect(appended.headers.filter { $0.name == "User-Agent" }.map(\.value) == ["Signed/1.0"])
        // A whole URL, as a signing service answers it (raw spaces are escaped for the wire).
        let replaced = try request.signed(SocketSignature(url: "wss://signed.example:8443/ws/?a=b c&X-Gnarly=z"))
        #expect(replaced.scheme == "wss")
        #expect(replaced.host == "signed.example")
        #expect(replaced.port == 8443)
        #expect(replaced.path == "/ws/")
        #expect(replaced.query == "a=b%20c&X-Gnarly=z")
        #expect(throws: TikTokLiveError.self) { try request.signed(SocketSignature(url: "ftp://x/")) }
        #expect(throws: TikTokLiveError.self) { try request.signed(SocketSignature(url: "wss://:99999/")) }
    }

    @Test func httpSignerAnswersAreRead() throws {
        let good = try HTTPSocketSigner.signature(
            from: Array(#"{"url":"wss://a/?q=1&X-Gnarly=s","headers":{"X-B":"2","X-A":"1"}}"#.utf8), signer: "s")
        #expect(good.url == "wss://a/?q=1&X-Gnarly=s")
        #expect(good.headers == [.init("X-A", "1"), .init("X-B", "2")])
        for body in ["<html>", #"{"signed":"x"}"#, #"{"url":""}"#, #"{"url":"wss://a/","headers":{"X":1}}"#, "[]"] {
            do {
                _ = try HTTPSocketSigner.signature(from: Array(body.utf8), signer: "s")
                Issue.record("\(body) should be refused")
            } catch {
                #expect(error.kind == .signer)
            }
        }
    }

    @Test func socketRequestDefaultsAndExistingQuery() throws {
        var configuration = Self.configuration()
        configuration.endpoints.wsURL = URL(string: "wss://example.test/ws/?region=eu")!
        let request = try PushSocketRequest(configuration: configuration, roomId: "1", ttwid: "t")
        #expect(request.port == 443)
        #expect(request.hostDescription == "example.test")
        #expect(request.path == "/ws/")
        #expect(request.query.hasPrefix("region=eu&version_code=180800&"))
        #expect(Self.queryItems(request.query).contains { $0 == ("heartbeat_duration", "10000") })
    }

    @Test func endpointsComeFromTheEnvironmentWithDefaults() {
        let defaults = TikTokLive.Endpoints(environment: [:])
        #expect(defaults.webURL.absoluteString == "https://www.tiktok.com")
        #expect(defaults.webcastURL.absoluteString == "https://webcast.tiktok.com")
        #expect(defaults.wsURL.absoluteString == "wss://webcast-ws.tiktok.com/webcast/im/ws_proxy/ws_reuse_supplement/")
        let custom = TikTokLive.Endpoints(environment: [
            "TIKTOK_LIVE_WEB_URL": "http://127.0.0.1:1", "TIKTOK_LIVE_WEBCAST_URL": "http://127.0.0.1:2",
            "TIKTOK_LIVE_WS_URL": "ws://127.0.0.1:3/x/",
        ])
        #expect(custom.webURL.absoluteString == "http://127.0.0.1:1")
        #expect(custom.webcastURL.absoluteString == "http://127.0.0.1:2")
        #expect(custom.wsURL.absoluteString == "ws://127.0.0.1:3/x/")
    }

    @Test func sessionCookiesNeverShowTheirValues() {
        var configuration = TikTokLive.Configuration()
        configuration.sessionCookies = ["sessionid": "TOPSECRET", "sid_tt": "ALSOSECRET"]
        var dumped = ""
        dump(configuration, to: &dumped)
        let described = "\(configuration) \(String(reflecting: configuration)) \(configuration.sessionCookies)"
        for text in [dumped, described] {
            #expect(!text.contains("TOPSECRET"))
            #expect(!text.contains("ALSOSECRET"))
        }
        #expect(dumped.contains("sessionid"))
    }

    @Test func ttwidIsReadFromSetCookie() {
        let response = WebResponse(
            status: 200, headers: [], body: [],
            setCookies: [
                "tt_csrf_token=abc; Path=/", "ttwid=; Path=/",
                "ttwid=1%7Cabc%7C1700000000%7Cdef; Domain=.tiktok.com; Path=/; Max-Age=31536000; HttpOnly",
            ])
        #expect(response.cookie(named: "ttwid") == "1%7Cabc%7C1700000000%7Cdef")
        #expect(response.cookie(named: "msToken") == nil)
    }

    // MARK: - Room lookup parsing

    static func apiLive(_ json: String) -> RoomLookupAnswer {
        RoomLookupParser.apiLive(Array(json.utf8), uniqueId: "ann")
    }

    @Test func apiLiveLiveRoom() {
        let answer = Self.apiLive(
            #"{"statusCode":0,"data":{"user":{"id":"6800000000000000001","uniqueId":"ann","nickname":"Ann","roomId":"7301234567890123456","status":2},"liveRoom":{"status":2,"title":"hi","liveRoomStats":{"userCount":42}}}}"#
        )
        #expect(
            answer
                == .live(
                    ResolvedRoom(
                        roomId: "7301234567890123456", uniqueId: "ann", hostUserId: "6800000000000000001",
                        nickname: "Ann",
                        title: "hi", viewerCount: 42)))
    }

    @Test func apiLiveOfflineVariants() {
        // Status 4 with a room id; no room at all; room "0".
        for json in [
            #"{"statusCode":0,"data":{"user":{"uniqueId":"ann","roomId":"7301","status":4},"liveRoom":{"status":4}}}"#,
            #"{"statusCode":0,"data":{"user":{"uniqueId":"ann","roomId":"","status":2}}}"#,
            #"{"statusCode":0,"data":{"user":{"uniqueId":"ann","roomId":"0","status":2},"liveRoom":{"status":2}}}"#,
        ] {
            guard case .offline = Self.apiLive(json) else {
                Issue.record("expected offline for \(json), got \(Self.apiLive(json))")
                continue
            }
        }
        // user.status 2 alone is enough (PT's rule).
        guard case .live = Self.apiLive(#"{"statusCode":0,"data":{"user":{"roomId":"77","status":2}}}"#) else {
            Issue.record("user.status 2 should be live")
            return
        }
    }

    @Test func apiLiveNotFoundAndUnusable() {
        #expect(Self.apiLive(#"{"statusCode":19881007,"data":{}}"#) == .notFound)
        #expect(Self.apiLive(#"{"statusCode":10000,"message":"user_not_found"}"#) == .notFound)
        guard case .unusable = Self.apiLive("<html>Access denied</html>") else {
            Issue.record("non-JSON should be unusable")
            return
        }
        guard case .unusable = Self.apiLive(#"{"statusCode":10011,"message":"params_error"}"#) else {
            Issue.record("other status codes fall back")
            return
        }
        guard case .challenged = Self.apiLive(#"<div id="tiktok-verify-page">"#) else {
            Issue.record("a verify page is a challenge")
            return
        }
    }

    static func page(_ sigi: String) -> String {
        #"<html><head><script nonce="x" type="application/json" id="SIGI_STATE">"# + sigi
            + #"</script><script id="other">{}</script></head></html>"#
    }

    @Test func livePageLiveOfflineAndUnknown() {
        let live = Self.page(
            #"{"LiveRoom":{"liveRoomUserInfo":{"user":{"id":"1","uniqueId":"ann","nickname":"Ann","roomId":"7301","status":2},"liveRoom":{"status":2,"title":"t"}}}}"#
        )
        #expect(
            RoomLookupParser.livePage(live, uniqueId: "ann")
                == .live(
                    ResolvedRoom(
                        roomId: "7301", uniqueId: "ann", hostUserId: "1", nickname: "Ann", title: "t", viewerCount: nil)
                ))
        let offline = Self.page(
            #"{"LiveRoom":{"liveRoomUserInfo":{"user":{"roomId":"7301","status":4},"liveRoom":{"status":4}}}}"#)
        guard case .offline = RoomLookupParser.livePage(offline, uniqueId: "ann") else {
            Issue.record("status 4 is offline")
            return
        }
        #expect(RoomLookupParser.livePage(Self.page(#"{"AppContext":{}}"#), uniqueId: "ann") == .notFound)
    }

    @Test func livePageChallenges() {
        for html in [
            #"<html><body><div id="tiktok-verify-page"></div></body></html>"#,
            "<html><body>nothing here</body></html>",
            Self.page("{not json"),
        ] {
            guard case .challenged = RoomLookupParser.livePage(html, uniqueId: "ann") else {
                Issue.record("expected a challenge for \(html)")
                continue
            }
        }
        #expect(RoomLookupParser.sigiState(in: #"<script id="SIGI_STATE">  {"a":1} </script>"#) == #"{"a":1}"#)
    }

    static func universalPage(_ json: String) -> String {
        #"<html><body><script id="__UNIVERSAL_DATA_FOR_REHYDRATION__" type="application/json">"# + json
            + "</script></body></html>"
    }

    @Test func livePageUniversalDataLayout() {
        // The profile-style scope: a room id, no live status.
        let detail = Self.universalPage(
            #"{"__DEFAULT_SCOPE__":{"webapp.user-detail":{"statusCode":0,"userInfo":{"user":{"id":"1","uniqueId":"Ann","nickname":"Ann","roomId":"7301"}}}}}"#
        )
        #expect(
            RoomLookupParser.livePage(detail, uniqueId: "ann")
                == .roomIdOnly(ResolvedRoom(roomId: "7301", uniqueId: "Ann", hostUserId: "1", nickname: "Ann")))
        // A scope shaped like SIGI's LiveRoom, with statuses.
        let live = Self.universalPage(
            #"{"__DEFAULT_SCOPE__":{"webapp.live-detail":{"liveRoomUserInfo":{"user":{"uniqueId":"ann","roomId":"7302","status":2},"liveRoom":{"status":2,"title":"t","liveRoomStats":{"userCount":5}}}}}}"#
        )
        #expect(
            RoomLookupParser.livePage(live, uniqueId: "ann")
                == .live(ResolvedRoom(roomId: "7302", uniqueId: "ann", title: "t", viewerCount: 5)))
        #expect(
            RoomLookupParser.livePage(
                Self.universalPage(#"{"__DEFAULT_SCOPE__":{"webapp.user-detail":{"statusCode":10221}}}"#),
                uniqueId: "ann") == .notFound)
        guard case .challenged = RoomLookupParser.livePage(Self.universalPage("{nope"), uniqueId: "ann") else {
            Issue.record("broken JSON is a challenge")
            return
        }
    }

    @Test func usernamesMatchCaseInsensitivelyAndOthersAreRefused() {
        let other = Self.apiLive(
            #"{"statusCode":0,"data":{"user":{"uniqueId":"someone_else","roomId":"77","status":2}}}"#)
        guard case .unusable(let reason) = other else {
            Issue.record("an answer about another user is unusable, got \(other)")
            return
        }
        #expect(reason.contains("@someone_else"))
        guard
            case .live(let room) = Self.apiLive(
                #"{"statusCode":0,"data":{"user":{"uniqueId":"ANN","roomId":"77","status":2}}}"#)
        else {
            Issue.record("case differences are the same user")
            return
        }
        #expect(room.uniqueId == "ANN")
        var configuration = Self.configuration()
        configuration.knownRoomIds = ["@Ann": "7301"]
        #expect(configuration.knownRoomId(for: "ann") == "7301")
        #expect(configuration.knownRoomId(for: "bob") == nil)
    }

    @Test func roomInfoStatuses() {
        func answer(_ json: String) -> RoomLookupAnswer {
            RoomInfoLookup.answer(Array(json.utf8), roomId: "7301", uniqueId: "ann")
        }
        #expect(
            answer(
                #"{"status_code":0,"data":{"status":2,"title":"hi","user_count":9,"owner":{"id_str":"1","display_id":"ann","nickname":"Ann"}}}"#
            )
                == .live(
                    ResolvedRoom(
                        roomId: "7301", uniqueId: "ann", hostUserId: "1", nickname: "Ann", title: "hi", viewerCount: 9))
        )
        guard case .offline = answer(#"{"status_code":0,"data":{"status":4}}"#) else {
            Issue.record("status 4 has ended")
            return
        }
        #expect(answer(#"{"status_code":4003110,"data":{}}"#) == .ageRestricted)
        guard case .unusable = answer(#"{"status_code":30003,"message":"room_not_found"}"#),
            case .unusable = answer("<html>"), case .challenged = answer(#"<div id="tiktok-verify-page">"#)
        else {
            Issue.record("other answers are unusable or challenges")
            return
        }
        #expect(
            RoomInfoLookup.url(WebRequests(configuration: Self.configuration()), roomId: "7301").hasPrefix(
                "http://127.0.0.1:8080/webcast/room/info/?aid=1988&"))
    }

    @Test func theDecisiveFailureFollowsTheLookupPolicy() {
        typealias Step = ConnectionDiagnosis.Step
        func diagnosis(_ steps: [Step]) -> ConnectionDiagnosis { ConnectionDiagnosis(uniqueId: "ann", steps: steps) }
        let blocked = Step(name: .apiLive, outcome: .failed, detail: "HTTP 403", errorKind: .blocked)
        let offline = Step(name: .apiLive, outcome: .failed, detail: "offline", errorKind: .offline)
        let found = Step(name: .livePage, outcome: .passed, detail: "live")
        let silent = Step(name: .firstFrame, outcome: .failed, detail: "nothing", errorKind: .network)
        // A source that could not answer does not count when a fallback found the room.
        #expect(diagnosis([blocked, found]).decisiveFailure == nil)
        #expect(diagnosis([blocked, found, silent]).decisiveFailure?.name == .firstFrame)
        // One that said "offline" ends the lookup, whatever a later source says.
        #expect(diagnosis([offline, found]).decisiveFailure?.errorKind == .offline)
        #expect(diagnosis([blocked]).decisiveFailure?.name == .apiLive)
    }

    // MARK: - Policy helpers

    @Test func backoffDoublesUpToTheCap() {
        let backoff = TikTokLive.Backoff()
        #expect(
            (1...6).map { backoff.delay(forAttempt: $0) } == [
                .seconds(2), .seconds(4), .seconds(8), .seconds(16), .seconds(30), .seconds(30),
            ])
        let tiny = TikTokLive.Backoff(base: .milliseconds(5), cap: .milliseconds(15))
        #expect(
            (1...3).map { tiny.delay(forAttempt: $0) } == [.milliseconds(10), .milliseconds(15), .milliseconds(15)])
        #expect(backoff.delay(forAttempt: 1000) == .seconds(30))
    }

    @Test func deduplicatorForgetsOnlyTheOldest() {
        var window = MessageDeduplicator(capacity: 3)
        let inserted = ["1", "2", "1", "3", "4", "1", "3", "4", "2"].map { window.insert($0) }
        // 4 evicts 1; the second 1 evicts 2; so 2 is new again at the end.
        #expect(inserted == [true, true, false, true, true, true, false, false, true])
        #expect(window.count == 3)
        // Ids that name nothing are never held back.
        let empty = ["0", "0", "", ""].map { window.insert($0) }
        #expect(empty == [true, true, true, true])
    }

    @Test func deduplicatorStaysBounded() {
        var window = MessageDeduplicator(capacity: 10_000)
        for id in 0..<50_000 {
            _ = window.insert(String(id + 1))
        }
        #expect(window.count == 10_000)
        let recent = window.insert("50000")
        let old = window.insert("1")
        #expect(!recent)
        #expect(old)
    }

    @Test(arguments: ["ann", "@ann", "a.b_c", "AB", "x123456789012345678901234".dropLast().description, " @ann.b "])
    func validUsernames(_ name: String) throws {
        let valid = try TikTokLive.validateUsername(name)
        #expect(!valid.hasPrefix("@"))
        #expect(!valid.contains(" "))
    }

    @Test(arguments: ["", "@", "a", "ann b", "ann/..", "x1234567890123456789012345", "änn", "ann?x=1", "@@ann"])
    func invalidUsernames(_ name: String) {
        #expect(throws: TikTokLiveError.self) { try TikTokLive.validateUsername(name) }
        do {
            _ = try TikTokLive.validateUsername(name)
        } catch {
            #expect(error.kind == .invalidUsername)
        }
    }

    @Test func invalidUsernameFailsRunBeforeAnyRequest() async {
        // The endpoint is a closed port: a request would fail with `network`, not `invalidUsername`.
        let live = TikTokLive("not valid!", configuration: Self.configuration())
        await #expect {
            try await live.run()
        } throws: { error in
            (error as? TikTokLiveError)?.kind == .invalidUsername
        }
    }

    @Test func handshakeRefusalSaysWhatHappened() {
        let blocked = PushSocketConnectError.refused(
            status: 200, handshakeStatus: "415", handshakeMessage: "DEVICE_BLOCKED")
        #expect(blocked.isDeviceBlocked)
        #expect(blocked.error(signed: false).kind == .deviceBlocked)
        #expect(
            blocked.error(signed: false).message.contains(
                "HTTP 200, Handshake-Status: 415, Handshake-Msg: DEVICE_BLOCKED"))
        let secret = PushSocketConnectError.refused(
            status: 200, handshakeStatus: "417", handshakeMessage: "illegal secret key")
        #expect(!secret.isDeviceBlocked)
        #expect(secret.error(signed: false).kind == .blocked)
        #expect(secret.error(signed: false).message.contains("Handshake-Msg: illegal secret key"))
        #expect(secret.error(signed: false).message.contains("--signer"), "an unsigned refusal names the option")
        let unsigned = PushSocketConnectError.refused(
            status: 200, handshakeStatus: "403", handshakeMessage: "X-Gnarly signature required")
        #expect(unsigned.error(signed: false).kind == .signatureRequired)
        #expect(unsigned.error(signed: false).message.contains("--signer URL"))
        #expect(unsigned.error(signed: true).message.contains("signature was not accepted"))
    }

    @Test func typedKindsMatchGenericNames() {
        let follow = LiveEvent.follow(
            SocialEvent(
                type: "follow", timestamp: 1, msgId: "9", roomId: "1", method: "WebcastSocialMessage",
                payload: SocialPayload(user: nil, action: "follow")))
        #expect(EventKind.social.extract(follow) != nil)
        #expect(EventKind.follow.extract(follow) != nil)
        #expect(EventKind.share.extract(follow) == nil)
        #expect(EventKind.chat.extract(follow) == nil)
        #expect(EventKind.social.name == "social")

        // Viewer counts by the event's own name and by its alias: one handler name, one event.
        let viewers = LiveEvent.roomUserSeq(
            RoomUserSeqEvent(
                type: "roomUserSeq", timestamp: 1, msgId: "10", roomId: "1", method: "WebcastRoomUserSeqMessage",
                payload: RoomUserSeqPayload(viewerCount: 42, totalViewers: 420, topViewers: [])))
        #expect(EventKind.roomUserSeq.extract(viewers)?.viewerCount == 42)
        #expect(EventKind.viewer.extract(viewers)?.totalViewers == 420)
        #expect(EventKind.roomUserSeq.extract(follow) == nil)
        #expect(EventKind.roomUserSeq.name == "roomUserSeq" && EventKind.viewer.name == "roomUserSeq")
    }
}
