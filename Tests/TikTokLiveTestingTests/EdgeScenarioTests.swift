import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing
import TikTokLiveTesting

/// The fake edge's newer scenarios on the wire: its signing service, the lookup wall, the live page's second layout.
@Suite struct EdgeScenarioTests {
    static func post(_ edge: FakeTikTokEdge, json body: String, contentType: String = "application/json")
        async throws -> HTTPAnswer
    {
        var request = HTTPClientRequest(url: edge.signerURL.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: contentType)
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        let answer = try await response.body.collect(upTo: 1 << 20)
        return HTTPAnswer(status: Int(response.status.code), headers: response.headers, body: String(buffer: answer))
    }

    @Test func theSigningServiceSignsTheRawQueryForTheUserAgent() async throws {
        var faults = FakeEdgeFaults()
        faults.signerAnswers = [.status(502), .garbage]
        try await withEdge(faults: faults) { edge in
            let url = "wss://h/ws/?a=1&b=x y"
            let body = #"{"url":"\#(url)","userAgent":"UA/1"}"#
            #expect(try await Self.post(edge, json: body).status == 502)
            let garbage = try await Self.post(edge, json: body)
            #expect(garbage.status == 200)
            #expect((try? garbage.json()) == nil)
            let signed = try await Self.post(edge, json: body).json()
            let expected = FakeSocketSignature.compute(query: "a=1&b=x y", userAgent: "UA/1")
            #expect(signed["url"] as? String == url + "&X-Gnarly=" + expected)
            #expect((signed["headers"] as? [String: String])?["X-Signed-By"] == "fake-tiktok-edge")
            #expect(try await Self.post(edge, json: "{}").status == 400)
            #expect(try await Self.post(edge, json: body, contentType: "text/plain").status == 400)
            #expect(edge.httpRequests.filter { $0.path == "/sign" }.allSatisfy { $0.method == "POST" })
        }
        #expect(
            FakeSocketSignature.compute(query: "q", userAgent: "A")
                != FakeSocketSignature.compute(query: "q", userAgent: "B"))
        #expect(FakeSocketSignature.compute(query: "q", userAgent: "A").count == 32)
    }

    @Test func theLookupWallSparesProfilePages() async throws {
        var faults = FakeEdgeFaults()
        faults.webStatus = 403
        try await withEdge(faults: faults) { edge in
            #expect(try await get(edge, "/api-live/user/room/?uniqueId=host").status == 403)
            #expect(try await get(edge, "/@host/live").status == 403)
            #expect(try await get(edge, "/webcast/room/info/?room_id=\(Fixture.roomId)").status == 403)
            let profile = try await get(edge, "/@host")
            #expect(profile.status == 200)
            #expect(profile.headers["Set-Cookie"].first?.hasPrefix("ttwid=") == true)
        }
    }

    @Test func theLivePageCanUseTheUniversalDataLayout() async throws {
        var faults = FakeEdgeFaults()
        faults.livePageLayout = .universalData
        try await withEdge(faults: faults) { edge in
            let page = try await get(edge, "/@host/live").body
            #expect(page.contains(#"<script id="__UNIVERSAL_DATA_FOR_REHYDRATION__""#))
            #expect(!page.contains("SIGI_STATE"))
            #expect(page.contains(#""roomId":"\#(Fixture.roomId)""#))
        }
    }
}
