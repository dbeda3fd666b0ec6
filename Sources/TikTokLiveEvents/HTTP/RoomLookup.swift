import Foundation

/// A creator's room as the room lookup found it.
struct ResolvedRoom: Sendable, Hashable {
    var roomId: String
    var uniqueId: String
    var hostUserId: String?
    var nickname: String?
    var title: String?
    var viewerCount: Int?

    init(
        roomId: String, uniqueId: String, hostUserId: String? = nil, nickname: String? = nil, title: String? = nil,
        viewerCount: Int? = nil
    ) {
        self.roomId = roomId
        self.uniqueId = uniqueId
        self.hostUserId = hostUserId
        self.nickname = nickname
        self.title = title
        self.viewerCount = viewerCount
    }

    /// What this lookup knew, completed by a later source's answer about the same room.
    func merged(with other: ResolvedRoom) -> ResolvedRoom {
        ResolvedRoom(
            roomId: roomId, uniqueId: uniqueId, hostUserId: hostUserId ?? other.hostUserId,
            nickname: nickname ?? other.nickname, title: title ?? other.title,
            viewerCount: viewerCount ?? other.viewerCount)
    }
}

/// What one room-lookup source (api-live JSON, the live page or `room/info`) says, before any policy is applied.
enum RoomLookupAnswer: Sendable, Hashable {
    case live(ResolvedRoom)
    /// The creator exists and is not live; `room` carries what was known.
    case offline(ResolvedRoom?)
    case notFound
    /// A room id, but no word on whether it is live (a profile-style page): `room/info` can tell.
    case roomIdOnly(ResolvedRoom)
    /// An 18+ room: a logged-in session's cookies are needed.
    case ageRestricted
    /// A captcha or verification page: this network is being challenged.
    case challenged(String)
    /// An answer this source cannot interpret; the next source may do better.
    case unusable(String)
}

/// Pure parsing of the web room-lookup sources (api-live and the live page; `room/info` is in
/// `RoomInfoLookup.swift`), kept apart from I/O so it can be tested on strings.
enum RoomLookupParser {
    /// `statusCode` of a user that does not exist.
    static let userNotFoundStatusCode = 19_881_007
    static let statusLive = 2
    static let verifyPageMarker = "tiktok-verify-page"

