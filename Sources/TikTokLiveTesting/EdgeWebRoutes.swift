import Foundation
import NIOConcurrencyHelpers
import TikTokLiveEvents

/// Where the edge serves each room's FLV stream: `/stream/<room id>/<quality>.flv`.
let streamPathPrefix = "/stream/"

/// The stream qualities `room/info` lists, as `flv_pull_url` keys and the names in the stream URLs.
let streamQualityKeys: [(key: String, name: String)] = [
    ("FULL_HD1", "origin"), ("HD1", "hd"), ("SD1", "sd"), ("SD2", "ld"),
]

extension EdgeCore {
    static func milliseconds(_ duration: Duration?) -> Int {
        duration.map { Int($0.seconds * 1_000) } ?? 0
    }

    func lookupStarted() {
        state.withLockedValue { state in
            state.lookupsInFlight += 1
            state.maxLookupsInFlight = max(state.maxLookupsInFlight, state.lookupsInFlight)
        }
    }

    func lookupFinished() {
        state.withLockedValue { $0.lookupsInFlight -= 1 }
    }

    /// The faults every webcast API route shares, in order: rate limiting, then the captcha page.
    func webFault() -> EdgeResponse? {
        let (rateLimited, captcha) = state.withLockedValue { state -> (Bool, Bool) in
            if state.faults.rateLimitedRequests > 0 {
                state.faults.rateLimitedRequests -= 1
                return (true, false)
            }
            return (false, state.faults.captcha)
        }
        if rateLimited { return .text(HTTPStatusText.reason(429), status: 429) }
        if captcha { return .html(Self.verifyPage) }
        return nil
    }

    /// `GET /webcast/room/info/?room_id=`: status, title, counts, owner and, while live, the stream
    /// URLs by quality (FLV and HLS). An unknown room answers `status_code` 30003 (an edge choice).
    func roomInfo(_ request: EdgeRequest) -> EdgeResponse {
        let roomId = request.query["room_id"].flatMap { Int64($0) } ?? 0
        let (queued, room) = state.withLockedValue { state -> (Int?, FakeRoom?) in
            if !state.faults.roomInfoErrors.isEmpty { return (state.faults.roomInfoErrors.removeFirst(), nil) }
            return (nil, state.rooms[roomId]?.room)
        }
        if let queued { return .text(HTTPStatusText.reason(queued), status: queued) }
        guard let room else {
            return .json(["status_code": 30003, "message": "room_not_found", "data": [String: Any]()])
        }
        let live = room.status == .live
        var data: [String: Any] = [
            "status": room.wireStatus, "id": room.roomId, "id_str": String(room.roomId), "title": room.title,
            "user_count": live ? room.viewerCount : 0,
            "create_time": Int(Date().timeIntervalSince1970) - 600,
            "stats": ["like_count": room.likeCount, "total_user": room.viewerCount * 10],
            "owner": [
                "id": room.hostUserId, "id_str": String(room.hostUserId), "display_id": room.uniqueId,
                "nickname": room.nickname,
                "avatar_large": ["url_list": ["https://p16-sign-va.tiktokcdn.com/avatar-\(room.hostUserId).webp"]],
            ] as [String: Any],
        ]
        if live, room.stream != nil, let base = request.header("Host").map({ "http://\($0)" }) {
            var flv: [String: String] = [:]
            var hls: [String: String] = [:]
            for (key, name) in streamQualityKeys {
                flv[key] = "\(base)\(streamPathPrefix)\(room.roomId)/\(name).flv"
                hls[key] = "\(base)\(streamPathPrefix)\(room.roomId)/\(name).m3u8"
            }
            data["stream_url"] = [
                "flv_pull_url": flv, "hls_pull_url_map": hls, "hls_pull_url": hls["FULL_HD1"] ?? "",
                "default_resolution": "HD1",
            ]
        }
        return .json(["status_code": 0, "data": data])
    }

    /// `GET /webcast/gift/list/`: the room's catalog, or the standard one without a `room_id`.
    func giftList(_ request: EdgeRequest) -> EdgeResponse {
        let roomId = request.query["room_id"].flatMap { Int64($0) }
        let (queued, gifts) = state.withLockedValue { state -> (Int?, [FakeGift]?) in
            if !state.faults.giftListErrors.isEmpty { return (state.faults.giftListErrors.removeFirst(), nil) }
            guard let roomId else { return (nil, FakeGift.standardCatalog) }
            return (nil, state.rooms[roomId]?.room.gifts)
        }
        if let queued { return .text(HTTPStatusText.reason(queued), status: queued) }
        guard let gifts else {
            return .json(["status_code": 30003, "message": "room_not_found", "data": [String: Any]()])
        }
        let entries: [[String: Any]] = gifts.map { gift in
            [
                "id": gift.id, "name": gift.name, "diamond_count": gift.diamonds, "type": gift.streakable ? 1 : 2,
                "combo": gift.streakable,
                "image": ["url_list": [gift.imageURL], "uri": "webcast-va/gift-\(gift.id)"] as [String: Any],
            ]
        }
        return .json(["status_code": 0, "data": ["gifts": entries]])
    }

    /// `GET /stream/<room id>/<quality>.flv`: a stream plan for the HTTP handler, 404 once a stream is over or
    /// for a room without one.
    func stream(path: String) -> EdgeResponse {
        let parts = path.dropFirst(streamPathPrefix.count).split(separator: "/")
        guard parts.count == 2, let roomId = Int64(parts[0]), parts[1].hasSuffix(".flv") else {
            return .text("not found", status: 404)
        }
        let quality = String(parts[1].dropLast(4))
        guard streamQualityKeys.contains(where: { $0.name == quality }) else { return .text("not found", status: 404) }
        enum Outcome { case error(Int), plan(EdgeStreamPlan) }
        let outcome = state.withLockedValue { state -> Outcome in
            if !state.faults.streamErrors.isEmpty { return .error(state.faults.streamErrors.removeFirst()) }
            guard let room = state.rooms[roomId]?.room, room.status == .live, let stream = room.stream else {
                return .error(404)
            }
            let cursor = state.streamCursors[roomId, default: 0]
            guard stream.loops || cursor < stream.tagCount else { return .error(404) }
            var fault = EdgeStreamPlan.Fault.none
            if state.faults.streamCutsMidTag > 0 {
                state.faults.streamCutsMidTag -= 1
                fault = .cutMidTag(afterTags: state.faults.streamFaultAfterTags)
            } else if state.faults.streamStalls > 0 {
                state.faults.streamStalls -= 1
                fault = .stall(afterTags: state.faults.streamFaultAfterTags)
            }
            state.streamConnections.append(
                FakeStreamConnection(
                    roomId: roomId, quality: quality, wholeTags: 0, firstTagIndex: cursor, ending: .open))
            return .plan(
                EdgeStreamPlan(
                    roomId: roomId, stream: stream, fault: fault, connection: state.streamConnections.count - 1))
        }
        switch outcome {
        case .error(let status):
            return .text(HTTPStatusText.reason(status), status: status)
        case .plan(let plan):
            return EdgeResponse(
                status: 200, headers: [("Content-Type", "video/x-flv"), ("Connection", "close")], body: [],
                stream: plan)
        }
    }
}
