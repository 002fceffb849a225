import HelioCrypto

/// The hot path: EIP-712 digests of native commands written out field by field.
///
/// `typedData(_:nonce:domain:)` builds a general `TypedData` (parsing and validating the schema each
/// time), which is right for publishing and for tests but costs more than the signature recovery it
/// precedes. Every command's type is fixed, so its type hash is computed once and its fields are
/// encoded directly here. `CommandDigestTests` proves both paths give the same digest for every kind.
extension CommandTypedData {
    /// keccak256 of each kind's encodeType string, computed once.
    static let typeHashes: [String: [UInt8]] = {
        var out: [String: [UInt8]] = [:]
        for (kind, fields) in types where kind != "RegisterDevice" && kind != "Meter" {
            let encoded = kind + "(" + fields.map { "\($0.type) \($0.name)" }.joined(separator: ",") + ")"
            out[kind] = Keccak256.hash(Array(encoded.utf8))
        }
        return out
    }()

    static func domainSeparator(name: String, version: String, chainId: UInt64) -> [UInt8] {
        var enc = typeHashes["EIP712Domain"]!
        enc += Keccak256.hash(Array(name.utf8))
        enc += Keccak256.hash(Array(version.utf8))
        enc += word(UInt256(chainId))
        return Keccak256.hash(enc)
    }

    /// keccak256(0x19 0x01 ‖ domainSeparator ‖ hashStruct(command)). Traps for a command EIP-712 cannot
    /// encode; untrusted input goes through `checkedSigningDigest` (as `SignedCommand` does).
    public static func signingDigest(_ command: Command, nonce: UInt64, domain: CommandDomain) -> [UInt8] {
        try! checkedSigningDigest(command, nonce: nonce, domain: domain)
    }

    /// The signing digest, or an error when a field of an administration command is out of range for its
    /// EIP-712 type (a negative `validFrom`, `maxAgeSeconds` or `futureSkewSeconds` in a uint64 field).
    /// The asset commands always encode.
    public static func checkedSigningDigest(_ command: Command, nonce: UInt64, domain: CommandDomain) throws -> [UInt8]
    {
        switch command {
        case .defineAsset, .mint, .transfer, .approve, .transferFrom, .burn: break
        default:
            // Administration is rare and its types are richer (struct arrays): the general encoder.
            return try typedData(command, nonce: nonce, domain: domain).signingDigest()
        }
        var enc = typeHashes[command.kind]!
        enc.reserveCapacity(32 * 7)
        switch command {
        case .defineAsset(let c):
            enc += Keccak256.hash(Array(c.name.utf8))
            enc += Keccak256.hash(Array(c.symbol.utf8))
            enc += word(UInt256(UInt64(c.decimals)))
            enc += Keccak256.hash(c.minters.flatMap(word))
            enc += c.definition.sha256
        case .mint(let c):
            enc += word(c.asset.tokenAddress) + word(c.to) + word(c.amount)
        case .transfer(let c):
            enc += word(c.asset.tokenAddress) + word(c.to) + word(c.amount)
        case .approve(let c):
            enc += word(c.asset.tokenAddress) + word(c.spender) + word(c.amount)
        case .transferFrom(let c):
            enc += word(c.asset.tokenAddress) + word(c.from) + word(c.to) + word(c.amount)
        case .burn(let c):
            enc += word(c.asset.tokenAddress) + word(c.amount)
        default: preconditionFailure("handled above")
        }
        enc += word(UInt256(nonce))
        return Keccak256.hash([0x19, 0x01] + domain.separator + Keccak256.hash(enc))
    }

    private static func word(_ v: UInt256) -> [UInt8] { v.bigEndianBytes }
    private static func word(_ a: Address) -> [UInt8] { [UInt8](repeating: 0, count: 12) + a.rawValue }
}
