import Foundation
import Logging

/// The places a room can be looked up, in the order they are asked.
enum RoomLookupSource: String, Sendable, CaseIterable {
    /// `GET {web}/api-live/user/room/`: JSON, the most direct.
    case apiLive = "api-live"
    /// `GET {web}/@user/live`: the page's embedded state, in either layout.
    case livePage = "live page"
    /// `GET {webcast}/webcast/room/info/`: only when an earlier source found a room id without a status.
    case roomInfo = "room/info"
}

/// `@username` → live room id: api-live first, then the live page, then `room/info` when a room id is known but
/// not whether it is live. A room id in ``TikTokLive/Configuration/knownRoomIds`` skips all of it. An answer of
/// "offline" or "not found" is final.
///
/// HTTP 429 and 5xx are retried with the configured backoff; what is left after
/// every source becomes one error whose kind says what to do: `rateLimited`, `network`, `blocked`.
struct RoomResolver: Sendable {
    let web: WebClient
    let requests: WebRequests
    let configuration: TikTokLive.Configuration

    init(web: WebClient, configuration: TikTokLive.Configuration) {
        self.web = web
        self.requests = WebRequests(configuration: configuration)
        self.configuration = configuration
    }

    /// One source's outcome after retries: what it said, an HTTP status it said it with, or a transport failure.
    enum Outcome: Sendable {
        case answer(RoomLookupAnswer, tries: Int)
        case status(Int, tries: Int)
        case failure(TikTokLiveError, tries: Int)
    }

    func resolve(uniqueId: String) async throws(TikTokLiveError) -> ResolvedRoom {
        if let known = configuration.knownRoomId(for: uniqueId) {
            guard let number = UInt64(known), number > 0 else {
                throw TikTokLiveError(.invalidInput, "the known room id \"\(known)\" of @\(uniqueId) is not a room id")
            }
            configuration.logger.info("@\(uniqueId): room \(known) is known, no lookup")
            return ResolvedRoom(roomId: known, uniqueId: uniqueId)
        }
        var notes: [String] = []
        var statuses: [Int] = []
        var challenged = false
        var candidate: ResolvedRoom?

        for source in RoomLookupSource.allCases {
            let outcome: Outcome
            if source == .roomInfo {
                guard let known = candidate else { break }
                outcome = try await ask(.roomInfo, uniqueId: uniqueId, roomId: known.roomId)
            } else {
                outcome = try await ask(source, uniqueId: uniqueId)
            }
            switch outcome {
            case .answer(let answer, let tries):
                switch answer {
                case .live(let room): return candidate?.merged(with: room) ?? room
                case .offline: throw Self.offline(uniqueId)
                case .notFound: throw Self.notFound(uniqueId)
                case .ageRestricted: throw Self.ageRestricted(uniqueId)
                case .roomIdOnly(let room):
                    candidate = candidate ?? room
                    notes.append("\(source.rawValue): room \(room.roomId), live status unknown")
                case .challenged(let reason):
                    challenged = true
                    notes.append(reason)
                case .unusable(let reason):
                    notes.append(reason + Self.tries(tries))
                }
            case .status(let status, let tries):
                statuses.append(status)
                notes.append("\(source.rawValue): HTTP \(status)\(Self.tries(tries))")
            case .failure(let error, let tries):
                notes.append("\(source.rawValue): \(error.message)\(Self.tries(tries))")
            }
        }

        let detail = notes.joined(separator: "; ")
        if statuses.contains(429) {
            throw TikTokLiveError(
                .rateLimited,
                "TikTok is rate-limiting room lookups (HTTP 429) for @\(uniqueId); wait a while and try again [\(detail)]"
            )
        }
        if challenged || statuses.contains(403) {
            throw TikTokLiveError(
                .blocked,
                "TikTok answered the room lookup for @\(uniqueId) with a captcha or block page instead of room data; "
                    + "try later, from another network, with session cookies, or with a known room id (--room-id) "
                    + "[\(detail)]")
        }
        throw TikTokLiveError(.network, "could not look up the room of @\(uniqueId) [\(detail)]")
    }

