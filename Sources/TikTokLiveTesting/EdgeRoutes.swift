import Foundation
import NIOConcurrencyHelpers

/// A parsed HTTP request, independent of NIO so that routing is plain value code.
struct EdgeRequest {
    var method: String
    var path: String
    var query: [String: String]
    /// The query as it came on the request line, still percent-encoded.
    var rawQuery: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    init(method: String, uri: String, headers: [(name: String, value: String)], body: [UInt8] = []) {
        self.method = method
        self.headers = headers
        self.body = body
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let rawPath = parts.first.map(String.init) ?? "/"
        path = rawPath.removingPercentEncoding ?? rawPath
        rawQuery = parts.count > 1 ? String(parts[1]) : ""
        query = Self.parseQuery(rawQuery)
    }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The value of a cookie in the request's `Cookie` headers.
    func cookie(_ name: String) -> String? {
        for header in headers where header.name.lowercased() == "cookie" {
            for pair in header.value.split(separator: ";") {
                let pieces = pair.split(separator: "=", maxSplits: 1)
                if pieces.count == 2, pieces[0].trimmingCharacters(in: .whitespaces) == name {
                    return pieces[1].trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return nil
    }

    /// Form-decodes a query (`+` is a space); a repeated key keeps its last value.
    static func parseQuery(_ query: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let pieces = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            result[decode(pieces[0])] = pieces.count > 1 ? decode(pieces[1]) : ""
        }
        return result
    }
}

/// An HTTP answer before it is written to the wire.
struct EdgeResponse {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    /// A body written over time instead of `body` (the FLV stream, EdgeStreamServer.swift).
    var stream: EdgeStreamPlan?
    /// Written only after this long (``FakeEdgeFaults/lookupDelay``, ``FakeEdgeFaults/giftListDelay``).
    var delayMilliseconds = 0

    static func json(_ object: [String: Any], status: Int = 200) -> EdgeResponse {
        // Foundation escapes `/` by default, which also keeps `</script>` out of JSON embedded in HTML.
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return EdgeResponse(
            status: status, headers: [("Content-Type", "application/json; charset=utf-8")], body: [UInt8](data))
    }

    static func html(_ text: String, status: Int = 200) -> EdgeResponse {
        EdgeResponse(status: status, headers: [("Content-Type", "text/html; charset=utf-8")], body: Array(text.utf8))
    }

    static func text(_ text: String, status: Int) -> EdgeResponse {
        EdgeResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(text.utf8))
    }
}

/// How the edge answered a WebSocket handshake.
struct HandshakeDecision {
    var connection: Int
    var roomId: Int64
    /// The socket asked for gzip batches (`compress=gzip`, docs/PROTOCOL.md#socket-url); otherwise batches go
    /// uncompressed.
    var gzip: Bool
    /// `nil` when accepted; otherwise the `Handshake-Status` / `Handshake-Msg` pair of the refusal.
    var refusal: (status: Int, message: String)?
    /// The socket sends nothing at all once accepted.
    var silent = false
}

/// The push socket's path.
let pushSocketPath = "/webcast/im/ws_proxy/ws_reuse_supplement/"
/// Where the edge plays a signing service (`POST`).
let signerPath = "/sign"

extension EdgeCore {
    /// Whether a request path is the push socket. The trailing slash is optional here so that a client which
    /// loses it (Foundation's `URL.path` does) still connects; ``HandshakeRecord/path`` shows what it sent.
    static func isPushSocketPath(_ path: String) -> Bool {
        path == pushSocketPath || path + "/" == pushSocketPath
    }

    // MARK: - WebSocket handshake

