import Foundation

/// A BIP-32 derivation path such as `m/44'/60'/0'/0/0`: child indices from the master key down.
///
/// Parsed once and kept as numbers, so a path that reached a key derivation is known to be well
/// formed. Hardened indices carry `hardenedOffset` (2^31); text may mark them with `'`, `h` or `H`.
/// `description` always writes the `'` form, which is what Ethereum wallets show.
public struct DerivationPath: Sendable, Hashable, CustomStringConvertible {
    /// Indices at or above 2^31 are hardened: derived from the private key, so an xpub cannot reach them.
    public static let hardenedOffset: UInt32 = 0x8000_0000
    /// BIP-32 serialises depth in one byte, so a path cannot be longer than this.
    public static let maxDepth = 255

    public let components: [UInt32]

    public init(components: [UInt32]) throws(CryptoError) {
        guard components.count <= Self.maxDepth else {
            throw CryptoError(.invalidDerivationPath, "derivation path deeper than \(Self.maxDepth) levels")
        }
        self.components = components
    }

    /// Parses "m", "m/0", "m/44'/60'/0'/0/0", "m/0h/1H"; surrounding whitespace is ignored.
    public init(_ text: String) throws(CryptoError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard let root = parts.first, root == "m" || root == "M" else {
            throw CryptoError(.invalidDerivationPath, "derivation path must start with \"m\": \(text)")
        }
        parts.removeFirst()
        var components = [UInt32]()
        for (position, part) in parts.enumerated() {
            components.append(try Self.parseComponent(part, position: position + 1, text: text))
        }
        try self.init(components: components)
    }

    private static func parseComponent(
        _ part: Substring, position: Int, text: String
    ) throws(CryptoError) -> UInt32 {
        var digits = part
        var hardened = false
        if let last = digits.last, last == "'" || last == "h" || last == "H" {
            hardened = true
            digits = digits.dropLast()
        }
        guard !digits.isEmpty, digits.utf8.count <= 10, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            let value = UInt32(digits), value < hardenedOffset
        else {
            throw CryptoError(
                .invalidDerivationPath,
                "derivation path component \(position) (\"\(part)\") must be an index below 2^31, "
                    + "optionally followed by ' or h: \(text)")
        }
        return hardened ? value | hardenedOffset : value
    }

    /// BIP-44 for Ethereum (coin type 60): m/44'/60'/account'/0/index, the path MetaMask, geth's
    /// ledger support, Foundry and eth-account use. `account` must be below 2^31.
    public static func ethereum(index: UInt32, account: UInt32 = 0) -> DerivationPath {
        precondition(account < hardenedOffset, "BIP-44 account must be below 2^31")
        let components = [44 | hardenedOffset, 60 | hardenedOffset, account | hardenedOffset, 0, index]
        return DerivationPath(unchecked: components)
    }

    private init(unchecked components: [UInt32]) { self.components = components }

    public var description: String {
        (["m"] + components.map(Self.format)).joined(separator: "/")
    }

    static func format(_ index: UInt32) -> String {
        index >= hardenedOffset ? "\(index - hardenedOffset)'" : "\(index)"
    }
}
