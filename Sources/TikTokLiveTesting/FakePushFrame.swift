/// Push frames as the fake edge sends them, for tests and benchmarks that need frame bytes without a socket:
/// write them to a capture with `CaptureWriter`, or feed them to a `FrameDecoder` directly.
public enum FakePushFrame {
    /// A `msg` PushFrame carrying these messages in one `FetchResult`, gzipped (with the `compress_type` header)
    /// when `compress` is set, exactly as the edge's push socket sends a batch.
    ///
    /// - Parameters:
    ///   - seqId: the frame's `seq_id` and `log_id`; give each frame of a capture its own.
    ///   - needAck: whether the `FetchResult` asks the client for an ack.
    public static func batch(
        _ messages: [FakeMessage], seqId: UInt64, compress: Bool = true, needAck: Bool = false
    ) -> [UInt8] {
        EdgeFrames.message(
            EdgeFrames.Batch(
                messages: messages, logId: seqId, seqId: seqId, needAck: needAck, compress: compress,
                isFirst: seqId == 1, internalExt: Array("internal_ext:\(seqId)".utf8), cursor: "cursor-\(seqId)"))
    }

    /// A `msg` PushFrame around `batch` as given (a `FetchResult`'s bytes, or any bytes standing in for one),
    /// gzipped with the `compress_type` header when `compress` is set: for a decoder fed batches that no list of
    /// ``FakeMessage`` makes, such as a fuzzer's.
    public static func wrapping(batch: [UInt8], seqId: UInt64 = 1, compress: Bool) -> [UInt8] {
        EdgeFrames.message(batchBytes: batch, logId: seqId, seqId: seqId, cursor: nil, compress: compress)
    }

    /// A `msg` PushFrame that declares gzip and carries `payload` unchanged: the inflater fed arbitrary bytes.
    public static func claimingGzip(payload: [UInt8], seqId: UInt64 = 1) -> [UInt8] {
        EdgeFrames.claimingGzip(payload: payload, logId: seqId, seqId: seqId)
    }
}
