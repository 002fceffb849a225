import HelioCrypto
import HelioEthereum
import HelioLedger
import Testing

/// Selectors and topics against the literals of docs/ethereum-compat.md; call data, strings and
/// revert data against eth-abi (Vectors/abi.json).
struct ABITests {
    struct Call: Decodable, Sendable {
        let call, calldata: String
        let to, from, spender, owner, account, amount: String?
    }
    struct Revert: Decodable, Sendable {
        let code, data: String
        let arguments: [String]
    }
    struct Encoded<T: Decodable & Sendable>: Decodable, Sendable {
        let value: T
        let encoded: String
    }
    struct StringCase: Decodable, Sendable {
        let text, encoded: String
    }
    struct File: Decodable, Sendable {
        let calls: [Call]
        let reverts: [Revert]
        let strings: [StringCase]
        let uint: [Encoded<String>]
        let bool: [Encoded<Bool>]
    }

    static let file = try? VectorFile.load(File.self, "abi.json")

    @Test func selectorsMatchTheDocument() {
        let expected: [([UInt8], String)] = [
            (ERC20ABI.Selector.totalSupply, "0x18160ddd"), (ERC20ABI.Selector.balanceOf, "0x70a08231"),
            (ERC20ABI.Selector.transfer, "0xa9059cbb"), (ERC20ABI.Selector.transferFrom, "0x23b872dd"),
            (ERC20ABI.Selector.approve, "0x095ea7b3"), (ERC20ABI.Selector.allowance, "0xdd62ed3e"),
            (ERC20ABI.Selector.name, "0x06fdde03"), (ERC20ABI.Selector.symbol, "0x95d89b41"),
            (ERC20ABI.Selector.decimals, "0x313ce567"),
            (ERC20ABI.ErrorSelector.insufficientBalance, "0xe450d38c"),
            (ERC20ABI.ErrorSelector.invalidSender, "0x96c6fd1e"),
            (ERC20ABI.ErrorSelector.invalidReceiver, "0xec442f05"),
            (ERC20ABI.ErrorSelector.insufficientAllowance, "0xfb8f41b2"),
            (ERC20ABI.ErrorSelector.invalidApprover, "0xe602df05"),
            (ERC20ABI.ErrorSelector.invalidSpender, "0x94280d62"),
            (ERC20ABI.Topic.transfer, "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"),
            (ERC20ABI.Topic.approval, "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925"),
        ]
        for (computed, literal) in expected { #expect(EthData.encode(computed) == literal) }
    }

    @Test func callDataFromEthAbiDecodes() throws {
        let calls = try #require(Self.file?.calls)
        #expect(calls.count == 7)
        for c in calls {
            let decoded = try ERC20Call.decode(calldata: bytes(c.calldata))
            let address = { (text: String?) throws -> Address in try Address(text ?? "") }
            let amount = UInt256(decimal: c.amount ?? "") ?? .zero
            let expected: ERC20Call
            switch c.call {
            case "transfer": expected = .transfer(to: try address(c.to), amount: amount)
            case "approve": expected = .approve(spender: try address(c.spender), amount: amount)
            case "transferFrom":
                expected = .transferFrom(from: try address(c.from), to: try address(c.to), amount: amount)
            case "balanceOf": expected = .balanceOf(try address(c.account))
            case "allowance": expected = .allowance(owner: try address(c.owner), spender: try address(c.spender))
            case "name": expected = .name
            default: expected = .totalSupply
            }
            #expect(decoded == expected, "\(c.call)")
            #expect(EthData.encode(expected.calldata) == c.calldata, "\(c.call)")
        }
    }

    @Test func isView() throws {
        let a = try Address("0x" + String(repeating: "11", count: 20))
        let views: [ERC20Call] = [
            .name, .symbol, .decimals, .totalSupply, .balanceOf(a), .allowance(owner: a, spender: a),
        ]
        let writes: [ERC20Call] = [
            .transfer(to: a, amount: 1), .approve(spender: a, amount: 1), .transferFrom(from: a, to: a, amount: 1),
        ]
        #expect(views.allSatisfy(\.isView) && !writes.contains(where: \.isView))
        for call in views + writes { #expect(try ERC20Call.decode(calldata: call.calldata) == call) }
    }

    @Test func strictCallDataRefusals() throws {
        let transfer = ERC20Call.transfer(to: try Address("0x" + String(repeating: "22", count: 20)), amount: 5)
            .calldata
        var dirty = transfer
        dirty[4] = 0x01  // a non-zero byte in the address word's 12-byte padding
        var dirtyLast = transfer
        dirtyLast[15] = 0x80
        let cases: [(String, [UInt8], EthereumError.Code)] = [
            ("empty", [], .malformedCalldata),
            ("3 bytes", [0xa9, 0x05, 0x9c], .malformedCalldata),
            ("unknown selector", [0xde, 0xad, 0xbe, 0xef], .unknownSelector),
            (
                "mint(address,uint256) is not ERC20",
                ERC20ABI.selector("mint(address,uint256)") + [UInt8](repeating: 0, count: 64), .unknownSelector
            ),
            ("transfer missing a byte", Array(transfer.dropLast()), .malformedCalldata),
            ("transfer with a trailing byte", transfer + [0], .malformedCalldata),
            ("transfer with an extra word", transfer + [UInt8](repeating: 0, count: 32), .malformedCalldata),
            ("name() with an argument", ERC20ABI.Selector.name + [UInt8](repeating: 0, count: 32), .malformedCalldata),
            ("dirty address padding (first byte)", dirty, .malformedCalldata),
            ("dirty address padding (last padding byte)", dirtyLast, .malformedCalldata),
        ]
        for (name, data, expected) in cases {
            #expect(code { try ERC20Call.decode(calldata: data) } == expected, "\(name)")
        }
    }

    @Test func wordEncodingsMatchEthAbi() throws {
        let file = try #require(Self.file)
        for c in file.uint {
            #expect(EthData.encode(ABI.encode(uint: UInt256(decimal: c.value) ?? .zero)) == c.encoded)
        }
        for c in file.bool { #expect(EthData.encode(ABI.encode(bool: c.value)) == c.encoded) }
        #expect(file.strings.contains { $0.text == "SolarCoin" })
        for c in file.strings { #expect(EthData.encode(ABI.encode(string: c.text)) == c.encoded, "\(c.text)") }
        let a = try Address("0x" + String(repeating: "ab", count: 20))
        #expect(ABI.encode(address: a) == [UInt8](repeating: 0, count: 12) + a.rawValue)
    }

    @Test func revertDataMatchesEthAbi() throws {
        let reverts = try #require(Self.file?.reverts)
        #expect(reverts.count == 6)
        for r in reverts {
            let arguments: [LedgerError.Argument] = try r.arguments.enumerated().map { i, text in
                i == 0 ? .address(try Address(text)) : .uint(UInt256(decimal: text) ?? .zero)
            }
            let error = LedgerError(.init(rawValue: r.code), "test", arguments: arguments)
            #expect(ABI.revertData(for: error).map(EthData.encode) == r.data, "\(r.code)")
        }
    }

    @Test func noRevertDataForOtherErrors() throws {
        #expect(ABI.revertData(for: LedgerError(.unknownAsset, "no such asset")) == nil)
        #expect(ABI.revertData(for: LedgerError(.nonceTooLow, "nonce")) == nil)
        // An ERC20 code with arguments of the wrong shape: no data rather than wrong data.
        #expect(ABI.revertData(for: LedgerError(.invalidReceiver, "x", arguments: [.uint(1)])) == nil)
        #expect(ABI.revertData(for: LedgerError(.insufficientBalance, "x", arguments: [.address(.zero)])) == nil)
    }

    /// Random call data, often behind a real selector: thrown errors only, and what decodes re-encodes
    /// to exactly the input (one call, one encoding).
    @Test(arguments: [31, 32] as [UInt64])
    func randomCallDataNeverCrashes(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        let selectors = [
            ERC20ABI.Selector.transfer, ERC20ABI.Selector.approve, ERC20ABI.Selector.transferFrom,
            ERC20ABI.Selector.balanceOf, ERC20ABI.Selector.allowance, ERC20ABI.Selector.name,
        ]
        for round in 0..<3000 {
            var data = rng.bytes([0, 3, 4, 36, 68, 100, 101][Int.random(in: 0..<7, using: &rng)])
            if data.count >= 4, round % 2 == 0 {
                data.replaceSubrange(0..<4, with: selectors[Int.random(in: 0..<selectors.count, using: &rng)])
                // Mostly clean padding, so some inputs get past the padding check.
                for w in stride(from: 4, to: data.count - 31, by: 32) where Bool.random(using: &rng) {
                    data.replaceSubrange(w..<w + 12, with: [UInt8](repeating: 0, count: 12))
                }
            }
            if let call = try? ERC20Call.decode(calldata: data) {
                #expect(call.calldata == data, "seed \(seed) round \(round)")
            }
        }
    }
}
