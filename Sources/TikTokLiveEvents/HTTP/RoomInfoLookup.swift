import Foundation

/// `room/info` as a room-lookup source: the third one, asked when an earlier source found a room id but could not
/// say whether it is live. Only the status is read here (live, ended, 18+), with the title and viewers when present;
/// it checks no signature.
enum RoomInfoLookup {
    /// `status_code` of an 18+ room asked for without a logged-in session.
    static let ageRestrictedStatusCode = 4_003_110
    /// `data.status` values: 2 live, 3 live but paused, 4 ended.
    static let liveStatuses: Set<Int> = [2, 3]
    static let endedStatus = 4

    /// `{webcast}/webcast/room/info/?aid=1988&…&room_id=ID`.
    static func url(_ requests: WebRequests, roomId: String) -> String {
        let configuration = requests.configuration
        let query =
            requests.webParameters + [
                ("webcast_language", configuration.language),
                ("region", configuration.region),
                ("room_id", roomId),
            ]
        return requests.base(configuration.endpoints.webcastURL) + "/webcast/room/info/?" + FormEncoding.query(query)
    }

    /// `status_code` 0 with `data.{status, title, user_count, owner.{id_str, display_id, nickname}}`.
    static func answer(_ body: [UInt8], roomId: String, uniqueId: String) -> RoomLookupAnswer {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)), let root = object as? [String: Any]
        else {
            if String(decoding: body, as: UTF8.self).contains(RoomLookupParser.verifyPageMarker) {
                return .challenged("room/info answered with a verification page")
            }
            return .unusable("room/info answered with something that is not JSON (\(body.count) bytes)")
        }
        let statusCode = RoomLookupParser.integer(root["status_code"]) ?? RoomLookupParser.integer(root["statusCode"])
        if statusCode == ageRestrictedStatusCode {
            return .ageRestricted
        }
        guard statusCode == 0, let data = root["data"] as? [String: Any] else {
            let message = (root["message"] as? String).map { " (\($0))" } ?? ""
            return .unusable("room/info status_code \(statusCode.map(String.init) ?? "missing")\(message)")
        }
        let owner = data["owner"] as? [String: Any]
        let room = ResolvedRoom(
            roomId: roomId, uniqueId: (owner?["display_id"] as? String) ?? uniqueId,
            hostUserId: RoomLookupParser.string(owner?["id_str"]) ?? RoomLookupParser.string(owner?["id"]),
            nickname: owner?["nickname"] as? String,
            title: (data["title"] as? String).flatMap { $0.isEmpty ? nil : $0 },
            viewerCount: RoomLookupParser.integer(data["user_count"]))
        switch RoomLookupParser.integer(data["status"]) {
        case let status? where liveStatuses.contains(status): return .live(room)
        case endedStatus: return .offline(room)
        case let status: return .unusable("room/info data.status \(status.map(String.init) ?? "missing")")
        }
    }
}
