import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// One HTTP answer, body read in full.
struct WebResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    /// Every `Set-Cookie` value seen on the way, redirects included.
    var setCookies: [String]

    func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The value of cookie `name` from the `Set-Cookie` headers, if one set it to something non-empty.
    func cookie(named name: String) -> String? {
        for line in setCookies {
            let pair = line.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
            guard let equals = pair.firstIndex(of: "=") else { continue }
            let key = pair[..<equals].trimmingCharacters(in: .whitespaces)
            let value = pair[pair.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if key == name && !value.isEmpty { return value }
        }
        return nil
    }
}

/// The GETs the client makes (room lookup, `ttwid`), over one AsyncHTTPClient that the owner shuts down.
///
/// Redirects are followed here rather than by AsyncHTTPClient so that cookies set on a redirect are kept.
final class WebClient: Sendable {
    let client: HTTPClient
    private let timeout: Duration
    private let logger: Logger
    /// Bodies larger than this are refused: a live page is ~1 MB, nothing we read should be near this.
    static let maxBodyBytes = 16 << 20
    static let maxRedirects = 5

    init(configuration: TikTokLive.Configuration) {
        var http = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: TimeAmount(configuration.httpTimeout), read: TimeAmount(configuration.httpTimeout)))
        if let proxy = configuration.proxy {
            http.proxy = .server(host: proxy.host, port: proxy.port)
        }
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: http)
        timeout = configuration.httpTimeout
        logger = configuration.logger
    }

    func shutdown() async {
        do {
            try await client.shutdown()
        } catch {
            logger.debug("HTTP client shutdown: \(error)")
        }
    }

    /// GET `url`, following up to ``maxRedirects`` redirects. Throws only for transport failures (kind `network`);
    /// any HTTP status is returned.
    func get(_ url: String, headers: [(String, String)]) async throws(TikTokLiveError) -> WebResponse {
        var current = url
        var cookies: [String] = []
        for _ in 0...Self.maxRedirects {
            let response = try await getOnce(current, headers: headers)
            cookies += response.setCookies
            if (300..<400).contains(response.status), let location = response.header("Location"),
                let next = URL(string: location, relativeTo: URL(string: current))?.absoluteString
            {
                logger.debug("HTTP \(response.status) redirect", metadata: ["to": "\(LogText.url(next))"])
                current = next
                continue
            }
            var final = response
            final.setCookies = cookies
            return final
        }
        throw TikTokLiveError(.network, "too many redirects starting at \(LogText.url(url))")
    }

    private func getOnce(_ url: String, headers: [(String, String)]) async throws(TikTokLiveError) -> WebResponse {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        for (name, value) in headers {
            request.headers.add(name: name, value: value)
        }
        do {
            // The deadline covers the response head; the read timeout covers a body that stalls.
            let response = try await client.execute(request, timeout: TimeAmount(timeout))
            let body = try await response.body.collect(upTo: Self.maxBodyBytes)
            let pairs = response.headers.map { (name: $0.name, value: $0.value) }
            logger.debug(
                "HTTP GET \(LogText.url(url)) -> \(response.status.code)",
                metadata: ["bytes": "\(body.readableBytes)"])
            return WebResponse(
                status: Int(response.status.code), headers: pairs, body: Array(body.readableBytesView),
                setCookies: response.headers["Set-Cookie"])
        } catch let error as TikTokLiveError {
            throw error
        } catch is CancellationError {
            throw TikTokLiveError(.network, "request cancelled: GET \(LogText.url(url))")
        } catch {
            throw TikTokLiveError(.network, "GET \(LogText.url(url)) failed: \(error)")
        }
    }
}

extension Duration {
    /// Seconds as a `Double`, for events and messages.
    package var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// `2s`, `0.25s`: for messages.
    var formattedSeconds: String {
        let value = seconds
        return value == value.rounded() ? "\(Int(value))s" : "\(value)s"
    }
}
