import HelioCrypto
import HelioEthereum
import HelioLedger
import HelioStore

/// Blocks, transactions and receipts in the shape Ethereum tools expect (ethereum-compat.md lists the
/// fields web3 cannot live without). A block is one writer commit; every journal entry is a
/// "transaction" of its block — Ethereum transactions under their keccak hash, other entries (signed
/// commands, readings) under their Merkle leaf hash, so a wallet following logs can look up the entry
/// that minted its SUN. Fields that have no meaning here (state and receipt tries, difficulty, miner) are
/// zero; Helio's proofs are its Merkle log (`/v1/log`).
extension EthereumRPC {
    static let zeroHash = EthData.encode([UInt8](repeating: 0, count: 32))
    /// keccak256(rlp([])): every block's (empty) uncle list.
    static let emptyUnclesHash = "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347"

    func latestBlock() throws -> BlockRecord {
        guard let block = try store.latestBlock() else { throw RPCError.internalError("the registry has no block yet") }
        return block
    }

    func resolve(_ tag: BlockTag) throws -> BlockRecord {
        switch tag {
        case .latest: return try latestBlock()
        case .number(let n):
            guard let block = try store.block(number: n) else {
                throw RPCError.refused("block \(n) does not exist yet")
            }
            return block
        }
    }

    func blockByNumber(_ params: RPCParams) throws -> JSONValue {
        try params.atMost(2)
        let tag = try BlockTag(try params.required(0, "block"))
        let full = try params.bool(1, "full transactions", default: false)
        let block: BlockRecord?
        switch tag {
        case .latest: block = try store.latestBlock()
        case .number(let n): block = try store.block(number: n)
        }
        return try block.map { try blockJSON($0, full: full) } ?? .null
    }

    func blockByHash(_ params: RPCParams) throws -> JSONValue {
        try params.atMost(2)
        let hash = try RPCParams.data(try params.required(0, "block hash"), "block hash", count: 32)
        let full = try params.bool(1, "full transactions", default: false)
        return try store.block(hash: hash).map { try blockJSON($0, full: full) } ?? .null
    }

    func blockJSON(_ block: BlockRecord, full: Bool) throws -> JSONValue {
        let entries = try store.entries(from: block.firstEntry, limit: Int(block.entryCount))
        let transactions: [JSONValue] = try entries.enumerated().map { offset, item in
            let hash = item.entry.transactionHash(leafHash: item.leafHash)
            guard full else { return .string(EthData.encode(hash)) }
            return try transactionJSON(item.entry, hash: hash, block: block, position: UInt64(offset))
        }
        let gasUsed = Self.nominalGas * block.entryCount
        return .object([
            .init("number", .string(EthQuantity.encode(block.number))),
            .init("hash", .string(EthData.encode(block.hash))),
            .init("parentHash", .string(EthData.encode(block.parentHash))),
            .init("nonce", "0x0000000000000000"), .init("mixHash", .string(Self.zeroHash)),
            .init("sha3Uncles", .string(Self.emptyUnclesHash)),
            .init("logsBloom", .string(EthData.encode(block.logsBloom))),
            .init("transactionsRoot", .string(Self.zeroHash)), .init("stateRoot", .string(Self.zeroHash)),
            .init("receiptsRoot", .string(Self.zeroHash)), .init("miner", .string(Address.zero.lowercased)),
            .init("difficulty", "0x0"), .init("totalDifficulty", "0x0"), .init("extraData", "0x"),
            .init("size", .string(EthQuantity.encode(512 + 32 * block.entryCount))),
            .init("gasLimit", .string(EthQuantity.encode(max(Self.blockGasLimit, gasUsed)))),
            .init("gasUsed", .string(EthQuantity.encode(gasUsed))),
            .init("timestamp", .string(EthQuantity.encode(UInt64(max(0, block.time))))),
            .init("transactions", .array(transactions)), .init("uncles", .array([])),
            .init("baseFeePerGas", "0x0"),
        ])
    }

    /// The journal entry named by a transaction hash, with its block and status.
    func locate(_ hash: [UInt8]) throws -> (entry: JournalEntry, block: BlockRecord, succeeded: Bool)? {
        guard let location = try store.transaction(hash: hash),
            let item = try store.entries(from: location.entryIndex, limit: 1).first,
            let block = try store.block(containing: location.entryIndex)
        else { return nil }
        return (item.entry, block, location.succeeded)
    }

    func transactionByHash(_ params: RPCParams) throws -> JSONValue {
        try params.atMost(1)
        let hash = try RPCParams.data(try params.required(0, "transaction hash"), "transaction hash", count: 32)
        guard let (entry, block, _) = try locate(hash) else { return .null }
        return try transactionJSON(entry, hash: hash, block: block, position: entry.index - block.firstEntry)
    }

