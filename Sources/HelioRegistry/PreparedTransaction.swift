import HelioCrypto
import HelioEthereum
import HelioLedger

/// A signed Ethereum transaction made ready for the writer outside it (issue 6): decoded strictly,
/// its sender recovered, its chain id checked, its calldata decoded to the ERC20 call that moves tokens.
/// All pure and independent of the state, so `eth_sendRawTransaction` batches prepare on all cores like
/// signed commands do (`ParallelVerifier`).
///
/// A refusal here is a submission error (nothing is journaled, no nonce is used): malformed bytes,
/// another chain, a pre-EIP-155 signature, ether attached (Helio has no native coin), a view or an
/// unknown function called as a transaction.
public struct PreparedTransaction: Sendable {
    public let transaction: EthereumTransaction
    public let call: ERC20Call

    public init(raw: [UInt8], chainId: UInt64) throws(LedgerError) {
        let tx: EthereumTransaction
        do {
            tx = try EthereumTransaction.decode(raw: raw)
        } catch {
            throw LedgerError(.malformedTransaction, error.message)
        }
        guard tx.chainId == chainId else {
            throw LedgerError(.wrongChain, "transaction is for chain \(tx.chainId), this registry is chain \(chainId)")
        }
        guard tx.to != nil else {
            throw LedgerError(.notAToken, "contract creation is not supported: Helio tokens are defined by DefineAsset")
        }
        guard tx.value.isZero else {
            throw LedgerError(.malformedTransaction, "value must be 0: Helio has no native coin, only tokens")
        }
        let call: ERC20Call
        do {
            call = try ERC20Call.decode(calldata: tx.data)
        } catch {
            throw LedgerError(.malformedTransaction, error.message)
        }
        guard !call.isView else {
            throw LedgerError(.malformedTransaction, "\(call) is a view: call it with eth_call, not a transaction")
        }
        self.transaction = tx
        self.call = call
    }

    /// The ledger command this transaction asks for, against `state` (which asset its `to` is).
    public func command(in state: LedgerState) throws(LedgerError) -> AuthenticatedCommand {
        let to = transaction.to ?? .zero
        guard let asset = state.assetsByToken[to] else {
            throw LedgerError(.notAToken, "\(to) is not the address of a Helio token")
        }
        guard let command = Self.command(call, asset: asset) else {
            throw LedgerError(.malformedTransaction, "\(call) is not a transaction")
        }
        return AuthenticatedCommand(author: transaction.sender, nonce: transaction.nonce, command: command)
    }
}

extension PreparedTransaction {
    /// The ledger command of an ERC20 call that changes state (nil for a view).
    public static func command(_ call: ERC20Call, asset: AssetID) -> Command? {
        switch call {
        case .transfer(let receiver, let amount): .transfer(.init(asset: asset, to: receiver, amount: amount))
        case .approve(let spender, let amount): .approve(.init(asset: asset, spender: spender, amount: amount))
        case .transferFrom(let from, let receiver, let amount):
            .transferFrom(.init(asset: asset, from: from, to: receiver, amount: amount))
        default: nil
        }
    }
}

/// An Ethereum transaction that landed: where, and whether its call succeeded.
public struct TransactionLanding: Sendable, Hashable {
    public let index: UInt64
    public let hash: [UInt8]
    /// nil = status 1; otherwise the ledger's reason (status 0, the revert data is its ERC-6093 error).
    public let failure: LedgerError?
}

extension LedgerWriter {
    /// Applies prepared transactions in order with Ethereum's rules (`LedgerState.execute`) and returns
    /// once all landed ones are durable. A wrong nonce or a `to` that is no token refuses a transaction
    /// (nothing journaled); a call that fails lands with status 0 and uses the nonce.
    public func submit(
        transactions: [PreparedTransaction]
    ) async throws -> [Result<TransactionLanding, LedgerError>] {
        var results: [Result<TransactionLanding, LedgerError>] = []
        results.reserveCapacity(transactions.count)
        var last: UInt64? = nil
        try await ensureLease()
        for prepared in transactions {
            var result: Result<TransactionLanding, LedgerError>? = nil
            let index = append(kind: JournalEntry.ethereumTransactionKind, author: prepared.transaction.sender) {
                state, context in
                do throws(LedgerError) {
                    let outcome = try state.execute(prepared.command(in: state), context: context)
                    result = .success(
                        TransactionLanding(
                            index: context.index, hash: prepared.transaction.hash, failure: outcome.failure))
                    return (prepared.transaction.raw, outcome)
                } catch {
                    result = .failure(error)
                    return nil
                }
            }
            if let index { last = index }
            results.append(result!)
        }
        if let last { try await waitUntilDurable(last) }
        return results
    }

    /// Network-facing: prepares raw transactions on all cores, then submits the valid ones in order.
    /// One result per input, in input order.
    public func submitRaw(
        _ raws: [[UInt8]]
    ) async throws -> [Result<TransactionLanding, LedgerError>] {
        let chainId = domain.chainId
        let prepared = await ParallelMap.map(raws, minimumPerWorker: 16) { raw in
            Result { () throws(LedgerError) in try PreparedTransaction(raw: raw, chainId: chainId) }
        }
        var landed = try await submit(transactions: prepared.compactMap { try? $0.get() })[...]
        return prepared.map { result in
            switch result {
            case .success: return landed.popFirst()!
            case .failure(let error): return .failure(error)
            }
        }
    }
}
