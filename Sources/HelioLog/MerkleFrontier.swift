/// The right edge of a tree of `size` leaves: the roots of the perfect subtrees that `size`'s binary
/// decomposition splits it into, largest (leftmost) first.
///
/// Why: with these ≤ 64 hashes a tree can take the next leaf and name its current root without reading
/// any other node, so appends need no store reads and `Merkle.root(leafHashes:)` streams in O(log n)
/// memory. The i-th hash covers the subtree of the i-th set bit of `size`, counted from the top.
struct MerkleFrontier: Sendable {
    private(set) var size: UInt64 = 0
    private(set) var hashes: [[UInt8]] = []

    init() {}

    init(size: UInt64, hashes: [[UInt8]]) {
        precondition(hashes.count == size.nonzeroBitCount, "a frontier holds one hash per set bit of the size")
        self.size = size
        self.hashes = hashes
    }

    /// The nodes that appending `leaf` freezes, without changing the frontier: element L is the new node
    /// at level L (element 0 is the leaf itself). There are 1 + (trailing one bits of `size`) of them,
    /// two on average, so an append costs amortised O(1) hashes.
    func frozenNodes(appending leaf: [UInt8], hasher: inout NodeHasher) -> [[UInt8]] {
        var frozen = [leaf]
        var carry = leaf
        var remaining = size
        var next = hashes.count - 1
        while remaining & 1 == 1 {
            carry = hasher.hash(hashes[next], carry)
            frozen.append(carry)
            remaining >>= 1
            next -= 1
        }
        return frozen
    }

    /// Applies the result of `frozenNodes(appending:hasher:)`: the subtrees it merged leave the
    /// frontier, the largest new one joins it. Split from the computation so a tree can hand the nodes
    /// to its store first and change nothing when the store fails.
    mutating func commit(_ frozen: [[UInt8]]) {
        hashes.removeLast(frozen.count - 1)
        hashes.append(frozen[frozen.count - 1])
        size += 1
    }

    /// MTH of the whole tree: fold the subtree roots right to left (RFC 9162's split at the largest power
    /// of two below n, applied recursively, is exactly this fold).
    func root(hasher: inout NodeHasher) -> [UInt8] {
        guard var root = hashes.last else { return Merkle.emptyRoot }
        for index in stride(from: hashes.count - 2, through: 0, by: -1) {
            root = hasher.hash(hashes[index], root)
        }
        return root
    }
}
