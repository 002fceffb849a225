import Foundation
import Testing

@testable import HelioCrypto

struct Base58Tests {
    /// Bitcoin Core's src/test/data/base58_encode_decode.json: [hex, base58] pairs.
    static let pairs = (try? VectorFile.load([[String]].self, "base58/base58_encode_decode.json")) ?? []

    @Test func vectorFileLoads() {
        #expect(Self.pairs.count >= 20)
    }

    @Test(arguments: pairs)
    func encodesAndDecodesBitcoinCoreVectors(_ pair: [String]) throws {
        let bytes = try Hex.decode(pair[0])
        #expect(Base58.encode(bytes) == pair[1])
        #expect(try Base58.decode(pair[1]) == bytes)
    }

    @Test(arguments: ["0", "O", "I", "l", "1 1", " 2g", "2g\n", "é", "+", "abc0"])
    func refusesCharactersOutsideTheAlphabet(_ text: String) {
        do {
            _ = try Base58.decode(text)
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.code == .invalidBase58)
        }
    }

    @Test func leadingZerosSurviveARoundTrip() throws {
        for zeros in 0..<5 {
            let bytes = [UInt8](repeating: 0, count: zeros) + [0x01, 0x00, 0xFF]
            #expect(try Base58.decode(Base58.encode(bytes)) == bytes)
        }
    }

    @Test func randomRoundTrips() throws {
        for length in 0..<80 {
            let bytes = SecureRandom.bytes(length)
            #expect(try Base58.decode(Base58.encode(bytes)) == bytes)
        }
    }

    // Base58Check: the genesis block's pay-to address (version 0x00 + HASH160).
    static let genesisAddress = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"
    static let genesisHash160 = "62e907b15cbf27d5425399ebf6f0fb50ebb88f18"

    @Test func base58CheckEncodesVersionAndPayload() throws {
        let hash = try Hex.decode(Self.genesisHash160)
        #expect(Base58Check.encode(version: [0x00], payload: hash) == Self.genesisAddress)
        #expect(Base58Check.encode([0x00] + hash) == Self.genesisAddress)
        #expect(try Base58Check.decode(Self.genesisAddress) == [0x00] + hash)
    }

    @Test func base58CheckRefusesATypo() {
        // Change one character: the checksum no longer matches.
        var chars = Array(Self.genesisAddress)
        chars[10] = chars[10] == "2" ? "3" : "2"
        do {
            _ = try Base58Check.decode(String(chars))
            Issue.record("a mistyped address was accepted")
        } catch {
            #expect(error.code == .badChecksum)
        }
    }

    @Test(arguments: ["", "1", "111", "2g"])
    func base58CheckRefusesTextTooShortForAChecksum(_ text: String) {
        do {
            _ = try Base58Check.decode(text)
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.code == .invalidBase58)
        }
    }

    @Test func base58CheckDecodesBIP32KeysTo78Bytes() throws {
        let xprv =
            "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvN"
            + "KmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi"
        let payload = try Base58Check.decode(xprv)
        #expect(payload.count == 78)
        #expect(Array(payload.prefix(4)) == [0x04, 0x88, 0xAD, 0xE4])
        #expect(Base58Check.encode(payload) == xprv)
    }
}
