import Foundation
import Testing

@testable import HelioCrypto

struct ExtendedKeyTests {
    struct Chain: Decodable, Sendable {
        let path: String
        let xpub: String
        let xprv: String
    }
    struct Valid: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let seed: String
        let chains: [Chain]
        var testDescription: String { name }
    }
    struct Invalid: Decodable, Sendable, CustomTestStringConvertible {
        let key: String
        let reason: String
        let contains: String
        var testDescription: String { reason }
    }
    struct File: Decodable, Sendable {
        let valid: [Valid]
        let invalid: [Invalid]
    }
    struct BIP44: Decodable, Sendable, CustomTestStringConvertible {
        let mnemonic: String
        let passphrase: String
        let path: String
        let privateKey: String
        let address: String
        var testDescription: String { "\(mnemonic.prefix(14))… \"\(passphrase)\" \(path)" }
    }
    struct BIP44File: Decodable, Sendable {
        let vectors: [BIP44]
    }

    /// BIP-32 test vectors 1–5, copied from the BIP text (see Vectors/bip32/README.md).
    static let file = (try? VectorFile.load(File.self, "bip32/bip32.json")) ?? File(valid: [], invalid: [])
    static let bip44 = (try? VectorFile.load(BIP44File.self, "bip32/bip44-ethereum.json"))?.vectors ?? []

    @Test func vectorFilesLoad() {
        #expect(Self.file.valid.count == 4)
        #expect(Self.file.invalid.count == 16)
        #expect(Self.bip44.count >= 21)
    }

    @Test(arguments: file.valid)
    func derivesBIP32TestVectors(_ vector: Valid) throws {
        let master = try ExtendedKey.master(seed: Hex.decode(vector.seed))
        for chain in vector.chains {
            let key = try master.derive(DerivationPath(chain.path))
            #expect(key.xprv == chain.xprv, "\(vector.name) \(chain.path)")
            #expect(key.xpub == chain.xpub, "\(vector.name) \(chain.path)")
            #expect(key.depth == UInt8(try DerivationPath(chain.path).components.count))
        }
    }

    @Test(arguments: file.valid)
    func parsesAndReserialisesBIP32TestVectors(_ vector: Valid) throws {
        let master = try ExtendedKey.master(seed: Hex.decode(vector.seed))
        for chain in vector.chains {
            let derived = try master.derive(DerivationPath(chain.path))
            let fromXprv = try ExtendedKey(serialized: chain.xprv)
            #expect(fromXprv == derived)
            #expect(fromXprv.xprv == chain.xprv)
            let fromXpub = try ExtendedKey(serialized: chain.xpub)
            #expect(fromXpub.privateKey == nil)
            #expect(fromXpub.xprv == nil)
            #expect(fromXpub == derived.neutered)
            #expect(fromXpub.xpub == chain.xpub)
        }
    }

    /// A parent xpub derives the same non-hardened child public keys as the parent xprv.
    @Test(arguments: file.valid)
    func publicDerivationMatchesPrivateDerivation(_ vector: Valid) throws {
        let master = try ExtendedKey.master(seed: Hex.decode(vector.seed))
        for chain in vector.chains {
            let path = try DerivationPath(chain.path)
            guard let last = path.components.last, last < DerivationPath.hardenedOffset else { continue }
            let parent = try master.derive(DerivationPath(components: path.components.dropLast()))
            let child = try parent.neutered.child(last)
            #expect(child.xpub == chain.xpub, "\(vector.name) \(chain.path)")
            #expect(child.parentFingerprint == parent.fingerprint)
        }
    }

    @Test(arguments: file.invalid)
    func refusesBIP32TestVector5(_ vector: Invalid) {
        do {
            let key = try ExtendedKey(serialized: vector.key)
            Issue.record("accepted \(vector.reason): \(key.xpub)")
        } catch {
            #expect(error.code == .invalidExtendedKey)
            #expect(error.message.contains(vector.contains), "\(vector.reason): \(error.message)")
        }
    }

    @Test func hardenedChildOfAPublicKeyIsRefused() throws {
        let master = try ExtendedKey.master(seed: Hex.decode("000102030405060708090a0b0c0d0e0f"))
        do {
            _ = try master.neutered.child(DerivationPath.hardenedOffset)
            Issue.record("derived a hardened child from an xpub")
        } catch {
            #expect(error.code == .invalidExtendedKey)
            #expect(error.message.contains("hardened"))
        }
    }

    @Test func fingerprintIsHash160PrefixOfTheCompressedKey() throws {
        let master = try ExtendedKey.master(seed: Hex.decode("000102030405060708090a0b0c0d0e0f"))
        // BIP-32 vector 1: m/0H names its parent 0x3442193e.
        #expect(Hex.encode(master.fingerprint) == "3442193e")
        #expect(try master.child(DerivationPath.hardenedOffset).parentFingerprint == master.fingerprint)
        #expect(master.parentFingerprint == [0, 0, 0, 0])
    }

    @Test(arguments: [0, 15, 65, 128])
    func masterRefusesSeedsOfTheWrongLength(_ length: Int) {
        do {
            _ = try ExtendedKey.master(seed: [UInt8](repeating: 7, count: length))
            Issue.record("accepted a \(length)-byte seed")
        } catch {
            #expect(error.code == .invalidLength)
        }
    }

    @Test func descriptionNeverShowsPrivateMaterial() throws {
        let master = try ExtendedKey.master(seed: Hex.decode("000102030405060708090a0b0c0d0e0f"))
        #expect(master.description == master.xpub)
        #expect(!"\(master)".contains("xprv"))
    }

    // MARK: BIP-44 (Ethereum)

    @Test func hardhatMnemonicGivesTheWellKnownAccounts() throws {
        let seed = try Mnemonic.seed(phrase: "test test test test test test test test test test test junk")
        let master = try ExtendedKey.master(seed: seed)
        let first = try master.derive(.ethereum(index: 0))
        let second = try master.derive(DerivationPath("m/44'/60'/0'/0/1"))
        #expect(first.privateKey?.address.checksummed == "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
        #expect(second.privateKey?.address.checksummed == "0x70997970C51812dc3A010C7d01b50e0d17dc79C8")
        #expect(first.publicKey.address == first.privateKey?.address)
    }

    @Test(arguments: bip44)
    func matchesEthAccountFromMnemonic(_ vector: BIP44) throws {
        let seed = try Mnemonic.seed(phrase: vector.mnemonic, passphrase: vector.passphrase)
        let key = try ExtendedKey.master(seed: seed).derive(DerivationPath(vector.path))
        #expect(key.privateKey.map { Hex.encode($0.rawRepresentation) } == vector.privateKey)
        #expect(key.publicKey.address.checksummed == vector.address)
    }
}
