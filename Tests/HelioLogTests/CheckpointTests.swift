import Foundation
import HelioCrypto
import Testing

@testable import HelioLog

struct CheckpointTests {
    static let origin = Checkpoint.origin(registry: "helio.example/registry", chainID: 7317)
    static let root8 = hex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")
    static let golden =
        "helio.example/registry chain 7317\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n1700000000\n"

    static func checkpoint() throws -> Checkpoint {
        try Checkpoint(origin: origin, treeSize: 8, rootHash: root8, timestamp: 1_700_000_000)
    }

    @Test func canonicalTextIsPinned() throws {
        #expect(Self.origin == "helio.example/registry chain 7317")
        #expect(try Self.checkpoint().text == Self.golden)
        #expect(try Checkpoint(text: Self.golden) == Self.checkpoint())
    }

    @Test func treeMakesCheckpointsOfItsCurrentState() throws {
        let tree = try MerkleVectorTests.tree()
        #expect(try tree.checkpoint(origin: Self.origin, timestamp: 1_700_000_000) == Self.checkpoint())
        let empty = try InMemoryMerkleTree().checkpoint(origin: Self.origin, timestamp: 0)
        #expect(empty.text == "helio.example/registry chain 7317\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n0\n")
        #expect(try Checkpoint(text: empty.text) == empty)
    }

    @Test func signingDigestIsThePersonalSignHashOfTheText() throws {
        let text = Array(Self.golden.utf8)
        let manual = Keccak256.hash(Array("\u{19}Ethereum Signed Message:\n\(text.count)".utf8) + text)
        #expect(try Self.checkpoint().signingDigest == manual)
    }

    @Test(arguments: [
        "helio.example/registry chain 7317\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n1700000000",
        "helio.example/registry chain 7317\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
        "helio.example/registry chain 7317\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n1700000000\nextra\n",
        "helio.example/registry chain 7317\n08\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n1700000000\n",
        "helio.example/registry chain 7317\n+8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n1700000000\n",
        "helio.example/registry chain 7317\n18446744073709551616\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n1\n",
        "helio.example/registry chain 7317\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg\n1700000000\n",
        "helio.example/registry chain 7317\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyh=\n1700000000\n",
        "helio.example/registry chain 7317\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/Rg\n1700000000\n",
        "helio.example/registry chain 7317\n8\n5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328\n1\n",
        "helio.example/registry chain 7317\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n-1\n",
        "helio.example/registry chain 7317\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n9223372036854775808\n",
        "helio.example/registry chain 7317\r\n8\r\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\r\n1700000000\r\n",
        "\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n1700000000\n",
        " helio\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n1700000000\n",
        "hélio\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n1700000000\n",
        "",
    ])
    func malformedTextIsRefused(text: String) {
        #expect(throws: LogError.self) { try Checkpoint(text: text) }
    }

    @Test func constructorValidates() {
        #expect(
            errorCode { try Checkpoint(origin: "", treeSize: 1, rootHash: Self.root8, timestamp: 0) } == .invalidOrigin)
        #expect(
            errorCode { try Checkpoint(origin: "a\nb", treeSize: 1, rootHash: Self.root8, timestamp: 0) }
                == .invalidOrigin)
        #expect(
            errorCode { try Checkpoint(origin: "a ", treeSize: 1, rootHash: Self.root8, timestamp: 0) }
                == .invalidOrigin)
        let long = String(repeating: "a", count: Checkpoint.maxOriginLength + 1)
        #expect(
            errorCode { try Checkpoint(origin: long, treeSize: 1, rootHash: Self.root8, timestamp: 0) }
                == .invalidOrigin)
        #expect(errorCode { try Checkpoint(origin: "o", treeSize: 1, rootHash: [0], timestamp: 0) } == .invalidHash)
        #expect(
            errorCode { try Checkpoint(origin: "o", treeSize: 1, rootHash: Self.root8, timestamp: -1) }
                == .malformedCheckpoint)
        let extremes = try? Checkpoint(origin: "o", treeSize: .max, rootHash: Self.root8, timestamp: .max)
        #expect(extremes.map { try? Checkpoint(text: $0.text) } == extremes)
    }

    @Test func jsonRoundTrip() throws {
        let checkpoint = try Self.checkpoint()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(checkpoint), as: UTF8.self)
        #expect(
            json == #"{"origin":"helio.example\/registry chain 7317","rootHash":"#
                + #""0x5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328","#
                + #""timestamp":1700000000,"treeSize":8}"#
        )
        #expect(try JSONDecoder().decode(Checkpoint.self, from: Data(json.utf8)) == checkpoint)
        let badRoot = json.replacingOccurrences(of: "0x5dc9", with: "0x5d")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Checkpoint.self, from: Data(badRoot.utf8)) }
        let badTime = json.replacingOccurrences(of: "1700000000", with: "-5")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Checkpoint.self, from: Data(badTime.utf8)) }
    }

    @Test func base64MatchesFoundationAndIsStrict() {
        var rng = SeededGenerator(seed: 64)
        for length in 0..<70 {
            let bytes = rng.bytes(length)
            let expected = Data(bytes).base64EncodedString()
            #expect(Base64.encode(bytes) == expected)
            #expect(Base64.decode(Array(expected.utf8)) == bytes)
        }
        for bad in ["QQ", "QR==", "QUI", "QUJ=", "Q===", "=QQQ", "QQ==QQ==", "QU I", "QUI\n"] {
            #expect(Base64.decode(Array(bad.utf8)) == nil, "\(bad)")
        }
    }
}
