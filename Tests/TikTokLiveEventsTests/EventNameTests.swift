import Foundation
import Testing
import TikTokLiveTestSupport

@testable import TikTokLiveEvents

/// `LiveEvent.Name` is the one list of event names: every case answers to its entry, reads back from its JSON, and
/// every other list (the catalog, the handler kinds, the CLI's) is made from it.
@Suite struct EventNameTests {
    /// An event of each name, made by decoding it from a decoder that answers every field with a small value.
    static func sample(_ name: LiveEvent.Name) throws -> LiveEvent {
        try LiveEvent(from: SmallValueDecoder(type: name.rawValue))
    }

    @Test(arguments: LiveEvent.Name.allCases)
    func everyNameRoundTripsThroughItsCaseAndJSON(_ name: LiveEvent.Name) throws {
        let event = try Self.sample(name)
        #expect(event.fixedName == name)
        #expect(event.name == name.rawValue)
        #expect(event.isWireEvent == name.isWireEvent)
        #expect(event.genericName == name.genericName)
        #expect(event.names == [name.rawValue] + (name.genericName.map { [$0] } ?? []))

        let json = EventJSONEncoder().data(for: event)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["type"] as? String == name.rawValue)
        #expect(try JSONDecoder().decode(LiveEvent.self, from: json) == event)
        // The relay's envelope carries the same name under `event`.
        #expect(try RelayEnvelope.decode(RelayEnvelope.encode(event)) == event)
    }

    /// Found by the `envelope` fuzz target: an unknown event name whose `data.type` is a modelled one. The event
    /// keeps the envelope's name, so that writing it again gives a message that reads back, as the same event.
    @Test(arguments: ["battleArmies", "chat", "somethingNew"])
    func anUnknownNameKeepsItselfWhateverItsDataSays(innerType: String) throws {
        let message =
            #"{"event":"battldArmies","data":{"type":"\#(innerType)","timestamp":1767225619502,"#
            + #""msgId":"7431100000000000084","roomId":"7431000000000000001","method":"WebcastLinkMicArmies","#
            + #""battleId":"7431400000000000001","triggerReason":1}}"#
        let event = try RelayEnvelope.decode(Array(message.utf8))
        guard case .other(let other) = event else {
            Issue.record("decoded as \(event.name), not as an unknown event")
            return
        }
        #expect(event.name == "battldArmies")
        #expect(other.method == "WebcastLinkMicArmies" && other.msgId == "7431100000000000084")
        let again = RelayEnvelope.encode(event)
        #expect(
            String(decoding: again, as: UTF8.self).hasPrefix(#"{"event":"battldArmies","data":{"type":"battldArmies","#)
        )
        #expect(try RelayEnvelope.decode(again) == event)
    }

    /// A typed kind as what a test needs of it: its name, and whether it takes an event.
    static func kind<Value>(_ kind: EventKind<Value>) -> (name: String, takes: @Sendable (LiveEvent) -> Bool) {
        (kind.name, { kind.extract($0) != nil })
    }

    /// Every typed kind, `live.on(.chat)` to `live.on(.error)`.
    static let typedKinds: [(name: String, takes: @Sendable (LiveEvent) -> Bool)] = [
        kind(.chat),
        kind(.emoteChat),
        kind(.gift),
        kind(.like),
        kind(.member),
        kind(.join),
        kind(.social),
        kind(.follow),
        kind(.share),
        kind(.roomUserSeq),
        kind(.control),
        kind(.streamEnd),
        kind(.caption),
        kind(.imDelete),
        kind(.battle),
        kind(.battleArmies),
        kind(.question),
        kind(.subscribe),
        kind(.envelope),
        kind(.barrage),
        kind(.unauthorizedMember),
        kind(.room),
        kind(.goalUpdate),
        kind(.poll),
        kind(.rankUpdate),
        kind(.roomPin),
        kind(.oecLiveShopping),
        kind(.liveIntro),
        kind(.fanTicket),
        kind(.rankText),
        kind(.accessRecall),
        kind(.bottomMessage),
        kind(.battlePunishFinish),
        kind(.roomVerify),
        kind(.capsule),
        kind(.roomNotify),
        kind(.giftBroadcast),
        kind(.marqueeAnnouncement),
        kind(.battleItemCard),
        kind(.battleTask),
        kind(.subPin),
        kind(.hourlyRank),
        kind(.perception),
        kind(.msgDetect),
        kind(.partnershipDropsUpdate),
        kind(.toast),
        kind(.giftPrompt),
        kind(.liveGameIntro),
        kind(.gameRankNotify),
        kind(.notice),
        kind(.guide),
        kind(.accessControl),
        kind(.boostCard),
        kind(.giftDynamicRestriction),
        kind(.giftPanelUpdate),
        kind(.viewerPicksUpdate),
        kind(.linkMicLayoutState),
        kind(.linkState),
        kind(.partnershipGameOffline),
        kind(.partnershipPunish),
        kind(.link),
        kind(.linkLayer),
        kind(.linkMicMethod),
        kind(.unknown),
        kind(.connected),
        kind(.roomInfo),
        kind(.reconnecting),
        kind(.disconnected),
        kind(.error),
    ]

    @Test(arguments: LiveEvent.Name.allCases)
    func everyEventHasATypedKindThatTakesItAndNoOther(_ name: LiveEvent.Name) throws {
        let event = try Self.sample(name)
        let taking = Self.typedKinds.filter { $0.takes(event) }.map(\.name)
        // Its own kind when it has one, else its generic name's (`superFan` is taken by `barrage`), and nothing else.
        #expect(Set(taking) == Set(event.names).intersection(Self.typedKinds.map(\.name)), "\(taking)")
        #expect(!taking.isEmpty, "\(name) has no typed kind")
    }

    @Test func viewerIsRoomUserSeqUnderItsOtherName() throws {
        #expect(LiveEvent.Name(matching: "viewer") == .roomUserSeq)
        #expect(LiveEvent.Name(matching: "roomUserSeq") == .roomUserSeq)
        #expect(LiveEvent.Name(matching: "inRoomBanner") == nil)
        let event = try LiveEvent(from: SmallValueDecoder(type: "viewer"))
        #expect(event.fixedName == .roomUserSeq)
        #expect(event.names == ["roomUserSeq", "viewer"])
        #expect(EventKind.viewer.name == "roomUserSeq")
    }

    @Test func aCatalogNameWithoutACaseIsOtherUnderThatName() throws {
        let event = try LiveEvent(from: SmallValueDecoder(type: "inRoomBanner"))
        guard case .other = event else {
            Issue.record("\(event)")
            return
        }
        #expect(event.fixedName == nil)
        #expect(event.name == "inRoomBanner")
        #expect(try JSONDecoder().decode(LiveEvent.self, from: EventJSONEncoder().data(for: event)) == event)
    }

    @Test func theOtherListsAreMadeFromTheNames() {
        for name in LiveEvent.Name.allCases {
            #expect(EventCatalog.allEventNames.contains(name.rawValue), "\(name)")
            if let generic = name.genericName { #expect(EventCatalog.allEventNames.contains(generic)) }
            // A wire event that is no other's specific form comes from a catalogued method.
            if name.isWireEvent, name.genericName == nil, name != .unknown,
                !LiveEvent.Name.allCases.contains(where: { $0.genericName == name.rawValue })
            {
                #expect(EventCatalog.eventNames.values.contains(name.rawValue), "\(name) has no method")
            }
        }
        #expect(EventCatalog.allEventNames.contains("event"))
        #expect(Set(EventCatalog.listedNames).isSubset(of: EventCatalog.allEventNames))
        #expect(EventCatalog.listedNames.count == Set(EventCatalog.listedNames).count, "listed once each")
        let listed = EventCatalog.listedNames
        // A generic name comes after its specific ones.
        for name in LiveEvent.Name.allCases {
            guard let generic = name.genericName, let specific = listed.firstIndex(of: name.rawValue) else { continue }
            #expect(listed.firstIndex(of: generic).map { $0 > specific } == true, "\(generic) after \(name)")
        }
        // The typed handler kinds carry the names.
        #expect(
            [
                EventKind.chat.name, EventKind.gift.name, EventKind.join.name, EventKind.member.name,
                EventKind.streamEnd.name, EventKind.roomUserSeq.name, EventKind.error.name,
            ] == ["chat", "gift", "join", "member", "streamEnd", "roomUserSeq", "error"])
        #expect(EventKind.event.name == LiveEvent.Name.catchAll)
    }
}

