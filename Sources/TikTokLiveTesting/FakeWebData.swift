/// One entry of the gift catalog the fake edge serves on `GET /webcast/gift/list/`.
public struct FakeGift: Sendable, Hashable {
    public var id: Int64
    public var name: String
    /// Diamonds per unit.
    public var diamonds: Int
    public var imageURL: String
    /// Sent with `type` 1 (a combo gift that arrives as a streak); other gifts are `type` 2.
    public var streakable: Bool

    public init(id: Int64, name: String, diamonds: Int, imageURL: String? = nil, streakable: Bool) {
        self.id = id
        self.name = name
        self.diamonds = diamonds
        self.imageURL = imageURL ?? Self.imageURL(id: id)
        self.streakable = streakable
    }

    /// The image URL gift messages and the catalog give a gift by default.
    public static func imageURL(id: Int64) -> String {
        "https://p16-webcast.tiktokcdn.com/img/maliva/webcast-va/gift-\(id)~tplv-obj.webp"
    }

    /// The gifts the sandbox room sends (same ids, names and diamond values), and a few it does not.
    public static let standardCatalog: [FakeGift] = [
        FakeGift(id: 5655, name: "Rose", diamonds: 1, streakable: true),
        FakeGift(id: 7934, name: "Heart Me", diamonds: 1, streakable: true),
        FakeGift(id: 5487, name: "Finger Heart", diamonds: 5, streakable: true),
        FakeGift(id: 6064, name: "GG", diamonds: 1, streakable: true),
        FakeGift(id: 5269, name: "TikTok", diamonds: 1, streakable: true),
        FakeGift(id: 5879, name: "Doughnut", diamonds: 30, streakable: true),
        FakeGift(id: 6369, name: "Lion", diamonds: 29_999, streakable: false),
        FakeGift(id: 7312, name: "TikTok Universe", diamonds: 34_999, streakable: false),
    ]
}

/// The FLV stream of a fake room: a valid FLV header, an `onMetaData` script tag, then alternating video and
/// audio tags 50 ms apart, each with a recognisable payload.
///
/// Every connection continues where the room's last one stopped (as a live stream does), so a recorder that
/// reconnects gets the tags that follow, never the ones it already has.
public struct FakeStream: Sendable, Hashable {
    /// Tags after the metadata tag; 60 is three seconds of stream.
    public var tagCount: Int
    /// The pause before each tag; `nil` sends as fast as the connection takes them.
    public var tagInterval: Duration?
    /// Starts over at the first tag instead of ending the body (an endless stream, as for the sandbox).
    public var loops: Bool
    /// Payload bytes per audio or video tag.
    public var payloadBytes: Int

    /// Audio and video tags of a real FLV file, served in place of the generated pattern (see
    /// ``init(flvFile:tagInterval:)``); `nil` serves the pattern.
    public var recordedTags: [[UInt8]]?

    public init(tagCount: Int = 60, tagInterval: Duration? = nil, loops: Bool = false, payloadBytes: Int = 400) {
        self.tagCount = tagCount
        self.tagInterval = tagInterval
        self.loops = loops
        self.payloadBytes = payloadBytes
    }

    /// A stream of `flvFile`'s own audio and video tags, in order, then an end: a real encoder's output, so that
    /// what a recorder saves plays and remuxes (`record --mp4` hands it to ffmpeg). The file's script tags are
    /// left out; the edge sends its own live `onMetaData` first, as for the pattern.
    ///
    /// - Throws: ``FakeStreamFileError`` when `flvFile` is not an FLV header followed by whole tags.
    public init(flvFile: [UInt8], tagInterval: Duration? = nil) throws(FakeStreamFileError) {
        let tags = try FLVBuilder.mediaTags(of: flvFile)
        self.init(tagCount: tags.count, tagInterval: tagInterval)
        recordedTags = tags
    }

    /// Tag `index` of the stream: the recorded one, or the pattern's.
    func tag(at index: Int) -> [UInt8] {
        if let recordedTags, !recordedTags.isEmpty { return recordedTags[index % recordedTags.count] }
        return FLVBuilder.tag(index: index, payloadBytes: payloadBytes)
    }

    /// An endless stream paced like a real one (20 tags a second), for `sandbox`.
    public static let endless = FakeStream(tagCount: 200, tagInterval: .milliseconds(50), loops: true)
}

/// Why ``FakeStream/init(flvFile:tagInterval:)`` refused its file.
public struct FakeStreamFileError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// One stream GET the fake edge served, as it stands now (a stream still being sent keeps growing).
public struct FakeStreamConnection: Sendable, Hashable {
    public enum Ending: Sendable, Hashable {
        /// Still sending, or stalled with the connection open.
        case open
        /// The body ended normally (the stream is over).
        case ended
        /// The connection was closed halfway through a tag.
        case cutMidTag
        /// The client went away.
        case clientClosed
    }

    public var roomId: Int64
    /// The quality in the URL: `origin`, `hd`, `sd` or `ld`.
    public var quality: String
    /// Whole tags written, the metadata tag included.
    public var wholeTags: Int
    /// The index (in the room's stream) of the first audio or video tag this connection sent.
    public var firstTagIndex: Int
    public var ending: Ending
}
