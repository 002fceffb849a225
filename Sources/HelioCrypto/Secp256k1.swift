import CSecp256k1

/// secp256k1 ECDSA as Ethereum uses it, over libsecp256k1 (Debian 0.2.0).
///
/// A namespace: `PrivateKey`, `PublicKey` and the 65-byte recoverable `Signature` live inside.
/// Every operation goes through ONE shared context (`Secp256k1.context`), created once and
/// randomised once; libsecp256k1 contexts are safe for concurrent use after that.
public enum Secp256k1 {
    /// The group order n, big-endian.
    public static let order: [UInt8] = try! Hex.decode(
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")
    /// n / 2: an `s` above this is "high" and refused (EIP-2).
    public static let halfOrder: [UInt8] = try! Hex.decode(
        "7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0")

    /// The process-wide libsecp256k1 context.
    public static let context = Context()

    /// Owns the libsecp256k1 context pointer. `@unchecked Sendable` because libsecp256k1 documents
    /// contexts as safe for concurrent signing and verification once created and randomised, and this
    /// wrapper never randomises again.
    public final class Context: @unchecked Sendable {
        public let pointer: OpaquePointer

        init() {
            pointer = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE))!
            var seed = [UInt8](repeating: 0, count: 32)
            SecureRandom.fill(&seed)
            _ = secp256k1_context_randomize(pointer, seed)
        }

        deinit { secp256k1_context_destroy(pointer) }
    }
}

/// Big-endian byte comparison of equal-length arrays.
@inline(__always)
func compareBigEndian(_ a: [UInt8], _ b: [UInt8]) -> Int {
    for i in 0..<a.count where a[i] != b[i] {
        return a[i] < b[i] ? -1 : 1
    }
    return 0
}
