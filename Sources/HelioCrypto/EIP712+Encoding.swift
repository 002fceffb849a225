/// encodeData and hashStruct: every field becomes one 32-byte word, in declaration order.
extension EIP712Schema {
    /// keccak256(typeHash ‖ encodeData(type, value)). `path` names the value in error messages.
    func hashStruct(_ type: String, _ value: JSONValue, path: String) throws(CryptoError) -> [UInt8] {
        guard let members = structs[type], let typeHash = typeHashes[type] else {
            throw Self.failure("unknown struct type `\(type)`")
        }
        guard case .object = value else { throw Self.failure("\(path): a `\(type)` value must be an object") }
        var encoded = typeHash
        encoded.reserveCapacity(32 * (members.count + 1))
        for member in members {
            // Keys match by exact bytes; keys no field names are ignored, as in eth-account.
            encoded += try encodeField(member.type, value[member.name], path: "\(path).\(member.name)")
        }
        return Keccak256.hash(encoded)
    }

    /// One field's 32-byte word. `value` is nil when the key is absent.
    func encodeField(_ type: EIP712Type, _ value: JSONValue?, path: String) throws(CryptoError) -> [UInt8] {
        switch type {
        case .structType(let name):
            // eth-account (like MetaMask V4) encodes a missing or null struct as 32 zero bytes.
            guard let value, value != .null else { return [UInt8](repeating: 0, count: 32) }
            return try hashStruct(name, value, path: path)
        case .array(let element, let length):
            guard let value, value != .null else { throw Self.failure("\(path): missing \(type) value") }
            guard case .array(let items) = value else { throw Self.failure("\(path): expected an array for \(type)") }
            if let length, items.count != length {
                throw Self.failure("\(path): expected \(length) elements, got \(items.count)")
            }
            var concatenated: [UInt8] = []
            concatenated.reserveCapacity(32 * items.count)
            for (i, item) in items.enumerated() {
                concatenated += try encodeField(element, item, path: "\(path)[\(i)]")
            }
            return Keccak256.hash(concatenated)
        default:
            guard let value, value != .null else { throw Self.failure("\(path): missing \(type) value") }
            do {
                return try EIP712Atomic.word(type, value)
            } catch {
                throw Self.failure("\(path): \(error.message)")
            }
        }
    }
}
