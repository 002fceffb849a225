import HelioCrypto

/// One entry of the append-only journal: a leaf of the Merkle log.
///
/// `payload` is the canonical JSON of the `SignedCommand` (command, nonce, signature), so the entry
/// alone is enough to re-verify the signature and replay the command. `entryBytes` is what the Merkle
/// leaf hashes (documented in docs/journal-format.md):
///
///     "helio-entry-v1\n" <index decimal> "\n" <time decimal> "\n" <kind> "\n" <author 0x-lowercase> "\n" <payload>
public struct JournalEntry: Hashable, Sendable {
    public let index: UInt64
    public let time: Int64
    public let kind: String
    public let author: Address
    public let payload: [UInt8]

    public init(index: UInt64, time: Int64, kind: String, author: Address, payload: [UInt8]) {
        self.index = index
        self.time = time
        self.kind = kind
        self.author = author
        self.payload = payload
    }

    /// The entry for an accepted signed command.
    public init(index: UInt64, time: Int64, signed: SignedCommand, author: Address) {
        self.init(
            index: index, time: time, kind: signed.command.kind, author: author,
            payload: CanonicalJSON.encode(signed))
    }

    public var entryBytes: [UInt8] {
        Array("helio-entry-v1\n\(index)\n\(time)\n\(kind)\n\(author.lowercased)\n".utf8) + payload
    }

    /// The kind of an entry that holds a signed Ethereum transaction (issue 6): its payload is the raw
    /// transaction bytes exactly as received by `eth_sendRawTransaction`.
    public static let ethereumTransactionKind = "EthereumTransaction"

    /// The hash the JSON-RPC edge names this entry by: keccak256 of the raw bytes for an Ethereum
    /// transaction (what every Ethereum tool computes), the Merkle leaf hash for any other entry.
    public func transactionHash(leafHash: [UInt8]) -> [UInt8] {
        kind == Self.ethereumTransactionKind ? Keccak256.hash(payload) : leafHash
    }

    /// Decodes the payload back into the signed command.
    public func signedCommand() throws(LedgerError) -> SignedCommand {
        try CanonicalJSON.decode(SignedCommand.self, payload)
    }
}
