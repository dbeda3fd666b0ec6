import Foundation

/// A creator's room as the room lookup found it.
struct ResolvedRoom: Sendable, Hashable {
    var roomId: String
    var uniqueId: String
    var hostUserId: String?
    var nickname: String?
    var title: String?
    var viewerCount: Int?
}

/// What one room-lookup source (api-live JSON or the live page) says, before any policy is applied.
enum RoomLookupAnswer: Sendable, Hashable {
    case live(ResolvedRoom)
    /// The creator exists and is not live; `room` carries what was known.
    case offline(ResolvedRoom?)
    case notFound
    /// A captcha or verification page: this network is being challenged.
    case challenged(String)
    /// An answer this source cannot interpret; the next source may do better.
    case unusable(String)
}

/// Pure parsing of the two room-lookup sources (SPEC §1.1, §1.2), kept apart from I/O so it can be tested on
/// strings.
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

    /// `GET /@user/live`: the JSON in `<script id="SIGI_STATE" type="application/json">`, at
    /// `LiveRoom.liveRoomUserInfo.{user, liveRoom}`.
    static func livePage(_ html: String, uniqueId: String) -> RoomLookupAnswer {
        if html.contains(verifyPageMarker) {
            return .challenged("the live page is a verification page (\(verifyPageMarker))")
        }
        guard let json = sigiState(in: html) else {
            return .challenged("the live page has no SIGI_STATE (a captcha, WAF or region block page)")
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

    /// The text between `<script id="SIGI_STATE" ...>` and its `</script>`, whatever the attribute order.
    static func sigiState(in html: String) -> String? {
        guard let idRange = html.range(of: "id=\"SIGI_STATE\"") ?? html.range(of: "id='SIGI_STATE'"),
            let tagStart = html.range(of: "<script", options: .backwards, range: html.startIndex..<idRange.lowerBound),
            let tagEnd = html.range(of: ">", range: idRange.upperBound..<html.endIndex),
            let close = html.range(of: "</script>", range: tagEnd.upperBound..<html.endIndex)
        else { return nil }
        // The id must belong to the script tag just found, not to some later element.
        guard !html[tagStart.upperBound..<idRange.lowerBound].contains(">") else { return nil }
        let body = html[tagEnd.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
        return body.isEmpty ? nil : body
    }

    /// Live when a room id is present and either status says 2 (PT's rule); offline otherwise.
    static func answer(
        user: [String: Any], liveRoom: [String: Any]?, uniqueId: String, title: String?, viewerCount: Int?
    ) -> RoomLookupAnswer {
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
