import HelioCrypto
import HelioLedger

/// An EVM log record as receipts and `eth_getLogs` carry it: the emitting contract, up to four 32-byte
/// topics (topic 0 = the event signature hash, then the indexed arguments) and the unindexed data.
public struct EthereumLog: Hashable, Sendable {
    public let address: Address
    /// 32 bytes each.
    public let topics: [[UInt8]]
    public let data: [UInt8]

    public init(address: Address, topics: [[UInt8]], data: [UInt8]) {
        self.address = address
        self.topics = topics
        self.data = data
    }

    /// The log an ERC20 contract would emit for a ledger event, at the asset's token address:
    /// Transfer(from indexed, to indexed, value) and Approval(owner indexed, spender indexed, value),
    /// with addresses left-padded to 32 bytes in the topics and the value as one uint256 data word.
    /// nil for events with no ERC20 equivalent (an asset definition).
    public init?(_ event: LedgerEvent) {
        self.init(event, tokenAddress: { $0.tokenAddress })
    }

    /// The same, with the token address of an asset supplied by the caller (it is a keccak of the asset
    /// id: a caller mapping many events of few assets computes it once per asset).
    public init?(_ event: LedgerEvent, tokenAddress: (AssetID) -> Address) {
        switch event {
        case .transfer(let asset, let from, let to, let value):
            self.init(
                address: tokenAddress(asset),
                topics: [ERC20ABI.Topic.transfer, ABI.encode(address: from), ABI.encode(address: to)],
                data: ABI.encode(uint: value))
        case .approval(let asset, let owner, let spender, let value):
            self.init(
                address: tokenAddress(asset),
                topics: [ERC20ABI.Topic.approval, ABI.encode(address: owner), ABI.encode(address: spender)],
                data: ABI.encode(uint: value))
        case .assetDefined:
            return nil
        }
    }
}

/// Token addresses of assets, each computed once: `AssetID.tokenAddress` is a keccak, and a run of events
/// names few assets many times.
public struct TokenAddresses {
    private var known: [AssetID: Address] = [:]

    public init() {}

    public mutating func of(_ asset: AssetID) -> Address {
        if let address = known[asset] { return address }
        let address = asset.tokenAddress
        known[asset] = address
        return address
    }
}

/// The 2048-bit logs bloom of receipts and block headers (Yellow Paper, M3:2048).
///
/// A filter that lets `eth_getLogs` skip blocks: no false negatives, some false positives. For each
/// value added (a log's address and each of its topics), three bits are set: for each of the first
/// three byte pairs of keccak256(value), bit (pair & 2047), stored big-endian — byte 255 − bit/8,
/// mask 1 << (bit % 8).
public struct LogsBloom: Hashable, Sendable {
    /// Size in bytes (2048 bits).
    public static let byteCount = 256

    /// The 256 bytes as they appear in receipts and headers.
    public private(set) var bytes: [UInt8]

    /// An empty bloom (all zero).
    public init() { bytes = [UInt8](repeating: 0, count: Self.byteCount) }

    /// A bloom read from a receipt or header; nil unless exactly 256 bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        self.bytes = bytes
    }

    /// The bloom of a list of logs (a receipt's).
    public init(logs: [EthereumLog]) {
        self.init()
        for log in logs { add(log) }
    }

    /// Sets the three bits of one value.
    public mutating func add(_ value: [UInt8]) {
        for (index, mask) in Self.bits(value) { bytes[index] |= mask }
    }

    /// Adds a log's address and each of its topics (not its data, which is not indexed).
    public mutating func add(_ log: EthereumLog) {
        add(log.address.rawValue)
        for topic in log.topics { add(topic) }
    }

    /// Merges another bloom (a block's bloom is the union of its receipts').
    public mutating func formUnion(_ other: LogsBloom) {
        for i in 0..<Self.byteCount { bytes[i] |= other.bytes[i] }
    }

    /// False when `value` was certainly never added; true when it may have been.
    public func mayContain(_ value: [UInt8]) -> Bool {
        Self.bits(value).allSatisfy { bytes[$0.index] & $0.mask != 0 }
    }

    /// True when every value `other` may contain, this one may too (filter check for a query bloom).
    public func contains(_ other: LogsBloom) -> Bool {
        zip(bytes, other.bytes).allSatisfy { $0 & $1 == $1 }
    }

    /// The (byte index, bit mask) pairs for `value`.
    static func bits(_ value: [UInt8]) -> [(index: Int, mask: UInt8)] {
        let hash = Keccak256.hash(value)
        return (0..<3).map { pair in
            let bit = (Int(hash[2 * pair]) << 8 | Int(hash[2 * pair + 1])) & 2047
            return (byteCount - 1 - bit / 8, UInt8(1) << UInt8(bit % 8))
        }
    }
}
