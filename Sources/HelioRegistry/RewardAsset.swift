import HelioCrypto
import HelioLedger

/// The registry's reward token, SUN: SolarCoin-style, 1 token per MWh of solar energy, exact to the Wh.
///
/// The registry defines it as the FIRST journal entry, signed by its own checkpoint key, which is also
/// the only minter: rewards are minted by the registry when readings reach their quorum, never by a
/// person. Everything here is pure, so issuance code and tests compute the same ids and amounts.
public enum RewardAsset {
    public static let name = "Helio Solar Reward"
    public static let symbol = "SUN"
    /// 18 decimals, like ether: wallets show whole tokens by default.
    public static let decimals: UInt8 = 18
    /// 1 MWh in Wh: the energy that earns one whole SUN.
    public static let whPerToken: UInt64 = 1_000_000
    /// base units per Wh = 10^18 / 10^6: a Wh earns exactly 10^12 base units, so no rounding anywhere.
    /// The ledger's constant: issuance mints with it.
    public static let baseUnitsPerWh: UInt64 = LedgerState.rewardUnitsPerWh
    /// The registry key's nonce of the defining command: it is the first thing the registry ever signs.
    public static let definingNonce: UInt64 = 0

    /// The id SUN gets in the registry whose checkpoint key has `address`.
    public static func id(registry address: Address) -> AssetID {
        AssetID(issuer: address, nonce: definingNonce)
    }

    /// The reward for `energyWh` of solar energy, in base units. Cannot overflow: (2^64 − 1) × 10^12 is
    /// below 2^104.
    public static func amount(energyWh: UInt64) -> UInt256 {
        UInt256(energyWh).multiplied(by: baseUnitsPerWh)!
    }

    /// The Open Assets definition document of SUN in the registry `registryName` (it lists its own id).
    public static func definition(id: AssetID, registryName: String) -> AssetDefinition {
        AssetDefinition(
            assetIDs: [id.text], nameShort: symbol, name: name, issuer: registryName,
            description: "Reward for verified solar production: 1 \(symbol) per MWh, minted by the registry "
                + "from oracle-signed meter readings.",
            type: "Currency", divisibility: Int(decimals))
    }

    /// The command that defines SUN, to be signed by the registry key with `definingNonce`.
    public static func defineCommand(registry address: Address, registryName: String) -> Command {
        let id = id(registry: address)
        return .defineAsset(
            Command.DefineAsset(
                definition: definition(id: id, registryName: registryName), name: name, symbol: symbol,
                decimals: decimals, minters: [address]))
    }
}
