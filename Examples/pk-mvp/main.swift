// pk-mvp: follow a PK battle: each host's score and top supporter (MVP) as it goes, and the result.
//
//   swift run pk-mvp some_creator
import Foundation
import TikTokLiveEvents

guard let username = CommandLine.arguments.dropFirst().first else {
    FileHandle.standardError.write(Data("usage: pk-mvp <username>\n".utf8))
    exit(2)
}

/// Host user id → @handle, learnt from `battle` events (`battleArmies` only carries ids).
var hosts: [String: String] = [:]
@MainActor func name(_ hostUserId: String) -> String { hosts[hostUserId] ?? hostUserId }

let live = TikTokLive(username)
do {
    for try await event in live.events {
        switch event {
        case .battle(let battle):
            for team in battle.teams { hosts[team.hostUserId] = team.uniqueId ?? team.nickname }
            if battle.status == 2 {
                let results = battle.teams.map { team in
                    let outcome = [0: "won", 1: "lost", 2: "draw"][team.result ?? -1] ?? "?"
                    return "\(name(team.hostUserId)) \(team.score ?? 0) \(outcome)"
                }
                print("Battle over: " + results.joined(separator: " | "))
            } else {
                print("Battle started: " + battle.teams.map { name($0.hostUserId) }.joined(separator: " vs "))
            }
        case .battleArmies(let armies):
            // Contributors come MVP first.
            let scores = armies.hosts.map { host in
                "\(name(host.hostUserId)) \(host.teamTotalScore) (MVP \(host.contributors.first?.nickname ?? "-"))"
            }
            print(scores.joined(separator: " | "))
        default:
            break
        }
    }
} catch {
    FileHandle.standardError.write(Data("pk-mvp: \(error)\n".utf8))
    exit(1)
}
