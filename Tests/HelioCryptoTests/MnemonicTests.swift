import Foundation
import Testing

@testable import HelioCrypto

struct MnemonicTests {
    struct Trezor: Decodable, Sendable {
        let passphrase: String
        let english: [[String]]
    }
    struct Invalid: Decodable, Sendable, CustomTestStringConvertible {
        let phrase: String
        let contains: String
        let note: String
        var testDescription: String { note }
    }
    struct Untidy: Decodable, Sendable {
        let phrase: String
        let canonical: String
        let seedTREZOR: String
    }
    struct InvalidFile: Decodable, Sendable {
        let invalid: [Invalid]
        let untidy: [Untidy]
    }

    /// trezor/python-mnemonic's English vectors: [entropy, mnemonic, seed, xprv] (Vectors/bip39/README.md).
    static let trezor =
        (try? VectorFile.load(Trezor.self, "bip39/trezor-english.json"))
        ?? Trezor(passphrase: "", english: [])
    static let broken =
        (try? VectorFile.load(InvalidFile.self, "bip39/invalid.json"))
        ?? InvalidFile(invalid: [], untidy: [])

    @Test func vectorFilesLoad() {
        #expect(Self.trezor.english.count == 24)
        #expect(Self.trezor.passphrase == "TREZOR")
        #expect(Self.broken.invalid.count >= 7)
        #expect(Self.broken.untidy.count >= 2)
    }

    @Test func englishWordListIsBIP39() {
        let words = Mnemonic.englishWords
        #expect(words.count == 2048)
        #expect(words.first == "abandon")
        #expect(words.last == "zoo")
        #expect(words == words.sorted())
        #expect(Set(words).count == 2048)
        // BIP-39: the first four letters identify a word.
        #expect(Set(words.map { $0.prefix(4) }).count == 2048)
    }

    @Test(arguments: trezor.english)
    func matchesTrezorVectors(_ row: [String]) throws {
        let entropy = try Hex.decode(row[0])
        #expect(try Mnemonic.phrase(entropy: entropy) == row[1])
        #expect(try Mnemonic.entropy(phrase: row[1]) == entropy)
        let seed = try Mnemonic.seed(phrase: row[1], passphrase: Self.trezor.passphrase)
        #expect(Hex.encode(seed) == row[2])
        #expect(try ExtendedKey.master(seed: seed).xprv == row[3])
    }

    @Test(arguments: broken.invalid)
    func refusesBrokenPhrases(_ vector: Invalid) {
        func expectRefusal(_ call: String, _ body: () throws(CryptoError) -> Void) {
            do {
                try body()
                Issue.record("\(call) accepted \(vector.note)")
            } catch {
                #expect(error.code == .invalidMnemonic)
                #expect(error.message.contains(vector.contains), "\(call), \(vector.note): \(error.message)")
            }
        }
        expectRefusal("entropy") { () throws(CryptoError) in _ = try Mnemonic.entropy(phrase: vector.phrase) }
        expectRefusal("seed") { () throws(CryptoError) in _ = try Mnemonic.seed(phrase: vector.phrase) }
    }

    @Test(arguments: broken.untidy)
    func tidiesWhitespaceAndCase(_ vector: Untidy) throws {
        #expect(Hex.encode(try Mnemonic.seed(phrase: vector.phrase, passphrase: "TREZOR")) == vector.seedTREZOR)
        #expect(try Mnemonic.entropy(phrase: vector.phrase) == Mnemonic.entropy(phrase: vector.canonical))
    }

    @Test func passphraseIsNFKDNormalisedButNotTidied() throws {
        let phrase = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"
        let composed = try Mnemonic.seed(phrase: phrase, passphrase: "caf\u{E9}")
        let decomposed = try Mnemonic.seed(phrase: phrase, passphrase: "cafe\u{301}")
        #expect(composed == decomposed)
        #expect(try Mnemonic.seed(phrase: phrase, passphrase: "Café") != composed)
        #expect(try Mnemonic.seed(phrase: phrase, passphrase: "café ") != composed)
        // The empty passphrase is BIP-39's well-known 5eb00bbd… seed.
        #expect(Hex.encode(try Mnemonic.seed(phrase: phrase)).hasPrefix("5eb00bbddcf069084889a8ab9155568165f5c453"))
    }

    @Test(arguments: Mnemonic.wordCounts)
    func generatesValidPhrases(_ count: Int) throws {
        let phrase = try Mnemonic.generate(wordCount: count)
        #expect(phrase.split(separator: " ").count == count)
        let entropy = try Mnemonic.entropy(phrase: phrase)
        #expect(entropy.count == count * 4 / 3)
        #expect(try Mnemonic.phrase(entropy: entropy) == phrase)
        #expect(try Mnemonic.generate(wordCount: count) != phrase)
    }

    @Test(arguments: [0, 1, 11, 13, 23, 25, 48])
    func generateRefusesOtherWordCounts(_ count: Int) {
        do {
            _ = try Mnemonic.generate(wordCount: count)
            Issue.record("generated \(count) words")
        } catch {
            #expect(error.code == .invalidMnemonic)
        }
    }

    @Test(arguments: [0, 4, 12, 15, 17, 18, 33, 64])
    func phraseRefusesOtherEntropyLengths(_ length: Int) {
        do {
            _ = try Mnemonic.phrase(entropy: [UInt8](repeating: 1, count: length))
            Issue.record("accepted \(length) bytes of entropy")
        } catch {
            #expect(error.code == .invalidLength)
        }
    }
}
