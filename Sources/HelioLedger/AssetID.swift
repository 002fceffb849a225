import HelioCrypto

/// An Open Assets style asset id: HASH160 of a documented preimage, shown as Base58Check with
/// version byte 23 (so it starts with 'A', like Open Assets ids).
///
/// Preimage (documented in docs/journal-format.md): the ASCII tag "helio-asset-v1" ‖ the issuer's 20-byte
/// address ‖ the issuer's nonce of the defining command, 8 bytes big-endian. Like Ethereum's CREATE
/// address (sender, nonce), the issuer can compute the id before submitting, so the asset definition
/// document it signs can already list its own id in `asset_ids`.
public struct AssetID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Open Assets' version byte for asset ids.
    public static let versionByte: UInt8 = 23
    static let tag = Array("helio-asset-v1".utf8)

    /// The 20-byte HASH160.
    public let hash: [UInt8]

    public init(hash: [UInt8]) throws(LedgerError) {
        guard hash.count == 20 else { throw LedgerError(.malformedCommand, "asset id hash must be 20 bytes") }
        self.hash = hash
    }

    /// The id of the asset `issuer` defines with its command number `nonce`.
    public init(issuer: Address, nonce: UInt64) {
        var preimage = Self.tag + issuer.rawValue
        for i in (0..<8).reversed() { preimage.append(UInt8(truncatingIfNeeded: nonce >> (8 * UInt64(i)))) }
        hash = Digest.hash160(preimage)
    }

    /// Parses the Base58Check text form.
    public init(_ text: String) throws(LedgerError) {
        let payload: [UInt8]
        do { payload = try Base58Check.decode(text) } catch {
            throw LedgerError(.unknownAsset, "not an asset id (\(error.message)): \(text)")
        }
        guard payload.count == 21, payload[0] == Self.versionByte else {
            throw LedgerError(.unknownAsset, "not an asset id (wrong version or length): \(text)")
        }
        hash = Array(payload[1...])
    }

    public var text: String { Base58Check.encode(version: [Self.versionByte], payload: hash) }
    public var description: String { text }

    /// The 20-byte contract address this asset answers at on JSON-RPC:
    /// keccak256("helio-token" ‖ hash)[12..<32].
    public var tokenAddress: Address {
        try! Address(bytes: Array(Keccak256.hash(Array("helio-token".utf8) + hash)[12...]))
    }

    public static func < (a: AssetID, b: AssetID) -> Bool { a.hash.lexicographicallyPrecedes(b.hash) }
}

extension AssetID: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(text) } catch { throw error }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(text)
    }
}