    /// Decides and records one handshake, in the order TikTok's checks are observable: injected faults, then the
    /// device identity (User-Agent and a minted ttwid), then the signature when one is required, then the room.
    ///
    /// Refusals follow the real edge's form: HTTP 200, empty body, `Handshake-Status` and `Handshake-Msg`.
    /// A missing User-Agent or an unknown ttwid is `415 DEVICE_BLOCKED` (what TikTok answers for a flagged
    /// device); an unknown or missing `room_id` is `404 ROOM_NOT_FOUND` (an edge-specific choice: TikTok's own
    /// answer for it is undocumented).
    func decideHandshake(_ request: EdgeRequest) -> HandshakeDecision {
        state.withLockedValue { state in
            let connection = state.nextHandshake
            state.nextHandshake += 1
            let roomId = request.query["room_id"].flatMap { Int64($0) } ?? 0
            var refusal: (status: Int, message: String)?
            if state.faults.deviceBlockedHandshakes > 0 {
                state.faults.deviceBlockedHandshakes -= 1
                refusal = (415, "DEVICE_BLOCKED")
            } else if (request.header("User-Agent") ?? "").isEmpty {
                refusal = (415, "DEVICE_BLOCKED")
            } else if !(request.cookie("ttwid").map { state.mintedTtwids.contains(EdgeState.normalisedTtwid($0)) }
                ?? false)
            {
                refusal = (415, "DEVICE_BLOCKED")
            } else if state.faults.requireSignature,
                case let verdict = FakeSocketSignature.verify(
                    wireQuery: request.rawQuery, userAgent: request.header("User-Agent") ?? ""),
                verdict != .valid
            {
                refusal = (403, verdict == .missing ? "X-Gnarly signature required" : "X-Gnarly signature invalid")
            } else if state.rooms[roomId] == nil {
                refusal = (404, "ROOM_NOT_FOUND")
            }
            state.handshakes.append(
                HandshakeRecord(
                    connection: connection, path: request.path, query: request.query, headers: request.headers,
                    accepted: refusal == nil, refusal: refusal))
            return HandshakeDecision(
                connection: connection, roomId: roomId, gzip: request.query["compress"] == "gzip", refusal: refusal,
                silent: state.faults.silentSockets)
        }
    }

    /// The non-101 answer to a refused handshake.
    static func refusalResponse(status: Int, message: String) -> EdgeResponse {
        EdgeResponse(
            status: 200, headers: [("Handshake-Status", String(status)), ("Handshake-Msg", message)], body: [])
    }

    // MARK: - HTTP routes

    /// Answers one plain HTTP request and records it.
    func respond(to request: EdgeRequest) -> EdgeResponse {
        let wall = state.withLockedValue { $0.faults.webStatus }
        let response: EdgeResponse
        let path = request.path
        let isLookup =
            path.hasPrefix("/api-live/user/room") || path.hasPrefix("/webcast/room/info")
            || (path.hasPrefix("/@") && path.hasSuffix("/live"))
        if let wall, isLookup {
            response = .text(HTTPStatusText.reason(wall), status: wall)
        } else {
            response = route(request)
        }
        state.withLockedValue {
            $0.httpRequests.append(
                HTTPRequestRecord(
                    method: request.method, path: request.path, query: request.query, headers: request.headers,
                    status: response.status, body: request.body))
        }
        return response
    }

    private func route(_ request: EdgeRequest) -> EdgeResponse {
        let path = request.path
        if request.method == "POST", path == signerPath {
            return sign(request)
        }
        guard request.method == "GET" || request.method == "HEAD" else {
            return .text("method not allowed", status: 405)
        }
        switch path {
        case "/health":
            return .text("ok", status: 200)
        case "/api-live/user/room", "/api-live/user/room/":
            var response = apiLive(request)
            response.delayMilliseconds = state.withLockedValue { Self.milliseconds($0.faults.lookupDelay) }
            return response
        case "/webcast/room/info", "/webcast/room/info/":
            return webFault() ?? roomInfo(request)
        case "/webcast/gift/list", "/webcast/gift/list/":
            var response = webFault() ?? giftList(request)
            response.delayMilliseconds = state.withLockedValue { Self.milliseconds($0.faults.giftListDelay) }
            return response
        default:
            break
        }
        if path.hasPrefix(streamPathPrefix) {
            return stream(path: path)
        }
        if Self.isPushSocketPath(path) {
            // A plain GET (no Upgrade header) on the socket path.
            return .text("websocket upgrade required", status: 400)
        }
        if path.hasPrefix("/@") {
            let rest = path.dropFirst(2).split(separator: "/", omittingEmptySubsequences: true)
            if rest.count == 1 {
                return profilePage(uniqueId: String(rest[0]))
            }
            if rest.count == 2, rest[1] == "live" {
                return livePage(uniqueId: String(rest[0]))
            }
        }
        return .text("not found", status: 404)
    }

