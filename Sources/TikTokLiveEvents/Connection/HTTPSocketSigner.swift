import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1

/// A ``SocketSigner`` that asks a signing service you run, over HTTP.
///
/// The contract, so that any signing service can sit behind it:
///
/// - the client sends `POST <url>` with `Content-Type: application/json` and the body
///   `{"url": "<the full wss URL the client would open>", "userAgent": "<the User-Agent it will send>"}`
///   (the URL's query as the web player writes it: see ``SocketSigningRequest/url``);
/// - the service answers `200` with `{"url": "<the URL to open instead>"}`, optionally with
///   `"headers": {"name": "value"}` to add to the handshake;
/// - anything else (another status, a body that is not that JSON, no answer within ``timeout``) is an error of
///   kind `signer`, and the attempt is retried after the usual backoff.
///
/// No cookie is ever sent to the service. The CLI's `--signer URL` (or `$TIKTOK_LIVE_SIGNER_URL`) uses this.
public struct HTTPSocketSigner: SocketSigner {
    /// Where the signing service listens.
    public var url: URL
    /// Deadline for one signing request.
    public var timeout: Duration
    /// Headers sent to the service with each request (an API key, say); never logged.
    public var headers: [(name: String, value: String)]

    /// The largest answer read; a signed URL is a few kilobytes.
    static let maxAnswerBytes = 1 << 20

    public init(url: URL, timeout: Duration = .seconds(10), headers: [(name: String, value: String)] = []) {
        self.url = url
        self.timeout = timeout
        self.headers = headers
    }

    public func sign(_ request: SocketSigningRequest) async throws -> SocketSignature {
        // The service's URL may carry a key in its query: messages show it without.
        let shown = LogText.url(url.absoluteString)
        let body: Data
        do {
            body = try JSONSerialization.data(
                withJSONObject: ["url": request.url, "userAgent": request.userAgent], options: [.sortedKeys])
        } catch {
            throw TikTokLiveError(.signer, "could not write the signing request: \(error)")
        }
        var post = HTTPClientRequest(url: url.absoluteString)
        post.method = .POST
        post.headers.add(name: "Content-Type", value: "application/json")
        post.headers.add(name: "Accept", value: "application/json")
        for (name, value) in headers {
            post.headers.add(name: name, value: value)
        }
        post.body = .bytes(ByteBuffer(bytes: body))

        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
        let answer: (status: UInt, body: ByteBuffer)
        do {
            let response = try await client.execute(post, timeout: TimeAmount(timeout))
            answer = (response.status.code, try await response.body.collect(upTo: Self.maxAnswerBytes))
            try? await client.shutdown()
        } catch {
            try? await client.shutdown()
            throw TikTokLiveError(.signer, "the signer at \(shown) did not answer: \(Self.describe(error, timeout))")
        }
        guard answer.status == 200 else {
            throw TikTokLiveError(.signer, "the signer at \(shown) answered HTTP \(answer.status) instead of 200")
        }
        return try Self.signature(from: Array(answer.body.readableBytesView), signer: shown)
    }

    /// Reads a `200` answer: `{"url": "...", "headers": {...}}`.
    static func signature(from body: [UInt8], signer: String) throws(TikTokLiveError) -> SocketSignature {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)), let root = object as? [String: Any]
        else {
            throw TikTokLiveError(
                .signer, "the signer at \(signer) answered \(body.count) bytes that are not a JSON object")
        }
        guard let signed = root["url"] as? String, !signed.isEmpty else {
            throw TikTokLiveError(.signer, "the signer at \(signer) answered JSON without a \"url\" string")
        }
        var headers: [(String, String)] = []
        if let extra = root["headers"] {
            guard let extra = extra as? [String: Any], extra.values.allSatisfy({ $0 is String }) else {
                throw TikTokLiveError(
                    .signer, "the signer at \(signer) answered \"headers\" that are not an object of strings")
            }
            headers = extra.compactMap { name, value in (value as? String).map { (name, $0) } }
                .sorted { $0.0 < $1.0 }
        }
        return SocketSignature(url: signed, headers: headers)
    }

    static func describe(_ error: any Error, _ timeout: Duration) -> String {
        if let error = error as? HTTPClientError, error == .deadlineExceeded || error == .readTimeout {
            return "no answer within \(timeout.formattedSeconds)"
        }
        return "\(error)"
    }
}
