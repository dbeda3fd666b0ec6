/// A viewer or host as the fake edge puts them into messages.
///
/// The three identities every client shows, plus an optional ``FakeProfile`` (avatars, counts, badges) for
/// traffic shaped like a real room's.
public struct FakeUser: Sendable, Hashable {
    /// The numeric user id (also sent as `id_str`).
    public var id: Int64
    /// The @handle without the `@` (wire field `display_id`).
    public var uniqueId: String
    public var nickname: String
    /// Avatars, badges and counts as a real edge sends them; `nil` sends the three identities only.
    public var profile: FakeProfile?

    public init(id: Int64, uniqueId: String, nickname: String, profile: FakeProfile? = nil) {
        self.id = id
        self.uniqueId = uniqueId
        self.nickname = nickname
        self.profile = profile
    }
}

/// One inner message of a batch: a webcast method name and that method's encoded payload.
///
/// The payload is opaque to the edge, so tests can push methods the builders do not cover, or payloads that
/// are deliberately broken, next to well-formed ones.
public struct FakeMessage: Sendable, Hashable {
    /// The webcast method, e.g. `WebcastChatMessage`.
    public var method: String
    /// The encoded method message (protobuf bytes).
    public var payload: [UInt8]
    /// The inner message's `msg_id`; recorded in ``FakeTikTokEdge/sentMessageIds`` when pushed.
    public var msgId: Int64

    public init(method: String, payload: [UInt8], msgId: Int64) {
        self.method = method
        self.payload = payload
        self.msgId = msgId
    }
}

/// One step of a room's script, played on the push socket after the client's `im_enter_room`.
///
/// The steps cover what a client must survive on the real edge: batches (compressed or not, with or without
/// an ack request), bytes that are not frames, corrupt gzip, pauses, abrupt drops, silence and close frames.
public enum FakeScriptStep: Sendable {
    /// One `msg` PushFrame carrying a `FetchResult` with these messages.
    ///
    /// The batch has a unique, increasing `log_id` and `seq_id`, a unique `internal_ext`, a `cursor`, and
    /// `is_first` on the first batch of a connection. When `compress` is set and the socket's query asked for
    /// `compress=gzip`, the `FetchResult` is gzipped and the frame carries the header `compress_type=gzip`; a
    /// socket opened without `compress=gzip` gets plain protobuf, as from the real edge (docs/PROTOCOL.md#compression).
    case batch([FakeMessage], needAck: Bool = true, compress: Bool = true)
    /// A binary WebSocket message with these bytes, which need not be a PushFrame.
    case garbage([UInt8])
    /// A `msg` frame whose header says gzip but whose payload does not inflate.
    case badGzip
    /// Pauses the script on this connection.
    case wait(milliseconds: Int)
    /// Closes the TCP connection without a close frame, like a dying NAT or edge node.
    ///
    /// The next connection to the room first re-sends the last `replayLast` messages already pushed (as one
    /// batch), as the real edge does with recent history, so that clients can prove they de-duplicate.
    case dropConnection(replayLast: Int = 0)
    /// Stops sending anything on this connection, heartbeat echoes included, while keeping it open: a stale
    /// socket. The script resumes on the room's next connection.
    case goSilent
    /// Sends a WebSocket close frame with this code and closes the connection once the client answers.
    case close(code: Int)
    /// Starts a binary message and never finishes it: a first frame without `fin`, then continuation frames of
    /// `bytes` bytes each, one a millisecond, until the connection closes; no heartbeat is echoed meanwhile. With
    /// `answersClose` off the edge ignores the client's close frame and keeps sending, as a hostile endpoint would.
    case endlessFragments(bytes: Int, answersClose: Bool = true)
}

/// A room the fake edge knows: how it resolves over HTTP and what its push socket plays.
public struct FakeRoom: Sendable {
    public enum Status: Sendable {
        /// Resolves with status 2.
        case live
        /// Resolves with status 4; a socket to it is still accepted (and plays the script).
        case offline
    }

    /// The host's @handle without the `@`; matched case-insensitively.
    public var uniqueId: String
    public var roomId: Int64
    public var hostUserId: Int64
    public var nickname: String
    public var status: Status
    /// Played after the client's `im_enter_room` for this room.
    ///
    /// There is one cursor per room, shared by all its connections, so a reconnect continues where the last
    /// connection stopped instead of replaying the whole script.
    public var script: [FakeScriptStep]
    /// Starts the script over at its end (for an endless sandbox room); otherwise the socket stays open and idle.
    ///
    /// Each later pass shifts message ids by `pass × 10^12` (in the inner message and in the payload's
    /// `CommonMessageData`), so that clients which de-duplicate on `msg_id` keep showing the events. A looping
    /// script without a `wait` step is paced at one pass per 50 ms.
    public var loopScript: Bool
    /// Sets each pushed message's `create_time` to the moment it is sent, as in a real room, instead of the time
    /// its builder ran; for long-running rooms such as the sandbox, whose script is built once.
    public var stampsMessagesWhenSent = false
    /// The title reported by api-live and `room/info`.
    public var title: String
    /// The viewer count reported by api-live and `room/info`.
    public var viewerCount: Int
    /// The room's like total reported by `room/info`.
    public var likeCount = 4_321
    /// The catalog `gift/list` answers with (FakeWebData.swift).
    public var gifts: [FakeGift] = FakeGift.standardCatalog
    /// The FLV stream `room/info` lists and `/stream/…` serves; `nil` lists no stream URLs.
    public var stream: FakeStream? = FakeStream()