    /// `GET /api-live/user/room` (docs/PROTOCOL.md#api-live). Faults apply in this order: captcha, disabled, queued
    /// errors.
    private func apiLive(_ request: EdgeRequest) -> EdgeResponse {
        enum Outcome { case captcha, disabled, error(Int), room(FakeRoom?) }
        let outcome = state.withLockedValue { state -> Outcome in
            if state.faults.rateLimitedRequests > 0 {
                state.faults.rateLimitedRequests -= 1
                return .error(429)
            }
            if state.faults.captcha { return .captcha }
            if state.faults.apiLiveDisabled { return .disabled }
            if !state.faults.apiLiveErrors.isEmpty { return .error(state.faults.apiLiveErrors.removeFirst()) }
            return .room(state.room(uniqueId: request.query["uniqueId"] ?? ""))
        }
        switch outcome {
        case .captcha:
            return .html(Self.verifyPage)
        case .disabled:
            return .text("not found", status: 404)
        case .error(let status):
            return .text(HTTPStatusText.reason(status), status: status)
        case .room(nil):
            return .json(["statusCode": 19_881_007, "message": "user_not_found", "data": [String: Any]()])
        case .room(let room?):
            let live = room.status == .live
            // An offline host has no current room: api-live reports an empty roomId (docs/PROTOCOL.md#api-live).
            let user: [String: Any] = [
                "id": String(room.hostUserId), "uniqueId": room.uniqueId, "nickname": room.nickname,
                "roomId": live ? String(room.roomId) : "", "status": room.wireStatus,
                "secUid": "MS4wLjABAAAA\(room.hostUserId)", "signature": "",
            ]
            let liveRoom: [String: Any] = [
                "status": room.wireStatus, "title": room.title,
                "startTime": Int(Date().timeIntervalSince1970) - 600,
                "liveRoomStats": ["userCount": live ? room.viewerCount : 0, "enterCount": room.viewerCount * 10],
            ]
            return .json([
                "statusCode": 0, "message": "",
                "data": ["user": user, "liveRoom": liveRoom, "stats": ["followerCount": 1000, "followingCount": 10]],
            ])
        }
    }

    /// `GET /@<user>/live`: the SIGI_STATE blob or the universal-data layout, or the captcha interstitial.
    private func livePage(uniqueId: String) -> EdgeResponse {
        let (rateLimited, captcha, layout, room) = state.withLockedValue { state in
            defer { state.faults.rateLimitedRequests = max(state.faults.rateLimitedRequests - 1, 0) }
            return (
                state.faults.rateLimitedRequests > 0, state.faults.captcha, state.faults.livePageLayout,
                state.room(uniqueId: uniqueId)
            )
        }
        if rateLimited {
            return .text(HTTPStatusText.reason(429), status: 429)
        }
        if captcha {
            return .html(Self.verifyPage)
        }
        if layout == .universalData {
            return .html(
                Self.page(
                    title: "\(uniqueId) LIVE",
                    body: "<script id=\"__UNIVERSAL_DATA_FOR_REHYDRATION__\" type=\"application/json\">"
                        + "\(Self.jsonText(Self.userDetail(room)))</script>"))
        }
        var sigi: [String: Any] = ["AppContext": ["appContext": ["language": "en", "region": "US"]]]
        if let room {
            // The page keeps the last room id for an offline host; the statuses say it is over (TL reads user.status).
            sigi["LiveRoom"] = [
                "liveRoomUserInfo": [
                    "user": [
                        "id": String(room.hostUserId), "roomId": String(room.roomId), "uniqueId": room.uniqueId,
                        "nickname": room.nickname, "status": room.wireStatus,
                    ],
                    "liveRoom": ["status": room.wireStatus, "title": room.title],
                ]
            ]
        }
        return .html(
            Self.page(
                title: "\(uniqueId) LIVE",
                body: "<script id=\"SIGI_STATE\" type=\"application/json\">\(Self.jsonText(sigi))</script>"))
    }

