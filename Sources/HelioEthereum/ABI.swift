import HelioCrypto
import HelioLedger

/// The few Solidity ABI encodings an ERC20 token needs: 32-byte words for uint256, bool and address,
/// the dynamic `string` of `name()` / `symbol()`, and ERC-6093 revert data.
public enum ABI {
    /// One ABI word: 32 bytes.
    public static let wordSize = 32

    /// uint256 as a 32-byte big-endian word.
    public static func encode(uint value: UInt256) -> [UInt8] { value.bigEndianBytes }

    /// bool as a word holding 0 or 1.
    public static func encode(bool value: Bool) -> [UInt8] { encode(uint: value ? 1 : 0) }

    /// address as a word: 12 zero bytes, then the 20 address bytes.
    public static func encode(address: Address) -> [UInt8] { [UInt8](repeating: 0, count: 12) + address.rawValue }

    /// A lone `string` return value, as `name()` returns it: the offset of the data (0x20, the head is
    /// one word), the UTF-8 length, then the bytes right-padded with zeros to a whole number of words.
    public static func encode(string: String) -> [UInt8] {
        let bytes = Array(string.utf8)
        let padding = (wordSize - bytes.count % wordSize) % wordSize
        return encode(uint: UInt256(UInt64(wordSize))) + encode(uint: UInt256(UInt64(bytes.count))) + bytes
            + [UInt8](repeating: 0, count: padding)
    }

    /// The revert data OpenZeppelin v5 would return for `error`: the ERC-6093 selector followed by the
    /// encoded arguments. nil for the ledger's other errors (they are not ERC20 reverts) and for an
    /// ERC20 error whose arguments do not match the custom error's declaration (which would be a
    /// ledger bug; better no data than wrong data).
    public static func revertData(for error: LedgerError) -> [UInt8]? {
        let expected: (selector: [UInt8], arity: Int)
        switch error.code {
        case .insufficientBalance: expected = (ERC20ABI.ErrorSelector.insufficientBalance, 3)
        case .insufficientAllowance: expected = (ERC20ABI.ErrorSelector.insufficientAllowance, 3)
        case .invalidSender: expected = (ERC20ABI.ErrorSelector.invalidSender, 1)
        case .invalidReceiver: expected = (ERC20ABI.ErrorSelector.invalidReceiver, 1)
        case .invalidApprover: expected = (ERC20ABI.ErrorSelector.invalidApprover, 1)
        case .invalidSpender: expected = (ERC20ABI.ErrorSelector.invalidSpender, 1)
        default: return nil
        }
        // Every ERC-6093 ERC20 error is (address, uint256…): one address first, then the amounts.
        guard error.arguments.count == expected.arity, case .address = error.arguments.first else { return nil }
        var out = expected.selector
        for (i, argument) in error.arguments.enumerated() {
            switch argument {
            case .address(let a) where i == 0: out += encode(address: a)
            case .uint(let v) where i > 0: out += encode(uint: v)
            default: return nil
            }
        }
        return out
    }

    /// Reads an address word, refusing dirty padding: the 12 high bytes must be zero, as Solidity's
    /// decoder demands (otherwise two different call data would mean the same call).
    static func address(word: ArraySlice<UInt8>, argument: String) throws(EthereumError) -> Address {
        guard word.count == wordSize, word.prefix(12).allSatisfy({ $0 == 0 }),
            let address = try? Address(bytes: Array(word.suffix(20)))
        else {
            throw EthereumError(
                .malformedCalldata, "argument \(argument) is not an address (its 12 padding bytes are not zero)")
        }
        return address
    }

    /// Reads a uint256 word (every 32-byte value is one).
    static func uint(word: ArraySlice<UInt8>) -> UInt256 { UInt256(bigEndian: word) ?? .zero }
}
