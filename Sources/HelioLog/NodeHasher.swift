import HelioCrypto

/// Hashes interior nodes through one reused 65-byte input buffer (0x01 ‖ left ‖ right).
///
/// Why a type: building `[0x01] + left + right` for every node costs a heap allocation per node; proofs and
/// appends hash dozens of nodes, so the input buffer is allocated once per operation and overwritten in
/// place. (The 32-byte output array is still allocated by `Digest.sha256`, which HelioLog does not own.)
struct NodeHasher {
    private var input: [UInt8]

    init() {
        input = [UInt8](repeating: 0, count: 1 + 2 * Merkle.hashSize)
        input[0] = Merkle.nodePrefix
    }

    /// SHA-256(0x01 ‖ left ‖ right). Callers guarantee both children are 32 bytes.
    mutating func hash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        assert(left.count == Merkle.hashSize && right.count == Merkle.hashSize)
        input.withUnsafeMutableBytes { buffer in
            let base = buffer.baseAddress!
            left.withUnsafeBytes { (base + 1).copyMemory(from: $0.baseAddress!, byteCount: Merkle.hashSize) }
            right.withUnsafeBytes {
                (base + 1 + Merkle.hashSize).copyMemory(from: $0.baseAddress!, byteCount: Merkle.hashSize)
            }
        }
        return Digest.sha256(input)
    }
}
