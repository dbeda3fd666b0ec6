import Foundation
import Hummingbird
import TikTokLiveEvents

/// What a client asks for, checked before anything else happens: the token, then the handle, then the limits.
/// A refused request never reaches TikTok.
struct RelayAdmission: Sendable {
    let token: String?
    let hub: RelayHub

    /// The valid handle the request asks for, or why it is refused.
    func check(_ request: Request) -> Result<String, RelayRefusal> {
        let query = request.uri.queryParameters
        if let token {
            let header = request.headers[.authorization].flatMap(Self.bearerToken)
            guard let given = query["apiKey"].map(String.init) ?? header, Self.constantTimeEquals(given, token) else {
                return .failure(
                    RelayRefusal(
                        .unauthorized, kind: .unauthorized, "a valid apiKey is required", close: .unauthorized))
            }
        }
        guard let requested = query["uniqueId"].map(String.init), !requested.isEmpty else {
            return .failure(
                RelayRefusal(
                    .badRequest, kind: .invalidUsername, "the query must name a creator: ?uniqueId=<username>",
                    close: .invalidRequest))
        }
        let uniqueId: String
        do {
            uniqueId = try TikTokLive.validateUsername(requested)
        } catch {
            return .failure(RelayRefusal(.badRequest, kind: error.kind, error.message, close: .invalidRequest))
        }
        if let refusal = hub.refusal(forNewClientOf: uniqueId) { return .failure(refusal) }
        return .success(uniqueId)
    }

    /// The token of an `Authorization: Bearer <token>` value; the scheme's name matches in any case (RFC 9110
    /// makes auth schemes case-insensitive), so `bearer` and `BEARER` are accepted too.
    static func bearerToken(_ value: String) -> String? {
        let scheme = "bearer "
        guard value.utf8.count > scheme.utf8.count, value.prefix(scheme.count).lowercased() == scheme else {
            return nil
        }
        return String(value.dropFirst(scheme.count)).trimmingCharacters(in: .whitespaces)
    }

    /// Compares every byte of the longer string whatever differs, so the time taken says nothing about the token.
    static func constantTimeEquals(_ given: String, _ expected: String) -> Bool {
        let a = Array(given.utf8)
        let b = Array(expected.utf8)
        var difference = UInt(a.count ^ b.count)
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= UInt(x ^ y)
        }
        return difference == 0
    }
}
