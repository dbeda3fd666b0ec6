/// The gifts a room offers, from TikTok's `gift/list`: names, images and diamond values by gift id.
/// See ``TikTokWeb/giftCatalog(of:)``.
public struct GiftCatalog: Sendable, Hashable, Codable {
    /// In the order TikTok lists them.
    public var gifts: [CatalogGift]
    private var indexById: [Int64: Int]

    public init(gifts: [CatalogGift]) {
        self.gifts = gifts
        var index: [Int64: Int] = [:]
        for (position, gift) in gifts.enumerated() where index[gift.id] == nil {
            index[gift.id] = position
        }
        indexById = index
    }

    /// The gift with this id, if the catalog has it.
    public subscript(id: Int64) -> CatalogGift? {
        indexById[id].map { gifts[$0] }
    }

    enum CodingKeys: String, CodingKey { case gifts }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(gifts: try container.decode([CatalogGift].self, forKey: .gifts))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(gifts, forKey: .gifts)
    }
}

/// One gift of a ``GiftCatalog``.
public struct CatalogGift: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    /// Diamonds per unit.
    public var diamondCount: Int
    public var imageUrl: String?
    /// A combo gift: it arrives as a streak of running totals (`type` 1 in the catalog).
    public var streakable: Bool

    public init(id: Int64, name: String, diamondCount: Int, imageUrl: String? = nil, streakable: Bool) {
        self.id = id
        self.name = name
        self.diamondCount = diamondCount
        self.imageUrl = imageUrl
        self.streakable = streakable
    }
}
