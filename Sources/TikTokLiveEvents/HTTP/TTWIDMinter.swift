import Foundation
import Logging

/// Obtains the anonymous `ttwid` cookie the push socket wants: load the creator's profile page,
/// then `@tiktok`'s, and take `ttwid` from `Set-Cookie`. TikTok sets it on only a fraction of anonymous
/// loads, so this goes in rounds with a pause between them.
struct TTWIDMinter: Sendable {
    let web: WebClient
    let requests: WebRequests
    let configuration: TikTokLive.Configuration

    init(web: WebClient, configuration: TikTokLive.Configuration) {
        self.web = web
        self.requests = WebRequests(configuration: configuration)
        self.configuration = configuration
    }

    func mint(for uniqueId: String) async throws(TikTokLiveError) -> String {
        let rounds = max(configuration.ttwidAttempts, 1)
        var lastProblem = "no Set-Cookie: ttwid"
        for round in 1...rounds {
            for page in requests.ttwidPages(uniqueId: uniqueId) {
                do {
                    let response = try await web.get(
                        page, headers: requests.browserHeaders(accept: "text/html,application/xhtml+xml"))
                    if let ttwid = response.cookie(named: "ttwid") {
                        configuration.logger.debug("ttwid minted", metadata: ["round": "\(round)"])
                        return ttwid
                    }
                    lastProblem =
                        "HTTP \(response.status) without a ttwid cookie"
                        + (response.header("X-TT-System-Error").map { " (X-TT-System-Error: \($0))" } ?? "")
                } catch {
                    lastProblem = error.message
                }
            }
            guard round < rounds else { break }
            do {
                try await Task.sleep(for: configuration.ttwidRetryDelay)
            } catch {
                throw TikTokLiveError(.network, "ttwid minting cancelled")
            }
        }
        throw TikTokLiveError(
            .blocked,
            "TikTok set no ttwid cookie in \(rounds) round(s) of anonymous page loads (/@\(uniqueId), /@tiktok); "
                + "last answer: \(lastProblem). It may be serving a challenge page to this network.")
    }
}
