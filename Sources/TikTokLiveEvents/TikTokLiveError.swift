/// An error from this library: a stable machine word (``kind``) to branch on, and a sentence for people.
///
/// The same kinds appear in the `error` event's `kind` field, so code that watches the event stream and
/// code that catches errors agree on the words. Messages never contain cookies or tokens.
public struct TikTokLiveError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable name for a class of failure. New kinds may be added; existing ones keep their spelling.
    public struct Kind: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The creator exists but is not live.
        public static let offline = Kind(rawValue: "offline")
        /// No such creator.
        public static let notFound = Kind(rawValue: "notFound")
        /// TikTok answered with a captcha, a WAF page, or a refusal that names no reason.
        public static let blocked = Kind(rawValue: "blocked")
        /// The push socket refused this device (`Handshake-Msg: DEVICE_BLOCKED`).
        public static let deviceBlocked = Kind(rawValue: "deviceBlocked")
        /// An 18+ room that needs a logged-in session.
        public static let ageRestricted = Kind(rawValue: "ageRestricted")
        /// Bytes from the network that could not be decoded. Costs one frame or one message, never more.
        public static let decode = Kind(rawValue: "decode")
        /// A connection failed or timed out.
        public static let network = Kind(rawValue: "network")
        /// The server asked us to slow down (HTTP 429) and retries did not help.
        public static let rateLimited = Kind(rawValue: "rateLimited")
        /// The username is not a valid TikTok handle; nothing was sent.
        public static let invalidUsername = Kind(rawValue: "invalidUsername")
        /// Reconnects were tried as often as configured and all failed.
        public static let reconnectBudgetSpent = Kind(rawValue: "reconnectBudgetSpent")
        /// A capture file or other local input is malformed.
        public static let invalidInput = Kind(rawValue: "invalidInput")
        /// The configured socket signer (``TikTokLive/Configuration/socketSigner``) failed, timed out or answered
        /// something unusable. Retried with the backoff like a dropped socket.
        public static let signer = Kind(rawValue: "signer")
        /// The push socket refused a handshake in a way that names a signature: TikTok wants a signed socket URL.
        /// Configure ``TikTokLive/Configuration/socketSigner`` (CLI: `--signer URL`).
        public static let signatureRequired = Kind(rawValue: "signatureRequired")
        /// Only as an `error` event: the consumer (an ``TikTokLive/events`` loop or the handlers) fell behind the room
        /// and a full buffer dropped events, low-value kinds first; the event's ``ErrorEvent/dropped`` counts them
        /// (the ReconnectsAndErrors article's "When the consumer is slower than the room").
        public static let overflow = Kind(rawValue: "overflow")

        // A relay's refusals (`tiktok-live-events serve`): the `error` message a refused client gets, and what
        // ``TikTokLive/run()`` throws in relay mode for the final ones (see ``RelayCloseCode``).

        /// The relay wants a token (`apiKey=`) and the request has none or a wrong one.
        public static let unauthorized = Kind(rawValue: "unauthorized")
        /// The relay already serves its limit of clients.
        public static let tooManyClients = Kind(rawValue: "tooManyClients")
        /// The relay already watches its limit of creators.
        public static let tooManyCreators = Kind(rawValue: "tooManyCreators")
        /// The relay is shutting down.
        public static let shuttingDown = Kind(rawValue: "shuttingDown")
        /// A plain HTTP request where the relay serves WebSockets.
        public static let upgradeRequired = Kind(rawValue: "upgradeRequired")
    }

    public var kind: Kind
    public var message: String
    /// The wire method involved, for `decode` errors about one message.
    public var method: String?

    public init(_ kind: Kind, _ message: String, method: String? = nil) {
        self.kind = kind
        self.message = message
        self.method = method
    }

    public var description: String { message }
}
