/// Base58Check: Base58 of `payload ‖ checksum`, where the checksum is the first 4 bytes of
/// SHA-256(SHA-256(payload)). The payload usually begins with version bytes (0x0488ADE4 for an xprv,
/// 0x13 for an Open Assets asset id); this type leaves their meaning to the caller.
public enum Base58Check {
    /// Bytes of checksum appended to the payload: a typo slips through with probability 2^-32.
    public static let checksumLength = 4

    /// Encodes `payload` (version bytes included) with its checksum.
    public static func encode(_ payload: [UInt8]) -> String {
        Base58.encode(payload + checksum(payload))
    }

    /// Encodes `version ‖ payload` with its checksum.
    public static func encode(version: [UInt8], payload: [UInt8]) -> String {
        encode(version + payload)
    }

    /// Decodes the text, verifies the checksum and returns the payload (version bytes included).
    public static func decode(_ text: String) throws(CryptoError) -> [UInt8] {
        let bytes = try Base58.decode(text)
        guard bytes.count >= checksumLength else {
            throw CryptoError(.invalidBase58, "Base58Check text too short to hold a checksum")
        }
        let payload = Array(bytes.dropLast(checksumLength))
        guard Digest.constantTimeEqual(checksum(payload), Array(bytes.suffix(checksumLength))) else {
            throw CryptoError(.badChecksum, "invalid Base58Check checksum")
        }
        return payload
    }

    static func checksum(_ payload: [UInt8]) -> [UInt8] {
        Array(Digest.sha256(Digest.sha256(payload)).prefix(checksumLength))
    }
}
