import HelioCrypto

extension SignedCheckpoint {
    /// Key name on the signature line; tells a reader which scheme the rest of the line follows.
    public static let keyName = "helio"

    /// "— " (U+2014 EM DASH, space): how a C2SP signed note starts a signature line.
    static let signatureLinePrefix = "\u{2014} "

    /// The signed note: the checkpoint text, a blank line, and one signature line
    /// "— helio <EIP-55 address> <0x + 130 hex digits: r ‖ s ‖ v, v = 27/28>" ending in "\n".
    /// The signature is the one `personal_sign` (eth_sign) returns for the checkpoint text.
    public var text: String {
        checkpoint.text + "\n" + Self.signatureLinePrefix + Self.keyName + " " + claimedSigner.checksummed + " "
            + Hex.encode(signature.bytes, prefixed: true) + "\n"
    }

    /// Parses a signed note in exactly the form `text` prints; no signature check (see `verify`).
    /// - Throws: `LogError.malformedCheckpoint` for anything else, `.invalidSignature` for a signature
    ///   that is not a valid low-S secp256k1 signature encoding.
    public init(text: String) throws(LogError) {
        let bytes = Array(text.utf8)
        guard let blank = Self.blankLine(in: bytes) else {
            throw LogError(.malformedCheckpoint, "signed checkpoint needs a blank line before its signature")
        }
        let checkpoint = try Checkpoint(text: String(decoding: bytes[..<(blank + 1)], as: UTF8.self))
        let line = String(decoding: bytes[(blank + 2)...], as: UTF8.self)
        let prefix = Self.signatureLinePrefix + Self.keyName + " "
        guard line.hasSuffix("\n"), line.hasPrefix(prefix) else {
            throw LogError(.malformedCheckpoint, "signature line must be \"— helio <address> <signature>\\n\"")
        }
        let fields = line.dropFirst(prefix.count).dropLast().split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 2 else {
            throw LogError(.malformedCheckpoint, "signature line must hold an address and a signature")
        }
        let address: Address
        do { address = try Address(String(fields[0])) } catch {
            throw LogError(.malformedCheckpoint, "signature line address: \(error)")
        }
        let signature: Secp256k1.Signature
        do { signature = try Secp256k1.Signature(hex: String(fields[1])) } catch {
            throw LogError(.invalidSignature, "signature line signature: \(error)")
        }
        self.init(checkpoint: checkpoint, claimedSigner: address, signature: signature)
        guard self.text.utf8.elementsEqual(bytes) else {
            throw LogError(.malformedCheckpoint, "signed checkpoint text is not in canonical form")
        }
    }

    /// Index of the first "\n" of the first "\n\n": the checkpoint body has no empty line, so the first
    /// blank line is the one that ends it.
    private static func blankLine(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        for i in 0..<(bytes.count - 1) where bytes[i] == 0x0A && bytes[i + 1] == 0x0A { return i }
        return nil
    }
}
