import Foundation

/// Room data over plain HTTP, without a socket: room info with stream URLs, the gift catalog, and live checks
/// for many creators. It shares ``TikTokLive/Configuration`` with the event client (endpoints, proxy, user
/// agent, language, session cookies, retries and backoff), and signs nothing: these routes need no signature.
///
/// ```swift
/// let web = TikTokWeb()
/// let info = try await web.roomInfo(of: "some_creator")
/// print(info.title ?? "", info.viewerCount ?? 0, info.stream(.hd)?.flv?.absoluteString ?? "no stream")
/// let catalog = try await web.giftCatalog(of: "some_creator")
/// print(catalog[5655]?.name ?? "?")          // "Rose"
/// for status in await web.liveStatus(of: ["a", "b", "c"]) { print(status.uniqueId, status.state) }
/// ```
///
/// Each call opens its own HTTP client and closes it before returning.
public struct TikTokWeb: Sendable {
    public var configuration: TikTokLive.Configuration

    public init(configuration: TikTokLive.Configuration = TikTokLive.Configuration()) {
        self.configuration = configuration
    }

    // MARK: - Room info

    /// The creator's live room: title, owner, counts, start time and stream URLs.
    ///
    /// - Throws: ``TikTokLiveError`` of kind `invalidUsername`; `offline` or `notFound` for a creator who is not
    ///   live or does not exist; `blocked`, `ageRestricted`, `rateLimited` or `network` when TikTok refuses.
    public func roomInfo(of username: String) async throws(TikTokLiveError) -> RoomInfo {
        let uniqueId = try TikTokLive.validateUsername(username)
        return try await withWebClient { web throws(TikTokLiveError) in
            let room = try await RoomResolver(web: web, configuration: configuration).resolve(uniqueId: uniqueId)
            return try await roomInfo(roomId: room.roomId, web: web)
        }
    }

    /// `room/info` of a room id; a room that ended answers with status 4 and no streams.
    public func roomInfo(roomId: String) async throws(TikTokLiveError) -> RoomInfo {
        try await withWebClient { web throws(TikTokLiveError) in try await roomInfo(roomId: roomId, web: web) }
    }

    func roomInfo(roomId: String, web: WebClient) async throws(TikTokLiveError) -> RoomInfo {
        let body = try await fetch(
            WebAPIRequests(configuration: configuration).roomInfoURL(roomId: roomId), "room/info", web)
        return try WebAPIParser.roomInfo(body, roomId: roomId)
    }

    // MARK: - Gift catalog

    /// The gifts of the creator's room; for a creator who is not live, the catalog of the configured region.
    ///
    /// - Throws: ``TikTokLiveError`` of kind `invalidUsername`, `notFound`, `blocked`, `rateLimited` or `network`.
    public func giftCatalog(of username: String) async throws(TikTokLiveError) -> GiftCatalog {
        let uniqueId = try TikTokLive.validateUsername(username)
        return try await withWebClient { web throws(TikTokLiveError) in
            let roomId: String?
            do throws(TikTokLiveError) {
                roomId = try await RoomResolver(web: web, configuration: configuration).resolve(uniqueId: uniqueId)
                    .roomId
            } catch  where error.kind == .offline {
                roomId = nil
            }
            return try await giftCatalog(roomId: roomId, web: web)
        }
    }

    /// `gift/list` of a room id, or of the configured region when `roomId` is `nil`.
    public func giftCatalog(roomId: String?) async throws(TikTokLiveError) -> GiftCatalog {
        try await withWebClient { web throws(TikTokLiveError) in try await giftCatalog(roomId: roomId, web: web) }
    }

    func giftCatalog(roomId: String?, web: WebClient) async throws(TikTokLiveError) -> GiftCatalog {
        let body = try await fetch(
            WebAPIRequests(configuration: configuration).giftListURL(roomId: roomId), "gift/list", web)
        return try WebAPIParser.giftCatalog(body)
    }

    // MARK: - Plumbing

    /// GET with the room lookup's rule for retries (HTTP 429 and 5xx, with the configured backoff); a status other
    /// than 200 after them is an error. A transport failure is not retried: AsyncHTTPClient already keeps trying to
    /// connect until the request's deadline.
    func fetch(_ url: String, _ what: String, _ web: WebClient) async throws(TikTokLiveError) -> [UInt8] {
        let headers = WebRequests(configuration: configuration).lookupHeaders(accept: "application/json, */*")
        let tries = 1 + max(configuration.httpRetries, 0)
        var status = 0
        for attempt in 1...tries {
            let response = try await web.get(url, headers: headers)
            if response.status == 200 { return response.body }
            status = response.status
            guard status == 429 || (500..<600).contains(status), attempt < tries else { break }
            do {
                try await Task.sleep(for: configuration.backoff.delay(forAttempt: attempt))
            } catch {
                throw TikTokLiveError(.network, "\(what) cancelled")
            }
        }
        let detail = "\(what) answered HTTP \(status)"
        switch status {
        case 429: throw TikTokLiveError(.rateLimited, "TikTok is rate-limiting requests: \(detail); wait a while")
        case 403: throw TikTokLiveError(.blocked, "TikTok refused the request: \(detail)")
        case 404: throw TikTokLiveError(.notFound, detail)
        default: throw TikTokLiveError(.network, detail)
        }
    }

    func withWebClient<T>(_ body: (WebClient) async throws(TikTokLiveError) -> T) async throws(TikTokLiveError) -> T {
        let web = WebClient(configuration: configuration)
        do {
            let result = try await body(web)
            await web.shutdown()
            return result
        } catch {
            await web.shutdown()
            throw error
        }
    }
}

/// The webcast API's URLs (`room/info`, `gift/list`), built from the configuration.
struct WebAPIRequests: Sendable {
    var configuration: TikTokLive.Configuration

    /// The web parameter block, and the webcast language.
    var parameters: [(String, String)] {
        WebRequests(configuration: configuration).webParameters + [
            ("region", configuration.region), ("webcast_language", configuration.language),
        ]
    }

    /// `{webcast}/webcast/room/info/?…&room_id=R`.
    func roomInfoURL(roomId: String) -> String {
        base + "/webcast/room/info/?" + FormEncoding.query(parameters + [("room_id", roomId)])
    }

    /// `{webcast}/webcast/gift/list/?…[&room_id=R]`.
    func giftListURL(roomId: String?) -> String {
        base + "/webcast/gift/list/?" + FormEncoding.query(parameters + (roomId.map { [("room_id", $0)] } ?? []))
    }

    var base: String { WebRequests(configuration: configuration).base(configuration.endpoints.webcastURL) }
}
