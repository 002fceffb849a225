import HelioCrypto
import HelioEthereum
import HelioLedger
import Testing

/// Valid transactions: the EIP-155 example and eth-account vectors (Vectors/transactions.json, from
/// Scripts/vectors/gen_eth.py). Decoding must reproduce hash, signing hash, sender and every field; the
/// builder must reproduce eth-account's raw bytes exactly (both sign with RFC 6979 nonces).
struct TransactionTests {
    struct AccessEntry: Decodable, Sendable {
        let address: String
        let storage_keys: [String]
    }
    struct Valid: Decodable, Sendable, CustomTestStringConvertible {
        let name, private_key, raw, hash, signing_hash, sender, v, r, s: String
        let type: UInt8
        let chain_id, nonce, gas_price, max_priority_fee_per_gas, max_fee_per_gas, gas, value, data: String
        let to: String?
        let access_list: [AccessEntry]
        var testDescription: String { name }
    }
    struct Invalid: Decodable, Sendable, CustomTestStringConvertible {
        let name, raw, error: String
        var testDescription: String { name }
    }
    struct File: Decodable, Sendable {
        let valid: [Valid]
        let invalid: [Invalid]
    }

    static let file = (try? VectorFile.load(File.self, "transactions.json")) ?? File(valid: [], invalid: [])

    @Test func vectorFileLoads() {
        #expect(Self.file.valid.count >= 11)
        #expect(Self.file.invalid.count >= 25)
    }

