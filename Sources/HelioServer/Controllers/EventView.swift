import HelioCrypto
import HelioLedger

/// A ledger event as JSON: `type` (`Transfer`, `Approval`, `AssetDefined`, the ERC20 event names) and
/// the fields of that type; amounts are decimal strings of base units.
struct EventView: Encodable, Sendable, Equatable {
    let type: String
    let asset: String
    let tokenAddress: String
    var from: String? = nil
    var to: String? = nil
    var owner: String? = nil
    var spender: String? = nil
    var value: String? = nil
    var issuer: String? = nil
    var definitionSHA256: String? = nil

    init(_ event: LedgerEvent) {
        switch event {
        case .transfer(let asset, let from, let to, let value):
            self.init(type: "Transfer", asset: asset)
            (self.from, self.to, self.value) = (from.checksummed, to.checksummed, value.description)
        case .approval(let asset, let owner, let spender, let value):
            self.init(type: "Approval", asset: asset)
            (self.owner, self.spender, self.value) = (owner.checksummed, spender.checksummed, value.description)
        case .assetDefined(let asset, _, let issuer, let definitionSHA256):
            self.init(type: "AssetDefined", asset: asset)
            (self.issuer, self.definitionSHA256) = (issuer.checksummed, definitionSHA256)
        }
    }

    private init(type: String, asset: AssetID) {
        self.type = type
        self.asset = asset.text
        self.tokenAddress = asset.tokenAddress.checksummed
    }
}
