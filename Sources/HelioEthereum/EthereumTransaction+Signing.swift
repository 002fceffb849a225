import HelioCrypto
import HelioLedger

extension EthereumTransaction {
    /// Builds and signs a transaction, returning the raw bytes a wallet would send.
    ///
    /// For tests, the bench and tools: Helio itself never signs transactions. Signatures use RFC 6979
    /// deterministic nonces (libsecp256k1's default, as eth-account), so the same inputs give the same
    /// bytes as eth-account's `sign_transaction`. `gasPrice` is used by types 0 and 1,
    /// `maxPriorityFeePerGas` and `maxFeePerGas` by type 2; the other fee arguments are ignored.
    /// Legacy transactions always carry EIP-155 replay protection (v = chainId·2 + 35 + yParity).
    public static func signed(
        type: UInt8, chainId: UInt64, nonce: UInt64, to: Address?, data: [UInt8] = [], gas: UInt64,
        value: UInt256 = .zero, gasPrice: UInt256 = .zero, maxPriorityFeePerGas: UInt256 = .zero,
        maxFeePerGas: UInt256 = .zero, accessList: [AccessListEntry] = [], key: Secp256k1.PrivateKey
    ) throws(EthereumError) -> [UInt8] {
        guard type <= dynamicFeeType else {
            throw EthereumError(.unsupportedType, "cannot build transaction type \(type) (0, 1 and 2 are supported)")
        }
        guard type != legacyType || accessList.isEmpty else {
            throw EthereumError(.malformedTransaction, "a legacy transaction has no access list")
        }
        let isDynamic = type == dynamicFeeType
        let fields = Fields(
            type: type, chainId: chainId, nonce: nonce, gasPrice: isDynamic ? maxFeePerGas : gasPrice,
            maxPriorityFeePerGas: isDynamic ? maxPriorityFeePerGas : gasPrice,
            maxFeePerGas: isDynamic ? maxFeePerGas : gasPrice, gas: gas, to: to, value: value, data: data,
            accessList: accessList)
        let signature: Secp256k1.Signature
        do { signature = try key.sign(digest: fields.signingHash) } catch {
            throw EthereumError(.invalidSignature, "signing failed: \(error.message)")
        }
        let r = RLP.Item.uint(UInt256(bigEndian: signature.r) ?? .zero)
        let s = RLP.Item.uint(UInt256(bigEndian: signature.s) ?? .zero)
        if type == legacyType {
            return RLP.encode(
                .list(fields.items + [.uint(legacyV(chainId: chainId, yParity: signature.recoveryId)), r, s]))
        }
        return [type] + RLP.encode(.list(fields.items + [.uint(UInt64(signature.recoveryId)), r, s]))
    }

    /// EIP-155's v: chainId·2 + 35 + yParity. Computed in 256 bits: a chain id near 2^64 overflows 64.
    static func legacyV(chainId: UInt64, yParity: UInt8) -> UInt256 {
        let doubled = UInt256(chainId).multiplied(by: 2) ?? .zero  // cannot overflow: < 2^65
        return doubled.adding(UInt256(35 + UInt64(yParity))) ?? .zero
    }
}
