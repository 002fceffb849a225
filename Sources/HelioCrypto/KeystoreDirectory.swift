import Foundation

/// A folder of keystore files laid out as geth lays out its `keystore/` folder, so the two can share one.
///
/// Files are named `UTC--<yyyy-MM-dd'T'HH-mm-ss.nnnnnnnnn'Z'>--<address, lowercase hex without 0x>`,
/// have mode 0600, and live in a folder created with mode 0700: a keystore is only as strong as its
/// password, so other local users must not be able to copy it for offline guessing.
///
/// Writes are atomic (temporary file in the same folder, fsync, rename, fsync of the folder): a full
/// disk or failed write leaves either the complete file or nothing, never a truncated key. A crash
/// mid-write can at worst leave a hidden `.UTC--….tmp` file, which `entries()` ignores.
public struct KeystoreDirectory: Sendable {
    /// Keystore files are ~500 bytes; anything far larger in the folder is not one and is not read.
    static let maxFileSize = 64 * 1024

    public let url: URL

    public init(url: URL) { self.url = url }

    /// Writes `keystore` as a new file for `address` and returns its URL. Never overwrites a file.
    public func write(_ keystore: Keystore, address: Address, date: Date = Date()) throws(CryptoError) -> URL {
        if let claimed = keystore.address, claimed != address {
            throw CryptoError(.invalidKeystore, "keystore is for \(claimed), not \(address)")
        }
        try createFolderIfNeeded()
        let final = url.appendingPathComponent(Self.fileName(address: address, date: date))
        guard !FileManager.default.fileExists(atPath: final.path) else {
            throw CryptoError(.io, "keystore file already exists: \(final.path)")
        }
        try Self.atomicWrite(keystore.jsonData(), to: final)
        return final
    }

    /// Atomically replaces an existing keystore file (after a password change, say): the new text goes to
    /// a temporary file beside it and is renamed over the old one, so the old key stays readable until
    /// the new one is complete. The file gets mode 0600.
    public static func replace(_ file: URL, with keystore: Keystore) throws(CryptoError) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder), !isFolder.boolValue else {
            throw CryptoError(.io, "no keystore file to replace at \(file.path)")
        }
        try atomicWrite(keystore.jsonData(), to: file)
    }

    /// Keystore files in the folder, sorted by file name, with the address each claims. Hidden files,
    /// editor backups (`~`), folders and files that do not parse as v3 keystores are skipped, as geth
    /// does. A folder that does not exist yet holds no keystores.
    public func entries() throws(CryptoError) -> [(url: URL, address: Address?)] {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: url.path, isDirectory: &isFolder) else { return [] }
        guard isFolder.boolValue else { throw CryptoError(.io, "not a folder: \(url.path)") }
        let names: [String]
        do { names = try manager.contentsOfDirectory(atPath: url.path) } catch {
            throw CryptoError(.io, "cannot list \(url.path): \(error.localizedDescription)")
        }
        var found: [(url: URL, address: Address?)] = []
        for name in names.sorted() where !name.hasPrefix(".") && !name.hasSuffix("~") {
            let file = url.appendingPathComponent(name)
            guard let attributes = try? manager.attributesOfItem(atPath: file.path),
                attributes[.type] as? FileAttributeType == .typeRegular,
                let size = attributes[.size] as? Int, size <= Self.maxFileSize,
                let data = try? Data(contentsOf: file),
                let keystore = try? Keystore(json: Array(data))
            else { continue }
            found.append((url: file, address: keystore.address))
        }
        return found
    }

    /// The first file (by name) whose address field is `address`.
    public func find(_ address: Address) throws(CryptoError) -> URL? {
        try entries().first { $0.address == address }?.url
    }
}
