import COpenSSL
import Foundation

/// BIP-39 mnemonic phrases (English word list only).
///
/// A phrase encodes 128–256 bits of entropy plus a SHA-256 checksum, 11 bits per word. Input phrases
/// are tidied before use: words may be split by any run of whitespace (spaces, tabs, newlines) and
/// written in any case, because people copy phrases from paper and chat windows. The seed is always
/// computed from the tidy form (lowercase words, single spaces), so "Abandon  ABANDON …" and
/// "abandon abandon …" open the same wallet. The passphrase is taken as typed (only NFKD-normalised).
public enum Mnemonic {
    /// Word counts BIP-39 defines: 12 words = 128 bits of entropy … 24 words = 256 bits.
    public static let wordCounts = [12, 15, 18, 21, 24]
    /// BIP-39's PBKDF2-HMAC-SHA512 iteration count and seed length.
    static let seedIterations: UInt32 = 2048
    static let seedLength = 64

    /// The 2048 English words, in index order.
    public static var englishWords: [String] { WordList.english.words }

    /// A new phrase from the system CSPRNG.
    public static func generate(wordCount: Int = 12) throws(CryptoError) -> String {
        guard wordCounts.contains(wordCount) else {
            throw CryptoError(.invalidMnemonic, "word count must be 12, 15, 18, 21 or 24, got \(wordCount)")
        }
        return try phrase(entropy: SecureRandom.bytes(wordCount * 4 / 3))
    }

    /// The phrase for 16, 20, 24, 28 or 32 bytes of entropy.
    public static func phrase(entropy: [UInt8]) throws(CryptoError) -> String {
        guard (16...32).contains(entropy.count), entropy.count % 4 == 0 else {
            throw CryptoError(.invalidLength, "BIP-39 entropy must be 16, 20, 24, 28 or 32 bytes, got \(entropy.count)")
        }
        let bits = entropy + [Digest.sha256(entropy)[0]]
        let words = WordList.english.words
        let count = entropy.count * 8 * 33 / 32 / 11
        return (0..<count).map { words[Int(Self.read11Bits(bits, word: $0))] }.joined(separator: " ")
    }

    /// The entropy a phrase encodes, after checking word count, every word and the checksum.
    public static func entropy(phrase: String) throws(CryptoError) -> [UInt8] {
        try decode(words(of: phrase))
    }

    /// The 64-byte BIP-39 seed: PBKDF2-HMAC-SHA512(NFKD(phrase), "mnemonic" + NFKD(passphrase), 2048).
    /// The phrase is validated (and tidied) first, so a typo fails here rather than opening an empty wallet.
    public static func seed(phrase: String, passphrase: String = "") throws(CryptoError) -> [UInt8] {
        let words = words(of: phrase)
        _ = try decode(words)
        let password = Array(words.joined(separator: " ").decomposedStringWithCompatibilityMapping.utf8)
        let salt = Array(("mnemonic" + passphrase).decomposedStringWithCompatibilityMapping.utf8)
        var out = [UInt8](repeating: 0, count: seedLength)
        guard helio_pbkdf2(password, password.count, salt, salt.count, seedIterations, 512, &out, out.count) == 1 else {
            throw CryptoError(.library, "OpenSSL PBKDF2-HMAC-SHA512 failed")
        }
        return out
    }

    /// NFKD, lowercase, split on any whitespace.
    static func words(of phrase: String) -> [String] {
        phrase.decomposedStringWithCompatibilityMapping.lowercased()
            .split(whereSeparator: { $0.isWhitespace }).map(String.init)
    }

    private static func decode(_ words: [String]) throws(CryptoError) -> [UInt8] {
        guard wordCounts.contains(words.count) else {
            throw CryptoError(
                .invalidMnemonic, "a mnemonic has 12, 15, 18, 21 or 24 words, this one has \(words.count)")
        }
        let list = WordList.english
        var bits = [UInt8](repeating: 0, count: (words.count * 11 + 7) / 8)
        for (position, word) in words.enumerated() {
            guard let index = list.index[word] else {
                throw CryptoError(.invalidMnemonic, "unknown word \"\(word)\" (word \(position + 1)) in mnemonic")
            }
            for bit in 0..<11 where index & (1 << (10 - bit)) != 0 {
                let offset = position * 11 + bit
                bits[offset / 8] |= 0x80 >> UInt8(offset % 8)
            }
        }
        let checksumBits = words.count / 3
        let entropy = Array(bits.prefix((words.count * 11 - checksumBits) / 8))
        let expected = Digest.sha256(entropy)[0] >> (8 - checksumBits)
        let found = bits[entropy.count] >> (8 - checksumBits)
        guard expected == found else {
            throw CryptoError(.invalidMnemonic, "mnemonic checksum does not match (a word is wrong or out of order)")
        }
        return entropy
    }

    /// Bits [11·word, 11·word + 11) of `bytes`, big-endian.
    private static func read11Bits(_ bytes: [UInt8], word: Int) -> UInt16 {
        var value: UInt16 = 0
        for bit in word * 11..<word * 11 + 11 {
            value = value << 1 | UInt16(bytes[bit / 8] >> (7 - UInt8(bit % 8)) & 1)
        }
        return value
    }
}
