import Foundation

/// The URLs and headers of the client's web requests, built from the configuration; pure, so tests can read them.
struct WebRequests: Sendable {
    var configuration: TikTokLive.Configuration

    /// `{web}/api-live/user/room/?aid=1988&…&uniqueId=U`.
    func apiLiveURL(uniqueId: String) -> String {
        let query =
            webParameters + [
                ("region", configuration.region),
                ("user_is_login", "false"),
                ("sourceType", "54"),
                ("staleTime", "600000"),
                ("uniqueId", uniqueId),
            ]
        return base(configuration.endpoints.webURL) + "/api-live/user/room/?" + FormEncoding.query(query)
    }

    /// The parameters every web API request starts with.
    var webParameters: [(String, String)] {
        [
            ("aid", "1988"),
            ("app_name", "tiktok_web"),
            ("device_platform", "web_pc"),
            ("app_language", configuration.language),
            ("browser_language", configuration.browserLanguage),
        ]
    }

    /// `{web}/@U/live`: the page whose SIGI_STATE is the fallback lookup.
    func livePageURL(uniqueId: String) -> String {
        base(configuration.endpoints.webURL) + "/@\(uniqueId)/live"
    }

    /// `{web}/@U`: a profile page, loaded anonymously to be given a `ttwid`.
    func profileURL(uniqueId: String) -> String {
        base(configuration.endpoints.webURL) + "/@\(uniqueId)"
    }

    /// The pages loaded, in order, in each round of `ttwid` minting: the creator's profile, then `@tiktok`'s.
    func ttwidPages(uniqueId: String) -> [String] {
        [profileURL(uniqueId: uniqueId), profileURL(uniqueId: "tiktok")]
    }

    /// Headers of the room lookups: the session cookies go along when set (18+ rooms need them).
    func lookupHeaders(accept: String) -> [(String, String)] {
        var headers = browserHeaders(accept: accept)
        if !configuration.sessionCookies.isEmpty {
            headers.append(("Cookie", configuration.sessionCookies.headerValue))
        }
        return headers
    }

    /// Headers of an anonymous page load: no cookies at all, so that TikTok mints a fresh `ttwid`.
    func browserHeaders(accept: String) -> [(String, String)] {
        [
            ("User-Agent", configuration.userAgent),
            ("Accept", accept),
            ("Accept-Language", configuration.acceptLanguage),
            ("Referer", "https://www.tiktok.com/"),
        ]
    }

    /// The URL's text without a trailing `/`, so paths can be appended.
    func base(_ url: URL) -> String {
        var text = url.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}

/// `application/x-www-form-urlencoded`-style encoding of query values: everything but unreserved characters is
/// percent-encoded (spaces as `%20`).
enum FormEncoding {
    static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }

    static func query(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }
}
