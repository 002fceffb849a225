import HelioCrypto

/// The ERC20 interface as the EVM sees it: 4-byte function selectors, event topics and the ERC-6093
/// custom error selectors that OpenZeppelin v5 reverts with.
///
/// Every constant is COMPUTED from its Solidity signature text (keccak256, first 4 bytes for selectors,
/// all 32 for topics) rather than typed in as hex, so a typo cannot hide: the tests compare each against
/// the literal values of docs/ethereum-compat.md.
public enum ERC20ABI {
    /// The first 4 bytes of keccak256(signature): how the EVM dispatches a call.
    public static func selector(_ signature: String) -> [UInt8] {
        Array(Keccak256.hash(Array(signature.utf8)).prefix(4))
    }

    /// keccak256(signature): topic 0 of an event's log.
    public static func topic(_ signature: String) -> [UInt8] { Keccak256.hash(Array(signature.utf8)) }

    /// Function selectors (EIP-20).
    public enum Selector {
        public static let name = selector("name()")
        public static let symbol = selector("symbol()")
        public static let decimals = selector("decimals()")
        public static let totalSupply = selector("totalSupply()")
        public static let balanceOf = selector("balanceOf(address)")
        public static let allowance = selector("allowance(address,address)")
        public static let transfer = selector("transfer(address,uint256)")
        public static let approve = selector("approve(address,uint256)")
        public static let transferFrom = selector("transferFrom(address,address,uint256)")
    }

    /// Event topics (EIP-20): topic 0 of every Transfer / Approval log.
    public enum Topic {
        public static let transfer = topic("Transfer(address,address,uint256)")
        public static let approval = topic("Approval(address,address,uint256)")
    }

    /// ERC-6093 custom errors (OpenZeppelin v5 `IERC20Errors`): the first 4 bytes of revert data.
    public enum ErrorSelector {
        public static let insufficientBalance = selector("ERC20InsufficientBalance(address,uint256,uint256)")
        public static let invalidSender = selector("ERC20InvalidSender(address)")
        public static let invalidReceiver = selector("ERC20InvalidReceiver(address)")
        public static let insufficientAllowance = selector("ERC20InsufficientAllowance(address,uint256,uint256)")
        public static let invalidApprover = selector("ERC20InvalidApprover(address)")
        public static let invalidSpender = selector("ERC20InvalidSpender(address)")
    }
}
