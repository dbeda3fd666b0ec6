import Foundation

/// The push socket's handshake request: where it goes, its query and its headers.
///
/// Path and query are kept apart because WebSocketKit takes them apart, and because `URL.path` would drop
/// the trailing `/` that the real endpoint needs.
struct PushSocketRequest: Sendable {
    var scheme: String
    var host: String
    var port: Int
    /// Percent-encoded, trailing `/` kept.
    var path: String
    /// As sent on the request line: the web player's query with only what a URL cannot hold escaped
    /// (``SocketQueryEncoding/wire(_:)``).
    var query: String
    var headers: [(name: String, value: String)]

    /// `host` or `host:port` when the port is not the scheme's default: the `wsHost` of the `roomInfo` event.
    var hostDescription: String {
        let defaultPort = scheme == "wss" ? 443 : 80
        return port == defaultPort ? host : "\(host):\(port)"
    }

    /// The whole URL, for logs (never with cookies: those are headers).
    var url: String { "\(scheme)://\(hostDescription)\(path)?\(query)" }

    init(scheme: String, host: String, port: Int, path: String, query: String, headers: [(name: String, value: String)])
    {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path
        self.query = query
        self.headers = headers
    }

    init(
        configuration: TikTokLive.Configuration, roomId: String, ttwid: String,
        timeZone: String = TimeZone.current.identifier
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

        let ours = SocketQueryEncoding.wire(
            SocketQueryEncoding.raw(
                configuration.socketQuery.parameters(configuration: configuration, roomId: roomId, timeZone: timeZone)))
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

    /// What a ``SocketSigner`` is shown: the URL with the query as the web player writes it (nothing escaped).
    func signingRequest(userAgent: String, roomId: String) -> SocketSigningRequest {
        let raw = query.removingPercentEncoding ?? query
        return SocketSigningRequest(
            url: "\(scheme)://\(hostDescription)\(path)?\(raw)", query: raw, userAgent: userAgent, roomId: roomId)
    }

    /// This request as a signer's answer describes it: another URL, appended parameters, added headers.
    func signed(_ signature: SocketSignature) throws(TikTokLiveError) -> PushSocketRequest {
        var request = self
        if let url = signature.url {
            guard let parsed = Self.parse(url) else {
                throw TikTokLiveError(.signer, "the signer answered a URL that is not ws:// or wss:// with a host")
            }
            request.scheme = parsed.scheme
            request.host = parsed.host
            request.port = parsed.port
            request.path = parsed.path
            request.query = parsed.query
        }
        for parameter in signature.parameters {
            let pair = "\(FormEncoding.encode(parameter.name))=\(FormEncoding.encode(parameter.value))"
            request.query += request.query.isEmpty ? pair : "&" + pair
        }
        for header in signature.headers {
            request.headers.removeAll { $0.name.caseInsensitiveCompare(header.name) == .orderedSame }
            request.headers.append((header.name, header.value))
        }
        return request
    }

    /// `ws[s]://host[:port]/path?query`, the query escaped for the wire whether or not the signer escaped it.
    static func parse(_ url: String) -> (scheme: String, host: String, port: Int, path: String, query: String)? {
        guard let separator = url.range(of: "://") else { return nil }
        let scheme: String
        switch url[..<separator.lowerBound].lowercased() {
        case "ws", "http": scheme = "ws"
        case "wss", "https": scheme = "wss"
        default: return nil
        }
        let rest = url[separator.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var host = String(authority)
        var port = scheme == "wss" ? 443 : 80
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            guard let number = Int(authority[authority.index(after: colon)...]), (1...65_535).contains(number) else {
                return nil
            }
            host = String(authority[..<colon])
            port = number
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !host.contains("@") else { return nil }
        let pathAndQuery = rest[authorityEnd...]
        let queryStart = pathAndQuery.firstIndex(of: "?")
        let path = queryStart.map { String(pathAndQuery[..<$0]) } ?? String(pathAndQuery)
        let query = queryStart.map { String(pathAndQuery[pathAndQuery.index(after: $0)...]) } ?? ""
        return (
            scheme, host, port, SocketQueryEncoding.wire(path.isEmpty ? "/" : path), SocketQueryEncoding.wire(query)
        )
    }
}

extension TikTokLive {
    /// The push socket query's values that are facts of the web player (version codes, screen, device) rather than
    /// of the client; each can be changed without a release when TikTok's player changes. The order of the
    /// parameters is the player's, and is fixed.
    public struct SocketQuery: Sendable {
        /// The first `version_code`, from the player's browser block.
        public var versionCode: String
        /// The second `version_code` the player sends (its page configuration's); `nil` leaves it out.
        public var configVersionCode: String?
        /// `update_version_code`: the IM SDK's version.
        public var updateVersionCode: String
        public var screenWidth: Int
        public var screenHeight: Int
        /// `last_rtt`: the player sends `-1` before it has measured a round trip.
        public var lastRTT: String
        /// `device_id`; `nil` sends none, with `did_rule=3` (a device id is sent with `did_rule=0`).
        public var deviceId: String?
        /// Asks for gzip batches (`compress=gzip`); `false` leaves the parameter out.
        public var compress: Bool
        /// Appended after the player's parameters, before any signature.
        public var extraParameters: [SocketSignature.Parameter]

        public init(
            versionCode: String = "180800", configVersionCode: String? = "270000", updateVersionCode: String = "2.0.0",
            screenWidth: Int = 1920, screenHeight: Int = 1080, lastRTT: String = "-1", deviceId: String? = nil,
            compress: Bool = true, extraParameters: [SocketSignature.Parameter] = []
        ) {
            self.versionCode = versionCode
            self.configVersionCode = configVersionCode
            self.updateVersionCode = updateVersionCode
            self.screenWidth = screenWidth
            self.screenHeight = screenHeight
            self.lastRTT = lastRTT
            self.deviceId = deviceId
            self.compress = compress
            self.extraParameters = extraParameters
        }

        /// The parameters in the web player's order: its browser block, its SDK fields, the page configuration,
        /// the room, then the tail it appends. The browser fields follow the User-Agent: name before the first
        /// `/`, version after it.
        func parameters(configuration: TikTokLive.Configuration, roomId: String, timeZone: String) -> [(
            String, String
        )] {
            let userAgent = configuration.userAgent
            let slash = userAgent.firstIndex(of: "/")
            let browserName = slash.map { String(userAgent[..<$0]) } ?? userAgent
            let browserVersion = slash.map { String(userAgent[userAgent.index(after: $0)...]) } ?? ""
            let heartbeatMillis = Int((configuration.heartbeatInterval.seconds * 1000).rounded())
            var items: [(String, String)] = [
                ("version_code", versionCode),
                ("device_platform", "web"),
                ("cookie_enabled", "true"),
                ("screen_width", String(screenWidth)),
                ("screen_height", String(screenHeight)),
                ("browser_language", configuration.browserLanguage),
                ("browser_platform", Self.browserPlatform(userAgent)),
                ("browser_name", browserName),
                ("browser_version", browserVersion),
                ("browser_online", "true"),
                ("tz_name", timeZone),
                ("app_name", "tiktok_web"),
                ("sup_ws_ds_opt", "1"),
                ("update_version_code", updateVersionCode),
            ]
            if compress { items.append(("compress", "gzip")) }
            items += [
                ("webcast_language", configuration.language),
                ("aid", "1988"),
                ("live_id", "12"),
            ]
            if let configVersionCode { items.append(("version_code", configVersionCode)) }
            items += [
                ("app_language", configuration.language),
                ("ws_direct", "1"),
                ("client_enter", "1"),
                ("room_id", roomId),
                ("identity", "audience"),
                ("last_rtt", lastRTT),
                ("heartbeat_duration", String(heartbeatMillis)),
                ("resp_content_type", "protobuf"),
                ("did_rule", deviceId == nil ? "3" : "0"),
            ]
            if let deviceId { items.append(("device_id", deviceId)) }
            return items + extraParameters.map { ($0.name, $0.value) }
        }

        static func browserPlatform(_ userAgent: String) -> String {
            if userAgent.contains("Windows") { return "Win32" }
            if userAgent.contains("Macintosh") || userAgent.contains("Mac OS") { return "MacIntel" }
            return "Linux x86_64"
        }
    }
}

/// The socket query as the web player writes it, and as it travels.
enum SocketQueryEncoding {
    /// `name=value&...` with nothing escaped: the player's serializer does not percent-encode (spaces and
    /// parentheses of `browser_version`, the `/` of `tz_name` stay), and its signature covers these bytes.
    static func raw(_ pairs: [(String, String)]) -> String {
        pairs.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// What a browser puts on the request line for that query: a URL parser escapes only the bytes a URL cannot
    /// hold (controls, space, `"`, `#`, `<`, `>`, `'` and non-ASCII), so the server still reads the signed bytes
    /// once it decodes them. Escaping an already escaped query changes nothing (`%` is kept).
    static func wire(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case 0x21, 0x24...0x26, 0x28...0x3B, 0x3D, 0x3F...0x7E:
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}
