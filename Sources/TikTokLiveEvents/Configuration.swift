public import Foundation
public import Logging

extension TikTokLive {
    /// Everything a client can be tuned with. Every property has a default; tests shrink the delays.
    ///
    /// ```swift
    /// var configuration = TikTokLive.Configuration()
    /// configuration.maxReconnectAttempts = 10
    /// let live = TikTokLive("some_creator", configuration: configuration)
    /// ```
    public struct Configuration: Sendable {
        /// Where the events come from: TikTok itself (``Mode/direct``, the default) or a relay server
        /// (``Mode/relay(_:)``, "managed mode"). Everything above the transport sees the same events.
        public var mode: Mode
        /// Reconnect after a dropped or stale socket. When `false`, the first failure ends ``TikTokLive/run()``
        /// with that failure's error.
        public var autoReconnect: Bool
        /// Consecutive failed attempts tolerated before ``TikTokLive/run()`` gives up (error kind
        /// `reconnectBudgetSpent`, or `deviceBlocked`, `signer` or `signatureRequired` when the last of them were
        /// failures of that kind).
        /// A healthy session (see ``healthySessionDuration``) resets the count.
        public var maxReconnectAttempts: Int
        /// How often an application-level heartbeat frame is sent; also sent to the server as
        /// `heartbeat_duration` in milliseconds.
        public var heartbeatInterval: Duration
        /// A socket that delivers nothing (not even a heartbeat echo) for this long is closed and replaced.
        public var staleTimeout: Duration
        /// A session that lasted this long counts as healthy even if it delivered no events; a session that
        /// delivered a batch of messages counts as healthy at once. Healthy sessions reset the reconnect count.
        public var healthySessionDuration: Duration
        /// The delays between attempts: room lookups that got 429/5xx, and reconnects.
        public var backoff: Backoff
        /// Where the client talks to: the web host, the webcast API host and the push socket.
        public var endpoints: Endpoints
        /// An HTTP CONNECT proxy for every request and the socket.
        public var proxy: Proxy?
        /// Sent on every request and the socket handshake. TikTok refuses a socket without one.
        public var userAgent: String
        /// Two-letter language code: `app_language`, `webcast_language`, `Accept-Language`.
        public var language: String
        /// Two-letter region: `region`, and the second half of `browser_language`.
        public var region: String
        /// Cookies of a logged-in TikTok session (`sessionid`, `sid_tt`, `tt-target-idc`), needed for 18+
        /// rooms. Sent to TikTok only; never logged and never part of an error message.
        public var sessionCookies: SessionCookies
        /// Where the client logs what it does. Silent by default.
        public var logger: Logger
        /// Deadline for one HTTP request, and for the socket handshake.
        public var httpTimeout: Duration
        /// How often a room lookup that got HTTP 429 or 5xx is retried before giving up.
        public var httpRetries: Int
        /// Rounds of anonymous page loads made to obtain a `ttwid` cookie; TikTok sets it on only some of them.
        public var ttwidAttempts: Int
        /// The pause between two `ttwid` rounds.
        public var ttwidRetryDelay: Duration
        /// Size limits for frames read from the socket.
        public var frameLimits: FrameLimits
        /// How many recent message ids are remembered to drop messages that a reconnect delivers again.
        public var deduplicationWindow: Int
        /// Called with every raw frame the push socket delivers, before decoding: how `--record` writes a
        /// capture that `replay` reads back. Runs on the session's reading task, so keep it quick.
        public var frameRecorder: (@Sendable ([UInt8]) -> Void)?
        /// Signs the push socket's URL before each handshake; `nil` (the default) opens it unsigned, with only
        /// the `ttwid` cookie. See ``SocketSigner`` and ``HTTPSocketSigner``.
        public var socketSigner: (any SocketSigner)?
        /// The web player's facts in the socket query (version codes, screen, device id); see ``SocketQuery``.
        public var socketQuery: SocketQuery
        /// Room ids known ahead, by username (with or without `@`, any case): a creator listed here is not looked
        /// up at all, the client connects to that room at once. For when every lookup source is blocked.
        public var knownRoomIds: [String: String]
        /// Gift events lacking a name, image or diamond value get them from the room's gift catalog, fetched
        /// once per room when the socket connects; a failed fetch costs one `error` event, never a gift. Off by
        /// default (one more request per room); the CLI turns it on. Direct connections only.
        public var enrichGifts = false
        /// Events held for one consumer (each ``TikTokLive/events`` loop, and the handlers together) that has
        /// fallen behind the room. Past it the oldest events of the lowest value are dropped (likes, viewer counts
        /// and joins first; gifts, lifecycle events and `streamEnd` last) and one `error` event of kind `overflow`
        /// counts them: see the ReconnectsAndErrors article. 10,000 events are a few seconds of the busiest room
        /// and some tens of megabytes at most.
        public var eventBufferCapacity = 10_000

