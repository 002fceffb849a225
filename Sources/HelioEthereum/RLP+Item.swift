import HelioCrypto
import HelioLedger

/// Typed readers and builders for RLP items. RLP itself only knows byte strings; what a field means
/// (an integer, an address) is the schema's business, and each reader enforces that meaning's one
/// canonical form. `field` names the value in error messages ("nonce has a leading zero byte").
extension RLP.Item {
    /// The minimal big-endian encoding of `value` (0 is the empty string).
    public static func uint(_ value: UInt64) -> RLP.Item { .bytes(RLP.minimalBigEndian(value)) }

    /// The minimal big-endian encoding of `value` (0 is the empty string).
    public static func uint(_ value: UInt256) -> RLP.Item {
        .bytes(Array(value.bigEndianBytes.drop { $0 == 0 }))
    }

    /// An address as its 20 bytes.
    public static func address(_ address: Address) -> RLP.Item { .bytes(address.rawValue) }

    /// A transaction's `to`: the address, or the empty string for a contract creation.
    public static func optionalAddress(_ address: Address?) -> RLP.Item { .bytes(address?.rawValue ?? []) }

    /// The byte string, or `malformed_transaction` when this is a list.
    public func bytes(_ field: String = "value") throws(EthereumError) -> [UInt8] {
        guard case .bytes(let b) = self else {
            throw EthereumError(.malformedTransaction, "\(field) must be an RLP string, got a list")
        }
        return b
    }

    /// The items, or `malformed_transaction` when this is a byte string.
    public func list(_ field: String = "value") throws(EthereumError) -> [RLP.Item] {
        guard case .list(let items) = self else {
            throw EthereumError(.malformedTransaction, "\(field) must be an RLP list, got a string")
        }
        return items
    }

    /// A canonical integer of at most 8 bytes.
    public func uint64(_ field: String = "integer") throws(EthereumError) -> UInt64 {
        let b = try canonicalInteger(field, maxBytes: 8)
        return b.reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A canonical integer of at most 32 bytes.
    public func uint256(_ field: String = "integer") throws(EthereumError) -> UInt256 {
        let b = try canonicalInteger(field, maxBytes: 32)
        guard let value = UInt256(bigEndian: b) else {
            throw EthereumError(.integerTooLarge, "\(field) does not fit in 256 bits")
        }
        return value
    }

    /// Exactly 20 bytes.
    public func address(_ field: String = "address") throws(EthereumError) -> Address {
        let b = try bytes(field)
        guard b.count == 20, let address = try? Address(bytes: b) else {
            throw EthereumError(.malformedTransaction, "\(field) must be 20 bytes, got \(b.count)")
        }
        return address
    }

    /// 20 bytes, or the empty string (contract creation) as nil.
    public func optionalAddress(_ field: String = "to") throws(EthereumError) -> Address? {
        if case .bytes(let b) = self, b.isEmpty { return nil }
        return try address(field)
    }

    /// Exactly 32 bytes (a storage key).
    public func bytes32(_ field: String = "word") throws(EthereumError) -> [UInt8] {
        let b = try bytes(field)
        guard b.count == 32 else {
            throw EthereumError(.malformedTransaction, "\(field) must be 32 bytes, got \(b.count)")
        }
        return b
    }

    private func canonicalInteger(_ field: String, maxBytes: Int) throws(EthereumError) -> [UInt8] {
        let b = try bytes(field)
        if let first = b.first, first == 0 {
            throw EthereumError(
                .nonCanonicalInteger, "\(field) has a leading zero byte (integers are minimal big-endian; 0 is empty)")
        }
        guard b.count <= maxBytes else {
            throw EthereumError(.integerTooLarge, "\(field) is \(b.count) bytes, more than the \(maxBytes) it may hold")
        }
        return b
    }
}
