import HelioCrypto
import HelioEthereum
import HelioLedger
import HelioRegistry

/// eth_call and eth_estimateGas: the ERC20 views, and dry runs of transfer / approve / transferFrom that
/// revert exactly as the transaction would (same checks, same ERC-6093 error — `LedgerState.check`).
/// State is the latest: Helio keeps no historical state, so a block parameter is accepted and the answer
/// is as of the newest block.
extension EthereumRPC {
    /// The call object's fields Helio reads: to, data (or input), from (default 0x0, as geth).
    struct CallObject {
        let to: Address?
        let from: Address
        let data: [UInt8]

        init(_ value: JSONValue) throws(RPCError) {
            guard case .object = value else { throw .invalidParams("the call must be an object") }
            to = try RPCParams.member(value, "to").map { v throws(RPCError) in try RPCParams.address(v, "to") }
            from =
                try RPCParams.member(value, "from").map { v throws(RPCError) in try RPCParams.address(v, "from") }
                ?? .zero
            let input = RPCParams.member(value, "input") ?? RPCParams.member(value, "data")
            data = try input.map { v throws(RPCError) in try RPCParams.data(v, "data") } ?? []
            if let v = RPCParams.member(value, "value"), try RPCParams.quantity(v, "value") != 0 {
                throw .refused("value must be 0: Helio has no native coin, only tokens")
            }
        }
    }

    func ethCall(_ params: RPCParams) async throws -> JSONValue {
        try params.atMost(3)  // geth's third param (state overrides) is refused below when present
        let call = try CallObject(try params.required(0, "call"))
        _ = try BlockTag(params.optional(1))
        guard params.optional(2) == nil else { throw RPCError.invalidParams("state overrides are not supported") }
        return .string(EthData.encode(try await run(call)))
    }

    func estimateGas(_ params: RPCParams) async throws -> JSONValue {
        try params.atMost(2)
        let call = try CallObject(try params.required(0, "call"))
        _ = try BlockTag(params.optional(1))
        guard let to = call.to else {
            throw RPCError.refused("contract creation is not supported: Helio tokens are defined by DefineAsset")
        }
        let isToken = await registry.writer.read { $0.assetsByToken[to] != nil }
        guard isToken else { throw RPCError.refused("\(to) is not the address of a Helio token") }
        _ = try await run(call)
        return .string(EthQuantity.encode(Self.nominalGas))
    }

    /// Runs a call against the latest state: the ABI-encoded result, or the revert.
    private func run(_ call: CallObject) async throws -> [UInt8] {
        guard let to = call.to else {
            throw RPCError.refused("contract creation is not supported: Helio tokens are defined by DefineAsset")
        }
        let decoded: ERC20Call
        do { decoded = try ERC20Call.decode(calldata: call.data) } catch {
            // No such function and no fallback: Solidity reverts without data.
            throw RPCError(3, "execution reverted", data: "0x")
        }
        let from = call.from
        let outcome: Result<[UInt8], LedgerError>? = await registry.writer.read { state in
            guard let id = state.assetsByToken[to], let asset = state.assets[id] else { return nil }
            return Result { () throws(LedgerError) in try Self.answer(decoded, asset: asset, from: from, state) }
        }
        // A call to an address without code returns nothing, as on Ethereum.
        guard let outcome else { return [] }
        switch outcome {
        case .success(let bytes): return bytes
        case .failure(let error): throw RPCError.reverted(error)
        }
    }

    private static func answer(
        _ call: ERC20Call, asset: Asset, from: Address, _ state: LedgerState
    ) throws(LedgerError) -> [UInt8] {
        switch call {
        case .name: return ABI.encode(string: asset.name)
        case .symbol: return ABI.encode(string: asset.symbol)
        case .decimals: return ABI.encode(uint: UInt256(UInt64(asset.decimals)))
        case .totalSupply: return ABI.encode(uint: asset.totalSupply)
        case .balanceOf(let account): return ABI.encode(uint: state.balance(asset.id, account))
        case .allowance(let owner, let spender):
            return ABI.encode(uint: state.allowance(asset.id, owner: owner, spender: spender))
        default:
            guard let command = PreparedTransaction.command(call, asset: asset.id) else { return [] }
            try state.check(command, by: from)
            return ABI.encode(bool: true)
        }
    }
}
