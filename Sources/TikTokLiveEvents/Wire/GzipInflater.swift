import CompressNIO
import NIOCore

/// Inflates gzip payloads with a ceiling on the output, so that a decompression bomb is an error rather
/// than an out-of-memory kill.
struct GzipInflater: Sendable {
    var maxOutputBytes: Int

    static func looksLikeGzip(_ bytes: some Collection<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        return iterator.next() == 0x1f && iterator.next() == 0x8b
    }

    func inflate(_ bytes: [UInt8]) throws(TikTokLiveError) -> [UInt8] {
        var input = ByteBuffer(bytes: bytes)
        do {
            var output = try input.decompress(with: .gzip(), maxSize: maxOutputBytes)
            if input.readableBytes > 0 && !Self.isPadding(input) {
                // A second member or junk after the stream: not something TikTok sends.
                throw TikTokLiveError(.decode, "gzip payload has \(input.readableBytes) bytes after its end")
            }
            return output.readBytes(length: output.readableBytes) ?? []
        } catch let error as TikTokLiveError {
            throw error
        } catch let error as CompressNIOError where error == .bufferOverflow {
            throw TikTokLiveError(.decode, "gzip payload inflates past the \(maxOutputBytes)-byte limit")
        } catch {
            throw TikTokLiveError(.decode, "gzip payload is corrupt or truncated (\(error))")
        }
    }

    private static func isPadding(_ buffer: ByteBuffer) -> Bool {
        buffer.readableBytesView.allSatisfy { $0 == 0 }
    }
}