    /// EIP-155's own example: key 0x4646…46, nonce 9, 20 gwei, 21000 gas, to 0x3535…35, 1 ether, chain 1.
    @Test func eip155Example() throws {
        let key = try Secp256k1.PrivateKey(hex: String(repeating: "46", count: 32))
        let to = try Address("0x" + String(repeating: "35", count: 20))
        let raw = try EthereumTransaction.signed(
            type: 0, chainId: 1, nonce: 9, to: to, gas: 21000, value: UInt256(1_000_000_000_000_000_000),
            gasPrice: UInt256(20_000_000_000), key: key)
        // The signed transaction printed in the EIP-155 text.
        #expect(
            EthData.encode(raw)
                == "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83"
        )
        let tx = try EthereumTransaction.decode(raw: raw, expectedChainId: 1)
        #expect(EthData.encode(tx.signingHash) == "0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53")
        #expect(tx.v == 37)
        #expect(tx.yParity == 0)
        #expect(EthData.encode(tx.hash) == "0x33469b22e9f636356c4160a87eb19df52b7412e8eac32a4a55ffe88ea8350788")
        #expect(tx.sender == key.address)
        #expect(tx.sender.checksummed == "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F")
        #expect(tx.type == 0 && tx.chainId == 1 && tx.nonce == 9 && tx.gas == 21000 && tx.to == to)
        #expect(tx.gasPrice == UInt256(20_000_000_000) && tx.maxFeePerGas == tx.gasPrice)
        #expect(tx.raw == raw && tx.data.isEmpty && tx.accessList.isEmpty)
    }

    @Test(arguments: file.valid)
    func decodeReproducesEthAccount(_ v: Valid) throws {
        let tx = try EthereumTransaction.decode(raw: bytes(v.raw))
        #expect(EthData.encode(tx.hash) == v.hash)
        #expect(EthData.encode(tx.signingHash) == v.signing_hash)
        #expect(tx.sender == (try Address(v.sender)))
        #expect(tx.type == v.type)
        #expect(tx.chainId == UInt64(v.chain_id))
        #expect(tx.nonce == UInt64(v.nonce))
        #expect(tx.gasPrice == UInt256(decimal: v.gas_price))
        #expect(tx.maxPriorityFeePerGas == UInt256(decimal: v.max_priority_fee_per_gas))
        #expect(tx.maxFeePerGas == UInt256(decimal: v.max_fee_per_gas))
        #expect(tx.gas == UInt64(v.gas))
        #expect(tx.to == v.to.flatMap { try? Address($0) })
        #expect(tx.value == UInt256(decimal: v.value))
        #expect(EthData.encode(tx.data) == v.data)
        #expect(tx.v == UInt256(decimal: v.v))
        #expect(EthData.encode(tx.r) == v.r && EthData.encode(tx.s) == v.s)
        #expect(tx.accessList.map { $0.address.checksummed } == v.access_list.map(\.address))
        #expect(tx.accessList.map { $0.storageKeys.map(EthData.encode) } == v.access_list.map(\.storage_keys))
        #expect(tx.raw == bytes(v.raw))
        // The right chain passes, any other is refused before the signature is even looked at.
        #expect(try EthereumTransaction.decode(raw: tx.raw, expectedChainId: tx.chainId) == tx)
        #expect(code { try EthereumTransaction.decode(raw: tx.raw, expectedChainId: tx.chainId &+ 1) } == .wrongChain)
    }

    @Test(arguments: file.valid)
    func builderReproducesEthAccountBytes(_ v: Valid) throws {
        let entries = try v.access_list.map { e in
            try EthereumTransaction.AccessListEntry(address: Address(e.address), storageKeys: e.storage_keys.map(bytes))
        }
        let raw = try EthereumTransaction.signed(
            type: v.type, chainId: UInt64(v.chain_id) ?? 0, nonce: UInt64(v.nonce) ?? 0,
            to: v.to.flatMap { try? Address($0) }, data: bytes(v.data), gas: UInt64(v.gas) ?? 0,
            value: UInt256(decimal: v.value) ?? .zero, gasPrice: UInt256(decimal: v.gas_price) ?? .zero,
            maxPriorityFeePerGas: UInt256(decimal: v.max_priority_fee_per_gas) ?? .zero,
            maxFeePerGas: UInt256(decimal: v.max_fee_per_gas) ?? .zero, accessList: entries,
            key: Secp256k1.PrivateKey(hex: v.private_key))
        #expect(EthData.encode(raw) == v.raw)
    }

    @Test func builderRefusesWhatItCannotBuild() throws {
        let key = try Secp256k1.PrivateKey(hex: String(repeating: "46", count: 32))
        #expect(
            code { try EthereumTransaction.signed(type: 3, chainId: 1, nonce: 0, to: nil, gas: 1, key: key) }
                == .unsupportedType)
        let entry = try EthereumTransaction.AccessListEntry(address: key.address, storageKeys: [])
        #expect(
            code {
                try EthereumTransaction.signed(
                    type: 0, chainId: 1, nonce: 0, to: nil, gas: 1, accessList: [entry], key: key)
            }
                == .malformedTransaction)
        #expect(
            code { try EthereumTransaction.AccessListEntry(address: key.address, storageKeys: [[1, 2]]) }
                == .malformedTransaction)
    }

    /// Legacy v for a chain id near 2^64 needs 65 bits; decode must recover the chain id exactly.
    @Test func legacyWithTheLargestChainId() throws {
        let key = try Secp256k1.PrivateKey(hex: String(repeating: "46", count: 32))
        let raw = try EthereumTransaction.signed(
            type: 0, chainId: .max, nonce: 1, to: key.address, gas: 21000, gasPrice: 1, key: key)
        let tx = try EthereumTransaction.decode(raw: raw)
        #expect(tx.chainId == .max && tx.sender == key.address)
        #expect(tx.v == UInt256(.max).multiplied(by: 2)?.adding(UInt256(35 + UInt64(tx.yParity))))
    }

    /// A transfer built with ERC20Call's call data decodes back to the same call.
    @Test func erc20TransferRoundTrip() throws {
        let key = try Secp256k1.PrivateKey(hex: String(repeating: "46", count: 32))
        let token = try Address("0x" + String(repeating: "ab", count: 20))
        let call = ERC20Call.transfer(to: key.address, amount: UInt256(12_345))
        let raw = try EthereumTransaction.signed(
            type: 2, chainId: 7, nonce: 3, to: token, data: call.calldata, gas: 60000, maxPriorityFeePerGas: 1,
            maxFeePerGas: 10, key: key)
        let tx = try EthereumTransaction.decode(raw: raw, expectedChainId: 7)
        #expect(tx.to == token && tx.sender == key.address)
        #expect(try ERC20Call.decode(calldata: tx.data) == call)
    }
}