/// A `Decoder` that answers every field with a small value (strings `"1"`, numbers 1, `false`, empty arrays,
/// absent optionals), and `type` with the name asked for: an event of any name, without writing its fields out.
struct SmallValueDecoder: Decoder {
    let type: String
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy _: Key.Type) -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Keyed<Key>(decoder: self))
    }

    func unkeyedContainer() -> any UnkeyedDecodingContainer { Empty(codingPath: codingPath) }

    func singleValueContainer() -> any SingleValueDecodingContainer { Single(decoder: self, key: nil) }

    func value<T: Decodable>(_: T.Type, key: (any CodingKey)?) throws -> T {
        switch T.self {
        case is String.Type: return (key?.stringValue == "type" ? type : "1") as! T
        case is Bool.Type: return false as! T
        case is Int.Type: return 1 as! T
        case is Int32.Type: return Int32(1) as! T
        case is Int64.Type: return Int64(1) as! T
        case is UInt64.Type: return UInt64(1) as! T
        case is Double.Type: return 1.0 as! T
        case is Float.Type: return Float(1) as! T
        case is Int8.Type: return Int8(1) as! T
        case is Int16.Type: return Int16(1) as! T
        case is UInt.Type: return UInt(1) as! T
        case is UInt8.Type: return UInt8(1) as! T
        case is UInt16.Type: return UInt16(1) as! T
        case is UInt32.Type: return UInt32(1) as! T
        default: return try T(from: self)
        }
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let decoder: SmallValueDecoder
        var codingPath: [any CodingKey] { decoder.codingPath }
        var allKeys: [Key] { [] }
        func contains(_: Key) -> Bool { false }
        func decodeNil(forKey _: Key) -> Bool { true }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decoder.value(type, key: key) }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decoder.value(type, key: key) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try decoder.value(type, key: key) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decoder.value(type, key: key) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decoder.value(type, key: key) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decoder.value(type, key: key) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decoder.value(type, key: key) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decoder.value(type, key: key) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decoder.value(type, key: key) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decoder.value(type, key: key) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decoder.value(type, key: key) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decoder.value(type, key: key) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decoder.value(type, key: key) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decoder.value(type, key: key) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decoder.value(type, key: key) }
        func nestedContainer<Nested: CodingKey>(keyedBy type: Nested.Type, forKey _: Key)
            -> KeyedDecodingContainer<Nested>
        { decoder.container(keyedBy: type) }
        func nestedUnkeyedContainer(forKey _: Key) -> any UnkeyedDecodingContainer { decoder.unkeyedContainer() }
        func superDecoder() -> any Decoder { decoder }
        func superDecoder(forKey _: Key) -> any Decoder { decoder }
    }

    struct Single: SingleValueDecodingContainer {
        let decoder: SmallValueDecoder
        let key: (any CodingKey)?
        var codingPath: [any CodingKey] { decoder.codingPath }
        func decodeNil() -> Bool { false }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.value(type, key: key) }
        func decode(_ type: Bool.Type) throws -> Bool { try decoder.value(type, key: key) }
        func decode(_ type: String.Type) throws -> String { try decoder.value(type, key: key) }
        func decode(_ type: Double.Type) throws -> Double { try decoder.value(type, key: key) }
        func decode(_ type: Float.Type) throws -> Float { try decoder.value(type, key: key) }
        func decode(_ type: Int.Type) throws -> Int { try decoder.value(type, key: key) }
        func decode(_ type: Int8.Type) throws -> Int8 { try decoder.value(type, key: key) }
        func decode(_ type: Int16.Type) throws -> Int16 { try decoder.value(type, key: key) }
        func decode(_ type: Int32.Type) throws -> Int32 { try decoder.value(type, key: key) }
        func decode(_ type: Int64.Type) throws -> Int64 { try decoder.value(type, key: key) }
        func decode(_ type: UInt.Type) throws -> UInt { try decoder.value(type, key: key) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.value(type, key: key) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.value(type, key: key) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.value(type, key: key) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.value(type, key: key) }
    }

    struct Empty: UnkeyedDecodingContainer {
        var codingPath: [any CodingKey]
        var count: Int? { 0 }
        var isAtEnd: Bool { true }
        var currentIndex: Int { 0 }
        var end: DecodingError {
            .valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "an empty array"))
        }
        mutating func decodeNil() -> Bool { false }
        mutating func decode<T: Decodable>(_: T.Type) throws -> T { throw end }
        mutating func decode(_: Bool.Type) throws -> Bool { throw end }
        mutating func decode(_: String.Type) throws -> String { throw end }
        mutating func decode(_: Double.Type) throws -> Double { throw end }
        mutating func decode(_: Float.Type) throws -> Float { throw end }
        mutating func decode(_: Int.Type) throws -> Int { throw end }
        mutating func decode(_: Int8.Type) throws -> Int8 { throw end }
        mutating func decode(_: Int16.Type) throws -> Int16 { throw end }
        mutating func decode(_: Int32.Type) throws -> Int32 { throw end }
        mutating func decode(_: Int64.Type) throws -> Int64 { throw end }
        mutating func decode(_: UInt.Type) throws -> UInt { throw end }
        mutating func decode(_: UInt8.Type) throws -> UInt8 { throw end }
        mutating func decode(_: UInt16.Type) throws -> UInt16 { throw end }
        mutating func decode(_: UInt32.Type) throws -> UInt32 { throw end }
        mutating func decode(_: UInt64.Type) throws -> UInt64 { throw end }
        mutating func nestedContainer<Nested: CodingKey>(keyedBy _: Nested.Type) throws
            -> KeyedDecodingContainer<Nested>
        { throw end }
        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { throw end }
        mutating func superDecoder() throws -> any Decoder { throw end }
    }
}
