import HelioCrypto

extension Checkpoint {
    /// The canonical text: the exact bytes that are signed (see the type's doc and
    /// docs/checkpoint-format.md). Decimal numbers have no sign and no leading zeros.
    public var text: String {
        "\(origin)\n\(treeSize)\n\(Base64.encode(rootHash))\n\(timestamp)\n"
    }

    /// Parses canonical checkpoint text, and nothing else: any text that is not byte for byte what `text`
    /// would print (extra or missing lines, "\r\n", leading zeros, non-canonical base64) is refused, so
    /// there is exactly one signed message per checkpoint.
    /// - Throws: `LogError.malformedCheckpoint`, or the errors of `init(origin:treeSize:rootHash:timestamp:)`.
    public init(text: String) throws(LogError) {
        let bytes = Array(text.utf8)
        guard bytes.last == 0x0A else {
            throw LogError(.malformedCheckpoint, "checkpoint text must end with a newline")
        }
        let lines = bytes.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false)
        guard lines.count == 4 else {
            throw LogError(.malformedCheckpoint, "checkpoint text must have 4 lines, got \(lines.count)")
        }
        guard let size = Self.decimal(lines[1]) else {
            throw LogError(.malformedCheckpoint, "checkpoint tree size is not a canonical decimal number")
        }
        guard let root = Base64.decode(lines[2]) else {
            throw LogError(.malformedCheckpoint, "checkpoint root hash is not canonical base64")
        }
        guard let time = Self.decimal(lines[3]), time <= UInt64(Int64.max) else {
            throw LogError(.malformedCheckpoint, "checkpoint timestamp is not a canonical decimal number")
        }
        try self.init(
            origin: String(decoding: lines[0], as: UTF8.self), treeSize: size, rootHash: root,
            timestamp: Int64(time))
        guard self.text.utf8.elementsEqual(bytes) else {
            throw LogError(.malformedCheckpoint, "checkpoint text is not in canonical form")
        }
    }

    /// keccak256 of the EIP-191 personal message of `text`: what the registry key signs. Any Ethereum
    /// tool verifies it as a `personal_sign` / `eth_sign` message, with no Helio code.
    public var signingDigest: [UInt8] { EIP191.hash(message: text) }

    /// Signs the checkpoint with the registry key.
    ///
    /// Does not throw: the digest is always 32 bytes and a `PrivateKey` is range-checked when made, which
    /// leaves libsecp256k1 no documented way to fail; if it ever did, that is a broken library, not input.
    public func signed(with key: Secp256k1.PrivateKey) -> SignedCheckpoint {
        let signature: Secp256k1.Signature
        do {
            signature = try key.sign(digest: signingDigest)
        } catch {
            preconditionFailure("secp256k1 signing of a 32-byte digest failed: \(error)")
        }
        return SignedCheckpoint(checkpoint: self, claimedSigner: key.address, signature: signature)
    }

    /// A canonical unsigned decimal (no sign, no leading zero except "0" itself) that fits in 64 bits.
    static func decimal(_ digits: ArraySlice<UInt8>) -> UInt64? {
        guard !digits.isEmpty, digits.count <= 20, digits.count == 1 || digits.first != 0x30 else { return nil }
        var value: UInt64 = 0
        for c in digits {
            guard c >= 0x30 && c <= 0x39 else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(c - 0x30))
            guard !o1 && !o2 else { return nil }
            value = sum
        }
        return value
    }
}
