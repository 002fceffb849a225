import Foundation
import HelioEnergy
import Testing

/// The compiled `CodeLists.all` (CodeLists+Generated.swift) must equal the JSON releases in Schemas/code-lists,
/// entry by entry and in order: a hand edit to either side, or a forgotten `python3 Scripts/gen-code-lists.py`,
/// fails here.
struct CodeListGeneratedTests {
    struct JSONList: Decodable {
        struct Source: Decodable {
            let code: String
            let label: String
            let solar: Bool
        }
        struct Technology: Decodable {
            let code: String
            let label: String
            let energySource: String
        }
        let version: String
        let energySources: [Source]
        let technologies: [Technology]
    }

    /// The releases on disk, ordered like the generator orders them: by the N of `-v<N>.json`, then by name.
    static func releasesOnDisk() throws -> [(file: String, list: JSONList)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: RepoPath.codeLists.path)
        let releases = names.compactMap { name -> (n: Int, name: String)? in
            guard name.hasSuffix(".json"), let dash = name.range(of: "-v", options: .backwards) else { return nil }
            guard let n = Int(name[dash.upperBound...].dropLast(".json".count)) else { return nil }
            return (n, name)
        }
        return try releases.sorted { ($0.n, $0.name) < ($1.n, $1.name) }.map { release in
            let data = try Data(contentsOf: RepoPath.codeLists.appendingPathComponent(release.name))
            return (release.name, try JSONDecoder().decode(JSONList.self, from: data))
        }
    }

    @Test func generatedSwiftEqualsTheJSONFiles() throws {
        let onDisk = try Self.releasesOnDisk()
        #expect(!onDisk.isEmpty)
        try #require(onDisk.count == CodeLists.all.count, "regenerate: python3 Scripts/gen-code-lists.py")
        for ((file, json), compiled) in zip(onDisk, CodeLists.all) {
            #expect(compiled.version == json.version, "\(file)")
            #expect(compiled.energySources.count == json.energySources.count, "\(file)")
            for (a, b) in zip(compiled.energySources, json.energySources) {
                #expect(a.code == b.code && a.label == b.label && a.solar == b.solar, "\(file): \(b.code)")
            }
            #expect(compiled.technologies.count == json.technologies.count, "\(file)")
            for (a, b) in zip(compiled.technologies, json.technologies) {
                #expect(
                    a.code == b.code && a.label == b.label && a.energySource == b.energySource, "\(file): \(b.code)")
            }
        }
    }

    @Test func theSchemaFileIsNotARelease() throws {
        let names = try Self.releasesOnDisk().map(\.file)
        #expect(!names.contains("code-list.schema.json"))
        #expect(names.contains("eecs-energy-sources-and-technologies-v1.json"))
    }
}
