import HelioCrypto
import HelioLedger

/// The `events` row of a `LedgerEvent`, and back.
///
/// | kind         | asset    | topic1 | topic2        | payload                               |
/// |--------------|----------|--------|---------------|---------------------------------------|
/// | Transfer     | asset id | from   | to            | value, 32 bytes big-endian            |
/// | Approval     | asset id | owner  | spender       | value, 32 bytes big-endian            |
/// | AssetDefined | asset id | issuer | token address | definition SHA-256, 64 hex digits (UTF-8) |
///
/// Binary columns rather than JSON: an event is written per transfer, and encoding JSON on Linux
/// Foundation would cost more than the rest of the row.
struct EventRow {
    static let transfer = "Transfer"
    static let approval = "Approval"
    static let assetDefined = "AssetDefined"

    var kind: String
    var asset: [UInt8]
    var topic1: [UInt8]
    var topic2: [UInt8]
    var payload: [UInt8]

    init(kind: String, asset: [UInt8], topic1: [UInt8], topic2: [UInt8], payload: [UInt8]) {
        (self.kind, self.asset, self.topic1, self.topic2, self.payload) = (kind, asset, topic1, topic2, payload)
    }

    init(_ event: LedgerEvent) {
        switch event {
        case .transfer(let asset, let from, let to, let value):
            self.init(
                kind: Self.transfer, asset: asset.hash, topic1: from.rawValue, topic2: to.rawValue,
                payload: value.bigEndianBytes)
        case .approval(let asset, let owner, let spender, let value):
            self.init(
                kind: Self.approval, asset: asset.hash, topic1: owner.rawValue,
                topic2: spender.rawValue, payload: value.bigEndianBytes)
        case .assetDefined(let asset, let tokenAddress, let issuer, let definitionSHA256):
            self.init(
                kind: Self.assetDefined, asset: asset.hash, topic1: issuer.rawValue,
                topic2: tokenAddress.rawValue, payload: Array(definitionSHA256.utf8))
        }
    }

    /// The event this row stores.
    /// - Throws: `StoreError.corrupt` for a row no event encodes to.
    func event() throws(StoreError) -> LedgerEvent {
        let asset = try Column.assetID(asset)
        switch kind {
        case Self.transfer:
            return .transfer(
                asset: asset, from: try Column.address(topic1, "event sender"),
                to: try Column.address(topic2, "event receiver"), value: try Column.amount(payload, "event value"))
        case Self.approval:
            return .approval(
                asset: asset, owner: try Column.address(topic1, "event owner"),
                spender: try Column.address(topic2, "event spender"),
                value: try Column.amount(payload, "event value"))
        case Self.assetDefined:
            return .assetDefined(
                asset: asset, tokenAddress: try Column.address(topic2, "event token address"),
                issuer: try Column.address(topic1, "event issuer"),
                definitionSHA256: String(decoding: payload, as: UTF8.self))
        default:
            throw StoreError(.corrupt, "stored event of unknown kind \(kind)")
        }
    }
}
