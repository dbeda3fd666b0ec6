extension TikTokLive {
    /// This creator's room info (title, owner, counts, start time, stream URLs), over plain HTTP with this
    /// client's configuration; no socket needed. See ``TikTokWeb/roomInfo(of:)``.
    public func roomInfo() async throws(TikTokLiveError) -> RoomInfo {
        try await TikTokWeb(configuration: configuration).roomInfo(of: uniqueId)
    }

    /// The gift catalog of this creator's room (the region's when the creator is not live).
    /// See ``TikTokWeb/giftCatalog(of:)``.
    public func giftCatalog() async throws(TikTokLiveError) -> GiftCatalog {
        try await TikTokWeb(configuration: configuration).giftCatalog(of: uniqueId)
    }

    /// Which of these creators are live, without sockets. See ``TikTokWeb/liveStatus(of:concurrency:)``.
    public static func liveStatus(
        of usernames: [String], concurrency: Int = 4, configuration: Configuration = Configuration()
    ) async -> [LiveStatus] {
        await TikTokWeb(configuration: configuration).liveStatus(of: usernames, concurrency: concurrency)
    }
}
