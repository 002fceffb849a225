/// Commands are journaled as canonical JSON: {"kind": "...", "body": {...}}.
extension Command: Codable {
    enum CodingKeys: String, CodingKey { case kind, body }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .kind) {
        case "DefineAsset": self = .defineAsset(try c.decode(DefineAsset.self, forKey: .body))
        case "Mint": self = .mint(try c.decode(Mint.self, forKey: .body))
        case "Transfer": self = .transfer(try c.decode(Transfer.self, forKey: .body))
        case "Approve": self = .approve(try c.decode(Approve.self, forKey: .body))
        case "TransferFrom": self = .transferFrom(try c.decode(TransferFrom.self, forKey: .body))
        case "Burn": self = .burn(try c.decode(Burn.self, forKey: .body))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown command \(other)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        switch self {
        case .defineAsset(let b): try c.encode(b, forKey: .body)
        case .mint(let b): try c.encode(b, forKey: .body)
        case .transfer(let b): try c.encode(b, forKey: .body)
        case .approve(let b): try c.encode(b, forKey: .body)
        case .transferFrom(let b): try c.encode(b, forKey: .body)
        case .burn(let b): try c.encode(b, forKey: .body)
        }
    }
}
