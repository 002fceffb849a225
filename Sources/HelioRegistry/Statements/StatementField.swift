import HelioCrypto

extension StatementVerifier {
    /// A JSON object being read, with its path for error messages (`lineage[2].entry.index`).
    struct Field {
        let value: JSONValue
        let path: String

        init(_ value: JSONValue, _ path: String) {
            self.value = value
            self.path = path
        }

        private func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

        private func member(_ key: String) throws(Failure) -> JSONValue {
            guard case .object = value else { throw Failure("\(path.isEmpty ? "the statement" : path): not an object") }
            guard let v = value[key] else { throw Failure("\(name(key)): missing") }
            return v
        }

        func string(_ key: String) throws(Failure) -> String {
            guard case .string(let s) = try member(key) else { throw Failure("\(name(key)): not a string") }
            return s
        }

        func uint(_ key: String) throws(Failure) -> UInt64 {
            guard case .number(let n) = try member(key), let v = UInt64(n) else {
                throw Failure("\(name(key)): not an unsigned integer")
            }
            return v
        }

        func int(_ key: String) throws(Failure) -> Int64 {
            guard case .number(let n) = try member(key), let v = Int64(n) else {
                throw Failure("\(name(key)): not an integer")
            }
            return v
        }

        func address(_ key: String) throws(Failure) -> Address {
            guard let a = try? Address(try string(key)) else { throw Failure("\(name(key)): not an address") }
            return a
        }

        func object(_ key: String) throws(Failure) -> Field {
            let v = try member(key)
            guard case .object = v else { throw Failure("\(name(key)): not an object") }
            return Field(v, name(key))
        }

        func array(_ key: String) throws(Failure) -> [JSONValue] {
            guard case .array(let items) = try member(key) else { throw Failure("\(name(key)): not an array") }
            return items
        }
    }
}