    /// Asks one source (`roomId` is what `room/info` is asked about) and parses its answer.
    func ask(_ source: RoomLookupSource, uniqueId: String, roomId: String = "") async throws(TikTokLiveError)
        -> Outcome
    {
        let logger = configuration.logger
        let outcome: Outcome
        switch source {
        case .apiLive:
            outcome = try await fetch(
                requests.apiLiveURL(uniqueId: uniqueId), accept: "application/json, text/plain, */*"
            ) {
                RoomLookupParser.apiLive($0.body, uniqueId: uniqueId)
            }
        case .livePage:
            let fetched = try await fetch(
                requests.livePageURL(uniqueId: uniqueId), accept: "text/html,application/xhtml+xml"
            ) {
                RoomLookupParser.livePage($0.text, uniqueId: uniqueId)
            }
            if case .status(404, let tries) = fetched {
                outcome = .answer(.notFound, tries: tries)
            } else {
                outcome = fetched
            }
        case .roomInfo:
            outcome = try await fetch(RoomInfoLookup.url(requests, roomId: roomId), accept: "application/json") {
                RoomInfoLookup.answer($0.body, roomId: roomId, uniqueId: uniqueId)
            }
        }
        if case .answer(let answer, _) = outcome {
            logger.debug("\(source.rawValue) answer for @\(uniqueId): \(answer.summary)")
        }
        return outcome
    }

    /// GET with retries on 429 and 5xx; a 200 is parsed. A transport failure is not retried here:
    /// AsyncHTTPClient already keeps trying to connect until the request's deadline.
    func fetch(
        _ url: String, accept: String, parse: (WebResponse) -> RoomLookupAnswer
    ) async throws(TikTokLiveError) -> Outcome {
        let tries = 1 + max(configuration.httpRetries, 0)
        var last: Outcome = .failure(TikTokLiveError(.network, "not attempted"), tries: 0)
        for attempt in 1...tries {
            do {
                let response = try await web.get(url, headers: requests.lookupHeaders(accept: accept))
                if response.status == 200 { return .answer(parse(response), tries: attempt) }
                last = .status(response.status, tries: attempt)
                guard response.status == 429 || (500..<600).contains(response.status) else { return last }
            } catch {
                return .failure(error, tries: attempt)
            }
            guard attempt < tries else { break }
            let delay = configuration.backoff.delay(forAttempt: attempt)
            configuration.logger.debug("retrying \(LogText.url(url)) in \(delay.formattedSeconds)")
            do {
                try await Task.sleep(for: delay)
            } catch {
                throw TikTokLiveError(.network, "room lookup cancelled")
            }
        }
        return last
    }

    static func tries(_ count: Int) -> String {
        count > 1 ? " after \(count) tries" : ""
    }

    static func offline(_ uniqueId: String) -> TikTokLiveError {
        TikTokLiveError(.offline, "@\(uniqueId) is not live right now")
    }

    static func notFound(_ uniqueId: String) -> TikTokLiveError {
        TikTokLiveError(.notFound, "TikTok has no user @\(uniqueId)")
    }

    static func ageRestricted(_ uniqueId: String) -> TikTokLiveError {
        TikTokLiveError(
            .ageRestricted,
            "the room of @\(uniqueId) is 18+: it needs the session cookies of a logged-in account (sessionCookies)")
    }
}

extension RoomLookupAnswer {
    var summary: String {
        switch self {
        case .live(let room): "live, room \(room.roomId)"
        case .offline: "offline"
        case .notFound: "not found"
        case .roomIdOnly(let room): "room \(room.roomId), live status unknown"
        case .ageRestricted: "18+ room, needs a logged-in session"
        case .challenged(let reason): "challenged: \(reason)"
        case .unusable(let reason): "unusable: \(reason)"
        }
    }
}
