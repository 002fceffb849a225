import Foundation
import HelioCrypto
import Testing

@testable import HelioLedger

/// Asset ids: HASH160("helio-asset-v1" ‖ issuer ‖ nonce as 8 bytes big-endian) in Base58Check with
/// version byte 23, and the token address keccak256("helio-token" ‖ hash)[12..<32].
struct AssetIDTests {
    /// The id of the issuer key 0x…01's command 0, computed independently in Python (pycryptodome's
    /// RIPEMD-160 over hashlib's SHA-256, a 20-line Base58Check, eth-hash's keccak256).
    static let golden = (
        text: "APq3LGbtMLjwjDePFDGcFJAQp5iWY4yjRC", tokenAddress: "0xdbee0e7c56af995d834a35813b5143c09e688bd4"
    )

    @Test func matchesTheIndependentlyComputedID() throws {
        let id = AssetID(issuer: Who.issuer, nonce: 0)
        #expect(Who.issuer == (try Address("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf")))
        #expect(id.text == Self.golden.text)
        #expect(id.description == Self.golden.text)
        #expect(id.tokenAddress.lowercased == Self.golden.tokenAddress)
        #expect(id.hash.count == 20)
    }

    @Test func isDeterministicFromIssuerAndNonce() {
        #expect(AssetID(issuer: Who.alice, nonce: 7) == AssetID(issuer: Who.alice, nonce: 7))
        #expect(AssetID(issuer: Who.alice, nonce: 7) != AssetID(issuer: Who.alice, nonce: 8))
        #expect(AssetID(issuer: Who.alice, nonce: 7) != AssetID(issuer: Who.bob, nonce: 7))
        // The nonce is 8 bytes big-endian: ids of nonces differing only in a high byte differ.
        #expect(AssetID(issuer: Who.alice, nonce: 1) != AssetID(issuer: Who.alice, nonce: 1 << 56))
    }

    @Test func textStartsWithAAndRoundTrips() throws {
        var seen = Set<AssetID>()
        for issuer in Who.all + [.zero] {
            for nonce: UInt64 in [0, 1, 2, 255, 256, 1 << 32, .max] {
                let id = AssetID(issuer: issuer, nonce: nonce)
                #expect(id.text.hasPrefix("A"), "\(id.text)")
                #expect(id.text.count == 34)
                #expect(try AssetID(id.text) == id)
                #expect(try AssetID(hash: id.hash) == id)
                seen.insert(id)
            }
        }
        #expect(seen.count == (Who.all.count + 1) * 7)
    }

    @Test func aCorruptedCharacterFailsToParse() {
        let text = Self.golden.text
        let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
        for position in text.indices {
            let original = text[position]
            let replacement = alphabet[(alphabet.firstIndex(of: original)! + 1) % alphabet.count]
            var corrupted = text
            corrupted.replaceSubrange(position...position, with: String(replacement))
            #expect(throws: LedgerError.self, "\(corrupted)") { try AssetID(corrupted) }
        }
    }

    @Test(arguments: [
        "", "A", "0OIl", "APq3LGbtMLjwjDePFDGcFJAQp5iWY4yjRC ", " APq3LGbtMLjwjDePFDGcFJAQp5iWY4yjRC",
        "APq3LGbtMLjwjDePFDGcFJAQp5iWY4yjR", "APq3LGbtMLjwjDePFDGcFJAQp5iWY4yjRCC",
    ])
    func refusesText(_ text: String) {
        #expect(throws: LedgerError.self) { try AssetID(text) }
    }

    @Test func refusesAnotherVersionByteOrLength() throws {
        let hash = AssetID(issuer: Who.issuer, nonce: 0).hash
        // A Bitcoin address (version 0) over the same hash, and version 23 with 19 or 21 bytes.
        for text in [
            Base58Check.encode(version: [0], payload: hash),
            Base58Check.encode(version: [23], payload: Array(hash.dropLast())),
            Base58Check.encode(version: [23], payload: hash + [0]),
        ] {
            let error = #expect(throws: LedgerError.self) { try AssetID(text) }
            #expect(error?.code == .unknownAsset)
        }
        #expect(throws: LedgerError.self) { try AssetID(hash: Array(hash.dropLast())) }
        #expect(throws: LedgerError.self) { try AssetID(hash: hash + [0]) }
    }

    @Test func tokenAddressIsStableAndDistinct() {
        let id = AssetID(issuer: Who.issuer, nonce: 0)
        #expect(id.tokenAddress == id.tokenAddress)
        #expect(id.tokenAddress == (try? AssetID(id.text))?.tokenAddress)
        let addresses = Set((0..<100).map { AssetID(issuer: Who.issuer, nonce: $0).tokenAddress })
        #expect(addresses.count == 100)
        #expect(!addresses.contains(.zero))
    }

    @Test func encodesAsItsTextInJSON() throws {
        let id = AssetID(issuer: Who.issuer, nonce: 0)
        let json = try JSONEncoder().encode([id])
        #expect(String(decoding: json, as: UTF8.self) == #"["\#(Self.golden.text)"]"#)
        #expect(try JSONDecoder().decode([AssetID].self, from: json) == [id])
        #expect(throws: (any Error).self) { try JSONDecoder().decode([AssetID].self, from: Data(#"["A1"]"#.utf8)) }
        #expect(throws: (any Error).self) { try JSONDecoder().decode([AssetID].self, from: Data("[23]".utf8)) }
    }

    @Test func ordersByHash() {
        let ids = (0..<20).map { AssetID(issuer: Who.bob, nonce: $0) }
        let sorted = ids.sorted()
        for (a, b) in zip(sorted, sorted.dropFirst()) {
            #expect(a.hash.lexicographicallyPrecedes(b.hash))
        }
    }
}
