import Foundation

/// The push socket's handshake request: where it goes, its query (SPEC §3.1a) and its headers (SPEC §3.2).
///
/// Path and query are kept apart because WebSocketKit takes them apart, and because `URL.path` would drop
/// the trailing `/` that the real endpoint needs.
struct PushSocketRequest: Sendable {
    var scheme: String
    var host: String
    var port: Int
    /// Percent-encoded, trailing `/` kept.
    var path: String
    var query: String
    var headers: [(name: String, value: String)]

    /// `host` or `host:port` when the port is not the scheme's default: the `wsHost` of the `roomInfo` event.
    var hostDescription: String {
        let defaultPort = scheme == "wss" ? 443 : 80
        return port == defaultPort ? host : "\(host):\(port)"
    }

    /// The whole URL, for logs (never with cookies: those are headers).
    var url: String { "\(scheme)://\(hostDescription)\(path)?\(query)" }

    init(
        configuration: TikTokLive.Configuration, roomId: String, ttwid: String,
        lastRTT: Double = Double.random(in: 100...200), timeZone: String = TimeZone.current.identifier
    ) throws(TikTokLiveError) {
        let base = configuration.endpoints.wsURL
        guard let components = URLComponents(url: base, resolvingAgainstBaseURL: false),
            let host = components.host, !host.isEmpty
        else {
            throw TikTokLiveError(.invalidInput, "the socket URL \(base.absoluteString) has no host")
        }
        let scheme = (components.scheme ?? "wss").lowercased()
        switch scheme {
        case "ws", "wss": self.scheme = scheme
        case "http": self.scheme = "ws"
        case "https": self.scheme = "wss"
        default: throw TikTokLiveError(.invalidInput, "the socket URL \(base.absoluteString) is not ws:// or wss://")
        }
        self.host = host
        self.port = components.port ?? (self.scheme == "wss" ? 443 : 80)
        self.path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath

        let ours = FormEncoding.query(
            Self.queryItems(configuration: configuration, roomId: roomId, lastRTT: lastRTT, timeZone: timeZone))
        if let existing = components.percentEncodedQuery, !existing.isEmpty {
            self.query = existing + "&" + ours
        } else {
            self.query = ours
        }

        var cookie = "ttwid=\(ttwid)"
        if !configuration.sessionCookies.isEmpty {
            cookie += "; " + configuration.sessionCookies.headerValue
        }
        self.headers = [
            ("User-Agent", configuration.userAgent),
            ("Cookie", cookie),
            ("Origin", "https://www.tiktok.com"),
            ("Referer", "https://www.tiktok.com/"),
            ("Accept-Language", configuration.acceptLanguage),
            ("Cache-Control", "no-cache"),
        ]
    }

    /// SPEC §3.1a, in PT's order. The browser fields follow the User-Agent: name before the first `/`, version after.
    static func queryItems(
        configuration: TikTokLive.Configuration, roomId: String, lastRTT: Double, timeZone: String
    ) -> [(String, String)] {
        let userAgent = configuration.userAgent
        let slash = userAgent.firstIndex(of: "/")
        let browserName = slash.map { String(userAgent[..<$0]) } ?? userAgent
        let browserVersion = slash.map { String(userAgent[userAgent.index(after: $0)...]) } ?? ""
        let heartbeatMillis = Int((configuration.heartbeatInterval.seconds * 1000).rounded())
        return [
            ("version_code", "180800"),
            ("device_platform", "web"),
            ("cookie_enabled", "true"),
            ("screen_width", "1920"),
            ("screen_height", "1080"),
            ("browser_language", configuration.browserLanguage),
            ("browser_platform", browserPlatform(userAgent)),
            ("browser_name", browserName),
            ("browser_version", browserVersion),
            ("browser_online", "true"),
            ("tz_name", timeZone),
            ("app_name", "tiktok_web"),
            ("sup_ws_ds_opt", "1"),
            ("update_version_code", "2.0.0"),
            ("compress", "gzip"),
            ("webcast_language", configuration.language),
            ("ws_direct", "1"),
            ("aid", "1988"),
            ("live_id", "12"),
            ("app_language", configuration.language),
            ("client_enter", "1"),
            ("room_id", roomId),
            ("identity", "audience"),
            ("history_comment_count", "6"),
            ("last_rtt", String(format: "%.3f", lastRTT)),
            ("heartbeat_duration", String(heartbeatMillis)),
            ("resp_content_type", "protobuf"),
            ("did_rule", "3"),
        ]
    }

    static func browserPlatform(_ userAgent: String) -> String {
        if userAgent.contains("Windows") { return "Win32" }
        if userAgent.contains("Macintosh") || userAgent.contains("Mac OS") { return "MacIntel" }
        return "Linux x86_64"
    }
}
