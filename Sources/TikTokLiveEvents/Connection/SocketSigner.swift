/// Signs the push socket's URL before each handshake, for the day TikTok enforces the web player's signature
/// (`X-Gnarly`, computed by TikTok's web SDK over the raw query).
///
/// The client calls ``sign(_:)`` once per connection attempt with the exact URL it is about to open, and opens
/// the URL the answer describes. A signer that throws costs that attempt (error kind `signer`); the next attempt
/// comes after the usual backoff. The request never carries cookies: a signer sees only the URL and User-Agent.
///
/// ```swift
/// struct MySigner: SocketSigner {
///     func sign(_ request: SocketSigningRequest) async throws -> SocketSignature {
///         SocketSignature(parameters: [("X-Gnarly", try await computeGnarly(request.query, request.userAgent))])
///     }
/// }
/// var configuration = TikTokLive.Configuration()
/// configuration.socketSigner = MySigner()
/// ```
///
/// ``HTTPSocketSigner`` asks a signing service you run over HTTP.
public protocol SocketSigner: Sendable {
    /// What to add to the handshake: parameters appended to the query, headers, or a whole new URL.
    func sign(_ request: SocketSigningRequest) async throws -> SocketSignature
}

/// The socket handshake a signer is asked to sign.
public struct SocketSigningRequest: Sendable, Hashable {
    /// The full `wss://` URL the client would open, its query exactly as the web player writes it: parameters in
    /// the player's order, values not percent-encoded (``query``).
    public var url: String
    /// The query alone, the bytes the web player's signature covers.
    public var query: String
    /// The User-Agent the handshake sends; a signature computed for another one will not match.
    public var userAgent: String
    /// The room the socket is for.
    public var roomId: String

    public init(url: String, query: String, userAgent: String, roomId: String) {
        self.url = url
        self.query = query
        self.userAgent = userAgent
        self.roomId = roomId
    }
}

/// A signer's answer.
public struct SocketSignature: Sendable, Hashable {
    /// A URL to open instead of the request's (signing services often answer with the signed URL). `nil` keeps
    /// the request's URL.
    public var url: String?
    /// Appended to the query in this order, as `&name=value` with the value percent-encoded.
    public var parameters: [Parameter]
    /// Added to the handshake's headers (a header of the same name is replaced).
    public var headers: [Parameter]

    /// One name and value.
    public struct Parameter: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(url: String? = nil, parameters: [(String, String)] = [], headers: [(String, String)] = []) {
        self.url = url
        self.parameters = parameters.map { Parameter($0.0, $0.1) }
        self.headers = headers.map { Parameter($0.0, $0.1) }
    }
}
