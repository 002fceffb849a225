/// A field type of EIP-712, parsed from its text (`uint256`, `Person[]`, `bytes32[2][]`).
indirect enum EIP712Type: Hashable, Sendable, CustomStringConvertible {
    case bool, address, string, bytes
    /// bytes1 … bytes32.
    case fixedBytes(Int)
    /// uint8 … uint256 (bare `uint` is 256 bits).
    case uint(bits: Int)
    /// int8 … int256 (bare `int` is 256 bits).
    case int(bits: Int)
    case structType(String)
    /// `T[]` (length nil) or `T[n]`.
    case array(EIP712Type, length: Int?)

    /// The atomic and dynamic types eth-account knows (its `EIP712_SOLIDITY_TYPES`), or nil.
    static func builtin(_ name: String) -> EIP712Type? {
        switch name {
        case "bool": return .bool
        case "address": return .address
        case "string": return .string
        case "bytes": return .bytes
        case "uint": return .uint(bits: 256)
        case "int": return .int(bits: 256)
        default: break
        }
        for (prefix, make) in [("bytes", 0), ("uint", 1), ("int", 2)] where name.hasPrefix(prefix) {
            let suffix = String(name.dropFirst(prefix.count))
            // Canonical decimal only: "uint08" and "uint+8" are not types.
            guard let n = Int(suffix), String(n) == suffix else { return nil }
            switch make {
            case 0: return (1...32).contains(n) ? .fixedBytes(n) : nil
            case 1: return n % 8 == 0 && (8...256).contains(n) ? .uint(bits: n) : nil
            default: return n % 8 == 0 && (8...256).contains(n) ? .int(bits: n) : nil
            }
        }
        return nil
    }

    /// The type as EIP-712 writes it (`uint` reads back as uint256).
    var description: String {
        switch self {
        case .bool: return "bool"
        case .address: return "address"
        case .string: return "string"
        case .bytes: return "bytes"
        case .fixedBytes(let n): return "bytes\(n)"
        case .uint(let bits): return "uint\(bits)"
        case .int(let bits): return "int\(bits)"
        case .structType(let name): return name
        case .array(let element, let length): return "\(element)[\(length.map(String.init) ?? "")]"
        }
    }

    /// The struct this type names, through any array dimensions.
    var structName: String? {
        switch self {
        case .structType(let name): return name
        case .array(let element, _): return element.structName
        default: return nil
        }
    }
}

/// The grammar of type and field names.
extension EIP712Schema {
    /// Parses `Core` followed by zero or more `[]`/`[n]` dimensions; the last dimension is the outermost.
    static func parseType(
        _ text: String, structs: Set<String>, at field: String
    ) throws(CryptoError)
        -> EIP712Type
    {
        let utf8 = Array(text.utf8)
        let open = UInt8(ascii: "["), close = UInt8(ascii: "]")
        var i = utf8.firstIndex(of: open) ?? utf8.count
        let core = String(decoding: utf8[..<i], as: UTF8.self)
        var type: EIP712Type
        if let builtin = EIP712Type.builtin(core) {
            type = builtin
        } else if structs.contains(core) {
            type = .structType(core)
        } else {
            throw failure("unknown type `\(core)` (field \(field))")
        }
        while i < utf8.count {
            guard utf8[i] == open, let j = utf8[i...].firstIndex(of: close) else {
                throw failure("malformed array type `\(text)` (field \(field))")
            }
            let digits = String(decoding: utf8[(i + 1)..<j], as: UTF8.self)
            if digits.isEmpty {
                type = .array(type, length: nil)
            } else if let n = Int(digits), String(n) == digits, n >= 0 {
                type = .array(type, length: n)
            } else {
                throw failure("malformed array type `\(text)` (field \(field))")
            }
            i = j + 1
        }
        return type
    }

    /// `[A-Za-z_$][A-Za-z0-9_$]*`, ASCII only.
    static func isIdentifier(_ name: String) -> Bool {
        let utf8 = Array(name.utf8)
        guard let first = utf8.first, !(0x30...0x39).contains(first) else { return false }
        return utf8.allSatisfy { c in
            (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) || c == 0x5F
                || c == 0x24
        }
    }
}
