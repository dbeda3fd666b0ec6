// webhook-relay: POST every chat and gift event as JSON (the CLI's `--json` form) to a URL.
//
//   swift run webhook-relay some_creator http://localhost:3000/tiktok
//
// POSTs run side by side, each with a 5-second timeout, so a slow or dead URL never holds up the stream (the
// order of arrival is not guaranteed). A failed POST costs that event only: one line on stderr, and the relay
// carries on. When the stream ends, the POSTs still in flight are finished first.
import AsyncHTTPClient
import Foundation
import TikTokLiveEvents

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: webhook-relay <username> <url>\n".utf8))
    exit(2)
}

func post(_ body: [UInt8], to url: String, what: String) async {
    var request = HTTPClientRequest(url: url)
    request.method = .POST
    request.headers.add(name: "Content-Type", value: "application/json")
    request.body = .bytes(body)
    do {
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        _ = try await response.body.collect(upTo: 1 << 20)
        if (200..<300).contains(response.status.code) {
            print("posted \(what)")
        } else {
            warn("POST of \(what) got HTTP \(response.status.code)")
        }
    } catch {
        warn("POST of \(what) failed: \(error)")
    }
}

func warn(_ message: String) {
    FileHandle.standardError.write(Data("webhook-relay: \(message)\n".utf8))
}

let json = EventJSONEncoder()
let live = TikTokLive(arguments[0])
let url = arguments[1]
let failed = await withTaskGroup(of: Void.self) { posts in
    do {
        for try await event in live.events {
            switch event {
            case .chat, .gift: break
            default: continue
            }
            let body = json.bytes(for: event)
            let what = "\(event.name) \(event.msgId ?? "")"
            posts.addTask { await post(body, to: url, what: what) }
        }
        return false
    } catch {
        warn("\(error)")
        return true
    }
}
exit(failed ? 1 : 0)
