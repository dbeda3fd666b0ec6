public import Logging
public import TikTokLiveEvents

extension RelayServer {
    /// Everything the relay can be tuned with. Every property has a default; tests shrink the periods and limits.
    ///
    /// ```swift
    /// var configuration = RelayServer.Configuration(port: 8080, token: "s3cret")
    /// configuration.upstream.endpoints = .init()   // TikTok, or TIKTOK_LIVE_* from the environment
    /// let relay = try await RelayServer.start(configuration: configuration)
    /// ```
    public struct Configuration: Sendable {
        /// The address to listen on. Loopback by default: put the relay behind a proxy, or set `0.0.0.0` and a
        /// ``token``, to reach it from elsewhere.
        public var host: String
        /// The TCP port; 0 picks a free one (see ``RelayServer/port``).
        public var port: Int
        /// When set, clients must send it as `apiKey=` in the query (or `Authorization: Bearer <token>`);
        /// compared in constant time.
        public var token: String?
        /// How long a creator's upstream session stays open after its last client left, so that a client that
        /// reconnects at once does not cost a new room lookup.
        public var gracePeriod: Duration
        /// Events queued for one client before it is dropped as too slow (close code
        /// ``RelayCloseCode/slowClient``). A client that keeps up never has more than a few queued.
        public var clientQueueLimit: Int
        /// Clients connected at once, over all creators; more are refused with HTTP 503.
        public var maxClients: Int
        /// Creators with an upstream session at once; a client for one more is refused with HTTP 503.
        public var maxCreators: Int
        /// How long a connection that is not a WebSocket may take to send a request, from its first byte until the
        /// relay answers; a half-sent request is closed when it runs out.
        public var requestTimeout: Duration
        /// How long a connection that is not a WebSocket may stay silent (after it was accepted, or between
        /// requests) before it is closed.
        public var idleTimeout: Duration
        /// Connections at once from one IP address, WebSockets included; more get HTTP 503 and are closed at once.
        /// Clients behind one NAT share an address, and behind a reverse proxy every client has the proxy's: raise
        /// it (to ``maxClients``, say) there.
        public var maxConnectionsPerAddress: Int
        /// Connections at once that are not WebSockets (yet): plain HTTP and handshakes under way. More get HTTP
        /// 503 and are closed at once.
        public var maxPendingConnections: Int
        /// The kernel's send buffer for each client connection (`SO_SNDBUF`, bytes); `nil` leaves it to the OS, whose
        /// autotuning lets a client that stopped reading hold megabytes before its queue starts to fill. Setting it
        /// bounds a slow client's memory and notices it sooner; too small limits throughput to distant clients.
        public var clientSendBufferSize: Int?
        /// How long a dropped slow client is given to read the bytes already in flight to it, the close frame
        /// with 4008 last (``RelayCloseCode/slowClient``). A client that still reads gets the close frame and then the
        /// end of the connection; one that reads nothing in this time is cut without it.
        public var slowClientCloseTimeout: Duration
        /// How long a closing client is given to answer the close handshake.
        public var closeTimeout: Duration
        /// WebSocket pings to each accepted client at this period (idle proxies close silent connections); a client
        /// that sent nothing back between two pings (no pong, no message) is disconnected. `nil`: no pings.
        public var pingInterval: Duration?
        /// The configuration of every upstream ``TikTokLive`` session: endpoints, reconnect policy, cookies, ...
        public var upstream: TikTokLive.Configuration
        /// Where the relay logs connections, sessions and drops. Silent by default.
        public var logger: Logger
        /// Called with every event of every creator before the creator's clients get it (`serve --store` keeps them
        /// with it). It may wait: that creator's events wait with it, in the upstream client's buffer
        /// (``TikTokLive/Configuration/eventBufferCapacity``, past which the lowest-value are dropped with an
        /// `overflow` error event); its clients are not dropped for it.
        public var eventSink: (@Sendable (LiveEvent) async -> Void)?

        public init(
            host: String = "127.0.0.1",
            port: Int = 8080,
            token: String? = nil,
            gracePeriod: Duration = .seconds(30),
            clientQueueLimit: Int = 1_024,
            maxClients: Int = 1_000,
            maxCreators: Int = 100,
            requestTimeout: Duration = .seconds(5),
            idleTimeout: Duration = .seconds(5),
            maxConnectionsPerAddress: Int = 100,
            maxPendingConnections: Int = 256,
            clientSendBufferSize: Int? = nil,
            slowClientCloseTimeout: Duration = .seconds(5),
            closeTimeout: Duration = .seconds(5),
            pingInterval: Duration? = .seconds(30),
            upstream: TikTokLive.Configuration = TikTokLive.Configuration(),
            logger: Logger = Logger(label: "tiktok-live-relay", factory: { _ in SwiftLogNoOpLogHandler() }),
            eventSink: (@Sendable (LiveEvent) async -> Void)? = nil
        ) {
            self.host = host
            self.port = port
            self.token = token
            self.gracePeriod = gracePeriod
            self.clientQueueLimit = clientQueueLimit
            self.maxClients = maxClients
            self.maxCreators = maxCreators
            self.requestTimeout = requestTimeout
            self.idleTimeout = idleTimeout
            self.maxConnectionsPerAddress = maxConnectionsPerAddress
            self.maxPendingConnections = maxPendingConnections
            self.clientSendBufferSize = clientSendBufferSize
            self.slowClientCloseTimeout = slowClientCloseTimeout
            self.closeTimeout = closeTimeout
            self.pingInterval = pingInterval
            self.upstream = upstream
            self.logger = logger
            self.eventSink = eventSink
        }
    }
}
