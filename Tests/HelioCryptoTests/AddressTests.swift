import Foundation
import Testing

@testable import HelioCrypto

struct AddressTests {
    struct Valid: Decodable, Sendable {
        let checksummed: String
        let lower: String
        let upper: String
    }
    struct Invalid: Decodable, Sendable {
        let text: String
        let error: String
    }
    struct File: Decodable, Sendable {
        let valid: [Valid]
        let invalid: [Invalid]
    }

    static let file = (try? VectorFile.load(File.self, "core/eip55.json")) ?? File(valid: [], invalid: [])

    @Test func vectorFileLoads() { #expect(Self.file.valid.count >= 8 && Self.file.invalid.count >= 8) }

    @Test(arguments: file.valid)
    func checksumAndAllSingleCaseForms(_ v: Valid) throws {
        for text in [v.checksummed, v.lower, v.upper, String(v.lower.dropFirst(2))] {
            #expect(try Address(text).checksummed == v.checksummed, "\(text)")
        }
    }

    @Test(arguments: file.invalid)
    func invalidForms(_ v: Invalid) {
        #expect {
            _ = try Address(v.text)
        } throws: { ($0 as? CryptoError)?.code.rawValue == v.error }
    }

    @Test func codableUsesChecksum() throws {
        let a = try Address("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")
        let json = try JSONEncoder().encode([a])
        #expect(String(decoding: json, as: UTF8.self) == #"["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"]"#)
        #expect(try JSONDecoder().decode([Address].self, from: json) == [a])
    }
}

extension AddressTests.Valid: CustomTestStringConvertible { var testDescription: String { checksummed } }
extension AddressTests.Invalid: CustomTestStringConvertible { var testDescription: String { text } }
