/// EIP-712 typed structured data: parsed and checked once, then hashed the way eth-account 0.14 hashes it.
///
/// `signingDigest()` = keccak256(0x19 0x01 ‖ domainSeparator ‖ hashStruct(primaryType, message)), where
/// hashStruct(T, v) = keccak256(keccak256(encodeType(T)) ‖ encodeData(T, v)). A `TypedData` value is immutable
/// and fully checked by its initialiser: every type, the domain, the primary type and every message value.
/// The hashes are computed there too, so the throwing accessors below do not fail on a value that exists.
///
/// ## Compatibility rule
/// eth-account's `encode_typed_data(full_message=…)` is the reference. For every input Helio accepts, the hashes
/// are byte-identical to eth-account's. Helio refuses a few inputs eth-account accepts through Python
/// duck-typing (marked *stricter* below); it never accepts one that eth-account refuses.
///
/// ## What eth-account does, and Helio mirrors
/// - **Domain type.** The `EIP712Domain` type is rebuilt from the domain keys present, always in the order
///   name string, version string, chainId uint256, verifyingContract address, salt bytes32, whatever order
///   the JSON declares. A domain key outside those five is an error. When `types.EIP712Domain` is given, its
///   field names must be exactly the domain's keys (as a set); when it is absent it is derived.
///   *Stricter:* a declared field whose type is not the canonical one (say `uint64 chainId`) is refused;
///   eth-account silently hashes the canonical type instead, so such data would never match other signers.
/// - **primaryType.** Derived, never trusted: the one message type that no other type references (a type's
///   reference to itself does not count). Zero or several such types (an unrelated extra type, or types that
///   only reference each other) is an error. A `primaryType` given in the JSON must equal the derived one; it
///   may be omitted. `EIP712Domain` is never a message type (it cannot be referenced or be primary).
/// - **encodeType.** `Primary(type name,…)` followed by every struct type it reaches, sorted by name, each
///   field's type written exactly as declared (`uint` stays `uint` in the type hash but encodes as uint256).
/// - **Structs.** A struct-typed field that is missing or `null` encodes as 32 zero bytes (this ends recursive
///   types such as linked lists; MetaMask's V4 does the same). Message keys that no field names are ignored:
///   they are not signed, so read only declared fields from a verified message.
/// - **Integers** (`uintN`/`intN`, N = 8…256 step 8; bare `uint`/`int` = 256 bits): a JSON integer, a decimal
///   string ("-5", "+5", "007"), or a `0x` hex string ("0x1f", unsigned). Floats, booleans, `0X…` and `"0x"`
///   are errors; out-of-range values are errors; negative intN values encode in two's complement.
///   *Stricter:* decimal strings with spaces or underscores (Python's `int()` takes " 5", "1_0") are refused.
/// - **bool:** true/false; a number (0 is false); a string, false only for "", "False", "false" and "0".
///   *Stricter:* arrays and objects are refused (eth-account reads an empty one as false).
/// - **bytes / bytesN:** a `0x` hex string, "" (empty), or a non-negative JSON integer taken as its minimal
///   big-endian bytes (0 → 0x00); a negative integer becomes 0x00, as eth-account documents. bytesN pads
///   shorter values with zeros on the right; longer values are errors. `bytes` is hashed.
///   *Stricter:* odd-length hex ("0x123", eth-account pads a nibble), strings that are not `0x` hex (eth-account
///   hashes their UTF-8 text, including "0XAB") and booleans are refused; a missing/null `bytes` is refused
///   (eth-account encodes 32 zero bytes).
/// - **string:** a JSON string, hashed as UTF-8. *Stricter:* numbers and booleans (eth-account hashes an
///   integer's big-endian bytes) and a missing/null string (eth-account: 32 zero bytes) are refused.
/// - **address:** a string, "0x"/"0X"/no prefix + 40 hex digits. *Stricter:* mixed case must carry a valid
///   EIP-55 checksum (eth-account ignores the checksum).
/// - **Arrays:** `T[]` and `T[n]`, any depth; each element encodes as one 32-byte word, the array as the
///   keccak256 of their concatenation (an empty array gives keccak256 of nothing). *Stricter:* a `T[n]`
///   value must have exactly n elements (eth-account does not check), and `n` must be plain decimal.
/// - **Type and field names.** *Stricter:* names must be ASCII identifiers (`[A-Za-z_$][A-Za-z0-9_$]*`),
///   a struct may not reuse an atomic type's name, a struct may not repeat a field name, and every declared
///   type must resolve, even one the primary type does not reach.
/// - **JSON.** Repeated keys keep the last value and integers over 4300 digits are refused, as in Python's
///   `json`. *Stricter:* NaN/Infinity, lone surrogates, a byte-order mark, non-UTF-8 text and nesting deeper
///   than 512 levels are refused.
public struct TypedData: Sendable {
    /// One `{"name": …, "type": …}` entry of a struct type.
    public struct Field: Sendable, Hashable {
        public let name: String
        public let type: String
        public init(name: String, type: String) {
            self.name = name
            self.type = type
        }
    }

