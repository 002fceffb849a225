import HelioCrypto
import Testing

@testable import HelioLog

/// Random trees of 1…2000 leaves: every proof the tree makes verifies, and every single-bit or
/// single-number change of a proof, root, leaf hash, index or size makes verification fail.
/// The seed is printed in every failure; replay with HELIO_LOG_SEED=<seed>.
struct MerkleTreePropertyTests {
    static let trials = 0..<10
    static let probesPerTree = 25

    /// Every proof of every small tree equals the RFC's recursive definition, leaf for leaf.
    @Test func proofsMatchTheRecursiveDefinitionExhaustively() throws {
        var rng = SeededGenerator(seed: 9162)
        let leaves = (0..<40).map { _ in rng.bytes(32) }
        let tree = try makeTree(leafHashes: leaves)
        for n in 1...leaves.count {
            let prefix = leaves[..<n]
            #expect(try tree.root(atSize: UInt64(n)) == Reference.mth(prefix), "root \(n)")
            for m in 0..<n {
                let proof = try tree.inclusionProof(index: UInt64(m), treeSize: UInt64(n))
                #expect(proof == Reference.path(m, prefix), "inclusion (\(m), \(n))")
            }
            for m in 0...n {
                let proof = try tree.consistencyProof(oldSize: UInt64(m), newSize: UInt64(n))
                #expect(proof == Reference.consistency(m, prefix), "consistency (\(m), \(n))")
            }
        }
    }