    public init(
        uniqueId: String, roomId: Int64, hostUserId: Int64, nickname: String, status: Status = .live,
        script: [FakeScriptStep] = [], loopScript: Bool = false
    ) {
        self.uniqueId = uniqueId
        self.roomId = roomId
        self.hostUserId = hostUserId
        self.nickname = nickname
        self.status = status
        self.script = script
        self.loopScript = loopScript
        self.title = "\(nickname) is LIVE"
        self.viewerCount = 123
    }

    /// The wire status value: 2 live, 4 offline (docs/PROTOCOL.md#status-values).
    var wireStatus: Int { status == .live ? 2 : 4 }
}

/// Failures the edge injects, so that clients can be tested against the ways TikTok refuses them.
///
/// Counters are consumed one request at a time; change them while the edge runs with
/// ``FakeTikTokEdge/updateFaults(_:)``.
public struct FakeEdgeFaults: Sendable {
    /// Refuses the next N WebSocket handshakes with HTTP 200, an empty body and the headers
    /// `Handshake-Status: 415`, `Handshake-Msg: DEVICE_BLOCKED` (docs/PROTOCOL.md#handshake-refusals).
    public var deviceBlockedHandshakes = 0
    /// HTTP statuses returned by the next api-live requests, consumed in order (e.g. `[503, 429]`).
    public var apiLiveErrors: [Int] = []
    /// api-live answers an HTML page, and `/@u/live` a page containing `tiktok-verify-page` and no SIGI_STATE.
    public var captcha = false
    /// api-live answers 404, so clients must fall back to the `/@u/live` page.
    public var apiLiveDisabled = false
    /// The next N profile-page GETs set no `ttwid` cookie (TikTok mints it on only some anonymous GETs).
    public var ttwidWithheld = 0
    /// Every room-lookup route (api-live, the live page, `room/info`) answers this HTTP status, as a WAF wall (403),
    /// a rate limit (429) or an overloaded edge (5xx) does. Profile pages (the `ttwid`), the socket and `/sign`
    /// are spared.
    public var webStatus: Int?
    /// The socket enforces a signature, as TikTok's web player computes one: a handshake whose query does not end
    /// in `&X-Gnarly=<FakeSocketSignature.compute(...)>` is refused with HTTP 200, no upgrade,
    /// `Handshake-Status: 403` and `Handshake-Msg: X-Gnarly signature required` (or `... invalid` when one was
    /// sent but is wrong). ``FakeSocketSigner`` and the edge's `POST /sign` compute what it accepts.
    public var requireSignature = false
    /// How the next `POST /sign` requests are answered, consumed in order; once empty, they are signed correctly.
    public var signerAnswers: [FakeSignerAnswer] = []
    /// Accepted sockets send nothing at all: no enter-room answer, no heartbeat echo, no script.
    public var silentSockets = false
    /// Which layout `GET /@user/live` uses.
    public var livePageLayout: FakeLivePageLayout = .sigiState
    /// The next N requests to api-live, the live page, `room/info` or `gift/list` answer HTTP 429, whatever they ask.
    public var rateLimitedRequests = 0
    /// HTTP statuses returned by the next `room/info` requests, consumed in order.
    public var roomInfoErrors: [Int] = []
    /// HTTP statuses returned by the next `gift/list` requests, consumed in order.
    public var giftListErrors: [Int] = []
    /// HTTP statuses returned by the next stream GETs, consumed in order (404 is how a CDN says the stream is over).
    public var streamErrors: [Int] = []
    /// The next N stream GETs are cut (TCP closed, no end of body) halfway through a tag, after
    /// ``streamFaultAfterTags`` whole tags.
    public var streamCutsMidTag = 0
    /// The next N stream GETs stop sending after ``streamFaultAfterTags`` whole tags and keep the connection open.
    public var streamStalls = 0
    /// Whole tags a faulty stream GET sends before its fault.
    public var streamFaultAfterTags = 5
    /// Holds every api-live answer back this long, so that lookups overlap and
    /// ``FakeTikTokEdge/maxLookupsInFlight`` shows how many a client runs at once.
    public var lookupDelay: Duration?
    /// Holds every `gift/list` answer back this long (a slow catalog).
    public var giftListDelay: Duration?

