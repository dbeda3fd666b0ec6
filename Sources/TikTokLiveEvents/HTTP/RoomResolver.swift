import Foundation
import Logging

/// `@username` → live room id: api-live JSON first, the live page's SIGI_STATE when api-live fails or says
/// nothing usable (SPEC §1). An answer of "offline" or "not found" from api-live is final.
///
/// HTTP 429 and 5xx are retried with the configured backoff; what is left after
/// both sources becomes one error whose kind says what to do: `rateLimited`, `network`, `blocked`.
struct RoomResolver: Sendable {
    let web: WebClient
    let requests: WebRequests
    let configuration: TikTokLive.Configuration

    init(web: WebClient, configuration: TikTokLive.Configuration) {
        self.web = web
        self.requests = WebRequests(configuration: configuration)
        self.configuration = configuration
    }

    /// One source's outcome after retries: an HTTP answer, or a transport failure.
    enum Fetched {
        case response(WebResponse, tries: Int)
        case failure(TikTokLiveError, tries: Int)
    }

    func resolve(uniqueId: String) async throws(TikTokLiveError) -> ResolvedRoom {
        let logger = configuration.logger
        var notes: [String] = []
        var statuses: [Int] = []
        var challenged = false

        switch try await fetch(requests.apiLiveURL(uniqueId: uniqueId), accept: "application/json, text/plain, */*") {
        case .response(let response, let tries) where response.status == 200:
            let answer = RoomLookupParser.apiLive(response.body, uniqueId: uniqueId)
            logger.debug("api-live answer for @\(uniqueId): \(answer.summary)")
            switch answer {
            case .live(let room): return room
            case .offline: throw Self.offline(uniqueId)
            case .notFound: throw Self.notFound(uniqueId)
            case .challenged(let reason):
                challenged = true
                notes.append(reason)
            case .unusable(let reason): notes.append(reason + Self.tries(tries))
            }
        case .response(let response, let tries):
            statuses.append(response.status)
            notes.append("api-live: HTTP \(response.status)\(Self.tries(tries))")
        case .failure(let error, let tries):
            notes.append("api-live: \(error.message)\(Self.tries(tries))")
        }

        switch try await fetch(requests.livePageURL(uniqueId: uniqueId), accept: "text/html,application/xhtml+xml") {
        case .response(let response, _) where response.status == 200:
            let answer = RoomLookupParser.livePage(response.text, uniqueId: uniqueId)
            logger.debug("live page answer for @\(uniqueId): \(answer.summary)")
            switch answer {
            case .live(let room): return room
            case .offline: throw Self.offline(uniqueId)
            case .notFound: throw Self.notFound(uniqueId)
            case .challenged(let reason), .unusable(let reason):
                challenged = true
                notes.append(reason)
            }
        case .response(let response, _) where response.status == 404:
            throw Self.notFound(uniqueId)
        case .response(let response, let tries):
            statuses.append(response.status)
            notes.append("live page: HTTP \(response.status)\(Self.tries(tries))")
        case .failure(let error, let tries):
            notes.append("live page: \(error.message)\(Self.tries(tries))")
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
                    + "try later, from another network, or with session cookies [\(detail)]")
        }
        throw TikTokLiveError(.network, "could not look up the room of @\(uniqueId) [\(detail)]")
    }

    /// GET with retries on 429 and 5xx. A transport failure is not retried here: AsyncHTTPClient already keeps
    /// trying to connect until the request's deadline.
    func fetch(_ url: String, accept: String) async throws(TikTokLiveError) -> Fetched {
        let tries = 1 + max(configuration.httpRetries, 0)
        var last: Fetched = .failure(TikTokLiveError(.network, "not attempted"), tries: 0)
        for attempt in 1...tries {
            do {
                let response = try await web.get(url, headers: requests.lookupHeaders(accept: accept))
                last = .response(response, tries: attempt)
                guard response.status == 429 || (500..<600).contains(response.status) else { return last }
            } catch {
                return .failure(error, tries: attempt)
            }
            guard attempt < tries else { break }
            let delay = configuration.backoff.delay(forAttempt: attempt)
            configuration.logger.debug("retrying \(WebClient.redactQuery(url)) in \(delay.formattedSeconds)")
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
}

extension RoomLookupAnswer {
    var summary: String {
        switch self {
        case .live(let room): "live, room \(room.roomId)"
        case .offline: "offline"
        case .notFound: "not found"
        case .challenged(let reason): "challenged: \(reason)"
        case .unusable(let reason): "unusable: \(reason)"
        }
    }
}
