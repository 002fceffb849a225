import HelioCrypto

/// The EIP-712 types of native commands (published in Schemas/eip712/commands.json).
///
/// Assets appear as their 20-byte token address, the form wallets already know. The asset
/// definition document is signed through its SHA-256.
public enum CommandTypedData {
    typealias F = TypedData.Field

    public static let types: [String: [TypedData.Field]] = [
        "EIP712Domain": [
            F(name: "name", type: "string"), F(name: "version", type: "string"),
            F(name: "chainId", type: "uint256"),
        ],
        "DefineAsset": [
            F(name: "name", type: "string"), F(name: "symbol", type: "string"),
            F(name: "decimals", type: "uint8"), F(name: "minters", type: "address[]"),
            F(name: "definitionHash", type: "bytes32"), F(name: "nonce", type: "uint64"),
        ],
        "Mint": [
            F(name: "token", type: "address"), F(name: "to", type: "address"),
            F(name: "amount", type: "uint256"), F(name: "nonce", type: "uint64"),
        ],
        "Transfer": [
            F(name: "token", type: "address"), F(name: "to", type: "address"),
            F(name: "amount", type: "uint256"), F(name: "nonce", type: "uint64"),
        ],
        "Approve": [
            F(name: "token", type: "address"), F(name: "spender", type: "address"),
            F(name: "amount", type: "uint256"), F(name: "nonce", type: "uint64"),
        ],
        "TransferFrom": [
            F(name: "token", type: "address"), F(name: "from", type: "address"),
            F(name: "to", type: "address"), F(name: "amount", type: "uint256"),
            F(name: "nonce", type: "uint64"),
        ],
        "Burn": [
            F(name: "token", type: "address"), F(name: "amount", type: "uint256"),
            F(name: "nonce", type: "uint64"),
        ],
    ]

    /// The typed data an author signs for `command` with `nonce` under `domain`.
    public static func typedData(_ command: Command, nonce: UInt64, domain: CommandDomain) throws -> TypedData {
        let kind = command.kind
        var fields: [(String, JSONValue)]
        func addr(_ a: Address) -> JSONValue { .string(a.lowercased) }
        func uint(_ v: UInt256) -> JSONValue { .number(v.description) }
        switch command {
        case .defineAsset(let c):
            fields = [
                ("name", .string(c.name)), ("symbol", .string(c.symbol)), ("decimals", .integer(c.decimals)),
                ("minters", .array(c.minters.map(addr))),
                ("definitionHash", .string(Hex.encode(c.definition.sha256, prefixed: true))),
            ]
        case .mint(let c):
            fields = [("token", addr(c.asset.tokenAddress)), ("to", addr(c.to)), ("amount", uint(c.amount))]
        case .transfer(let c):
            fields = [("token", addr(c.asset.tokenAddress)), ("to", addr(c.to)), ("amount", uint(c.amount))]
        case .approve(let c):
            fields = [("token", addr(c.asset.tokenAddress)), ("spender", addr(c.spender)), ("amount", uint(c.amount))]
        case .transferFrom(let c):
            fields = [
                ("token", addr(c.asset.tokenAddress)), ("from", addr(c.from)), ("to", addr(c.to)),
                ("amount", uint(c.amount)),
            ]
        case .burn(let c):
            fields = [("token", addr(c.asset.tokenAddress)), ("amount", uint(c.amount))]
        }
        fields.append(("nonce", .integer(nonce)))
        let typeSubset = ["EIP712Domain": types["EIP712Domain"]!, kind: types[kind]!]
        return try TypedData(
            types: typeSubset, primaryType: kind, domain: domain.json, message: .object(deduplicating: fields))
    }
}
