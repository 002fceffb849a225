import Foundation
import HelioCrypto
import Testing

@testable import HelioLog

struct SignedCheckpointTests {
    /// The sample key of the eth-account documentation: a public test key, never used for value.
    static let key = try! Secp256k1.PrivateKey(hex: "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
    static let address = try! Address("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23")
    static let otherKey = try! Secp256k1.PrivateKey(hex: String(repeating: "11", count: 32))

    static func signed() throws -> SignedCheckpoint { try CheckpointTests.checkpoint().signed(with: key) }

    @Test func signAndVerify() throws {
        let signed = try Self.signed()
        #expect(Self.key.address == Self.address)
        #expect(signed.claimedSigner == Self.address)
        #expect(try signed.signer() == Self.address)
        #expect(signed.verify(expectedSigner: Self.address))
        #expect(!signed.verify(expectedSigner: Self.otherKey.address))
        #expect(signed.signature.isValid(digest: signed.checkpoint.signingDigest, address: Self.address))
    }

    @Test func textFormIsTheBodyABlankLineAndOneSignatureLine() throws {
        let signed = try Self.signed()
        let sig = Hex.encode(signed.signature.bytes, prefixed: true)
        #expect(
            signed.text == CheckpointTests.golden
                + "\n\u{2014} helio 0x2c7536E3605D9C16a7a3D7b1898e529396a65c23 \(sig)\n")
        #expect(sig.hasSuffix("1b") || sig.hasSuffix("1c"))
        let parsed = try SignedCheckpoint(text: signed.text)
        #expect(parsed == signed)
        #expect(parsed.verify(expectedSigner: Self.address))
    }

    /// Each edit of the signed text still parses, but no longer verifies.
    @Test(arguments: [
        ("\n8\n", "\n9\n"),
        ("XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="),
        ("chain 7317", "chain 7318"),
        ("1700000000", "1700000001"),
        ("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23", "0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A"),
    ])
    func tamperedTextFailsVerification(from: String, to: String) throws {
        let text = try Self.signed().text
        let tampered = text.replacingOccurrences(of: from, with: to)
        #expect(tampered != text)
        let parsed = try SignedCheckpoint(text: tampered)
        #expect(!parsed.verify(expectedSigner: Self.address))
    }

    @Test func tamperedSignatureFails() throws {
        let signed = try Self.signed()
        for byte in [0, 17, 31, 32, 50, 63] {
            var bytes = signed.signature.bytes
            bytes[byte] ^= 0x01
            guard let signature = try? Secp256k1.Signature(bytes: bytes) else { continue }  // e.g. became high-S
            let forged = SignedCheckpoint(
                checkpoint: signed.checkpoint, claimedSigner: Self.address, signature: signature)
            #expect(!forged.verify(expectedSigner: Self.address), "byte \(byte)")
        }
        var flippedV = signed.signature.bytes
        flippedV[64] = flippedV[64] == 27 ? 28 : 27
        let otherV = SignedCheckpoint(
            checkpoint: signed.checkpoint, claimedSigner: Self.address,
            signature: try Secp256k1.Signature(bytes: flippedV))
        #expect(!otherV.verify(expectedSigner: Self.address))
        let bySomeoneElse = signed.checkpoint.signed(with: Self.otherKey)
        let relabelled = SignedCheckpoint(
            checkpoint: signed.checkpoint, claimedSigner: Self.address, signature: bySomeoneElse.signature)
        #expect(!relabelled.verify(expectedSigner: Self.address))
    }

    @Test func nonCanonicalSignedTextIsRefused() throws {
        let text = try Self.signed().text
        let sig = Hex.encode(try Self.signed().signature.bytes, prefixed: true)
        let rawV = Hex.encode(try Self.signed().signature.rawBytes, prefixed: true)
        let bad = [
            text.replacingOccurrences(of: "\n\n", with: "\n"),
            text.replacingOccurrences(of: "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23", with: Self.address.lowercased),
            text.replacingOccurrences(
                of: "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23", with: "0x2C7536E3605D9C16a7a3D7b1898e529396a65c23"),
            text.replacingOccurrences(of: sig, with: rawV),
            text.replacingOccurrences(of: sig, with: sig.uppercased()),
            text.replacingOccurrences(of: "\u{2014} helio", with: "- helio"),
            text.replacingOccurrences(of: "\u{2014} helio", with: "\u{2014} other"),
            text + text.split(separator: "\n").last! + "\n",
            String(text.dropLast()),
            text + "\n",
            CheckpointTests.golden,
        ]
        for candidate in bad {
            #expect(throws: LogError.self, "\(candidate.debugDescription)") { try SignedCheckpoint(text: candidate) }
        }
    }

    @Test func jsonRoundTrip() throws {
        let signed = try Self.signed()
        let data = try JSONEncoder().encode(signed)
        let decoded = try JSONDecoder().decode(SignedCheckpoint.self, from: data)
        #expect(decoded == signed)
        #expect(decoded.verify(expectedSigner: Self.address))
        let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        #expect(object["signer"] as? String == Self.address.checksummed)
        #expect(object["signature"] as? String == Hex.encode(signed.signature.bytes, prefixed: true))
        let tampered = String(decoding: data, as: UTF8.self).replacingOccurrences(
            of: "\"treeSize\":8", with: "\"treeSize\":9")
        let forged = try JSONDecoder().decode(SignedCheckpoint.self, from: Data(tampered.utf8))
        #expect(forged.checkpoint.treeSize == 9)
        #expect(!forged.verify(expectedSigner: Self.address))
    }
}
