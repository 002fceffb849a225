import HelioCrypto
import HelioLedger
import HelioRegistry

/// The request bodies of the reading endpoints, as `helio oracle sign` writes them and `submit` posts
/// them: exactly what the server parses (`ReadingWire`), one reading per line for people to read.
enum ReadingsBody {
    /// `POST /v1/readings`: `{"readings":[{…,"signature":"0x…"},…]}`.
    static func signed(_ readings: [SignedReading]) -> [UInt8] {
        lines(prefix: "{\"readings\":[", readings.map { ReadingWire.json($0.reading, signature: $0.signature) })
    }

    /// `POST /v1/reading-batches`: `{"signature":"0x…","root":"0x…","readings":[{…},…]}`. The root lets the
    /// server say at once when the file was altered (`batch_root_mismatch`).
    static func batch(_ batch: SignedReadingBatch) -> [UInt8] {
        let root = ReadingBatchRoot.root(batch.readings.map(ReadingTypedData.hashStruct))
        let head =
            "{\"signature\":\"\(Hex.encode(batch.signature, prefixed: true))\",\"root\":\"\(Hex.encode(root, prefixed: true))\","
            + "\"readings\":["
        return lines(prefix: head, batch.readings.map { ReadingWire.json($0) })
    }

    /// Which endpoint a body is for: a batch carries one top-level signature.
    static func endpoint(of body: JSONValue) -> String {
        body["signature"] == nil ? "/v1/readings" : "/v1/reading-batches"
    }

    private static func lines(prefix: String, _ items: [JSONValue]) -> [UInt8] {
        var text = prefix + "\n"
        for (i, item) in items.enumerated() {
            text += "  " + item.description + (i + 1 < items.count ? ",\n" : "\n")
        }
        text += "]}\n"
        return Array(text.utf8)
    }
}

/// The counts and rejections of a reading endpoint's 200 reply.
struct ReadingsSummary {
    struct Rejection {
        let index: Int
        let reason: String
        let detail: String
    }

    var accepted = 0
    var alreadyRecorded = 0
    var rejected = 0
    var rejections: [Rejection] = []

    init() {}

    init(reply: JSONValue) throws {
        func count(_ key: String) throws -> Int {
            guard case .number(let text) = reply[key], let n = Int(text) else {
                throw CLIError("the server's reply has no \(key) count")
            }
            return n
        }
        accepted = try count("accepted")
        alreadyRecorded = try count("alreadyRecorded")
        rejected = try count("rejected")
        guard case .array(let results) = reply["results"] else { throw CLIError("the server's reply has no results") }
        for r in results where r["outcome"] == .string("rejected") {
            guard case .number(let i) = r["index"], let index = Int(i) else { continue }
            var reason = "rejected"
            var detail = ""
            if case .string(let text) = r["reason"] { reason = text }
            if case .string(let text) = r["detail"] { detail = text }
            rejections.append(Rejection(index: index, reason: reason, detail: detail))
        }
    }

    static func += (a: inout ReadingsSummary, b: ReadingsSummary) {
        a.accepted += b.accepted
        a.alreadyRecorded += b.alreadyRecorded
        a.rejected += b.rejected
    }

    /// `accepted N, already recorded N, rejected N`.
    var line: String { "accepted \(accepted), already recorded \(alreadyRecorded), rejected \(rejected)" }

    /// One line per rejection: `index reason detail`, `offset` added to the index.
    func rejectionLines(offset: Int = 0) -> [String] {
        rejections.map { "\($0.index + offset) \($0.reason) \($0.detail)" }
    }
}
