import Foundation
import Testing

@testable import HelioCrypto

struct Keccak256Tests {
    struct Vector: Decodable {
        let name: String
        let input_hex: String?
        let `repeat`: String?
        let count: Int?
        let keccak256: String

        func input() throws -> [UInt8] {
            if let hex = input_hex { return try Hex.decode(hex) }
            return [UInt8](repeating: try Hex.decode(`repeat`!)[0], count: count!)
        }
    }

    static let vectors: [Vector] = (try? VectorFile.load([Vector].self, "core/keccak256.json")) ?? []

    @Test func vectorFileLoads() { #expect(Self.vectors.count >= 8) }

    @Test(arguments: vectors)
    func oneShot(_ v: Vector) throws {
        #expect(Hex.encode(Keccak256.hash(try v.input())) == v.keccak256, "\(v.name)")
    }

    @Test(arguments: vectors)
    func streamingInUnevenChunks(_ v: Vector) throws {
        let input = try v.input()
        for chunk in [1, 7, 135, 136, 137, 1000] {
            var hasher = Keccak256()
            var i = 0
            while i < input.count {
                hasher.update(input[i..<min(i + chunk, input.count)])
                i += chunk
            }
            #expect(Hex.encode(hasher.finalize()) == v.keccak256, "\(v.name), chunk \(chunk)")
        }
    }

    @Test func isNotSHA3() {
        // Same permutation, different padding: the two must differ, and OpenSSL's SHA3 must match FIPS 202.
        #expect(Hex.encode(Keccak256.hash([UInt8]())) != Hex.encode(Digest.sha3_256([])))
        #expect(
            Hex.encode(Digest.sha3_256([])) == "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a")
    }

    @Test func invalidSiblingsDiffer() throws {
        // A one-bit change in the input or a one-byte change in length changes the digest.
        for v in Self.vectors where v.count == nil || v.count! < 10_000 {
            var input = try v.input()
            if input.isEmpty { input = [0] } else { input[input.count / 2] ^= 1 }
            #expect(Hex.encode(Keccak256.hash(input)) != v.keccak256, "\(v.name)")
        }
    }
}

extension Keccak256Tests.Vector: CustomTestStringConvertible, Sendable {
    var testDescription: String { name }
}
