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

    private static func members(
        of owner: String, _ fields: [TypedData.Field], structs: Set<String>
    )
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
    private static func domainFields(
        _ domain: JSONValue, declared: [TypedData.Field]?
    ) throws(CryptoError)
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
