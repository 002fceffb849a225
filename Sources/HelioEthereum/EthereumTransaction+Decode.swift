import HelioCrypto
import HelioLedger

extension EthereumTransaction {
    /// What the envelope decoders hand back: the fields, v as sent, and the signature values still
    /// unchecked (`checkedSignature` validates them once for every type).
    private typealias Decoded = (fields: Fields, v: UInt256, parity: UInt256, r: UInt256, s: UInt256)

    /// Decodes and verifies raw transaction bytes (what `eth_sendRawTransaction` carries).
    ///
    /// The first byte picks the envelope (EIP-2718): 0xc0–0xff is a legacy RLP list, 0x01 and 0x02 are
    /// typed, any other byte below 0x80 is an unknown type (`unsupported_type`). Then, in order:
    /// canonical RLP and field shapes, replay protection (`unprotected` for legacy v = 27/28, and
    /// `wrong_chain` when `expectedChainId` is given and differs), the signature (`invalid_signature`
    /// for r or s = 0 or ≥ n and a bad parity, `high_s` above n/2), and sender recovery.
    public static func decode(
        raw: [UInt8], expectedChainId: UInt64? = nil
    ) throws(EthereumError)
        -> EthereumTransaction
    {
        guard let first = raw.first else { throw EthereumError(.malformedRLP, "transaction is empty") }
        let decoded: Decoded
        switch first {
        case 0xc0...0xff:
            decoded = try decodeLegacy(raw)
        case accessListType, dynamicFeeType:
            decoded = try decodeTyped(first, payload: Array(raw.dropFirst()))
        case 0x00...0x7f:
            throw EthereumError(
                .unsupportedType,
                "transaction type 0x\(hex(first)) is not supported (0 legacy, 1 EIP-2930 and 2 EIP-1559 are)")
        default:
            throw EthereumError(
                .malformedTransaction,
                "transaction starts with 0x\(hex(first)): neither a type byte (0x00–0x7f) nor an RLP list")
        }
        let fields = decoded.fields
        if let expected = expectedChainId, fields.chainId != expected {
            throw EthereumError(.wrongChain, "transaction is for chain \(fields.chainId), this chain is \(expected)")
        }
        let digest = fields.signingHash
        let signature = try checkedSignature(r: decoded.r, s: decoded.s, parity: decoded.parity)
        let sender: Address
        do { sender = try signature.recoverAddress(digest: digest) } catch {
            throw EthereumError(.invalidSignature, "no public key recovers from the transaction signature")
        }
        return EthereumTransaction(
            fields: fields, signingHash: digest, signature: signature, v: decoded.v, sender: sender, raw: raw)
    }

    /// rlp([nonce, gasPrice, gas, to, value, data, v, r, s]) with v = chainId·2 + 35 + yParity (EIP-155).
    private static func decodeLegacy(_ raw: [UInt8]) throws(EthereumError) -> Decoded {
        let items = try RLP.decode(raw).list("legacy transaction")
        guard items.count == 9 else {
            throw EthereumError(.malformedTransaction, "legacy transaction must have 9 fields, got \(items.count)")
        }
        let gasPrice = try items[1].uint256("gasPrice")
        var fields = Fields(
            type: legacyType, chainId: 0, nonce: try items[0].uint64("nonce"), gasPrice: gasPrice,
            maxPriorityFeePerGas: gasPrice, maxFeePerGas: gasPrice, gas: try items[2].uint64("gas"),
            to: try items[3].optionalAddress("to"), value: try items[4].uint256("value"),
            data: try items[5].bytes("data"),
            accessList: [])
        let v = try items[6].uint256("v")
        if v == 27 || v == 28 {
            throw EthereumError(
                .unprotected, "legacy transaction has v = \(v): no EIP-155 chain id, replayable on any chain")
        }
        guard let offset = v.subtracting(35) else {
            throw EthereumError(.invalidSignature, "legacy transaction v = \(v) is neither 27/28 nor ≥ 35 (EIP-155)")
        }
        let (chain, parity) = offset.quotientAndRemainder(dividingBy: 2)
        guard chain.w1 == 0, chain.w2 == 0, chain.w3 == 0 else {
            throw EthereumError(.integerTooLarge, "legacy transaction v = \(v) implies a chain id above 2^64 − 1")
        }
        fields.chainId = chain.w0
        return (fields, v, UInt256(parity), try items[7].uint256("r"), try items[8].uint256("s"))
    }

