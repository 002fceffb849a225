import Foundation
import HelioCrypto
import Testing

@testable import HelioLog

/// Keeps Fixtures/ in step with the code. The files are read by Tests/interop/test_merkle.py, which checks
/// them with an independent Python implementation; see Fixtures/README.md.
///
/// A missing fixture is written; an existing one must be identical to what the code renders now.
/// Regenerate after an intended change with HELIO_REGENERATE_FIXTURES=1.
struct FixtureTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static let entries = MerkleSelfTest.referenceEntries

    @Test func referenceEntriesStartWithTheCTInputs() {
        #expect(Array(Self.entries.prefix(8)) == MerkleVectorTests.entries)
        #expect(Self.entries.count == 17)
    }

    static func check(_ name: String, _ rendered: String) throws {
        let url = fixtures.appendingPathComponent(name)
        let regenerate = ProcessInfo.processInfo.environment["HELIO_REGENERATE_FIXTURES"] == "1"
        if regenerate || !FileManager.default.fileExists(atPath: url.path) {
            try FileManager.default.createDirectory(at: fixtures, withIntermediateDirectories: true)
            try Data(rendered.utf8).write(to: url)
        }
        let stored = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        #expect(stored == rendered, "\(name) is stale: rerun with HELIO_REGENERATE_FIXTURES=1 and review the diff")
    }

    @Test func merkleProofsFixture() throws {
        let json = MerkleSelfTest.json(entries: Self.entries)
        try Self.check("merkle-proofs.json", json)
        // The document is valid JSON and holds what it says.
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        #expect(object["format"] as? String == MerkleSelfTest.format)
        #expect((object["roots"] as? [Any])?.count == Self.entries.count + 1)
        #expect((object["inclusionProofs"] as? [Any])?.count == 17 * 18 / 2)
        #expect((object["consistencyProofs"] as? [Any])?.count == 17 * 18 / 2)
    }

    @Test func emptySelfTestIsValidJSON() throws {
        let json = MerkleSelfTest.json(entries: [])
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        #expect((object["roots"] as? [[String: Any]])?.first?["root"] as? String == Hex.encode(Merkle.emptyRoot))
    }

    /// A signed checkpoint of the fixture tree, in text and JSON, for the eth-account cross-check.
    /// RFC 6979 nonces make the signature, and so the file, deterministic.
    @Test func signedCheckpointFixtures() throws {
        let tree = try makeTree(leafHashes: Self.entries.map(Merkle.leafHash))
        let checkpoint = try tree.checkpoint(origin: CheckpointTests.origin, timestamp: 1_700_000_000)
        let signed = checkpoint.signed(with: SignedCheckpointTests.key)
        try Self.check("signed-checkpoint.txt", signed.text)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(signed), as: UTF8.self) + "\n"
        let url = Self.fixtures.appendingPathComponent("signed-checkpoint.json")
        if ProcessInfo.processInfo.environment["HELIO_REGENERATE_FIXTURES"] == "1"
            || !FileManager.default.fileExists(atPath: url.path)
        {
            try Data(json.utf8).write(to: url)
        }
        // Compared as values, not bytes: Foundation's pretty-printing differs between platforms.
        let stored = try JSONDecoder().decode(SignedCheckpoint.self, from: Data(contentsOf: url))
        #expect(stored == signed, "signed-checkpoint.json is stale: rerun with HELIO_REGENERATE_FIXTURES=1")
    }
}
