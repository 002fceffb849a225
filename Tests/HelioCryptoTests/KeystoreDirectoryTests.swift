import Foundation
import Testing

@testable import HelioCrypto

struct KeystoreDirectoryTests {
    /// A fresh folder path under the system temporary folder (not created), removed by `cleanUp`.
    static func scratch() -> URL {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("helio-keystore-tests-\(Hex.encode(SecureRandom.bytes(8)))")
    }

    static func cleanUp(_ url: URL) { try? FileManager.default.removeItem(at: url) }

    static func mode(_ url: URL) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int) & 0o777
    }

    static func keystore(_ key: Secp256k1.PrivateKey, _ password: String = "pw") throws(CryptoError) -> Keystore {
        try Keystore.encrypt(privateKey: key, password: password, kdf: .pbkdf2(iterations: 1))
    }

    @Test func fileNameIsGeths() throws {
        let address = try Address("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
        let date = Date(timeIntervalSince1970: 1_700_000_000.5)
        #expect(
            KeystoreDirectory.fileName(address: address, date: date)
                == "UTC--2023-11-14T22-13-20.500000000Z--f39fd6e51aad88f6f4ce6ab8827279cfffb92266")
        let name = KeystoreDirectory.fileName(address: address, date: Date())
        let pattern = /^UTC--\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{9}Z--[0-9a-f]{40}$/
        #expect(name.wholeMatch(of: pattern) != nil, "\(name)")
    }

    @Test func writeCreatesA0600FileInA0700Folder() throws {
        let root = Self.scratch()
        defer { Self.cleanUp(root) }
        let folder = root.appendingPathComponent("nested/keystore")
        let key = Secp256k1.PrivateKey()
        let date = Date(timeIntervalSince1970: 1_700_000_000.25)
        let file = try KeystoreDirectory(url: folder).write(Self.keystore(key), address: key.address, date: date)
        #expect(file.deletingLastPathComponent().standardizedFileURL.path == folder.standardizedFileURL.path)
        #expect(file.lastPathComponent == "UTC--2023-11-14T22-13-20.250000000Z--\(Hex.encode(key.address.rawValue))")
        #expect(try Self.mode(file) == 0o600)
        #expect(try Self.mode(folder) == 0o700)
        // Nothing else was left behind (no temporary file).
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [file.lastPathComponent])
        let reread = try Keystore(json: Array(Data(contentsOf: file)))
        #expect(try reread.decrypt(password: "pw") == key)
    }

    @Test func listsAndFindsKeystoresSkippingEverythingElse() throws {
        let root = Self.scratch()
        defer { Self.cleanUp(root) }
        let directory = KeystoreDirectory(url: root)
        #expect(try directory.entries().isEmpty)  // the folder does not exist yet
        let keys = [Secp256k1.PrivateKey(), Secp256k1.PrivateKey()]
        var written = [URL]()
        for (i, key) in keys.enumerated() {
            let date = Date(timeIntervalSince1970: 1_600_000_000 + Double(i))
            written.append(try directory.write(Self.keystore(key), address: key.address, date: date))
        }
        let manager = FileManager.default
        for junk in ["README", ".hidden", "notes~", "zz-not-json", "zz-not-keystore.json"] {
            _ = manager.createFile(atPath: root.appendingPathComponent(junk).path, contents: Data("{\"a\":1}".utf8))
        }
        try manager.createDirectory(at: root.appendingPathComponent("UTC--folder"), withIntermediateDirectories: false)
        let copy = root.appendingPathComponent(".\(written[0].lastPathComponent)")
        try manager.copyItem(at: written[0], to: copy)  // hidden: skipped even though it is a keystore

        let entries = try directory.entries()
        #expect(entries.map(\.url.lastPathComponent) == written.map(\.lastPathComponent))
        #expect(entries.map(\.address) == keys.map(\.address))
        #expect(try directory.find(keys[1].address)?.lastPathComponent == written[1].lastPathComponent)
        #expect(try directory.find(Secp256k1.PrivateKey().address) == nil)
    }

    @Test func neverOverwritesAnExistingFile() throws {
        let root = Self.scratch()
        defer { Self.cleanUp(root) }
        let directory = KeystoreDirectory(url: root)
        let key = Secp256k1.PrivateKey()
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        let first = try directory.write(Self.keystore(key, "one"), address: key.address, date: date)
        #expect(throws: CryptoError.self) {
            try directory.write(Self.keystore(key, "two"), address: key.address, date: date)
        }
        #expect(try Keystore(json: Array(Data(contentsOf: first))).decrypt(password: "one") == key)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).count == 1)
    }

    @Test func refusesAKeystoreForAnotherAddress() throws {
        let root = Self.scratch()
        defer { Self.cleanUp(root) }
        let key = Secp256k1.PrivateKey()
        #expect(throws: CryptoError.self) {
            try KeystoreDirectory(url: root).write(Self.keystore(key), address: Secp256k1.PrivateKey().address)
        }
    }

    @Test func writeFailsCleanlyWhenTheFolderIsAFile() throws {
        let root = Self.scratch()
        defer { Self.cleanUp(root) }
        _ = FileManager.default.createFile(atPath: root.path, contents: Data("x".utf8))
        let key = Secp256k1.PrivateKey()
        do {
            _ = try KeystoreDirectory(url: root).write(Self.keystore(key), address: key.address)
            Issue.record("wrote into a file")
        } catch {
            #expect(error.code == .io)
        }
        #expect(try Data(contentsOf: root) == Data("x".utf8))
    }

    @Test func replaceSwapsTheFileAtomically() throws {
        let root = Self.scratch()
        defer { Self.cleanUp(root) }
        let key = Secp256k1.PrivateKey()
        let file = try KeystoreDirectory(url: root).write(Self.keystore(key, "old"), address: key.address)
        try KeystoreDirectory.replace(file, with: Self.keystore(key, "new"))
        #expect(try Keystore(json: Array(Data(contentsOf: file))).decrypt(password: "new") == key)
        #expect(try Self.mode(file) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == [file.lastPathComponent])
        #expect(throws: CryptoError.self) {
            try KeystoreDirectory.replace(root.appendingPathComponent("missing"), with: Self.keystore(key))
        }
    }
}
