import Foundation

extension Mnemonic {
    /// A BIP-39 word list and its reverse index, loaded once from the module's resources.
    ///
    /// The list ships as data (Resources/bip39-english.txt, the 2048 words of BIP-39 as published,
    /// SHA-256 2f5eed53…dbda) rather than as a Swift literal, so it can be checked against the
    /// published file byte for byte. A missing or damaged resource is a packaging bug, not a user
    /// error, so it stops the process instead of throwing.
    struct WordList: Sendable {
        /// BIP-39 lists hold exactly 2^11 words: each word carries 11 bits.
        static let size = 2048

        let words: [String]
        let index: [String: Int]

        static let english = WordList(resource: "bip39-english")

        init(resource name: String) {
            guard let url = Bundle.module.url(forResource: name, withExtension: "txt"),
                let text = try? String(contentsOf: url, encoding: .utf8)
            else {
                preconditionFailure("HelioCrypto resource \(name).txt is missing from the bundle")
            }
            let words = text.split(whereSeparator: \.isNewline).map(String.init)
            precondition(words.count == Self.size, "\(name).txt must hold \(Self.size) words, has \(words.count)")
            self.words = words
            self.index = Dictionary(uniqueKeysWithValues: words.enumerated().map { ($1, $0) })
        }
    }
}
