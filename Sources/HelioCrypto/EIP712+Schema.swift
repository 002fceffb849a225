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

/// The checked type system of one typed-data document: message structs, the effective domain type, the
/// derived primary type and the type hashes. Built once by `TypedData`'s initialiser.
struct EIP712Schema: Sendable {
    static let domainTypeName = "EIP712Domain"

    /// The domain fields eth-account knows, in the one order it hashes them.
    static let canonicalDomain: [TypedData.Field] = [
        .init(name: "name", type: "string"),
        .init(name: "version", type: "string"),
        .init(name: "chainId", type: "uint256"),
        .init(name: "verifyingContract", type: "address"),
        .init(name: "salt", type: "bytes32"),
    ]

    struct Member: Sendable {
        let name: String
        let typeText: String
        let type: EIP712Type
    }

    /// Message structs and `EIP712Domain`. Message structs can never reference `EIP712Domain`.
    let structs: [String: [Member]]
    let typeHashes: [String: [UInt8]]
    let primaryType: String
    let publicTypes: [String: [TypedData.Field]]

    static func failure(_ message: String) -> CryptoError {
        CryptoError(.invalidTypedData, "typed data: \(message)")
    }

    init(types: [String: [TypedData.Field]], domain: JSONValue, claimedPrimaryType: String?) throws(CryptoError) {
        var messageTypes = types
        let declaredDomain = messageTypes.removeValue(forKey: Self.domainTypeName)
        let names = Set(messageTypes.keys)
        var structs: [String: [Member]] = [:]
        for name in messageTypes.keys.sorted() {
            guard Self.isIdentifier(name) else { throw Self.failure("type name `\(name)` is not an identifier") }
            guard EIP712Type.builtin(name) == nil else {
                throw Self.failure("struct type `\(name)` reuses the name of an atomic type")
            }
            structs[name] = try Self.members(of: name, messageTypes[name]!, structs: names)
        }
        let primary = try Self.derivePrimaryType(structs)
        if let claimed = claimedPrimaryType, claimed != primary {
            throw Self.failure("primaryType `\(claimed)` is not the derived primary type `\(primary)`")
        }
        let domainFields = try Self.domainFields(domain, declared: declaredDomain)
        structs[Self.domainTypeName] = try Self.members(of: Self.domainTypeName, domainFields, structs: [])
        self.structs = structs
        self.primaryType = primary
        var publicTypes = messageTypes
        publicTypes[Self.domainTypeName] = domainFields
        self.publicTypes = publicTypes
        var hashes: [String: [UInt8]] = [:]
        for name in structs.keys { hashes[name] = Keccak256.hash(Array(Self.encodeType(name, structs).utf8)) }
        self.typeHashes = hashes
    }

    /// `Name(type name,…)` followed by every struct the type reaches, sorted by name.
    func encodeType(_ name: String) throws(CryptoError) -> String {
        guard structs[name] != nil else { throw Self.failure("unknown struct type `\(name)`") }
        return Self.encodeType(name, structs)
    }

    private static func encodeType(_ name: String, _ structs: [String: [Member]]) -> String {
        var seen: Set<String> = [name]
        var stack = [name]
        while let next = stack.popLast() {
            for member in structs[next]! {
                if let dep = member.type.structName, !seen.contains(dep) {
                    seen.insert(dep)
                    stack.append(dep)
                }
            }
        }
        seen.remove(name)
        // Type names are ASCII, so byte order is Python's `sorted()` order.
        let deps = seen.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var out = ""
        for type in [name] + deps {
            out += type + "(" + structs[type]!.map { "\($0.typeText) \($0.name)" }.joined(separator: ",") + ")"
        }
        return out
    }

