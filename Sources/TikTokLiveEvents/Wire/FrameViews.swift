/// The fields of a `PushFrame` the client uses, read in place: the payload stays a range of the
/// frame's bytes rather than becoming a copy.
///
/// Fields the client does not use are skipped unread, so bad text in, say, `payload_encoding` no longer costs the
/// frame. A frame that is not well-formed protobuf throws.
struct PushFrameView {
    var logID: UInt64 = 0
    var payloadType = ""
    var payload: Range<Int> = 0..<0
    /// A `compress_type: gzip` header (the value in any case).
    var declaresGzip = false

    init(_ bytes: UnsafeRawBufferPointer) throws {
        var frame = WireCursor(bytes)
        while let key = try frame.nextKey() {
            switch (key.number, key.wireType) {
            case (2, 0): logID = try frame.uint64()
            case (5, 2):
                var name: Range<Int>?
                var value: Range<Int>?
                try frame.eachField { key, header in
                    switch (key.number, key.wireType) {
                    case (1, 2): name = try header.lengthDelimited()
                    case (2, 2): value = try header.lengthDelimited()
                    default: try header.skip(key.wireType)
                    }
                }
                if let name, let value, Self.bytes(bytes[name], equal: "compress_type", ignoringCase: false),
                    Self.bytes(bytes[value], equal: "gzip", ignoringCase: true)
                {
                    declaresGzip = true
                }
            // Repaired rather than refused: an unknown type is reported by name and costs only this frame.
            case (7, 2): payloadType = String(decoding: bytes[try frame.lengthDelimited()], as: UTF8.self)
            case (8, 2): payload = try frame.lengthDelimited()
            default: try frame.skip(key.wireType)
            }
        }
    }

    /// The batch a `msg` frame carries: its payload, inflated when gzipped.
    /// - Parameter bytes: the frame's bytes, which this view was read from.
    func batch(in bytes: [UInt8], maxInflatedBytes: Int) throws(TikTokLiveError) -> [UInt8] {
        let payload = bytes[self.payload]
        if declaresGzip || Gzip.looksLikeGzip(payload) {
            return try Gzip.inflate(payload, maxOutputBytes: maxInflatedBytes)
        }
        return Array(payload)
    }

    static func bytes(_ bytes: Slice<UnsafeRawBufferPointer>, equal text: StaticString, ignoringCase: Bool) -> Bool {
        guard bytes.count == text.utf8CodeUnitCount else { return false }
        return text.withUTF8Buffer { expected in
            zip(bytes, expected).allSatisfy { byte, wanted in
                byte == wanted || ignoringCase && byte | 0x20 == wanted && wanted >= 0x61 && wanted <= 0x7a
            }
        }
    }
}

/// The fields of a `FetchResult` (a `msg` frame's batch) the client uses, read in place: each message's
/// method and payload stay ranges of the inflated buffer.
///
/// At most `maxMessages` messages are kept; the rest are counted in ``droppedMessages`` and skipped unread, so a
/// small gzip frame that inflates to a million tiny messages costs its inflated bytes, not a million events.
struct BatchView {
    struct Message {
        var method: Range<Int>
        var payload: Range<Int>
        var msgId: Int64
    }

    var messages: [Message] = []
    var internalExt: Range<Int> = 0..<0
    var needAck = false
    var isFirst = false
    /// Messages past `maxMessages`, not kept.
    var droppedMessages = 0

    init(_ bytes: UnsafeRawBufferPointer, maxMessages: Int = FrameLimits().maxMessagesPerBatch) throws {
        var batch = WireCursor(bytes)
        messages.reserveCapacity(16)
        while let key = try batch.nextKey() {
            switch (key.number, key.wireType) {
            case (1, 2) where messages.count >= maxMessages:
                _ = try batch.lengthDelimited()
                droppedMessages += 1
            case (1, 2):
                var message = Message(method: 0..<0, payload: 0..<0, msgId: 0)
                try batch.eachField { key, inner in
                    switch (key.number, key.wireType) {
                    case (1, 2): message.method = try inner.lengthDelimited()
                    case (2, 2): message.payload = try inner.lengthDelimited()
                    case (3, 0): message.msgId = try inner.int64()
                    default: try inner.skip(key.wireType)
                    }
                }
                messages.append(message)
            case (5, 2): internalExt = try batch.lengthDelimited()
            case (9, 0): needAck = try batch.bool()
            case (11, 0): isFirst = try batch.bool()
            default: try batch.skip(key.wireType)
            }
        }
    }
}