    /// type ‖ rlp([chainId, nonce, (gasPrice | maxPriorityFeePerGas, maxFeePerGas), gas, to, value, data,
    /// accessList, yParity, r, s]).
    private static func decodeTyped(_ type: UInt8, payload: [UInt8]) throws(EthereumError) -> Decoded {
        let items = try RLP.decode(payload).list("type \(type) transaction")
        let expected = type == accessListType ? 11 : 12
        guard items.count == expected else {
            throw EthereumError(
                .malformedTransaction, "type \(type) transaction must have \(expected) fields, got \(items.count)")
        }
        // Type 2 has one more fee field; every later field shifts by `k`.
        let k = type == accessListType ? 0 : 1
        let tip = try items[2].uint256(type == accessListType ? "gasPrice" : "maxPriorityFeePerGas")
        let cap = type == accessListType ? tip : try items[3].uint256("maxFeePerGas")
        let fields = Fields(
            type: type, chainId: try items[0].uint64("chainId"), nonce: try items[1].uint64("nonce"), gasPrice: cap,
            maxPriorityFeePerGas: tip, maxFeePerGas: cap, gas: try items[3 + k].uint64("gas"),
            to: try items[4 + k].optionalAddress("to"), value: try items[5 + k].uint256("value"),
            data: try items[6 + k].bytes("data"), accessList: try accessList(items[7 + k]))
        let parity = try items[8 + k].uint256("yParity")
        return (fields, parity, parity, try items[9 + k].uint256("r"), try items[10 + k].uint256("s"))
    }

    /// [[address, [storageKey, …]], …] with 20-byte addresses and 32-byte keys.
    private static func accessList(_ item: RLP.Item) throws(EthereumError) -> [AccessListEntry] {
        var entries: [AccessListEntry] = []
        for (i, entry) in try item.list("accessList").enumerated() {
            let pair = try entry.list("accessList[\(i)]")
            guard pair.count == 2 else {
                throw EthereumError(
                    .malformedTransaction, "accessList[\(i)] must be [address, storageKeys], got \(pair.count) items")
            }
            var keys: [[UInt8]] = []
            for (j, key) in try pair[1].list("accessList[\(i)].storageKeys").enumerated() {
                keys.append(try key.bytes32("accessList[\(i)].storageKeys[\(j)]"))
            }
            entries.append(
                try AccessListEntry(address: try pair[0].address("accessList[\(i)].address"), storageKeys: keys))
        }
        return entries
    }

    /// The secp256k1 group order n and n/2, as integers for range checks.
    static let order = UInt256(bigEndian: Secp256k1.order) ?? .max
    static let halfOrder = UInt256(bigEndian: Secp256k1.halfOrder) ?? .max

    /// Range checks with transaction-specific messages, then HelioCrypto's own checks as a backstop.
    static func checkedSignature(
        r: UInt256, s: UInt256, parity: UInt256
    ) throws(EthereumError)
        -> Secp256k1.Signature
    {
        guard parity <= 1 else {
            throw EthereumError(.invalidSignature, "signature y parity must be 0 or 1, got \(parity)")
        }
        guard !r.isZero, !s.isZero else { throw EthereumError(.invalidSignature, "signature r or s is zero") }
        guard r < order, s < order else {
            throw EthereumError(.invalidSignature, "signature r or s is not below the curve order n")
        }
        guard s <= halfOrder else {
            throw EthereumError(.highS, "signature s is above n/2 (high-S, refused by EIP-2)")
        }
        do {
            return try Secp256k1.Signature(r: r.bigEndianBytes, s: s.bigEndianBytes, recoveryId: UInt8(parity.w0))
        } catch {
            throw EthereumError(error.code == .highS ? .highS : .invalidSignature, error.message)
        }
    }
}
