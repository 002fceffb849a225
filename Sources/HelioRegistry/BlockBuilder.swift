import HelioCrypto
import HelioEthereum
import HelioLedger
import HelioStore

/// Makes the block of one writer commit (issue 6; docs/json-rpc.md). Pure: the writer runs it off its
/// actor, on the commit's thread.
///
/// The block hash commits to its place in the chain and to its entries:
///
///     keccak256("helio-block-v1" ‖ u64 number ‖ parent hash ‖ u64 first entry ‖ u64 entry count ‖ i64 time
///               ‖ leaf hash of each entry, in order)        (integers 8 bytes big-endian)
///
/// so anyone holding the journal can recompute every block hash, and a block hash names exactly one run
/// of entries. The logs bloom is Ethereum's, over the ERC20 logs the entries emitted.
public enum BlockBuilder {
    public static let genesisParent = [UInt8](repeating: 0, count: 32)

    public static func block(
        number: UInt64, parent: [UInt8], firstEntry: UInt64, time: Int64, leafHashes: [[UInt8]],
        events: some Sequence<LedgerEvent>
    ) -> BlockRecord {
        var hasher = Keccak256()
        hasher.update(Array("helio-block-v1".utf8))
        hasher.update(bigEndian(number))
        hasher.update(parent)
        hasher.update(bigEndian(firstEntry))
        hasher.update(bigEndian(UInt64(leafHashes.count)))
        hasher.update(bigEndian(UInt64(bitPattern: time)))
        for leaf in leafHashes { hasher.update(leaf) }
        // A block of transfers repeats the token address and the event topic in every log: each distinct
        // value is hashed into the bloom once (the bloom is a set, so the result is the same).
        var bloom = LogsBloom()
        var tokens = TokenAddresses()
        var added = Set<[UInt8]>()
        for event in events {
            let log = EthereumLog(event) { tokens.of($0) }
            guard let log else { continue }
            for value in [log.address.rawValue] + log.topics where added.insert(value).inserted { bloom.add(value) }
        }
        return BlockRecord(
            number: number, hash: hasher.finalize(), parentHash: parent, firstEntry: firstEntry,
            entryCount: UInt64(leafHashes.count), time: time, logsBloom: bloom.bytes)
    }

    /// The block of a group of entries about to be committed.
    static func block(after previous: BlockRecord?, entries: [CommittedEntry]) -> BlockRecord {
        block(
            number: previous.map { $0.number + 1 } ?? 0, parent: previous?.hash ?? genesisParent,
            firstEntry: entries[0].entry.index, time: entries[entries.count - 1].entry.time,
            leafHashes: entries.map(\.leafHash), events: entries.lazy.flatMap(\.outcome.events))
    }

    /// One block over journal entries that have none yet (a store written before blocks existed).
    static func catchUp(store: any LedgerStore) throws -> BlockRecord? {
        let previous = try store.latestBlock()
        let first = previous?.endEntry ?? 0
        let size = try store.journalSize()
        guard first < size else { return previous }
        var leaves: [[UInt8]] = []
        var time: Int64 = 0
        var next = first
        while next < size {
            let page = try store.entries(from: next, limit: 10_000)
            guard !page.isEmpty else { break }
            for (entry, leaf) in page {
                leaves.append(leaf)
                time = entry.time
            }
            next += UInt64(page.count)
        }
        let events = try store.events(from: first, to: size).map(\.event)
        let block = block(
            number: previous.map { $0.number + 1 } ?? 0, parent: previous?.hash ?? genesisParent, firstEntry: first,
            time: time, leafHashes: leaves, events: events)
        try store.appendBlock(block)
        return block
    }

    private static func bigEndian(_ value: UInt64) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * UInt64($0))) }
    }
}
