import CSecp256k1

extension Secp256k1 {
    /// A point on secp256k1, validated when parsed.
    public struct PublicKey: Sendable, Hashable, CustomStringConvertible {
        /// libsecp256k1's opaque 64-byte form.
        let raw: secp256k1_pubkey
        /// The 64-byte X‖Y form (uncompressed, without the 0x04 prefix): what Ethereum hashes.
        public let xy: [UInt8]

        init(raw: secp256k1_pubkey) {
            self.raw = raw
            var out = [UInt8](repeating: 0, count: 65)
            var len = 65
            var copy = raw
            secp256k1_ec_pubkey_serialize(
                Secp256k1.context.pointer, &out, &len, &copy, UInt32(SECP256K1_EC_UNCOMPRESSED))
            xy = Array(out[1...])
        }

        /// Parses a compressed (33 bytes, 02/03) or uncompressed (65 bytes, 04) SEC1 encoding, or
        /// 64 raw X‖Y bytes.
        public init(bytes: [UInt8]) throws(CryptoError) {
            let input = bytes.count == 64 ? [0x04] + bytes : bytes
            guard input.count == 33 || input.count == 65 else {
                throw CryptoError(.invalidLength, "public key must be 33, 64 or 65 bytes, got \(bytes.count)")
            }
            var pub = secp256k1_pubkey()
            guard secp256k1_ec_pubkey_parse(Secp256k1.context.pointer, &pub, input, input.count) == 1 else {
                throw CryptoError(.invalidPublicKey, "public key is not a point on secp256k1")
            }
            self.init(raw: pub)
        }

        public init(hex: String) throws(CryptoError) {
            try self.init(bytes: Hex.decode(hex, what: "public key"))
        }

        /// 65 bytes: 0x04 ‖ X ‖ Y.
        public var uncompressed: [UInt8] { [0x04] + xy }

        /// 33 bytes: 0x02/0x03 (parity of Y) ‖ X.
        public var compressed: [UInt8] { [0x02 | (xy[63] & 1)] + xy[0..<32] }

        /// Last 20 bytes of keccak256(X ‖ Y).
        public var address: Address { Address(unchecked: Array(Keccak256.hash(xy)[12...])) }

        public var description: String { Hex.encode(compressed, prefixed: true) }

        public static func == (a: PublicKey, b: PublicKey) -> Bool { a.xy == b.xy }
        public func hash(into hasher: inout Hasher) { hasher.combine(xy) }
    }
}
