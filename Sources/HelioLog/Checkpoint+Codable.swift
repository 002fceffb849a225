import HelioCrypto

/// JSON form: {"origin": "…", "treeSize": 42, "rootHash": "0x…64 hex…", "timestamp": 1700000000}.
/// The root is 0x-hex here, as every hash in Helio's JSON, and base64 only in the signed text, as in C2SP.
/// Decoding runs the validating initialiser, so invalid JSON never becomes a `Checkpoint`.
extension Checkpoint: Codable {
    private enum CodingKeys: String, CodingKey {
        case origin, treeSize, rootHash, timestamp
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let rootText = try c.decode(String.self, forKey: .rootHash)
        let root: [UInt8]
        do { root = try Hex.decode(rootText, count: Merkle.hashSize, what: "checkpoint root hash") } catch {
            throw DecodingError.dataCorruptedError(forKey: .rootHash, in: c, debugDescription: error.message)
        }
        do {
            try self.init(
                origin: c.decode(String.self, forKey: .origin), treeSize: c.decode(UInt64.self, forKey: .treeSize),
                rootHash: root, timestamp: c.decode(Int64.self, forKey: .timestamp))
        } catch let error as LogError {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(origin, forKey: .origin)
        try c.encode(treeSize, forKey: .treeSize)
        try c.encode(Hex.encode(rootHash, prefixed: true), forKey: .rootHash)
        try c.encode(timestamp, forKey: .timestamp)
    }
}
