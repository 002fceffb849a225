import Foundation
import HelioCrypto
import HelioLedger
import HelioLog
import HelioRegistry
import HelioStore
import Hummingbird
import NIOCore

/// The ONE place where domain errors become HTTP statuses. Every code keeps its own name as the
/// problem's `code`; only the status and title are chosen here.
extension Problem {
    /// The problem for any error thrown while handling a request.
    public init(_ error: any Error) {
        switch error {
        case let problem as Problem: self = problem
        case let error as LedgerError: self.init(ledger: error)
        case let error as LogError: self.init(log: error)
        case let error as BatchRootMismatch:
            self.init(
                code: "batch_root_mismatch", status: .unprocessableContent, title: "Batch root mismatch",
                detail: "the readings' Merkle root is \(Hex.encode(error.computed, prefixed: true)), the request "
                    + "says \(Hex.encode(error.claimed, prefixed: true))")
        case let error as StatementError:
            self.init(
                code: error.code.rawValue, status: error.code == .notFound ? .notFound : .serviceUnavailable,
                title: error.code == .notFound ? "Not found" : "No checkpoint", detail: error.message)
        case let error as CryptoError:
            self.init(code: error.code.rawValue, status: .badRequest, title: "Invalid input", detail: error.message)
        case let error as StoreError:
            // The message may name files: it goes to the log, not to the client.
            self.init(
                code: "store_\(error.code.rawValue)", status: .internalServerError, title: "Storage failure",
                detail: "the registry could not read or write its store")
        case is DecodingError:
            self.init(code: "malformed_body", status: .badRequest, title: "Malformed body", detail: "\(error)")
        case is NIOTooManyBytesError:
            self = .bodyTooLarge("the request body is larger than the server accepts")
        case let error as HTTPError:
            self.init(http: error)
        default:
            self.init(
                code: "internal", status: .internalServerError, title: "Internal error",
                detail: "the request could not be handled")
        }
    }

    init(ledger error: LedgerError) {
        let status: HTTPResponse.Status
        let title: String
        switch error.code {
        case .badSignature: (status, title) = (.badRequest, "Bad signature")
        case .malformedCommand: (status, title) = (.badRequest, "Malformed command")
        case .unknownAsset: (status, title) = (.notFound, "Unknown asset")
        case .nonceTooLow, .nonceGap: (status, title) = (.conflict, "Wrong nonce")
        case .assetExists: (status, title) = (.conflict, "Asset exists")
        case .notMinter: (status, title) = (.forbidden, "Not a minter")
        case .unknownCertificate: (status, title) = (.notFound, "Unknown certificate")
        case .notHolder: (status, title) = (.forbidden, "Not the holder")
        case .insufficientCertificate, .certificateCancelled, .certificateExpired, .certificateWithdrawn,
            .lotHasCancellations:
            (status, title) = (.conflict, "Certificate cannot move")
        default: (status, title) = (.unprocessableContent, "Command refused")
        }
        self.init(code: error.code.rawValue, status: status, title: title, detail: error.message)
    }

    init(log error: LogError) {
        switch error.code {
        case .indexOutOfRange, .sizeBeyondTree, .invalidSizes:
            self.init(
                code: error.code.rawValue, status: .badRequest, title: "Invalid proof request", detail: error.message)
        default:
            self.init(
                code: "log_\(error.code.rawValue)", status: .internalServerError, title: "Log failure",
                detail: "the registry could not read its Merkle log")
        }
    }

    init(http error: HTTPError) {
        let code: String
        switch error.status {
        case .notFound: code = "not_found"
        case .methodNotAllowed: code = "method_not_allowed"
        case .contentTooLarge: code = "body_too_large"
        case .badRequest: code = "bad_request"
        default: code = "http_\(error.status.code)"
        }
        self.init(
            code: code, status: error.status, title: error.status.reasonPhrase,
            detail: error.body ?? "no resource at this path and method")
    }

    static func bodyTooLarge(_ detail: String) -> Problem {
        Problem(code: "body_too_large", status: .contentTooLarge, title: "Body too large", detail: detail)
    }

    static func badRequest(_ code: String, _ detail: String) -> Problem {
        Problem(code: code, status: .badRequest, title: "Bad request", detail: detail)
    }
}