    private static func members(of owner: String, _ fields: [TypedData.Field], structs: Set<String>)
        throws(CryptoError) -> [Member]
    {
        var out: [Member] = []
        var seen: Set<String> = []
        for field in fields {
            guard isIdentifier(field.name) else {
                throw failure("field name `\(field.name)` in `\(owner)` is not an identifier")
            }
            guard seen.insert(field.name).inserted else {
                throw failure("field `\(field.name)` appears twice in `\(owner)`")
            }
            let type = try parseType(field.type, structs: structs, at: "\(owner).\(field.name)")
            out.append(Member(name: field.name, typeText: field.type, type: type))
        }
        return out
    }

    /// Parses `Core` followed by zero or more `[]`/`[n]` dimensions; the last dimension is the outermost.
    static func parseType(_ text: String, structs: Set<String>, at field: String) throws(CryptoError)
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

    /// The one message type no other type references (self-references do not count), as eth-account derives it.
    private static func derivePrimaryType(_ structs: [String: [Member]]) throws(CryptoError) -> String {
        var referenced: Set<String> = []
        for (owner, members) in structs {
            for member in members {
                if let dep = member.type.structName, dep != owner { referenced.insert(dep) }
            }
        }
        guard !structs.isEmpty else { throw failure("`types` has no message type besides EIP712Domain") }
        let roots = Set(structs.keys).subtracting(referenced).sorted()
        guard roots.count == 1 else {
            if roots.isEmpty {
                throw failure("cannot derive the primary type: every message type is referenced by another")
            }
            throw failure(
                "cannot derive the primary type: \(roots.joined(separator: ", ")) are each referenced by no other type")
        }
        return roots[0]
    }

    /// The effective `EIP712Domain`: the canonical fields whose keys `domain` has, in canonical order.
    private static func domainFields(_ domain: JSONValue, declared: [TypedData.Field]?) throws(CryptoError)
        -> [TypedData.Field]
    {
        guard case .object(let members) = domain else { throw failure("`domain` must be an object") }
        var present: Set<String> = []
        for member in members {
            guard let known = canonicalDomain.first(where: { $0.name.utf8.elementsEqual(member.key.utf8) }) else {
                throw failure(
                    "unknown domain field `\(member.key)` (allowed: name, version, chainId, verifyingContract, salt)")
            }
            present.insert(known.name)
        }
        if let declared {
            var names: Set<String> = []
            for field in declared {
                guard names.insert(field.name).inserted else {
                    throw failure("field `\(field.name)` appears twice in `EIP712Domain`")
                }
                guard let known = canonicalDomain.first(where: { $0.name.utf8.elementsEqual(field.name.utf8) }),
                    present.contains(known.name)
                else {
                    throw failure("`EIP712Domain` declares `\(field.name)`, which `domain` does not have")
                }
                guard field.type == known.type else {
                    throw failure("`EIP712Domain.\(field.name)` must have type \(known.type), not \(field.type)")
                }
            }
            if let missing = canonicalDomain.first(where: { present.contains($0.name) && !names.contains($0.name) }) {
                throw failure("`domain` has `\(missing.name)`, which `EIP712Domain` does not declare")
            }
        }
        return canonicalDomain.filter { present.contains($0.name) }
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

    /// Reads the `types` object of a typed-data document.
    static func fields(from value: JSONValue) throws(CryptoError) -> [String: [TypedData.Field]] {
        guard case .object(let members) = value else { throw failure("`types` must be an object") }
        var out: [String: [TypedData.Field]] = [:]
        for member in members {
            // Checked here, before Swift's canonical-equivalence String keys could merge two distinct names.
            guard isIdentifier(member.key) else { throw failure("type name `\(member.key)` is not an identifier") }
            guard case .array(let items) = member.value else {
                throw failure("`types.\(member.key)` must be an array of {name, type} objects")
            }
            var fields: [TypedData.Field] = []
            for (i, item) in items.enumerated() {
                guard case .object = item, case .string(let name)? = item["name"],
                    case .string(let type)? = item["type"]
                else {
                    throw failure("`types.\(member.key)[\(i)]` must be an object with string `name` and `type`")
                }
                fields.append(TypedData.Field(name: name, type: type))
            }
            out[member.key] = fields
        }
        return out
    }
}