        public init(
            autoReconnect: Bool = true,
            maxReconnectAttempts: Int = 5,
            heartbeatInterval: Duration = .seconds(10),
            staleTimeout: Duration = .seconds(60),
            healthySessionDuration: Duration = .seconds(30),
            backoff: Backoff = Backoff(),
            endpoints: Endpoints = Endpoints(),
            proxy: Proxy? = nil,
            userAgent: String = Configuration.defaultUserAgent,
            language: String = "en",
            region: String = "US",
            sessionCookies: SessionCookies = [:],
            logger: Logger = Logger(label: "tiktok-live-events", factory: { _ in SwiftLogNoOpLogHandler() }),
            httpTimeout: Duration = .seconds(10),
            httpRetries: Int = 3,
            ttwidAttempts: Int = 8,
            ttwidRetryDelay: Duration = .milliseconds(750),
            frameLimits: FrameLimits = FrameLimits(),
            deduplicationWindow: Int = 10_000,
            mode: Mode = .direct,
            socketSigner: (any SocketSigner)? = nil,
            socketQuery: SocketQuery = SocketQuery(),
            knownRoomIds: [String: String] = [:]
        ) {
            self.mode = mode
            self.autoReconnect = autoReconnect
            self.maxReconnectAttempts = maxReconnectAttempts
            self.heartbeatInterval = heartbeatInterval
            self.staleTimeout = staleTimeout
            self.healthySessionDuration = healthySessionDuration
            self.backoff = backoff
            self.endpoints = endpoints
            self.proxy = proxy
            self.userAgent = userAgent
            self.language = language
            self.region = region
            self.sessionCookies = sessionCookies
            self.logger = logger
            self.httpTimeout = httpTimeout
            self.httpRetries = httpRetries
            self.ttwidAttempts = ttwidAttempts
            self.ttwidRetryDelay = ttwidRetryDelay
            self.frameLimits = frameLimits
            self.deduplicationWindow = deduplicationWindow
            self.socketSigner = socketSigner
            self.socketQuery = socketQuery
            self.knownRoomIds = knownRoomIds
        }

        /// The room id ``knownRoomIds`` holds for this username, matched without `@` and case-insensitively.
        func knownRoomId(for uniqueId: String) -> String? {
            let wanted = Self.normalisedUsername(uniqueId)
            return knownRoomIds.first { Self.normalisedUsername($0.key) == wanted }?.value
        }

        /// `@Name` → `name`: how usernames compare (TikTok handles are case-insensitive).
        static func normalisedUsername(_ name: String) -> String {
            var name = name.trimmingCharacters(in: .whitespaces).lowercased()
            if name.hasPrefix("@") { name.removeFirst() }
            return name
        }

        /// The transport behind a client.
        public enum Mode: Sendable, Hashable {
            /// This machine talks to TikTok and decodes the webcast protocol itself.
            case direct
            /// One WebSocket to a relay (`tiktok-live-events serve`, `ws://host:port/`) that watches the creator and
            /// sends its events as JSON. An `apiKey=` in the URL's query is passed on; the creator's `uniqueId` is
            /// added. Endpoints, proxy and session cookies are the relay's business and are not sent to it.
            case relay(URL)
        }

        /// A current desktop Chrome on Linux; the socket query's browser fields are derived from it.
        public static let defaultUserAgent =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"

        /// `en-US`: the `browser_language` form.
        var browserLanguage: String { "\(language)-\(region)" }

