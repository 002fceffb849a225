import Foundation

/// Loads a JSON vector file from the test bundle's `Vectors/` folder (see Vectors/README.md).
enum VectorFile {
    static func url(_ relativePath: String) throws -> URL {
        let parts = relativePath.split(separator: "/")
        let file = String(parts.last!)
        let dir = (["Vectors"] + parts.dropLast().map(String.init)).joined(separator: "/")
        let name = (file as NSString).deletingPathExtension
        let ext = (file as NSString).pathExtension
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: dir) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: relativePath])
        }
        return url
    }

    static func load<T: Decodable>(_ type: T.Type, _ relativePath: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: url(relativePath)))
    }
}
