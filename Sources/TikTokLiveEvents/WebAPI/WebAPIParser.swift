import Foundation

/// Pure parsing of the webcast API's JSON answers (`room/info`, `gift/list`), apart from I/O so tests can feed
/// it strings. Both answer `{"status_code": 0, "data": {...}}`; a non-zero code is an error with a kind.
enum WebAPIParser {
    /// `room/info`: an 18+ room that needs a logged-in session.
    static let ageRestrictedStatusCode = 4_003_110
    /// `room/info` and `gift/list`: no such room.
    static let roomNotFoundStatusCode = 30_003

    /// The `data` object of an answer, or the error its `status_code` (or its not being JSON) stands for.
    static func data(_ body: [UInt8], what: String) throws(TikTokLiveError) -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)), let root = object as? [String: Any]
        else {
            // TikTok's block and captcha pages are HTML where JSON was asked for.
            let page = String(decoding: body.prefix(4_096), as: UTF8.self)
            let detail =
                page.contains(RoomLookupParser.verifyPageMarker) ? "a verification page" : "\(body.count) bytes"
            throw TikTokLiveError(
                .blocked, "TikTok answered \(what) with something that is not JSON (\(detail)); try later or elsewhere")
        }
        let statusCode = RoomLookupParser.integer(root["status_code"]) ?? 0
        let data = root["data"] as? [String: Any]
        switch statusCode {
        case 0:
            guard let data else { throw TikTokLiveError(.invalidInput, "TikTok's \(what) answer has no data") }
            return data
        case ageRestrictedStatusCode:
            throw TikTokLiveError(
                .ageRestricted, "\(what): an 18+ room; it needs the session cookies of a logged-in account")
        case roomNotFoundStatusCode:
            throw TikTokLiveError(.notFound, "\(what): TikTok has no such room")
        default:
            let message = (data?["message"] as? String) ?? (root["message"] as? String)
            throw TikTokLiveError(
                .invalidInput, "\(what) answered status_code \(statusCode)" + (message.map { " (\($0))" } ?? ""))
        }
    }

    static func roomInfo(_ body: [UInt8], roomId: String) throws(TikTokLiveError) -> RoomInfo {
        let data = try data(body, what: "room/info")
        let stats = data["stats"] as? [String: Any]
        let ownerObject = data["owner"] as? [String: Any]
        let owner = ownerObject.flatMap { owner -> RoomInfo.Owner? in
            guard let id = RoomLookupParser.string(owner["id_str"]) ?? RoomLookupParser.string(owner["id"]) else {
                return nil
            }
            let avatar = (owner["avatar_large"] as? [String: Any])?["url_list"] as? [String]
            return RoomInfo.Owner(
                userId: id, uniqueId: nonEmpty(owner["display_id"]), nickname: nonEmpty(owner["nickname"]),
                avatarUrl: avatar?.first)
        }
        let started = RoomLookupParser.integer(data["start_time"]) ?? RoomLookupParser.integer(data["create_time"])
        return RoomInfo(
            roomId: RoomLookupParser.string(data["id_str"]) ?? RoomLookupParser.string(data["id"]) ?? roomId,
            status: RoomLookupParser.integer(data["status"]) ?? 0,
            title: nonEmpty(data["title"]),
            owner: owner,
            viewerCount: RoomLookupParser.integer(data["user_count"]),
            likeCount: RoomLookupParser.integer(stats?["like_count"]),
            totalViewers: RoomLookupParser.integer(stats?["total_user"]),
            startTime: started.flatMap { $0 > 0 ? Date(timeIntervalSince1970: TimeInterval($0)) : nil },
            streams: streams(data["stream_url"] as? [String: Any]))
    }

    /// `stream_url.flv_pull_url` and `hls_pull_url_map` by quality key; `hls_pull_url` alone stands for origin.
    static func streams(_ streamURL: [String: Any]?) -> [StreamURLs] {
        guard let streamURL else { return [] }
        let flv = streamURL["flv_pull_url"] as? [String: Any] ?? [:]
        let hls = streamURL["hls_pull_url_map"] as? [String: Any] ?? [:]
        return StreamQuality.allCases.compactMap { quality in
            var urls = StreamURLs(
                quality: quality, flv: url(flv[quality.wireKey]), hls: url(hls[quality.wireKey]))
            if quality == .origin, urls.hls == nil { urls.hls = url(streamURL["hls_pull_url"]) }
            return urls.flv == nil && urls.hls == nil ? nil : urls
        }
    }

    static func giftCatalog(_ body: [UInt8]) throws(TikTokLiveError) -> GiftCatalog {
        let data = try data(body, what: "gift/list")
        let entries = data["gifts"] as? [[String: Any]] ?? []
        let gifts = entries.compactMap { entry -> CatalogGift? in
            guard let id = RoomLookupParser.integer(entry["id"]), let name = nonEmpty(entry["name"]) else { return nil }
            let image = entry["image"] as? [String: Any]
            let type = RoomLookupParser.integer(entry["type"])
            return CatalogGift(
                id: Int64(id), name: name, diamondCount: RoomLookupParser.integer(entry["diamond_count"]) ?? 0,
                imageUrl: (image?["url_list"] as? [String])?.first,
                streakable: type == 1 || (entry["combo"] as? Bool ?? false))
        }
        return GiftCatalog(gifts: gifts)
    }

    static func nonEmpty(_ value: Any?) -> String? {
        guard let text = value as? String, !text.isEmpty else { return nil }
        return text
    }

    static func url(_ value: Any?) -> URL? {
        guard let text = nonEmpty(value), let url = URL(string: text), url.scheme != nil else { return nil }
        return url
    }
}