        /// `en-US,en;q=0.9`.
        var acceptLanguage: String { "\(browserLanguage),\(language);q=0.9" }
    }

    /// The hosts the client talks to. Plain `http://` and `ws://` work too, which is how tests and mirrors
    /// are reached.
    public struct Endpoints: Sendable, Hashable {
        /// The web host: room lookup (`/api-live/user/room/`, `/@user/live`) and `ttwid` minting (`/@user`).
        public var webURL: URL
        /// The webcast API host (`/webcast/room/info/`, ...).
        public var webcastURL: URL
        /// The push socket, including its path; the client appends the query.
        public var wsURL: URL

        public static let defaultWebURL = URL(string: "https://www.tiktok.com")!
        public static let defaultWebcastURL = URL(string: "https://webcast.tiktok.com")!
        public static let defaultWSURL = URL(
            string: "wss://webcast-ws.tiktok.com/webcast/im/ws_proxy/ws_reuse_supplement/")!

        public init(webURL: URL, webcastURL: URL, wsURL: URL) {
            self.webURL = webURL
            self.webcastURL = webcastURL
            self.wsURL = wsURL
        }

        /// TikTok's public hosts, each replaced by `TIKTOK_LIVE_WEB_URL`, `TIKTOK_LIVE_WEBCAST_URL` or
        /// `TIKTOK_LIVE_WS_URL` when that variable is set to a URL.
        public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
            func url(_ name: String, _ fallback: URL) -> URL {
                guard let value = environment[name], !value.isEmpty, let url = URL(string: value), url.scheme != nil
                else { return fallback }
                return url
            }
            self.init(
                webURL: url("TIKTOK_LIVE_WEB_URL", Self.defaultWebURL),
                webcastURL: url("TIKTOK_LIVE_WEBCAST_URL", Self.defaultWebcastURL),
                wsURL: url("TIKTOK_LIVE_WS_URL", Self.defaultWSURL))
        }
    }

    /// An HTTP proxy reached with `CONNECT`.
    public struct Proxy: Sendable, Hashable {
        public var host: String
        public var port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }

    /// Exponential backoff: the n-th retry waits `min(base × 2ⁿ, cap)`, so the defaults give 2, 4, 8, 16, 30 s.
    public struct Backoff: Sendable, Hashable {
        public var base: Duration
        public var cap: Duration

        public init(base: Duration = .seconds(1), cap: Duration = .seconds(30)) {
            self.base = base
            self.cap = cap
        }

        /// The wait before retry number `attempt` (1-based).
        public func delay(forAttempt attempt: Int) -> Duration {
            let exponent = min(max(attempt, 0), 30)
            let delay = base * (1 << exponent)
            return min(delay, cap)
        }
    }

    /// Cookies of a logged-in session. Their values never appear in descriptions, dumps, logs or errors.
    public struct SessionCookies: Sendable, Hashable, ExpressibleByDictionaryLiteral, CustomStringConvertible,
        CustomDebugStringConvertible, CustomReflectable
    {
        var values: [(name: String, value: String)]

        public init(_ cookies: [(name: String, value: String)]) {
            values = cookies
        }

        public init(dictionaryLiteral elements: (String, String)...) {
            values = elements.map { (name: $0.0, value: $0.1) }
        }

        public var isEmpty: Bool { values.isEmpty }
        /// The cookie names (values stay private).
        public var names: [String] { values.map(\.name) }

        /// `name=value; name=value`, for a `Cookie` header.
        var headerValue: String {
            values.map { "\($0.name)=\($0.value)" }.joined(separator: "; ")
        }

        public var description: String {
            values.isEmpty ? "no session cookies" : "session cookies \(names.joined(separator: ", ")) (values redacted)"
        }
        public var debugDescription: String { description }
        public var customMirror: Mirror { Mirror(self, children: ["names": names]) }

        public static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.values.elementsEqual(rhs.values) { $0.name == $1.name && $0.value == $1.value }
        }

        public func hash(into hasher: inout Hasher) {
            for cookie in values {
                hasher.combine(cookie.name)
                hasher.combine(cookie.value)
            }
        }
    }
}
