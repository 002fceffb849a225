import Foundation
import HelioCrypto
import HelioLedger
import HelioStore
import Synchronization

/// One committed entry in the live feed's buffer. Its `FeedEntry` (the JSON frame and the accounts it
/// touched) is made the first time a client needs it, then kept: with no one listening, a commit costs the
/// feed nothing but a slot in the ring.
final class FeedItem: Sendable {
    let index: UInt64
    private let state: Mutex<(committed: CommittedEntry?, made: FeedEntry?)>

    init(_ committed: CommittedEntry) {
        index = committed.entry.index
        state = Mutex((committed, nil))
    }

    var entry: FeedEntry {
        state.withLock { state in
            if let made = state.made { return made }
            let made = FeedEntry(state.committed!)
            state = (nil, made)  // the entry's payload is no longer needed
            return made
        }
    }
}

/// One journal entry as the live feed (`/events`) shows it: the entry's identity, the ledger events it
/// emitted, and a short digest of what it did, derived from its outcome (docs/live-events.md).
struct FeedEntry: Sendable {
    let index: UInt64
    /// Every account the entry touched: its author, transfer and approval parties, certificate holders.
    let accounts: Set<Address>
    /// The complete SSE frame (`id:`, `event: entry`, `data:`), encoded once for every listener.
    let frame: String

    init(_ committed: CommittedEntry) {
        let view = View(committed)
        index = view.index
        accounts = view.touched
        let data = (try? View.encoder.encode(view)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        frame = "id: \(view.index)\nevent: entry\ndata: \(data)\n\n"
    }

    /// The JSON of `data:`. Keys as documented; amounts and hashes as strings, counts as integers.
    struct View: Encodable {
        struct Lot: Encodable {
            let id: String
            let scheme: String
            let device: String
            let volumeWh: UInt64
        }

        struct CancellationView: Encodable {
            let id: String
            let lot: String
            let part: String
            let volumeWh: UInt64
        }

        static let encoder: JSONEncoder = {
            let e = JSONEncoder()
            e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]  // the same bytes for the same entry
            return e
        }()

        let index: UInt64
        let time: Int64
        let kind: String
        let author: String
        let leafHash: String
        let accounts: [String]
        let events: [EventView]
        let readings: Int
        let energyWh: UInt64
        let lots: [Lot]
        let cancellations: [CancellationView]
        let failed: Bool
        let touched: Set<Address>

        enum CodingKeys: String, CodingKey {
            case index, time, kind, author, leafHash, accounts, events, readings, energyWh, lots, cancellations
            case failed
        }

        init(_ committed: CommittedEntry) {
            let entry = committed.entry
            let outcome = committed.outcome
            var touched: Set<Address> = [entry.author]
            var readings = 0
            var energy: UInt64 = 0
            var lots: [Lot] = []
            var cancellations: [CancellationView] = []
            for change in outcome.changes {
                switch change {
                case .attestation: readings += 1
                case .issuance(let i): energy += i.energyWh
                case .balance(_, let account, _): touched.insert(account)
                case .allowance(_, let owner, let spender, _): touched.formUnion([owner, spender])
                case .part(let p): touched.insert(p.owner)
                case .lot(let l) where l.issuanceEntry == entry.index && l.status == .active:
                    lots.append(Lot(id: l.id, scheme: l.scheme.rawValue, device: l.device.id, volumeWh: l.volumeWh))
                case .cancellation(let c):
                    touched.insert(c.holder)
                    cancellations.append(
                        CancellationView(id: String(c.entry), lot: c.lot, part: c.part, volumeWh: c.volumeWh))
                default: break
                }
            }
            for event in outcome.events {
                switch event {
                case .transfer(_, let from, let to, _): touched.formUnion([from, to])
                case .approval(_, let owner, let spender, _): touched.formUnion([owner, spender])
                case .assetDefined(_, _, let issuer, _): touched.insert(issuer)
                }
            }
            touched.remove(.zero)
            self.index = entry.index
            self.time = entry.time
            self.kind = entry.kind
            self.author = entry.author.checksummed
            self.leafHash = Hex.encode(committed.leafHash, prefixed: true)
            self.accounts = touched.map(\.checksummed).sorted()
            self.events = outcome.events.map(EventView.init)
            self.readings = readings
            self.energyWh = energy
            self.lots = lots
            self.cancellations = cancellations
            self.failed = outcome.failure != nil
            self.touched = touched
        }
    }
}
