import HelioCrypto
import HelioEthereum
import HelioLedger
import Testing

/// Invalid siblings of the valid vectors (built by gen_eth.py with the `rlp` package), and random
/// damage to valid transactions: every one is refused with a thrown error, none traps.
struct TransactionRefusalTests {
    @Test(arguments: TransactionTests.file.invalid)
    func invalidVectorIsRefusedWithItsCode(_ v: TransactionTests.Invalid) {
        #expect(code { try EthereumTransaction.decode(raw: bytes(v.raw)) }?.rawValue == v.error)
    }

    /// High-S is refused even though the low-S twin is valid: the same signature must not yield two hashes.
    @Test func highSTwinOfAValidTransaction() throws {
        guard let v = TransactionTests.file.valid.first(where: { $0.type == 2 }) else {
            Issue.record("no type 2 vector")
            return
        }
        let tx = try EthereumTransaction.decode(raw: bytes(v.raw))
        guard case .list(var items) = try RLP.decode(Array(tx.raw.dropFirst())),
            let s = UInt256(bigEndian: tx.s), let n = UInt256(bigEndian: Secp256k1.order),
            let flipped = n.subtracting(s)
        else {
            Issue.record("vector does not re-decode")
            return
        }
        items[items.count - 1] = .uint(flipped)
        items[items.count - 3] = .uint(UInt64(1 - tx.yParity))
        #expect(code { try EthereumTransaction.decode(raw: [0x02] + RLP.encode(.list(items))) } == .highS)
    }

    @Test func messagesAreOneLine() {
        for v in TransactionTests.file.invalid {
            do {
                _ = try EthereumTransaction.decode(raw: bytes(v.raw))
            } catch {
                #expect(!error.message.isEmpty && !error.message.contains("\n"), "\(v.name)")
            }
        }
    }

    /// Truncations, byte flips and random bytes: thrown errors only. Flipping a byte of a signed
    /// transaction may still decode (to a different sender), but then it must be self-consistent.
    @Test(arguments: [21, 22, 23] as [UInt64])
    func damagedTransactionsNeverCrash(seed: UInt64) throws {
        var rng = SeededRandom(seed: seed)
        for v in TransactionTests.file.valid {
            let raw = bytes(v.raw)
            for cut in stride(from: 0, to: raw.count, by: 7) {
                #expect(code { try EthereumTransaction.decode(raw: Array(raw.prefix(cut))) } != nil)
            }
            for _ in 0..<100 {
                var damaged = raw
                damaged[Int.random(in: 0..<damaged.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                if let tx = try? EthereumTransaction.decode(raw: damaged) {
                    #expect(tx.raw == damaged && tx.hash == Keccak256.hash(damaged))
                }
            }
        }
        for _ in 0..<2000 {
            var random = rng.bytes(Int.random(in: 0..<120, using: &rng))
            if !random.isEmpty { random[0] = [0x01, 0x02, 0xf8, 0xc5][Int.random(in: 0..<4, using: &rng)] }
            _ = try? EthereumTransaction.decode(raw: random)
        }
    }
}