    /// `GET /api-live/user/room/`: `statusCode`, `data.user.{roomId, id, uniqueId, nickname, status}`,
    /// `data.liveRoom.{status, title, liveRoomStats.userCount}`.
    static func apiLive(_ body: [UInt8], uniqueId: String) -> RoomLookupAnswer {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)), let root = object as? [String: Any]
        else {
            if String(decoding: body, as: UTF8.self).contains(verifyPageMarker) {
                return .challenged("api-live answered with a verification page")
            }
            return .unusable("api-live answered with something that is not JSON (\(body.count) bytes)")
        }
        let statusCode = integer(root["statusCode"]) ?? integer(root["status_code"]) ?? 0
        let message = root["message"] as? String
        if statusCode == userNotFoundStatusCode || message == "user_not_found" {
            return .notFound
        }
        guard statusCode == 0 else {
            return .unusable("api-live statusCode \(statusCode)" + (message.map { " (\($0))" } ?? ""))
        }
        guard let data = root["data"] as? [String: Any], let user = data["user"] as? [String: Any] else {
            return .unusable("api-live answer has no data.user")
        }
        let liveRoom = data["liveRoom"] as? [String: Any]
        let stats = liveRoom?["liveRoomStats"] as? [String: Any]
        return answer(
            user: user, liveRoom: liveRoom, uniqueId: uniqueId, title: liveRoom?["title"] as? String,
            viewerCount: integer(stats?["userCount"]))
    }

    /// `GET /@user/live`, in either of the layouts TikTok serves: the JSON in
    /// `<script id="SIGI_STATE" type="application/json">` at `LiveRoom.liveRoomUserInfo.{user, liveRoom}`, or the
    /// newer `<script id="__UNIVERSAL_DATA_FOR_REHYDRATION__">` (``universalData(_:uniqueId:)``).
    static func livePage(_ html: String, uniqueId: String) -> RoomLookupAnswer {
        if html.contains(verifyPageMarker) {
            return .challenged("the live page is a verification page (\(verifyPageMarker))")
        }
        guard let json = scriptJSON(in: html, id: "SIGI_STATE") else {
            if let json = scriptJSON(in: html, id: universalDataScriptId) {
                return universalData(json, uniqueId: uniqueId)
            }
            return .challenged(
                "the live page has neither SIGI_STATE nor \(universalDataScriptId) (a captcha, WAF or region block page)"
            )
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)), let root = object as? [String: Any]
        else {
            return .challenged("the live page's SIGI_STATE is not valid JSON")
        }
        guard let liveRoomState = root["LiveRoom"] as? [String: Any] else {
            return .notFound
        }
        guard let info = liveRoomState["liveRoomUserInfo"] as? [String: Any], let user = info["user"] as? [String: Any]
        else {
            return .notFound
        }
        let liveRoom = info["liveRoom"] as? [String: Any]
        let stats = liveRoom?["liveRoomStats"] as? [String: Any]
        return answer(
            user: user, liveRoom: liveRoom, uniqueId: uniqueId, title: liveRoom?["title"] as? String,
            viewerCount: integer(stats?["userCount"]))
    }

    static let universalDataScriptId = "__UNIVERSAL_DATA_FOR_REHYDRATION__"
    /// `statusCode`s of `webapp.user-detail` for a user that does not exist.
    static let userDetailNotFoundCodes: Set<Int> = [10221, 10223]

    /// The `__UNIVERSAL_DATA_FOR_REHYDRATION__` layout: scopes under `__DEFAULT_SCOPE__`. A scope holding
    /// `liveRoomUserInfo` reads like SIGI's `LiveRoom`; the profile's `webapp.user-detail` gives
    /// `userInfo.user.roomId` without a live status (``RoomLookupAnswer/roomIdOnly(_:)``), unless the user has a
    /// status of its own.
    static func universalData(_ json: String, uniqueId: String) -> RoomLookupAnswer {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)), let root = object as? [String: Any]
        else {
            return .challenged("the live page's \(universalDataScriptId) is not valid JSON")
        }
        let scopes = (root["__DEFAULT_SCOPE__"] as? [String: Any]) ?? [:]
        for key in scopes.keys.sorted() {
            guard let scope = scopes[key] as? [String: Any] else { continue }
            if let info = scope["liveRoomUserInfo"] as? [String: Any], let user = info["user"] as? [String: Any] {
                let liveRoom = info["liveRoom"] as? [String: Any]
                let stats = liveRoom?["liveRoomStats"] as? [String: Any]
                return answer(
                    user: user, liveRoom: liveRoom, uniqueId: uniqueId, title: liveRoom?["title"] as? String,
                    viewerCount: integer(stats?["userCount"]))
            }
        }
        guard let detail = scopes["webapp.user-detail"] as? [String: Any] else {
            return .unusable("the live page's \(universalDataScriptId) has no live room and no user detail")
        }
        if let code = integer(detail["statusCode"]), userDetailNotFoundCodes.contains(code) {
            return .notFound
        }
        guard let user = (detail["userInfo"] as? [String: Any])?["user"] as? [String: Any] else {
            return .unusable("the live page's user detail has no userInfo.user")
        }
        if user["status"] != nil {
            return answer(user: user, liveRoom: nil, uniqueId: uniqueId, title: nil, viewerCount: nil)
        }
        if let mismatch = otherUser(user, uniqueId: uniqueId) { return mismatch }
        let roomId = string(user["roomId"]) ?? ""
        guard !roomId.isEmpty, roomId != "0", UInt64(roomId) != nil else {
            return .offline(nil)
        }
        return .roomIdOnly(
            ResolvedRoom(
                roomId: roomId, uniqueId: (user["uniqueId"] as? String) ?? uniqueId, hostUserId: string(user["id"]),
                nickname: user["nickname"] as? String))
    }

    /// An answer about someone else (TikTok redirected, or the page embeds another user) is no answer; handles
    /// compare case-insensitively.
    static func otherUser(_ user: [String: Any], uniqueId: String) -> RoomLookupAnswer? {
        guard let found = user["uniqueId"] as? String, !found.isEmpty,
            TikTokLive.Configuration.normalisedUsername(found) != TikTokLive.Configuration.normalisedUsername(uniqueId)
        else { return nil }
        return .unusable("the answer describes @\(LogText.escaped(found, limit: 40)), not @\(uniqueId)")
    }

    /// The text between `<script id="SIGI_STATE" ...>` and its `</script>`, whatever the attribute order.
    static func sigiState(in html: String) -> String? {
        scriptJSON(in: html, id: "SIGI_STATE")
    }

    /// The text between `<script id="ID" ...>` and its `</script>`, whatever the attribute order.
    static func scriptJSON(in html: String, id: String) -> String? {
        guard let idRange = html.range(of: "id=\"\(id)\"") ?? html.range(of: "id='\(id)'"),
            let tagStart = html.range(of: "<script", options: .backwards, range: html.startIndex..<idRange.lowerBound),
            let tagEnd = html.range(of: ">", range: idRange.upperBound..<html.endIndex),
            let close = html.range(of: "</script>", range: tagEnd.upperBound..<html.endIndex)
        else { return nil }
        // The id must belong to the script tag just found, not to some later element.
        guard !html[tagStart.upperBound..<idRange.lowerBound].contains(">") else { return nil }
        let body = html[tagEnd.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
        return body.isEmpty ? nil : body
    }

    /// Live when a room id is present and either status says 2; offline otherwise.
    static func answer(
        user: [String: Any], liveRoom: [String: Any]?, uniqueId: String, title: String?, viewerCount: Int?
    ) -> RoomLookupAnswer {
        if let mismatch = otherUser(user, uniqueId: uniqueId) { return mismatch }
        let roomId = string(user["roomId"]) ?? ""
        let room = ResolvedRoom(
            roomId: roomId, uniqueId: (user["uniqueId"] as? String) ?? uniqueId, hostUserId: string(user["id"]),
            nickname: user["nickname"] as? String, title: title?.isEmpty == false ? title : nil,
            viewerCount: viewerCount)
        let isLive = integer(liveRoom?["status"]) == statusLive || integer(user["status"]) == statusLive
        guard isLive, !roomId.isEmpty, roomId != "0", UInt64(roomId) != nil else {
            return .offline(room)
        }
        return .live(room)
    }

    static func integer(_ value: Any?) -> Int? {
        switch value {
        case let number as Int: number
        case let number as Int64: Int(exactly: number)
        case let number as UInt64: Int(exactly: number)
        case let number as Double: Int(exactly: number)
        case let number as NSNumber: number.intValue
        case let text as String: Int(text)
        default: nil
        }
    }

    /// Ids arrive as strings or numbers; as numbers they may exceed 2^53, so prefer the string form.
    static func string(_ value: Any?) -> String? {
        switch value {
        case let text as String: text
        case let number as Int: String(number)
        case let number as Int64: String(number)
        case let number as UInt64: String(number)
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }
}
