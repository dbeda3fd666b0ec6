import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1

/// Records a room's HTTP-FLV stream (``StreamURLs/flv``), whole tags only, with the library's HTTP client; no ffmpeg.
///
/// ```swift
/// let info = try await TikTokWeb().roomInfo(of: "some_creator")
/// let recorder = StreamRecorder()
/// let (ending, progress) = try await recorder.record(from: info.stream(.hd)!.flv!, toFile: "show.flv")
/// ```
///
/// A dropped or stalled download (nothing for ``TikTokLive/Configuration/httpTimeout``) is reconnected with the
/// configured backoff and appended to: the repeated FLV header is skipped, the tags continue. A connection that
/// delivered a tag resets the count of failures; ``TikTokLive/Configuration/maxReconnectAttempts`` failures in a
/// row end the recording with an error, the file keeping what it has. The body ending normally, or a 404 on a
/// reconnect (the CDN saying the stream is over), ends it. Cancelling the task stops it cleanly.
public struct StreamRecorder: Sendable {
    public let configuration: TikTokLive.Configuration

    public init(configuration: TikTokLive.Configuration = TikTokLive.Configuration()) {
        self.configuration = configuration
    }

    /// How far a recording got.
    public struct Progress: Sendable, Hashable {
        /// Bytes written to the recording.
        public var bytes = 0
        /// Whole tags written, metadata included.
        public var tags = 0
        /// Downloads opened after the first.
        public var reconnects = 0
    }

    public enum Ending: Sendable, Hashable {
        /// The stream ended (its body ended, or the CDN answered 404 on a reconnect).
        case streamEnded
        /// The task was cancelled (`--duration`, Ctrl-C).
        case stopped
    }

    /// Records `url` into the file at `path` (created or truncated). Cancel the task to stop.
    ///
    /// - Throws: as ``record(from:write:progress:reconnecting:)``; a file that cannot be created or written as a
    ///   ``TikTokLiveError`` of kind `invalidInput`.
    public func record(
        from url: URL, toFile path: String, progress: (Progress) -> Void = { _ in },
        reconnecting: (String) -> Void = { _ in }
    ) async throws -> (Ending, Progress) {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw TikTokLiveError(.invalidInput, "cannot create the recording \(path)")
        }
        defer { try? handle.close() }
        return try await record(
            from: url,
            write: { bytes in
                do {
                    try handle.write(contentsOf: bytes)
                } catch {
                    throw TikTokLiveError(.invalidInput, "cannot write the recording \(path): \(error)")
                }
            }, progress: progress, reconnecting: reconnecting)
    }

    /// Records `url` by handing whole pieces to `write` (the header once, then tags) until the stream ends or the
    /// task is cancelled.
    ///
    /// - Parameters:
    ///   - url: the stream's HTTP-FLV URL (``RoomInfo/stream(_:)``).
    ///   - write: writes bytes to the recording; an error it throws ends the recording at once.
    ///   - progress: called after every chunk that completed a tag.
    ///   - reconnecting: called before each reconnect with the reason.
    /// - Throws: ``TikTokLiveError``: `offline` when the first request finds no stream (404), `network` when the
    ///   reconnect budget is spent, `decode` when the bytes are not FLV; a `write` failure as it was thrown.
    public func record(
        from url: URL, write: ([UInt8]) throws -> Void, progress: (Progress) -> Void = { _ in },
        reconnecting: (String) -> Void = { _ in }
    ) async throws -> (Ending, Progress) {
        let web = WebClient(configuration: configuration)
        do {
            let result = try await record(
                from: url, web: web, write: write, progress: progress, reconnecting: reconnecting)
            await web.shutdown()
            return result
        } catch {
            await web.shutdown()
            throw error
        }
    }

    private func record(
        from url: URL, web: WebClient, write: ([UInt8]) throws -> Void, progress: (Progress) -> Void,
        reconnecting: (String) -> Void
    ) async throws -> (Ending, Progress) {
        var state = Progress()
        var headerWritten = false
        var failures = 0
        while true {
            if Task.isCancelled { return (.stopped, state) }
            var splitter = FLVTagSplitter()
            var tagsThisConnection = 0
            let reason: String
            do {
                let response = try await web.client.execute(
                    request(url), timeout: TimeAmount(configuration.httpTimeout))
                if response.status == .notFound {
                    if headerWritten { return (.streamEnded, state) }
                    throw TikTokLiveError(.offline, "the stream answered HTTP 404: it is over, or has not started")
                }
                guard response.status == .ok else {
                    throw StreamDrop("the stream answered HTTP \(response.status.code)")
                }
                for try await chunk in response.body {
                    var completed = false
                    for piece in try splitter.feed(chunk.readableBytesView) {
                        switch piece {
                        case .header(let bytes):
                            guard !headerWritten else { continue }
                            try write(bytes)
                            headerWritten = true
                            state.bytes += bytes.count
                        case .tag(let tag):
                            try write(tag.bytes)
                            state.bytes += tag.bytes.count
                            state.tags += 1
                            // A connection that got only the metadata again made no progress.
                            if tag.type != FLVTag.scriptType { tagsThisConnection += 1 }
                            completed = true
                        }
                    }
                    if completed { progress(state) }
                }
                if Task.isCancelled { return (.stopped, state) }
                return (.streamEnded, state)
            } catch let error as TikTokLiveError {
                throw error
            } catch let drop as StreamDrop {
                reason = drop.reason
            } catch {
                if Task.isCancelled { return (.stopped, state) }
                reason = Self.describe(error)
            }
            if Task.isCancelled { return (.stopped, state) }
            failures = tagsThisConnection > 0 ? 1 : failures + 1
            guard configuration.autoReconnect, failures <= configuration.maxReconnectAttempts else {
                throw TikTokLiveError(
                    .network,
                    "the stream download failed \(failures) time(s) in a row; last: \(reason)")
            }
            let delay = configuration.backoff.delay(forAttempt: failures)
            reconnecting("\(reason); reconnecting in \(delay.formattedSeconds)")
            do {
                try await Task.sleep(for: delay)
            } catch {
                return (.stopped, state)
            }
            state.reconnects += 1
        }
    }

    /// The stream GET: a browser's User-Agent and TikTok's referer; never the session cookies, which are
    /// TikTok's business and not the CDN's.
    func request(_ url: URL) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .GET
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        request.headers.add(name: "Referer", value: "https://www.tiktok.com/")
        request.headers.add(name: "Accept", value: "*/*")
        return request
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .readTimeout: return "the stream stalled (nothing received for the read timeout)"
            case .remoteConnectionClosed: return "the server closed the stream"
            default: return "the download failed: \(error)"
            }
        }
        return "the download failed: \(error)"
    }

    /// A download that ended in a way worth a reconnect.
    struct StreamDrop: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }
}
