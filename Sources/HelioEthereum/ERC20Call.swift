import HelioCrypto
import HelioLedger

/// A decoded call to an ERC20 token: what `eth_call` and `eth_sendRawTransaction` carry in `data`.
///
/// Decoding is strict, like Solidity's: a known selector, then exactly one 32-byte word per argument
/// (no missing bytes and no extra trailing bytes), and address words padded with zeros. Anything else
/// is refused rather than guessed at, so one call has one encoding.
public enum ERC20Call: Hashable, Sendable {
    case name
    case symbol
    case decimals
    case totalSupply
    case balanceOf(Address)
    case allowance(owner: Address, spender: Address)
    case transfer(to: Address, amount: UInt256)
    case approve(spender: Address, amount: UInt256)
    case transferFrom(from: Address, to: Address, amount: UInt256)

    /// True for calls that only read state (answered by `eth_call`, never journaled).
    public var isView: Bool {
        switch self {
        case .name, .symbol, .decimals, .totalSupply, .balanceOf, .allowance: return true
        case .transfer, .approve, .transferFrom: return false
        }
    }

    /// The 4-byte function selector.
    public var selector: [UInt8] {
        switch self {
        case .name: return ERC20ABI.Selector.name
        case .symbol: return ERC20ABI.Selector.symbol
        case .decimals: return ERC20ABI.Selector.decimals
        case .totalSupply: return ERC20ABI.Selector.totalSupply
        case .balanceOf: return ERC20ABI.Selector.balanceOf
        case .allowance: return ERC20ABI.Selector.allowance
        case .transfer: return ERC20ABI.Selector.transfer
        case .approve: return ERC20ABI.Selector.approve
        case .transferFrom: return ERC20ABI.Selector.transferFrom
        }
    }

    /// The call data: selector, then one word per argument.
    public var calldata: [UInt8] {
        switch self {
        case .name, .symbol, .decimals, .totalSupply: return selector
        case .balanceOf(let a): return selector + ABI.encode(address: a)
        case .allowance(let owner, let spender):
            return selector + ABI.encode(address: owner) + ABI.encode(address: spender)
        case .transfer(let to, let amount): return selector + ABI.encode(address: to) + ABI.encode(uint: amount)
        case .approve(let spender, let amount):
            return selector + ABI.encode(address: spender) + ABI.encode(uint: amount)
        case .transferFrom(let from, let to, let amount):
            return selector + ABI.encode(address: from) + ABI.encode(address: to) + ABI.encode(uint: amount)
        }
    }

    /// Decodes call data; `unknown_selector` for a function ERC20 does not have, `malformed_calldata`
    /// for a short selector, a wrong length or dirty address padding.
    public static func decode(calldata: [UInt8]) throws(EthereumError) -> ERC20Call {
        guard calldata.count >= 4 else {
            throw EthereumError(
                .malformedCalldata, "call data is \(calldata.count) bytes, shorter than a 4-byte selector")
        }
        let selector = Array(calldata.prefix(4))
        let words: (Int) -> ArraySlice<UInt8> = { i in calldata[(4 + 32 * i)..<(4 + 32 * (i + 1))] }
        func expect(_ count: Int, _ name: String) throws(EthereumError) {
            guard calldata.count == 4 + 32 * count else {
                throw EthereumError(
                    .malformedCalldata,
                    "\(name) takes \(count) argument word(s): call data must be \(4 + 32 * count) bytes, got \(calldata.count)"
                )
            }
        }
        switch selector {
        case ERC20ABI.Selector.name: try expect(0, "name()"); return .name
        case ERC20ABI.Selector.symbol: try expect(0, "symbol()"); return .symbol
        case ERC20ABI.Selector.decimals: try expect(0, "decimals()"); return .decimals
        case ERC20ABI.Selector.totalSupply: try expect(0, "totalSupply()"); return .totalSupply
        case ERC20ABI.Selector.balanceOf:
            try expect(1, "balanceOf(address)")
            return .balanceOf(try ABI.address(word: words(0), argument: "account"))
        case ERC20ABI.Selector.allowance:
            try expect(2, "allowance(address,address)")
            return .allowance(
                owner: try ABI.address(word: words(0), argument: "owner"),
                spender: try ABI.address(word: words(1), argument: "spender"))
        case ERC20ABI.Selector.transfer:
            try expect(2, "transfer(address,uint256)")
            return .transfer(to: try ABI.address(word: words(0), argument: "to"), amount: ABI.uint(word: words(1)))
        case ERC20ABI.Selector.approve:
            try expect(2, "approve(address,uint256)")
            return .approve(
                spender: try ABI.address(word: words(0), argument: "spender"), amount: ABI.uint(word: words(1)))
        case ERC20ABI.Selector.transferFrom:
            try expect(3, "transferFrom(address,address,uint256)")
            return .transferFrom(
                from: try ABI.address(word: words(0), argument: "from"),
                to: try ABI.address(word: words(1), argument: "to"), amount: ABI.uint(word: words(2)))
        default:
            throw EthereumError(.unknownSelector, "selector 0x\(selector.map(hex).joined()) is not an ERC20 function")
        }
    }
}