    /// The message types plus `EIP712Domain` as it is hashed (canonical order, fields present in `domain`).
    public let types: [String: [Field]]
    /// The derived primary type (equal to the one given, when one was given).
    public let primaryType: String
    /// The domain object as given.
    public let domain: JSONValue
    /// The message object as given.
    public let message: JSONValue

    let schema: EIP712Schema
    private let domainHash: [UInt8]
    private let messageHash: [UInt8]

    /// Parses the standard `{"types", "primaryType", "domain", "message"}` JSON document (`primaryType` may be
    /// omitted; other top-level keys are ignored). Any problem is a `.invalidTypedData` error naming it.
    public init(json: [UInt8]) throws(CryptoError) {
        let root: JSONValue
        do {
            root = try JSONValue(parsing: json)
        } catch {
            throw CryptoError(.invalidTypedData, "typed data is not valid JSON: \(error.message)")
        }
        guard case .object = root else { throw EIP712Schema.failure("the document must be a JSON object") }
        guard let typesValue = root["types"] else { throw EIP712Schema.failure("`types` is missing") }
        guard let domain = root["domain"] else { throw EIP712Schema.failure("`domain` is missing") }
        guard let message = root["message"] else { throw EIP712Schema.failure("`message` is missing") }
        var given: String? = nil
        if let p = root["primaryType"] {
            guard case .string(let name) = p else { throw EIP712Schema.failure("`primaryType` must be a string") }
            given = name
        }
        try self.init(
            types: EIP712Schema.fields(from: typesValue), claimedPrimaryType: given, domain: domain, message: message)
    }

    /// Builds typed data from parts. `types` may include `EIP712Domain` (checked against `domain`) or not
    /// (derived). `primaryType` must equal the derived primary type.
    public init(
        types: [String: [Field]], primaryType: String, domain: JSONValue, message: JSONValue
    )
        throws(CryptoError)
    {
        try self.init(types: types, claimedPrimaryType: primaryType, domain: domain, message: message)
    }

    private init(
        types: [String: [Field]], claimedPrimaryType: String?, domain: JSONValue, message: JSONValue
    )
        throws(CryptoError)
    {
        let schema = try EIP712Schema(types: types, domain: domain, claimedPrimaryType: claimedPrimaryType)
        self.schema = schema
        self.types = schema.publicTypes
        self.primaryType = schema.primaryType
        self.domain = domain
        self.message = message
        self.domainHash = try schema.hashStruct(EIP712Schema.domainTypeName, domain, path: "domain")
        self.messageHash = try schema.hashStruct(schema.primaryType, message, path: "message")
    }

    /// hashStruct(EIP712Domain, domain).
    public func domainSeparator() throws(CryptoError) -> [UInt8] { domainHash }

    /// hashStruct(type, value) for a message type or `EIP712Domain`.
    public func hashStruct(_ type: String, _ value: JSONValue) throws(CryptoError) -> [UInt8] {
        if type == schema.primaryType && value == message { return messageHash }
        return try schema.hashStruct(type, value, path: type)
    }

    /// The type's encoding, e.g. `Mail(Person from,Person to,string contents)Person(string name,address wallet)`.
    public func encodeType(_ type: String) throws(CryptoError) -> String {
        try schema.encodeType(type)
    }

    /// keccak256(0x19 0x01 ‖ domainSeparator ‖ hashStruct(primaryType, message)): the 32 bytes to sign.
    public func signingDigest() throws(CryptoError) -> [UInt8] {
        Keccak256.hash([0x19, 0x01] + domainHash + messageHash)
    }
}
