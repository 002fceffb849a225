import Foundation

extension Keystore {
    /// Typed, case-insensitive access to one JSON object of a keystore file.
    ///
    /// Every failure is `.invalidKeystore` with the dotted path of the field ("crypto.kdfparams.salt"),
    /// so a user can see what is wrong with a file another tool wrote.
    struct JSONFields {
        let fields: [String: Any]
        let path: String

        init(_ value: Any, path: String) throws(CryptoError) {
            guard let fields = value as? [String: Any] else {
                throw CryptoError(.invalidKeystore, "\(path) must be a JSON object")
            }
            self.fields = fields
            self.path = path
        }

        private func name(_ key: String) -> String { path == "keystore" ? key : "\(path).\(key)" }

        /// The value under `key` in any letter case; two keys differing only in case are ambiguous.
        func optional(_ key: String) throws(CryptoError) -> Any? {
            let matches = fields.filter { $0.key.lowercased() == key }
            guard matches.count <= 1 else {
                throw CryptoError(
                    .invalidKeystore, "keystore has \(matches.count) fields named \(name(key)) (any case)")
            }
            guard let value = matches.first?.value, !(value is NSNull) else { return nil }
            return value
        }

        func required(_ key: String) throws(CryptoError) -> Any {
            guard let value = try optional(key) else {
                throw CryptoError(.invalidKeystore, "keystore field \(name(key)) is missing")
            }
            return value
        }

        func object(_ key: String) throws(CryptoError) -> JSONFields {
            try JSONFields(required(key), path: name(key))
        }

        func optionalString(_ key: String) throws(CryptoError) -> String? {
            guard let value = try optional(key) else { return nil }
            guard let text = value as? String else {
                throw CryptoError(.invalidKeystore, "keystore field \(name(key)) must be a string")
            }
            return text
        }

        func string(_ key: String) throws(CryptoError) -> String {
            guard let text = try optionalString(key) else {
                throw CryptoError(.invalidKeystore, "keystore field \(name(key)) is missing")
            }
            return text
        }

        /// A non-negative JSON integer (a number without a fraction; "262144" as a string is refused).
        func integer(_ key: String) throws(CryptoError) -> UInt64 {
            let value = try required(key)
            if let int = value as? Int, int >= 0 { return UInt64(int) }
            if !(value is String), let number = value as? NSNumber, let exact = UInt64(exactly: number.doubleValue) {
                return exact
            }
            throw CryptoError(.invalidKeystore, "keystore field \(name(key)) must be a non-negative integer")
        }

        func uint32(_ key: String) throws(CryptoError) -> UInt32 {
            guard let value = UInt32(exactly: try integer(key)) else {
                throw CryptoError(.invalidKeystore, "keystore field \(name(key)) is too large")
            }
            return value
        }

        /// Hex bytes, with or without 0x; `count` nil means any non-zero length.
        func hex(_ key: String, count: Int?) throws(CryptoError) -> [UInt8] {
            let text = try string(key)
            let bytes: [UInt8]
            do { bytes = try Hex.decode(text) } catch {
                throw CryptoError(.invalidKeystore, "keystore field \(name(key)) is not hex")
            }
            if let count, bytes.count != count {
                throw CryptoError(
                    .invalidKeystore, "keystore field \(name(key)) must be \(count) bytes, got \(bytes.count)")
            }
            guard !bytes.isEmpty else {
                throw CryptoError(.invalidKeystore, "keystore field \(name(key)) is empty")
            }
            return bytes
        }
    }
}
