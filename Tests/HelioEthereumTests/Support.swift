import Foundation
import HelioCrypto
import HelioEthereum
import Testing

/// Loads a JSON vector file from the test bundle's `Vectors/` folder (see Vectors/README.md).
enum VectorFile {
    static func load<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        let base = (name as NSString).deletingPathExtension
        guard let url = Bundle.module.url(forResource: base, withExtension: "json", subdirectory: "Vectors") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: name])
        }
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }
}

/// The code of the error `body` throws, or nil when it returns: `#expect(code { … } == .highS)`.
/// Any error other than an `EthereumError` comes back as an "unexpected …" code, so it fails the check.
func code<T>(_ body: () throws -> T) -> EthereumError.Code? {
    do {
        _ = try body()
        return nil
    } catch let error as EthereumError {
        return error.code
    } catch {
        return EthereumError.Code(rawValue: "unexpected \(type(of: error)): \(error)")
    }
}

/// Bytes from hex text (test literals only).
func bytes(_ hex: String) -> [UInt8] { (try? Hex.decode(hex)) ?? [] }

/// SplitMix64: a tiny seeded generator so property tests are reproducible (a failure names its seed).
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255, using: &self) } }
}
