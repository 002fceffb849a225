import HelioCrypto
import Testing

@testable import HelioLog

/// The RFC 6962 / Certificate Transparency reference data: 8 leaf inputs and the published roots and
/// proofs of their trees. Scripts/merkle_reference.py recomputes the same values from the RFC 9162 text.
struct MerkleVectorTests {
    static let entries: [[UInt8]] = [
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
    ].map(hex)

    /// Published roots of the trees of the first 1…8 entries.
    static let roots: [String] = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]

    struct ProofVector: Sendable, CustomTestStringConvertible {
        let first: UInt64  // leaf index, or old size
        let size: UInt64
        let proof: [String]
        var testDescription: String { "(\(first), \(size))" }
    }

    /// Published inclusion proofs (leaf index, tree size).
    static let inclusion: [ProofVector] = [
        ProofVector(first: 0, size: 1, proof: []),
        ProofVector(
            first: 0, size: 8,
            proof: [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ]),
        ProofVector(
            first: 5, size: 8,
            proof: [
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]),
        ProofVector(first: 2, size: 3, proof: ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
        ProofVector(
            first: 1, size: 5,
            proof: [
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ]),
    ]

    /// Published consistency proofs (old size, new size).
    static let consistency: [ProofVector] = [
        ProofVector(first: 1, size: 1, proof: []),
        ProofVector(
            first: 1, size: 8,
            proof: [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ]),
        ProofVector(
            first: 6, size: 8,
            proof: [
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]),
        ProofVector(
            first: 2, size: 5,
            proof: [
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ]),
    ]

    static func tree() throws -> InMemoryMerkleTree { try makeTree(leafHashes: entries.map(Merkle.leafHash)) }

    @Test func emptyTreeRootIsSHA256OfNothing() throws {
        let expected = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        #expect(Hex.encode(Merkle.emptyRoot) == expected)
        #expect(Hex.encode(InMemoryMerkleTree().root) == expected)
        #expect(Hex.encode(try Merkle.root(leafHashes: [])) == expected)
        #expect(Hex.encode(try Self.tree().root(atSize: 0)) == expected)
    }

    @Test func leafAndNodeHashesArePrefixed() {
        #expect(Merkle.leafHash([]) == Digest.sha256([0x00]))
        let a = [UInt8](repeating: 0xAA, count: 32)
        let b = [UInt8](repeating: 0xBB, count: 32)
        #expect(Merkle.nodeHash(a, b) == Digest.sha256([0x01] + a + b))
        #expect(Merkle.nodeHash(a, b) != Merkle.nodeHash(b, a))
    }

    @Test(arguments: 1...8)
    func publishedRoots(size: Int) throws {
        let leafHashes = Self.entries.prefix(size).map(Merkle.leafHash)
        let fresh = try makeTree(leafHashes: leafHashes)
        #expect(Hex.encode(fresh.root) == Self.roots[size - 1])
        #expect(Hex.encode(try Self.tree().root(atSize: UInt64(size))) == Self.roots[size - 1])
        #expect(Hex.encode(try Merkle.root(leafHashes: leafHashes)) == Self.roots[size - 1])
    }

    @Test(arguments: inclusion)
    func publishedInclusionProofs(_ v: ProofVector) throws {
        let tree = try Self.tree()
        let proof = try tree.inclusionProof(index: v.first, treeSize: v.size)
        #expect(proof.map { Hex.encode($0) } == v.proof)
        let leaf = Merkle.leafHash(Self.entries[Int(v.first)])
        let root = hex(Self.roots[Int(v.size) - 1])
        #expect(Merkle.verifyInclusion(leafHash: leaf, index: v.first, treeSize: v.size, proof: proof, root: root))
    }

    @Test(arguments: consistency)
    func publishedConsistencyProofs(_ v: ProofVector) throws {
        let tree = try Self.tree()
        let proof = try tree.consistencyProof(oldSize: v.first, newSize: v.size)
        #expect(proof.map { Hex.encode($0) } == v.proof)
        #expect(
            Merkle.verifyConsistency(
                oldSize: v.first, newSize: v.size, oldRoot: hex(Self.roots[Int(v.first) - 1]),
                newRoot: hex(Self.roots[Int(v.size) - 1]), proof: proof))
    }
}
