/// EIP-191 version 0x45 ("personal_sign") message hashing.
public enum EIP191 {
    /// keccak256("\u{19}Ethereum Signed Message:\n" + decimal byte length + message).
    public static func hash(message: [UInt8]) -> [UInt8] {
        var hasher = Keccak256()
        hasher.update(Array("\u{19}Ethereum Signed Message:\n\(message.count)".utf8))
        hasher.update(message)
        return hasher.finalize()
    }

    public static func hash(message: String) -> [UInt8] { hash(message: Array(message.utf8)) }
}
