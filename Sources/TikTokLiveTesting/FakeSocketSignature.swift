import Foundation
public import TikTokLiveEvents

/// The fake edge's stand-in for TikTok's socket signature (`X-Gnarly`): a keyed digest of the raw query and the
/// User-Agent. Not TikTok's algorithm (nobody outside TikTok has it); the point is that a client must send exactly
/// the query it had signed, with the User-Agent it had it signed for.
public enum FakeSocketSignature {
    /// The parameter the edge looks for at the end of the query.
    public static let parameterName = "X-Gnarly"

    /// The signature of `query` (as the web player writes it, nothing percent-encoded) for `userAgent`.
    public static func compute(query: String, userAgent: String) -> String {
        // FNV-1a, twice with different offsets, over "query\nuserAgent": 32 hex digits.
        func fnv(_ offset: UInt64) -> UInt64 {
            var hash = offset
            for byte in Array(query.utf8) + [0x0A] + Array(userAgent.utf8) {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
            return hash
        }
        let digest = [fnv(0xCBF2_9CE4_8422_2325), fnv(0x84222325_CBF29CE4)]
        return digest.map { String(format: "%016llx", $0) }.joined()
    }

    /// Whether a handshake's query (as received, percent-encoded) ends in the right signature for `userAgent`.
    static func verify(wireQuery: String, userAgent: String) -> Verdict {
        let marker = "&\(parameterName)="
        guard let range = wireQuery.range(of: marker, options: .backwards) else { return .missing }
        let signed = wireQuery[..<range.lowerBound]
        let value = String(wireQuery[range.upperBound...])
        let raw = signed.removingPercentEncoding ?? String(signed)
        let sent = value.removingPercentEncoding ?? value
        return sent == compute(query: raw, userAgent: userAgent) ? .valid : .invalid
    }

    enum Verdict {
        case valid, missing, invalid
    }
}

/// A ``SocketSigner`` that computes what a signing ``FakeTikTokEdge`` accepts (see
/// ``FakeEdgeFaults/requireSignature``), in process.
public struct FakeSocketSigner: SocketSigner {
    public init() {}

    public func sign(_ request: SocketSigningRequest) async throws -> SocketSignature {
        SocketSignature(parameters: [
            (
                FakeSocketSignature.parameterName,
                FakeSocketSignature.compute(query: request.query, userAgent: request.userAgent)
            )
        ])
    }
}
