import HelioCrypto
import HelioEthereum
import HelioLedger
import Testing

/// Ledger events as ERC20 logs, and the 2048-bit bloom, against gen_eth.py's independent Python
/// implementation of the Yellow Paper's M3:2048 (Vectors/bloom.json).
struct LogsTests {
    struct LogCase: Decodable, Sendable {
        let event, asset_hash, a, b, value, token_address, data, bloom: String
        let topics: [String]
    }
    struct File: Decodable, Sendable {
        let logs: [LogCase]
        let receipt_bloom: String
    }

    static let file = try? VectorFile.load(File.self, "bloom.json")

    static func event(_ c: LogCase) throws -> LedgerEvent {
        let asset = try AssetID(hash: bytes(c.asset_hash))
        let (a, b) = (try Address(c.a), try Address(c.b))
        let value = UInt256(decimal: c.value) ?? .zero
        return c.event == "transfer"
            ? .transfer(asset: asset, from: a, to: b, value: value)
            : .approval(asset: asset, owner: a, spender: b, value: value)
    }

    @Test func eventsBecomeERC20Logs() throws {
        let file = try #require(Self.file)
        #expect(file.logs.count == 3)
        var receipt = LogsBloom()
        for c in file.logs {
            let log = try #require(EthereumLog(try Self.event(c)))
            #expect(log.address.checksummed == c.token_address)
            #expect(log.topics.map(EthData.encode) == c.topics)
            #expect(EthData.encode(log.data) == c.data)
            let bloom = LogsBloom(logs: [log])
            #expect(EthData.encode(bloom.bytes) == c.bloom)
            #expect(bloom.mayContain(log.address.rawValue) && log.topics.allSatisfy(bloom.mayContain))
            receipt.add(log)
        }
        #expect(EthData.encode(receipt.bytes) == file.receipt_bloom)
    }

    @Test func assetDefinitionHasNoLog() throws {
        let issuer = try Address("0x" + String(repeating: "01", count: 20))
        let asset = AssetID(issuer: issuer, nonce: 0)
        let event = LedgerEvent.assetDefined(
            asset: asset, tokenAddress: asset.tokenAddress, issuer: issuer, definitionSHA256: "")
        #expect(EthereumLog(event) == nil)
    }

    @Test func bloomBasics() throws {
        var bloom = LogsBloom()
        #expect(bloom.bytes.count == 256 && bloom.bytes.allSatisfy { $0 == 0 })
        #expect(!bloom.mayContain(Array("x".utf8)))
        bloom.add(Array("x".utf8))
        #expect(bloom.mayContain(Array("x".utf8)))
        // At most three bits for one value (fewer when two of its indices collide).
        #expect((1...3).contains(bloom.bytes.reduce(0) { $0 + $1.nonzeroBitCount }))
        var other = LogsBloom()
        other.add(Array("y".utf8))
        var union = bloom
        union.formUnion(other)
        #expect(union.contains(bloom) && union.contains(other) && !bloom.contains(union) || bloom == union)
        #expect(LogsBloom(bytes: [UInt8](repeating: 0, count: 255)) == nil)
        #expect(LogsBloom(bytes: bloom.bytes) == bloom)
    }

    /// A hand-checked bit position: keccak256("") = c5d2 4601 86f7…: pairs 0xc5d2, 0x4601, 0x86f7 →
    /// bits 0x5d2 = 1490, 0x601 = 1537, 0x6f7 = 1783 → bytes 255 − bit/8 = 69, 63, 33.
    @Test func bitPositionsFollowTheYellowPaper() {
        var bloom = LogsBloom()
        bloom.add([])
        var expected = [UInt8](repeating: 0, count: 256)
        expected[255 - 1490 / 8] |= 1 << (1490 % 8)
        expected[255 - 1537 / 8] |= 1 << (1537 % 8)
        expected[255 - 1783 / 8] |= 1 << (1783 % 8)
        #expect(bloom.bytes == expected)
    }
}
