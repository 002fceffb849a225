import Foundation
import HelioCrypto
import NIOCore

/// The explorer's static files (`Explorer/Assets/`, a SwiftPM resource of this target), read once at
/// start-up and kept in memory: a request never touches the file system, so no path can reach a file
/// outside the folder, whatever it contains.
///
/// Only top-level files with a known type are served; each gets a strong ETag (SHA-256 of its bytes).
struct ExplorerAssets: Sendable {
    struct File: Sendable {
        let bytes: ByteBuffer
        let contentType: String
        /// `"<first 16 bytes of SHA-256, hex>"`, quoted as RFC 9110 asks.
        let etag: String
    }

    let files: [String: File]

    /// The page every route of the single-page app starts from (`GET /`).
    static let indexName = "index.html"
    /// The browser-side statement verifier. Written separately; while it is missing, `index.html` is served
    /// without its script tag (a tag pointing at nothing would log a 404 in every visitor's console).
    static let verifierName = "verify.js"
    static let verifierTag = #"<script src="/explorer/verify.js" defer></script>"#

    /// The page may load and connect to its own origin only; SVG charts are built in the page, the icon
    /// may be a `data:` URL. No inline scripts or styles.
    static let contentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    /// Served types, by file extension. Text types say their charset (the files are UTF-8).
    static let contentTypes: [String: String] = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8", "json": "application/json", "svg": "image/svg+xml",
        "png": "image/png", "ico": "image/x-icon", "txt": "text/plain; charset=utf-8",
    ]

    /// The assets bundled with the server, loaded on first use (the composition root touches them at
    /// start-up, so a broken install fails there and not at the first visitor).
    static let bundled: ExplorerAssets = {
        guard let folder = Bundle.module.url(forResource: "Assets", withExtension: nil) else {
            return ExplorerAssets(files: [:])
        }
        return (try? load(from: folder)) ?? ExplorerAssets(files: [:])
    }()

    /// Reads every servable file directly in `folder`.
    static func load(from folder: URL) throws -> ExplorerAssets {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        var files: [String: File] = [:]
        var raw: [String: [UInt8]] = [:]
        for name in names where isServableName(name) && contentType(of: name) != nil {
            var isFolder: ObjCBool = false
            let url = folder.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue else {
                continue
            }
            raw[name] = Array(try Data(contentsOf: url))
        }
        if raw[verifierName] == nil, let index = raw[indexName] {
            let text = String(decoding: index, as: UTF8.self).replacingOccurrences(of: verifierTag, with: "")
            raw[indexName] = Array(text.utf8)
        }
        for (name, bytes) in raw {
            guard let type = contentType(of: name) else { continue }
            let etag = "\"" + Hex.encode(Digest.sha256(bytes).prefix(16)) + "\""
            files[name] = File(bytes: ByteBuffer(bytes: bytes), contentType: type, etag: etag)
        }
        return ExplorerAssets(files: files)
    }

    /// A plain file name: letters, digits, `.`, `_`, `-`, not starting with a dot (no `..`, no hidden files).
    static func isServableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first != ".", name.utf8.count <= 100 else { return false }
        let punctuation: Set<Unicode.Scalar> = [".", "_", "-"]
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || punctuation.contains($0)
        }
    }

    static func contentType(of name: String) -> String? {
        guard let dot = name.lastIndex(of: ".") else { return nil }
        return contentTypes[String(name[name.index(after: dot)...]).lowercased()]
    }
}

extension ExplorerAssets {
    /// The server was installed without its explorer files (the `Helio_HelioServer.resources` bundle
    /// beside the binary).
    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "the explorer's files (Helio_HelioServer.resources beside the helio binary) are missing"
        }
    }
}
