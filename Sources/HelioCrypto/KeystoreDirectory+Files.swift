import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// File names and POSIX details of `KeystoreDirectory`.
extension KeystoreDirectory {
    /// geth's `keyFileName`: "UTC--" + the UTC time with nanoseconds and '-' for ':' (Windows forbids
    /// ':' in names) + "--" + the address in lowercase hex without 0x.
    public static func fileName(address: Address, date: Date) -> String {
        let time = date.timeIntervalSince1970
        let seconds = time.rounded(.down)
        // Date holds a Double, so the last digits are whatever that resolution gives, as in geth on macOS.
        let nanoseconds = min(Int(((time - seconds) * 1e9).rounded()), 999_999_999)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: seconds))
        let stamp = String(
            format: "%04ld-%02ld-%02ldT%02ld-%02ld-%02ld.%09ldZ",
            c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!, nanoseconds)
        return "UTC--\(stamp)--\(Hex.encode(address.rawValue))"
    }

    /// Creates the folder (and missing parents) with mode 0700. An existing folder is left as it is.
    func createFolderIfNeeded() throws(CryptoError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw CryptoError(.io, "not a folder: \(url.path)") }
            return
        }
        do {
            try FileManager.default.createDirectory(
                at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CryptoError(.io, "cannot create \(url.path): \(error.localizedDescription)")
        }
        guard chmod(url.path, 0o700) == 0 else { throw Self.posixError(errno, "cannot set mode of \(url.path)") }
    }

    /// Writes `bytes` to a temporary file beside `final` (mode 0600, fsync), renames it to `final` and
    /// syncs the folder. On any failure the temporary file is removed and `final` is untouched.
    static func atomicWrite(_ bytes: [UInt8], to final: URL) throws(CryptoError) {
        let folder = final.deletingLastPathComponent()
        let temp = folder.appendingPathComponent(".\(final.lastPathComponent).\(Hex.encode(SecureRandom.bytes(6))).tmp")
        let fd = open(temp.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw posixError(errno, "cannot create \(temp.path)") }
        var renamed = false
        defer { if !renamed { unlink(temp.path) } }
        do {
            defer { close(fd) }
            // The umask may only remove bits; fchmod makes the mode exactly 0600 whatever it is.
            guard fchmod(fd, 0o600) == 0 else { throw posixError(errno, "cannot set mode of \(temp.path)") }
            let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
            do {
                try handle.write(contentsOf: bytes)
                try handle.synchronize()
            } catch {
                throw CryptoError(.io, "cannot write \(temp.path): \(error.localizedDescription)")
            }
        }
        guard rename(temp.path, final.path) == 0 else { throw posixError(errno, "cannot rename to \(final.path)") }
        renamed = true
        syncFolder(folder)
    }

    /// fsync of the folder makes the rename itself durable. Best effort: a file system that cannot
    /// sync a folder still has the complete file.
    static func syncFolder(_ folder: URL) {
        let fd = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    static func posixError(_ code: Int32, _ what: String) -> CryptoError {
        CryptoError(.io, "\(what): \(String(cString: strerror(code)))")
    }
}
