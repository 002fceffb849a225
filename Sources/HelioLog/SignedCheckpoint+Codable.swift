import HelioCrypto

/// JSON form: {"checkpoint": {…Checkpoint JSON…}, "signer": "0x…EIP-55…", "signature": "0x…130 hex…"},
/// the signature as r ‖ s ‖ v with v = 27/28, exactly as on the text form's signature line.
extension SignedCheckpoint: Codable {
    private enum CodingKeys: String, CodingKey {
        case checkpoint, signer, signature
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let signatureText = try c.decode(String.self, forKey: .signature)
        let signature: Secp256k1.Signature
        do { signature = try Secp256k1.Signature(hex: signatureText) } catch {
            throw DecodingError.dataCorruptedError(forKey: .signature, in: c, debugDescription: error.message)
        }
        self.init(
            checkpoint: try c.decode(Checkpoint.self, forKey: .checkpoint),
            claimedSigner: try c.decode(Address.self, forKey: .signer), signature: signature)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(checkpoint, forKey: .checkpoint)
        try c.encode(claimedSigner, forKey: .signer)
        try c.encode(Hex.encode(signature.bytes, prefixed: true), forKey: .signature)
    }
}