    public init() {}
}

/// The two layouts TikTok serves the live page in.
public enum FakeLivePageLayout: Sendable {
    /// `<script id="SIGI_STATE">` with `LiveRoom.liveRoomUserInfo.{user, liveRoom}` and live statuses.
    case sigiState
    /// `<script id="__UNIVERSAL_DATA_FOR_REHYDRATION__">` with the `webapp.user-detail` scope: a room id and no live
    /// status, so a client must ask `room/info` whether it is live.
    case universalData
}

/// A scripted answer of the edge's `POST /sign` route.
public enum FakeSignerAnswer: Sendable, Hashable {
    /// This HTTP status and a short text body.
    case status(Int)
    /// HTTP 200 with a body that is not JSON.
    case garbage
    /// HTTP 200 and a well-formed answer whose signature the socket refuses.
    case wrongSignature
    /// A correct answer, sent only after this many milliseconds (for signer timeouts).
    case delayed(milliseconds: Int)
}

/// One binary WebSocket message the edge received from a client.
public struct ReceivedFrame: Sendable {
    /// The number of the accepted handshake it arrived on (see ``HandshakeRecord/connection``).
    public var connection: Int
    /// The PushFrame's `payload_type` (`hb`, `im_enter_room`, `ack`, ...); empty when the message was not a
    /// decodable PushFrame, in which case ``payload`` holds the raw message.
    public var payloadType: String
    public var logId: UInt64
    /// The PushFrame's payload; for an `ack` this is the acknowledged batch's `internal_ext`.
    public var payload: [UInt8]
    /// The `room_id` of an `hb` frame's HeartBeat.
    public var heartbeatRoomId: UInt64?
    /// The `room_id` of an `im_enter_room` frame's EnterRoom.
    public var enterRoomId: Int64?
    public var receivedAt: ContinuousClock.Instant
}

/// One WebSocket handshake attempt, accepted or refused.
public struct HandshakeRecord: Sendable {
    /// Numbers every handshake attempt from 1, in arrival order.
    public var connection: Int
    public var path: String
    /// The query, percent-decoded; a repeated key keeps its last value.
    public var query: [String: String]
    /// The request headers in the order the client sent them, names as sent.
    public var headers: [(name: String, value: String)]
    public var accepted: Bool
    /// For a refusal: the `Handshake-Status` and `Handshake-Msg` the edge answered with.
    public var refusal: (status: Int, message: String)?

    /// The first value of a header, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// One plain HTTP request (everything but WebSocket handshakes).
public struct HTTPRequestRecord: Sendable {
    public var method: String
    public var path: String
    /// The query, percent-decoded; a repeated key keeps its last value.
    public var query: [String: String]
    public var headers: [(name: String, value: String)]
    /// The status the edge answered with.
    public var status: Int
    /// The request's body (only `POST /sign` has one).
    public var body: [UInt8] = []
    /// When the edge received it.
    public var receivedAt: ContinuousClock.Instant = .now

    /// The first value of a header, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// One `msg` frame the edge pushed, so tests can match acks to batches.
public struct SentBatch: Sendable, Hashable {
    public var connection: Int
    public var logId: UInt64
    public var seqId: UInt64
    /// The batch's `internal_ext`; a correct ack carries exactly these bytes.
    public var internalExt: [UInt8]
    public var messageIds: [Int64]
    public var needAck: Bool
    public var isFirst: Bool
}

/// One host's outcome in a finished PK battle, for
/// ``FakeMessage/battle(msgId:roomId:battleId:status:action:durationSeconds:startedAtMs:hosts:results:)``.
public struct FakeBattleResult: Sendable, Hashable {
    public enum Outcome: Int32, Sendable {
        case win = 0
        case lose = 1
        case draw = 2
    }

    public var host: FakeUser
    public var outcome: Outcome
    public var score: Int64

    public init(host: FakeUser, outcome: Outcome, score: Int64) {
        self.host = host
        self.outcome = outcome
        self.score = score
    }
}

/// One host's side in a PK battle's live scores, for ``FakeMessage/battleArmies(msgId:roomId:battleId:armies:)``.
public struct FakeBattleArmy: Sendable, Hashable {
    /// A viewer who scored for the host, and how many points.
    public struct Supporter: Sendable, Hashable {
        public var user: FakeUser
        public var score: Int64

        public init(user: FakeUser, score: Int64) {
            self.user = user
            self.score = score
        }
    }

    public var host: FakeUser
    /// The team's total.
    public var score: Int64
    public var supporters: [Supporter]

    public init(host: FakeUser, score: Int64, supporters: [Supporter]) {
        self.host = host
        self.score = score
        self.supporters = supporters
    }
}
