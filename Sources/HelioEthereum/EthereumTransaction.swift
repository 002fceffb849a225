import HelioCrypto
import HelioLedger

/// A signed Ethereum transaction as `eth_sendRawTransaction` receives it, decoded and verified.
///
/// Parse, don't validate: the only way to get a value is `decode(raw:)`, which checks canonical RLP,
/// the field shapes, the signature (r, s in range, low-S, y parity) and recovers the sender. So a value
/// of this type always has a valid `sender`, and code past the JSON-RPC edge never sees unchecked
/// bytes. Immutable: its `hash` is keccak256 of `raw` and must keep matching it.
///
/// Supported envelopes (EIP-2718): legacy RLP lists with EIP-155 replay protection (type 0), EIP-2930
/// (type 1) and EIP-1559 (type 2).
public struct EthereumTransaction: Hashable, Sendable {
    /// One EIP-2930 access list entry: an address and storage keys of 32 bytes each.
    public struct AccessListEntry: Hashable, Sendable {
        public let address: Address
        public let storageKeys: [[UInt8]]

        /// Refuses storage keys that are not 32 bytes (`malformed_transaction`).
        public init(address: Address, storageKeys: [[UInt8]]) throws(EthereumError) {
            for (i, key) in storageKeys.enumerated() where key.count != 32 {
                throw EthereumError(.malformedTransaction, "storage key \(i) must be 32 bytes, got \(key.count)")
            }
            self.address = address
            self.storageKeys = storageKeys
        }
    }

    /// Legacy (pre-EIP-2718) transactions: an RLP list without a type byte.
    public static let legacyType: UInt8 = 0
    /// EIP-2930: gas price plus an access list.
    public static let accessListType: UInt8 = 1
    /// EIP-1559: priority fee and fee cap instead of a gas price.
    public static let dynamicFeeType: UInt8 = 2

    /// 0 (legacy), 1 (EIP-2930) or 2 (EIP-1559).
    public let type: UInt8
    /// For legacy transactions, derived from v (EIP-155); unprotected ones are refused.
    public let chainId: UInt64
    public let nonce: UInt64
    /// The price the sender offers per gas: the gas price of types 0 and 1, the fee cap
    /// (`maxFeePerGas`) of type 2 — geth's `GasPrice()` reports the same.
    public let gasPrice: UInt256
    /// Type 2's tip; for types 0 and 1 the gas price (all of it may go to the producer, as in geth).
    public let maxPriorityFeePerGas: UInt256
    /// Type 2's fee cap; for types 0 and 1 the gas price.
    public let maxFeePerGas: UInt256
    /// The gas limit.
    public let gas: UInt64
    /// The recipient; nil for a contract creation.
    public let to: Address?
    public let value: UInt256
    /// Call data (an ERC20 call for Helio's token addresses).
    public let data: [UInt8]
    /// Empty for legacy transactions.
    public let accessList: [AccessListEntry]
    /// The y parity of the signature's R point, 0 or 1.
    public let yParity: UInt8
    /// The v field as sent: chainId·2 + 35 + yParity for legacy transactions, yParity for typed ones.
    public let v: UInt256
    /// The signature's r and s, 32 bytes big-endian each (left-padded: RLP sends them minimal).
    public let r: [UInt8]
    public let s: [UInt8]
    /// keccak256(raw): the transaction hash `eth_sendRawTransaction` returns.
    public let hash: [UInt8]
    /// The digest the sender signed (see `signingHash(type:fields:chainId:)`).
    public let signingHash: [UInt8]
    /// The signer, recovered from the signature at decode time.
    public let sender: Address
    /// The bytes as received.
    public let raw: [UInt8]

    /// The fields every decoded and every built transaction has; the decoder and the builder share it.
    struct Fields {
        var type: UInt8
        var chainId: UInt64
        var nonce: UInt64
        var gasPrice: UInt256
        var maxPriorityFeePerGas: UInt256
        var maxFeePerGas: UInt256
        var gas: UInt64
        var to: Address?
        var value: UInt256
        var data: [UInt8]
        var accessList: [AccessListEntry]

        /// The signed fields in wire order, without chain id suffix or signature.
        /// Legacy: [nonce, gasPrice, gas, to, value, data].
        /// Type 1: [chainId, nonce, gasPrice, gas, to, value, data, accessList].
        /// Type 2: [chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gas, to, value, data, accessList].
        var items: [RLP.Item] {
            let tail: [RLP.Item] = [.uint(gas), .optionalAddress(to), .uint(value), .bytes(data)]
            let list = RLP.Item.list(
                accessList.map { .list([.address($0.address), .list($0.storageKeys.map { .bytes($0) })]) })
            switch type {
            case EthereumTransaction.legacyType:
                return [.uint(nonce), .uint(gasPrice)] + tail
            case EthereumTransaction.accessListType:
                return [.uint(chainId), .uint(nonce), .uint(gasPrice)] + tail + [list]
            default:
                return [.uint(chainId), .uint(nonce), .uint(maxPriorityFeePerGas), .uint(maxFeePerGas)] + tail + [list]
            }
        }

        /// What the sender signs. Typed: keccak256(type ‖ rlp(items)). Legacy (EIP-155):
        /// keccak256(rlp(items ‖ [chainId, 0, 0])), which binds the signature to one chain.
        var signingHash: [UInt8] {
            if type == EthereumTransaction.legacyType {
                return Keccak256.hash(RLP.encode(.list(items + [.uint(chainId), .bytes([]), .bytes([])])))
            }
            return Keccak256.hash([type] + RLP.encode(.list(items)))
        }
    }

    init(
        fields f: Fields, signingHash: [UInt8], signature: Secp256k1.Signature, v: UInt256, sender: Address,
        raw: [UInt8]
    ) {
        (type, chainId, nonce, gas, to, value, data) = (f.type, f.chainId, f.nonce, f.gas, f.to, f.value, f.data)
        (gasPrice, maxPriorityFeePerGas, maxFeePerGas) = (f.gasPrice, f.maxPriorityFeePerGas, f.maxFeePerGas)
        accessList = f.accessList
        yParity = signature.recoveryId
        self.v = v
        r = signature.r
        s = signature.s
        hash = Keccak256.hash(raw)
        self.signingHash = signingHash
        self.sender = sender
        self.raw = raw
    }
}