    /// `GET /@<user>` (docs/PROTOCOL.md#profile-page, #ttwid-cookie): mints a ttwid cookie unless the fault withholds
    /// it.
    private func profilePage(uniqueId: String) -> EdgeResponse {
        let (ttwid, room) = state.withLockedValue { state -> (String?, FakeRoom?) in
            let room = state.room(uniqueId: uniqueId)
            if state.faults.ttwidWithheld > 0 {
                state.faults.ttwidWithheld -= 1
                return (nil, room)
            }
            let ttwid = Self.mintTtwid()
            state.mintedTtwids.insert(EdgeState.normalisedTtwid(ttwid))
            return (ttwid, room)
        }
        let blob = Self.userDetail(room)
        var response = EdgeResponse.html(
            Self.page(
                title: "@\(uniqueId)",
                body: "<script id=\"__UNIVERSAL_DATA_FOR_REHYDRATION__\" type=\"application/json\">"
                    + "\(Self.jsonText(blob))</script>"))
        if let ttwid {
            response.headers.append(("Set-Cookie", "ttwid=\(ttwid); Path=/; HttpOnly"))
        }
        return response
    }

    /// The `__UNIVERSAL_DATA_FOR_REHYDRATION__` blob of a profile page: the user and their room id, no live status.
    static func userDetail(_ room: FakeRoom?) -> [String: Any] {
        var detail: [String: Any] = ["statusCode": 10221, "statusMsg": "user not found"]
        if let room {
            detail = [
                "statusCode": 0,
                "userInfo": [
                    "user": [
                        "id": String(room.hostUserId), "uniqueId": room.uniqueId, "nickname": room.nickname,
                        "roomId": String(room.roomId),
                    ],
                    "stats": ["followerCount": 1000, "followingCount": 10],
                ],
            ]
        }
        return ["__DEFAULT_SCOPE__": ["webapp.user-detail": detail]]
    }

    // MARK: - Signing service

    /// `POST /sign`: the signing-service contract of `HTTPSocketSigner` (`{"url","userAgent"}` in, `{"url"}` and
    /// `headers` out), computing what a signing edge accepts, unless ``FakeEdgeFaults/signerAnswers`` scripts
    /// otherwise.
    private func sign(_ request: EdgeRequest) -> EdgeResponse {
        let scripted = state.withLockedValue { state -> FakeSignerAnswer? in
            state.faults.signerAnswers.isEmpty ? nil : state.faults.signerAnswers.removeFirst()
        }
        guard request.header("Content-Type")?.hasPrefix("application/json") == true,
            let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any],
            let url = object["url"] as? String, let userAgent = object["userAgent"] as? String,
            let queryStart = url.firstIndex(of: "?")
        else {
            return .json(["error": "expected {\"url\": \"wss://...?...\", \"userAgent\": \"...\"}"], status: 400)
        }
        let query = String(url[url.index(after: queryStart)...])
        var signature = FakeSocketSignature.compute(query: query, userAgent: userAgent)
        var delay = 0
        switch scripted {
        case .status(let status)?: return .text(HTTPStatusText.reason(status), status: status)
        case .garbage?: return .html("<html>not a signature</html>")
        case .wrongSignature?: signature = String(signature.reversed())
        case .delayed(let milliseconds)?: delay = milliseconds
        case nil: break
        }
        var response = EdgeResponse.json([
            "url": url + "&\(FakeSocketSignature.parameterName)=\(signature)",
            "headers": ["X-Signed-By": "fake-tiktok-edge"],
        ])
        response.delayMilliseconds = delay
        return response
    }

    // MARK: - Page helpers

    /// The anti-bot interstitial: no SIGI_STATE, and the marker GO looks for (docs/PROTOCOL.md#live-page).
    static let verifyPage = page(
        title: "Security Check",
        body: "<div id=\"tiktok-verify-page\" class=\"captcha_verify_container\">Verify to continue</div>")

    static func page(title: String, body: String) -> String {
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>\(title) | TikTok</title>"
            + "</head><body>\(body)</body></html>"
    }

    static func jsonText(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// A ttwid shaped like TikTok's (`1|<base64>|<unix time>|<hmac hex>`), percent-encoded as in Set-Cookie.
    static func mintTtwid() -> String {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let base64 = Data(random).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let mac = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        return "1%7C\(base64)%7C\(Int(Date().timeIntervalSince1970))%7C\(mac)"
    }
}

/// Reason phrases for the statuses tests inject.
enum HTTPStatusText {
    static func reason(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Error \(status)"
        }
    }
}
