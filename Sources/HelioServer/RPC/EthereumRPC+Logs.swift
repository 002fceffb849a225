import HelioCrypto
import HelioEthereum
import HelioLedger
import HelioStore

/// eth_getLogs: Transfer and Approval logs (mints from reward issuance included) filtered by block range
/// or block hash, address (one or an array) and topics (per position: null = any, a value, or an array
/// of alternatives; missing trailing positions = any).
extension EthereumRPC {
    struct LogFilter {
        var addresses: Set<Address>? = nil
        var topics: [Set<[UInt8]>?] = []

        func matches(_ log: EthereumLog) -> Bool {
            if let addresses, !addresses.contains(log.address) { return false }
            for (position, allowed) in topics.enumerated() {
                guard let allowed else { continue }
                guard position < log.topics.count, allowed.contains(log.topics[position]) else { return false }
            }
            return true
        }
    }

    func logs(_ params: RPCParams) async throws -> JSONValue {
        try params.atMost(1)
        let object = try params.optional(0) ?? .object([])
        guard case .object = object else { throw RPCError.invalidParams("the filter must be an object") }
        var filter = LogFilter()
        switch RPCParams.member(object, "address") {
        case nil: break
        case .array(let items)?:
            filter.addresses = Set(try items.map { v throws(RPCError) in try RPCParams.address(v, "address") })
        case let value?: filter.addresses = [try RPCParams.address(value, "address")]
        }
        switch RPCParams.member(object, "topics") {
        case nil: break
        case .array(let positions)?:
            guard positions.count <= 4 else { throw RPCError.invalidParams("at most 4 topic positions") }
            filter.topics = try positions.map { position throws(RPCError) -> Set<[UInt8]>? in
                switch position {
                case .null: return nil
                case .array(let alternatives):
                    return Set(try alternatives.map { v throws(RPCError) in try RPCParams.data(v, "topic", count: 32) })
                default: return [try RPCParams.data(position, "topic", count: 32)]
                }
            }
        default: throw RPCError.invalidParams("topics must be an array")
        }

        let first: BlockRecord
        let last: BlockRecord
        if let hashValue = RPCParams.member(object, "blockHash") {
            guard RPCParams.member(object, "fromBlock") == nil, RPCParams.member(object, "toBlock") == nil else {
                throw RPCError.invalidParams("blockHash cannot be combined with fromBlock or toBlock")
            }
            let hash = try RPCParams.data(hashValue, "blockHash", count: 32)
            guard let block = try store.block(hash: hash) else { throw RPCError.refused("unknown block hash") }
            (first, last) = (block, block)
        } else {
            let latest = try latestBlock()
            let from = try BlockTag(RPCParams.member(object, "fromBlock"), "fromBlock")
            let to = try BlockTag(RPCParams.member(object, "toBlock"), "toBlock")
            let fromNumber = if case .number(let n) = from { n } else { latest.number }
            let toNumber = if case .number(let n) = to { min(n, latest.number) } else { latest.number }
            guard fromNumber <= toNumber else { return .array([]) }
            guard toNumber - fromNumber < Self.maxBlockRange else {
                throw RPCError.limitExceeded(
                    "block range exceeds \(Self.maxBlockRange) blocks: narrow fromBlock/toBlock")
            }
            first = try resolve(.number(fromNumber))
            last = toNumber == latest.number ? latest : try resolve(.number(toNumber))
        }
        return .array(try collectLogs(first: first, last: last, filter))
    }

    /// Walks the events of the entries of blocks first…last in order, numbering logs per block.
    private func collectLogs(first: BlockRecord, last: BlockRecord, _ filter: LogFilter) throws -> [JSONValue] {
        let events = try store.events(from: first.firstEntry, to: last.endEntry)
        var out: [JSONValue] = []
        var block = first
        var logIndex: UInt64 = 0
        var hashes: [UInt64: [UInt8]] = [:]
        var tokens = TokenAddresses()
        for stored in events {
            while stored.entryIndex >= block.endEntry {
                guard let next = try store.block(number: block.number + 1) else {
                    throw RPCError.internalError("entry \(stored.entryIndex) is in no block")
                }
                (block, logIndex) = (next, 0)
            }
            let log = EthereumLog(stored.event) { tokens.of($0) }
            guard let log else { continue }
            defer { logIndex += 1 }
            guard filter.matches(log) else { continue }
            guard out.count < Self.maxLogs else {
                throw RPCError.limitExceeded("query returned more than \(Self.maxLogs) results: narrow the filter")
            }
            let hash = try hashes[stored.entryIndex] ?? transactionHash(of: stored.entryIndex)
            hashes[stored.entryIndex] = hash
            out.append(
                Self.logJSON(
                    log, index: logIndex, position: stored.entryIndex - block.firstEntry, transactionHash: hash,
                    block: block))
        }
        return out
    }

    private func transactionHash(of index: UInt64) throws -> [UInt8] {
        guard let item = try store.entries(from: index, limit: 1).first else {
            throw RPCError.internalError("entry \(index) is missing")
        }
        return item.entry.transactionHash(leafHash: item.leafHash)
    }
}