    func transactionJSON(_ entry: JournalEntry, hash: [UInt8], block: BlockRecord, position: UInt64) throws -> JSONValue
    {
        var m: [JSONValue.Member] = [
            .init("hash", .string(EthData.encode(hash))),
            .init("blockHash", .string(EthData.encode(block.hash))),
            .init("blockNumber", .string(EthQuantity.encode(block.number))),
            .init("transactionIndex", .string(EthQuantity.encode(position))),
            .init("from", .string(entry.author.checksummed)),
        ]
        guard entry.kind == JournalEntry.ethereumTransactionKind else {
            // A native entry: no Ethereum fields to show but its author and, for a signed command, nonce.
            let nonce = (try? entry.signedCommand())?.nonce ?? 0
            m += [
                .init("to", .null), .init("nonce", .string(EthQuantity.encode(nonce))), .init("value", "0x0"),
                .init("gas", .string(EthQuantity.encode(Self.nominalGas))), .init("gasPrice", "0x0"),
                .init("input", "0x"), .init("type", "0x0"),
                .init("chainId", .string(EthQuantity.encode(chainId))), .init("v", "0x0"), .init("r", "0x0"),
                .init("s", "0x0"),
            ]
            return .object(m)
        }
        let tx: EthereumTransaction
        do { tx = try EthereumTransaction.decode(raw: entry.payload) } catch {
            throw RPCError.internalError("journal entry \(entry.index) holds an undecodable transaction")
        }
        m += [
            .init("to", tx.to.map { .string($0.checksummed) } ?? .null),
            .init("nonce", .string(EthQuantity.encode(tx.nonce))),
            .init("value", .string(EthQuantity.encode(tx.value))),
            .init("gas", .string(EthQuantity.encode(tx.gas))),
            // Type 2: the effective price, base fee (0) + tip capped at the fee cap, as geth reports it.
            .init(
                "gasPrice", .string(EthQuantity.encode(Self.effectiveGasPrice(tx)))),
            .init("input", .string(EthData.encode(tx.data))),
            .init("type", .string(EthQuantity.encode(UInt64(tx.type)))),
            .init("chainId", .string(EthQuantity.encode(tx.chainId))),
            .init("v", .string(EthQuantity.encode(tx.v))),
            .init("r", .string(EthQuantity.encode(UInt256(bigEndian: tx.r) ?? .zero))),
            .init("s", .string(EthQuantity.encode(UInt256(bigEndian: tx.s) ?? .zero))),
        ]
        if tx.type != 0 {
            m.append(.init("yParity", .string(EthQuantity.encode(UInt64(tx.yParity)))))
            m.append(
                .init(
                    "accessList",
                    .array(
                        tx.accessList.map { item in
                            .object([
                                .init("address", .string(item.address.checksummed)),
                                .init("storageKeys", .array(item.storageKeys.map { .string(EthData.encode($0)) })),
                            ])
                        })))
        }
        if tx.type == 2 {
            m.append(.init("maxFeePerGas", .string(EthQuantity.encode(tx.maxFeePerGas))))
            m.append(.init("maxPriorityFeePerGas", .string(EthQuantity.encode(tx.maxPriorityFeePerGas))))
        }
        return .object(m)
    }

    /// The price a transaction is said to have paid per gas, as geth reports it in both the transaction
    /// and its receipt: the gas price for types 0 and 1; for type 2 the base fee (0) plus the tip, capped
    /// at the fee cap. Nothing is charged whatever it says.
    static func effectiveGasPrice(_ tx: EthereumTransaction) -> UInt256 {
        tx.type == EthereumTransaction.dynamicFeeType ? min(tx.maxPriorityFeePerGas, tx.maxFeePerGas) : tx.gasPrice
    }

    func receipt(_ params: RPCParams) throws -> JSONValue {
        try params.atMost(1)
        let hash = try RPCParams.data(try params.required(0, "transaction hash"), "transaction hash", count: 32)
        guard let (entry, block, succeeded) = try locate(hash) else { return .null }
        let position = entry.index - block.firstEntry
        // Log indexes count from the block's first log: count the logs of earlier entries in the block.
        let events = try store.events(from: block.firstEntry, to: entry.index + 1)
        var logIndex: UInt64 = 0
        var logs: [JSONValue] = []
        var bloom = LogsBloom()
        for stored in events {
            guard let log = EthereumLog(stored.event) else { continue }
            if stored.entryIndex == entry.index {
                bloom.add(log)
                logs.append(
                    Self.logJSON(log, index: logIndex, position: position, transactionHash: hash, block: block))
            }
            logIndex += 1
        }
        var to: JSONValue = .null
        var type: UInt64 = 0
        var price = UInt256.zero
        if entry.kind == JournalEntry.ethereumTransactionKind,
            let tx = try? EthereumTransaction.decode(raw: entry.payload)
        {
            to = tx.to.map { .string($0.checksummed) } ?? .null
            type = UInt64(tx.type)
            price = Self.effectiveGasPrice(tx)
        }
        return .object([
            .init("transactionHash", .string(EthData.encode(hash))),
            .init("transactionIndex", .string(EthQuantity.encode(position))),
            .init("blockHash", .string(EthData.encode(block.hash))),
            .init("blockNumber", .string(EthQuantity.encode(block.number))),
            .init("from", .string(entry.author.checksummed)), .init("to", to),
            .init("cumulativeGasUsed", .string(EthQuantity.encode(Self.nominalGas * (position + 1)))),
            .init("gasUsed", .string(EthQuantity.encode(Self.nominalGas))),
            .init("effectiveGasPrice", .string(EthQuantity.encode(price))),
            .init("contractAddress", .null), .init("logs", .array(logs)),
            .init("logsBloom", .string(EthData.encode(bloom.bytes))),
            .init("type", .string(EthQuantity.encode(type))), .init("status", succeeded ? "0x1" : "0x0"),
        ])
    }

    static func logJSON(
        _ log: EthereumLog, index: UInt64, position: UInt64, transactionHash: [UInt8], block: BlockRecord
    ) -> JSONValue {
        .object([
            .init("address", .string(log.address.checksummed)),
            .init("topics", .array(log.topics.map { .string(EthData.encode($0)) })),
            .init("data", .string(EthData.encode(log.data))),
            .init("blockNumber", .string(EthQuantity.encode(block.number))),
            .init("blockHash", .string(EthData.encode(block.hash))),
            .init("transactionHash", .string(EthData.encode(transactionHash))),
            .init("transactionIndex", .string(EthQuantity.encode(position))),
            .init("logIndex", .string(EthQuantity.encode(index))), .init("removed", false),
        ])
    }
}
