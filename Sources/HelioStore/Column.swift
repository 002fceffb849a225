import Foundation
import HelioCrypto
import HelioLedger

/// Conversions between stored columns and ledger values. A stored value that does not convert back is
/// `StoreError.corrupt`: the database's CHECKs make that impossible unless the file was tampered with.
enum Column {
    static func int64(_ value: UInt64, _ what: String) throws(StoreError) -> Int64 {
        guard let converted = Int64(exactly: value) else {
            throw StoreError(.constraint, "\(what) \(value) does not fit a signed 64-bit column")
        }
        return converted
    }

    static func uint64(_ value: Int64, _ what: String) throws(StoreError) -> UInt64 {
        guard let converted = UInt64(exactly: value) else {
            throw StoreError(.corrupt, "stored \(what) is negative: \(value)")
        }
        return converted
    }

    static func address(_ data: Data, _ what: String) throws(StoreError) -> Address {
        try address(Array(data), what)
    }

    static func address(_ bytes: [UInt8], _ what: String) throws(StoreError) -> Address {
        do { return try Address(bytes: bytes) } catch {
            throw StoreError(.corrupt, "stored \(what) is not an address: \(error)")
        }
    }

    static func assetID(_ data: Data) throws(StoreError) -> AssetID {
        try assetID(Array(data))
    }

    static func assetID(_ bytes: [UInt8]) throws(StoreError) -> AssetID {
        do { return try AssetID(hash: bytes) } catch {
            throw StoreError(.corrupt, "stored asset id: \(error)")
        }
    }

    static func amount(_ data: Data, _ what: String) throws(StoreError) -> UInt256 {
        try amount(Array(data), what)
    }

    static func amount(_ data: [UInt8], _ what: String) throws(StoreError) -> UInt256 {
        guard data.count == 32, let value = UInt256(bigEndian: data) else {
            throw StoreError(.corrupt, "stored \(what) is \(data.count) bytes, not a 32-byte big-endian amount")
        }
        return value
    }
}
