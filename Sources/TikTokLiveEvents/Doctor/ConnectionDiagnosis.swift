/// What ``TikTokLive/diagnose(timeout:)`` found: one entry per step of connecting, in order, each with its time and
/// result. Cookie and token values never appear in it, so it can be pasted into a bug report as it is.
public struct ConnectionDiagnosis: Sendable {
    /// The creator the steps were run for.
    public var uniqueId: String
    /// Every step, in the order they ran; steps that could not run say why (``Step/Outcome/skipped``).
    public var steps: [Step]
    /// The step that decides why connecting fails: the first failed step, except that a room-lookup source that
    /// merely could not answer does not count when another source found the room (one that answered "offline",
    /// "no such user" or "18+" always counts, as it ends the client's lookup). `nil` when everything needed to
    /// watch the room worked.
    public var decisiveFailure: Step? {
        let lookups: Set<StepName> = [.apiLive, .livePage, .roomInfoLookup]
        let answers: Set<TikTokLiveError.Kind> = [.offline, .notFound, .ageRestricted]
        let lookupFound = steps.contains { lookups.contains($0.name) && $0.outcome == .passed }
        return steps.first { step in
            guard step.outcome == .failed else { return false }
            guard lookups.contains(step.name), lookupFound else { return true }
            return step.errorKind.map(answers.contains) ?? false
        }
    }

    /// The steps, by the word `--json` prints.
    public enum StepName: String, Sendable, CaseIterable {
        /// DNS, then a TCP (and for `https`/`wss` TLS) connection with one HTTP request, for each configured host.
        case reachability
        /// An anonymous page load that sets a `ttwid` cookie.
        case ttwid
        /// Room lookup by api-live.
        case apiLive
        /// Room lookup by the live page (either layout).
        case livePage
        /// Room lookup by `room/info`, when the other sources gave a room id without saying whether it is live.
        case roomInfoLookup
        /// `room/info` for the room found: status, title, viewers.
        case roomInfo
        /// The configured socket signer (only when one is configured).
        case signer
        /// The push socket's handshake, with TikTok's answer.
        case handshake
        /// The first frame after entering the room.
        case firstFrame
        /// The first event decoded from a frame.
        case firstEvent
    }

    /// One step's result.
    public struct Step: Sendable {
        public enum Outcome: String, Sendable {
            case passed, failed, skipped
        }

        public var name: StepName
        public var outcome: Outcome
        /// How long the step took.
        public var duration: Duration
        /// One line for people: what was asked and what came back (redacted).
        public var detail: String
        /// For a failed step: the kind of the error the client would report (`offline`, `blocked`, ...).
        public var errorKind: TikTokLiveError.Kind?
        /// For the handshake: the headers of TikTok's answer, cookie values redacted.
        public var headers: [(name: String, value: String)]

        public init(
            name: StepName, outcome: Outcome, duration: Duration = .zero, detail: String,
            errorKind: TikTokLiveError.Kind? = nil, headers: [(name: String, value: String)] = []
        ) {
            self.name = name
            self.outcome = outcome
            self.duration = duration
            self.detail = detail
            self.errorKind = errorKind
            self.headers = headers
        }
    }
}
