import HelioCrypto

/// RFC 9162 §2.1.1 Merkle Tree Hash (MTH): the one hashing scheme of the Helio log.
///
/// A namespace, not a type with state: a leaf's or node's hash depends on nothing but bytes, so an
/// auditor, a witness or a fifty-line script in another language recomputes it identically. The
/// domain-separation prefixes (0x00 for leaves, 0x01 for interior nodes) are what stop an interior
/// node from being passed off as a leaf (the second-preimage attack on unprefixed Merkle trees).
///
/// Verification of proofs lives here too (`Merkle+Verification.swift`): it needs no tree, only hashes.
public enum Merkle {
    /// SHA-256 output size; every leaf hash, node hash, root and proof element has exactly this length.
    public static let hashSize = 32

    /// RFC 9162 §2.1.1: prefix of a leaf's input, so leaf and node inputs can never coincide.
    static let leafPrefix: UInt8 = 0x00
    /// RFC 9162 §2.1.1: prefix of an interior node's input.
    static let nodePrefix: UInt8 = 0x01

    /// MTH({}) = SHA-256(""), the root of the empty tree:
    /// e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855.
    public static let emptyRoot: [UInt8] = Digest.sha256([])

    /// MTH({d}) = SHA-256(0x00 ‖ d): the hash of one log entry's bytes.
    public static func leafHash(_ entry: [UInt8]) -> [UInt8] {
        var input = [UInt8]()
        input.reserveCapacity(entry.count + 1)
        input.append(leafPrefix)
        input.append(contentsOf: entry)
        return Digest.sha256(input)
    }

    /// SHA-256(0x01 ‖ left ‖ right): an interior node over two 32-byte child hashes.
    ///
    /// - Precondition: both children are `hashSize` bytes (a shorter "hash" would be a caller bug that
    ///   silently produced a different tree, so it traps rather than hashes).
    public static func nodeHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        precondition(left.count == hashSize && right.count == hashSize, "Merkle node children must be 32 bytes")
        var hasher = NodeHasher()
        return hasher.hash(left, right)
    }

    /// The root of the tree whose leaves have these hashes, streamed in O(log n) memory.
    ///
    /// For recomputing a log's root from its journal (`helio log verify`) without keeping the tree.
    /// - Throws: `LogError.invalidHash` when a leaf hash is not 32 bytes.
    public static func root(leafHashes: some Sequence<[UInt8]>) throws(LogError) -> [UInt8] {
        var frontier = MerkleFrontier()
        var hasher = NodeHasher()
        for leaf in leafHashes {
            try checkHash(leaf, "leaf hash \(frontier.size)")
            frontier.commit(frontier.frozenNodes(appending: leaf, hasher: &hasher))
        }
        return frontier.root(hasher: &hasher)
    }

    /// Throws `invalidHash` unless `hash` is 32 bytes; `what` names it in the message.
    static func checkHash(_ hash: [UInt8], _ what: @autoclosure () -> String) throws(LogError) {
        guard hash.count == hashSize else {
            throw LogError(.invalidHash, "\(what()) must be \(hashSize) bytes, got \(hash.count)")
        }
    }
}