    @Test(arguments: trials)
    func inclusionProofsVerifyAndTamperingFails(trial: Int) throws {
        let seed = SeededGenerator.runSeed() &+ UInt64(trial)
        var rng = SeededGenerator(seed: seed)
        let n = UInt64.random(in: 1...2000, using: &rng)
        let leaves = (0..<n).map { _ in rng.bytes(32) }
        let tree = try makeTree(leafHashes: leaves)
        #expect(tree.root == Reference.mth(leaves[...]), "seed \(seed)")
        for _ in 0..<Self.probesPerTree {
            let size = UInt64.random(in: 1...n, using: &rng)
            let index = UInt64.random(in: 0..<size, using: &rng)
            let root = try tree.root(atSize: size)
            let leaf = leaves[Int(index)]
            let proof = try tree.inclusionProof(index: index, treeSize: size)
            let context = "seed \(seed), n \(n), index \(index), size \(size)"
            func verify(
                _ leaf: [UInt8], _ index: UInt64, _ size: UInt64, _ proof: [[UInt8]], _ root: [UInt8]
            ) -> Bool {
                Merkle.verifyInclusion(leafHash: leaf, index: index, treeSize: size, proof: proof, root: root)
            }
            #expect(verify(leaf, index, size, proof, root), "\(context)")
            for i in proof.indices {
                var bad = proof
                bad[i] = flipping(bad[i], bit: Int.random(in: 0..<256, using: &rng))
                #expect(!verify(leaf, index, size, bad, root), "\(context), flipped element \(i)")
            }
            #expect(!verify(leaf, index, size, proof, flipping(root, bit: Int.random(in: 0..<256, using: &rng))))
            #expect(!verify(flipping(leaf, bit: Int.random(in: 0..<256, using: &rng)), index, size, proof, root))
            #expect(!verify(leaf, index, size, proof + [root], root), "\(context), extended")
            if !proof.isEmpty { #expect(!verify(leaf, index, size, proof.dropLast(), root), "\(context), cut") }
            if size > 1 {
                var other = UInt64.random(in: 0..<size - 1, using: &rng)
                if other >= index { other += 1 }
                #expect(!verify(leaf, other, size, proof, root), "\(context), wrong index \(other)")
            }
            #expect(!verify(leaf, size, size, proof, root), "\(context), index = size")
            if n > 1 {
                var otherSize = UInt64.random(in: 1...n - 1, using: &rng)
                if otherSize >= size { otherSize += 1 }
                if index < otherSize {
                    let otherRoot = try tree.root(atSize: otherSize)
                    #expect(!verify(leaf, index, otherSize, proof, otherRoot), "\(context), wrong size \(otherSize)")
                }
            }
        }
    }

    @Test(arguments: trials)
    func consistencyProofsVerifyAndTamperingFails(trial: Int) throws {
        let seed = SeededGenerator.runSeed() &+ UInt64(trial)
        var rng = SeededGenerator(seed: seed)
        let n = UInt64.random(in: 1...2000, using: &rng)
        let leaves = (0..<n).map { _ in rng.bytes(32) }
        let tree = try makeTree(leafHashes: leaves)
        for _ in 0..<Self.probesPerTree {
            let newSize = UInt64.random(in: 1...n, using: &rng)
            let oldSize = UInt64.random(in: 0...newSize, using: &rng)
            let oldRoot = try tree.root(atSize: oldSize)
            let newRoot = try tree.root(atSize: newSize)
            let proof = try tree.consistencyProof(oldSize: oldSize, newSize: newSize)
            let context = "seed \(seed), n \(n), old \(oldSize), new \(newSize)"
            func verify(_ old: UInt64, _ new: UInt64, _ oldRoot: [UInt8], _ newRoot: [UInt8], _ p: [[UInt8]]) -> Bool {
                Merkle.verifyConsistency(oldSize: old, newSize: new, oldRoot: oldRoot, newRoot: newRoot, proof: p)
            }
            #expect(verify(oldSize, newSize, oldRoot, newRoot, proof), "\(context)")
            for i in proof.indices {
                var bad = proof
                bad[i] = flipping(bad[i], bit: Int.random(in: 0..<256, using: &rng))
                #expect(!verify(oldSize, newSize, oldRoot, newRoot, bad), "\(context), flipped element \(i)")
            }
            let bit = Int.random(in: 0..<256, using: &rng)
            #expect(!verify(oldSize, newSize, flipping(oldRoot, bit: bit), newRoot, proof), "\(context), old root")
            // Size 0 is a prefix of every tree, whatever its root; any other old size pins the new root.
            if oldSize > 0 {
                #expect(!verify(oldSize, newSize, oldRoot, flipping(newRoot, bit: bit), proof), "\(context), new root")
            }
            #expect(!verify(oldSize, newSize, oldRoot, newRoot, proof + [newRoot]), "\(context), extended")
            guard oldSize > 0, oldSize < newSize else { continue }
            #expect(!verify(newSize, oldSize, newRoot, oldRoot, proof), "\(context), sizes swapped")
            #expect(!verify(oldSize, newSize, oldRoot, newRoot, proof.dropLast()), "\(context), cut")
            if newSize > 2 {
                var otherOld = UInt64.random(in: 1...newSize - 2, using: &rng)
                if otherOld >= oldSize { otherOld += 1 }
                let otherRoot = try tree.root(atSize: otherOld)
                #expect(!verify(otherOld, newSize, otherRoot, newRoot, proof), "\(context), wrong old size \(otherOld)")
            }
            if newSize < n {
                let otherNew = UInt64.random(in: newSize + 1...n, using: &rng)
                let otherRoot = try tree.root(atSize: otherNew)
                #expect(!verify(oldSize, otherNew, oldRoot, otherRoot, proof), "\(context), wrong new size \(otherNew)")
            }
        }
    }

    /// The root at an earlier size is the root a fresh tree of that many leaves has.
    @Test(arguments: trials)
    func rootAtEarlierSizeEqualsFreshTree(trial: Int) throws {
        let seed = SeededGenerator.runSeed() &+ UInt64(trial)
        var rng = SeededGenerator(seed: seed)
        let n = Int.random(in: 1...2000, using: &rng)
        let leaves = (0..<n).map { _ in rng.bytes(32) }
        let tree = try makeTree(leafHashes: leaves)
        for size in [0, 1, n - 1, n] + (0..<8).map({ _ in Int.random(in: 0...n, using: &rng) }) where size >= 0 {
            let fresh = try makeTree(leafHashes: Array(leaves.prefix(size)))
            #expect(try tree.root(atSize: UInt64(size)) == fresh.root, "seed \(seed), n \(n), size \(size)")
            #expect(try Merkle.root(leafHashes: leaves.prefix(size)) == fresh.root, "seed \(seed), size \(size)")
        }
    }

    /// Sizes around powers of two, where the decomposition of the size changes most.
    @Test(arguments: [1, 2, 3, 255, 256, 257, 1023, 1024, 1025, 4095, 4096, 4097])
    func sizesAroundPowersOfTwo(n: Int) throws {
        var rng = SeededGenerator(seed: UInt64(n))
        let leaves = (0..<n).map { _ in rng.bytes(32) }
        let tree = try makeTree(leafHashes: leaves)
        let root = tree.root
        #expect(root == Reference.mth(leaves[...]))
        for index in Set([0, n / 2, n - 2, n - 1]) where index >= 0 {
            let proof = try tree.inclusionProof(index: UInt64(index), treeSize: UInt64(n))
            #expect(
                Merkle.verifyInclusion(
                    leafHash: leaves[index], index: UInt64(index), treeSize: UInt64(n), proof: proof, root: root))
        }
        for old in Set([1, n / 2, n - 1]) where old >= 1 {
            let proof = try tree.consistencyProof(oldSize: UInt64(old), newSize: UInt64(n))
            #expect(
                Merkle.verifyConsistency(
                    oldSize: UInt64(old), newSize: UInt64(n), oldRoot: try tree.root(atSize: UInt64(old)),
                    newRoot: root, proof: proof))
        }
    }
}
