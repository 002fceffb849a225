/// BIP-32 serialisation: 78 bytes (version 4 ‖ depth 1 ‖ parent fingerprint 4 ‖ child number 4 ‖
/// chain code 32 ‖ key 33) in Base58Check, as "xprv…" / "xpub…" strings.
///
/// Parsing runs every check of BIP-32 test vector 5, and each failure names the check, because a
/// user pasting a key needs to know whether it was mistyped (checksum), is for another coin or
/// network (version), or was built wrongly by some other tool (the rest).
extension ExtendedKey: CustomStringConvertible {
    /// Mainnet private version: Base58 text starts with "xprv".
    public static let privateVersion: [UInt8] = [0x04, 0x88, 0xAD, 0xE4]
    /// Mainnet public version: Base58 text starts with "xpub".
    public static let publicVersion: [UInt8] = [0x04, 0x88, 0xB2, 0x1E]
    static let serializedLength = 78

    /// "xprv…" for a key that holds its private key, otherwise nil.
    public var xprv: String? {
        guard let privateKey else { return nil }
        return Base58Check.encode(serialize(version: Self.privateVersion, key: [0] + privateKey.rawRepresentation))
    }

    /// "xpub…": the public half, safe to share for watch-only use (but see BIP-32 on leaking a child).
    public var xpub: String {
        Base58Check.encode(serialize(version: Self.publicVersion, key: publicKey.compressed))
    }

    /// Prints the xpub, never private material.
    public var description: String { xpub }

    private func serialize(version: [UInt8], key: [UInt8]) -> [UInt8] {
        var out = version
        out.append(depth)
        out += parentFingerprint
        out += Self.ser32(childNumber)
        out += chainCode
        out += key
        return out
    }

    /// Parses a mainnet "xprv…" or "xpub…" string.
    public init(serialized text: String) throws(CryptoError) {
        func fail(_ check: String) -> CryptoError { CryptoError(.invalidExtendedKey, "invalid extended key: \(check)") }
        let bytes: [UInt8]
        do { bytes = try Base58Check.decode(text) } catch {
            throw fail(error.code == .badChecksum ? "invalid Base58Check checksum" : error.message)
        }
        guard bytes.count == Self.serializedLength else {
            throw fail("must be \(Self.serializedLength) bytes, got \(bytes.count)")
        }
        let version = Array(bytes[0..<4])
        let isPrivate = version == Self.privateVersion
        guard isPrivate || version == Self.publicVersion else {
            throw fail("unknown extended key version 0x\(Hex.encode(version)) (expected mainnet xprv or xpub)")
        }
        let depth = bytes[4]
        let parentFingerprint = Array(bytes[5..<9])
        let childNumber = bytes[9..<13].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        if depth == 0 {
            guard parentFingerprint == [0, 0, 0, 0] else { throw fail("zero depth with non-zero parent fingerprint") }
            guard childNumber == 0 else { throw fail("zero depth with non-zero index") }
        }
        let chainCode = Array(bytes[13..<45])
        let keyData = Array(bytes[45...])
        let privateKey: Secp256k1.PrivateKey?
        let publicKey: Secp256k1.PublicKey
        if isPrivate {
            guard keyData[0] == 0 else {
                throw fail("xprv key data must start with 0x00, found 0x\(Hex.encode(keyData.prefix(1)))")
            }
            do { privateKey = try Secp256k1.PrivateKey(rawRepresentation: Array(keyData[1...])) } catch {
                throw fail("private key not in 1..n-1")
            }
            publicKey = privateKey!.publicKey
        } else {
            guard keyData[0] == 2 || keyData[0] == 3 else {
                throw fail("xpub key data must start with 0x02 or 0x03, found 0x\(Hex.encode(keyData.prefix(1)))")
            }
            do { publicKey = try Secp256k1.PublicKey(bytes: keyData) } catch {
                throw fail("public key is not a point on secp256k1")
            }
            privateKey = nil
        }
        self.init(
            depth: depth, parentFingerprint: parentFingerprint, childNumber: childNumber, chainCode: chainCode,
            privateKey: privateKey, publicKey: publicKey)
    }
}
