import Foundation
import HelioCrypto

/// The Open Assets asset definition document, field for field (the `asset_ids`, `name_short`, …
/// names of the Open Assets protocol). Its SHA-256 over the canonical bytes is committed in the
/// journal, so the document can be served from anywhere and still be checked.
public struct AssetDefinition: Codable, Hashable, Sendable {
    public var assetIDs: [String]
    public var nameShort: String
    public var name: String
    public var contractURL: String?
    public var issuer: String
    public var description: String
    public var descriptionMime: String
    public var type: String
    public var divisibility: Int
    public var linkToWebsite: Bool
    public var iconURL: String?
    public var imageURL: String?
    public var version: String

    enum CodingKeys: String, CodingKey {
        case assetIDs = "asset_ids"
        case nameShort = "name_short"
        case name
        case contractURL = "contract_url"
        case issuer, description
        case descriptionMime = "description_mime"
        case type, divisibility
        case linkToWebsite = "link_to_website"
        case iconURL = "icon_url"
        case imageURL = "image_url"
        case version
    }

    public init(
        assetIDs: [String], nameShort: String, name: String, contractURL: String? = nil, issuer: String,
        description: String, descriptionMime: String = "text/plain", type: String = "Currency",
        divisibility: Int, linkToWebsite: Bool = false, iconURL: String? = nil, imageURL: String? = nil,
        version: String = "1.0"
    ) {
        self.assetIDs = assetIDs
        self.nameShort = nameShort
        self.name = name
        self.contractURL = contractURL
        self.issuer = issuer
        self.description = description
        self.descriptionMime = descriptionMime
        self.type = type
        self.divisibility = divisibility
        self.linkToWebsite = linkToWebsite
        self.iconURL = iconURL
        self.imageURL = imageURL
        self.version = version
    }

    /// Canonical bytes: JSON with sorted keys and no insignificant white space.
    public var canonicalBytes: [UInt8] { CanonicalJSON.encode(self) }

    public var sha256: [UInt8] { Digest.sha256(canonicalBytes) }
}

/// Deterministic JSON for hashing and journaling: sorted keys, no white space, slashes unescaped.
public enum CanonicalJSON {
    public static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try! encoder.encode(value))
    }

    public static func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) throws(LedgerError) -> T {
        do { return try JSONDecoder().decode(T.self, from: Data(bytes)) } catch {
            throw LedgerError(.malformedCommand, "cannot decode \(T.self): \(error)")
        }
    }
}
