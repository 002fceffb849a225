/// A command-line usage or environment problem, printed as one line (`helio: error: …`), exit 1.
struct CLIError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
