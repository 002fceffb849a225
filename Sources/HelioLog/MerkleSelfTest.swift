import HelioCrypto

/// Renders what this implementation computes for a list of entries as a JSON document, so that an
/// independent implementation (Scripts/merkle_reference.py, a third party's verifier) can check every
/// hash and proof. The CLI exposes it as `helio log selftest-json`; the interop tests read the copy in
/// Tests/HelioLogTests/Fixtures/merkle-proofs.json.
///
/// The document lists every leaf hash, the root at every size 0…n, the inclusion proof of every leaf in
/// every tree size that contains it, and the consistency proof for every 1 ≤ old ≤ new ≤ n: O(n² log n)
/// output, meant for tens of entries. Output is deterministic (fixed key order, one item per line,
/// lowercase hex without 0x) so it can be compared byte for byte:
///
///     {
///       "format": "helio-merkle-selftest/1",
///       "leaves": [{"index": 0, "entry": "<hex>", "leafHash": "<hex>"}, …],
///       "roots": [{"treeSize": 0, "root": "<hex>"}, …],
///       "inclusionProofs": [{"index": 0, "treeSize": 1, "proof": ["<hex>", …]}, …],
///       "consistencyProofs": [{"oldSize": 1, "newSize": 1, "proof": ["<hex>", …]}, …]
///     }
public enum MerkleSelfTest {
    /// Identifies the layout above; bump it when the layout changes.
    public static let format = "helio-merkle-selftest/1"

    /// The entries of the committed fixture (and of `helio log selftest-json` without arguments): the 8 leaf
    /// inputs of the RFC 6962 / Certificate Transparency reference tests, whose roots are published, then
    /// "helio journal entry 8" … "16" so that tree sizes cross 16.
    public static let referenceEntries: [[UInt8]] =
        [
            [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
            [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57], Array(0x60...0x6F),
        ] + (8..<17).map { Array("helio journal entry \($0)".utf8) }

    /// The JSON document for `entries` (each entry's raw bytes become one leaf), ending in a newline.
    public static func json(entries: [[UInt8]]) -> String {
        var tree = InMemoryMerkleTree()
        let leafHashes = entries.map(Merkle.leafHash)
        do {
            try tree.append(contentsOf: leafHashes)
            return try render(entries: entries, leafHashes: leafHashes, tree: tree)
        } catch {
            // Every size and index asked for is in range of an in-memory tree: failing here is a bug.
            preconditionFailure("Merkle self-test failed on its own tree: \(error)")
        }
    }

    private static func render(
        entries: [[UInt8]], leafHashes: [[UInt8]], tree: InMemoryMerkleTree
    ) throws(LogError) -> String {
        let n = UInt64(entries.count)
        var leaves: [String] = []
        for (index, entry) in entries.enumerated() {
            leaves.append(
                "{\"index\": \(index), \"entry\": \"\(Hex.encode(entry))\", "
                    + "\"leafHash\": \"\(Hex.encode(leafHashes[index]))\"}"
            )
        }
        var roots: [String] = []
        for size in 0...n {
            roots.append("{\"treeSize\": \(size), \"root\": \"\(Hex.encode(try tree.root(atSize: size)))\"}")
        }
        var inclusion: [String] = []
        var consistency: [String] = []
        for size in stride(from: UInt64(1), through: n, by: 1) {
            for index in 0..<size {
                let proof = try tree.inclusionProof(index: index, treeSize: size)
                inclusion.append("{\"index\": \(index), \"treeSize\": \(size), \"proof\": \(hexList(proof))}")
            }
            for old in 1...size {
                let proof = try tree.consistencyProof(oldSize: old, newSize: size)
                consistency.append("{\"oldSize\": \(old), \"newSize\": \(size), \"proof\": \(hexList(proof))}")
            }
        }
        return "{\n  \"format\": \"\(format)\",\n"
            + "  \"leaves\": \(block(leaves)),\n"
            + "  \"roots\": \(block(roots)),\n"
            + "  \"inclusionProofs\": \(block(inclusion)),\n"
            + "  \"consistencyProofs\": \(block(consistency))\n}\n"
    }

    private static func hexList(_ hashes: [[UInt8]]) -> String {
        "[" + hashes.map { "\"\(Hex.encode($0))\"" }.joined(separator: ", ") + "]"
    }

    /// A JSON array with one item per line, indented under a top-level key.
    private static func block(_ items: [String]) -> String {
        items.isEmpty ? "[]" : "[\n    " + items.joined(separator: ",\n    ") + "\n  ]"
    }
}
