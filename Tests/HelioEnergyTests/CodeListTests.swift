import HelioEnergy
import Testing

struct CodeListTests {
    let list = CodeLists.current

    func error(_ source: String, _ technology: String) -> CodeListError? {
        do {
            try list.validate(energySource: source, technology: technology)
            return nil
        } catch {
            return error
        }
    }

    @Test func currentIsTheLastAndVersionsResolve() throws {
        #expect(!CodeLists.all.isEmpty)
        #expect(CodeLists.current == CodeLists.all.last)
        #expect(CodeLists.version("eecs-fs5-v1")?.version == "eecs-fs5-v1")
        #expect(CodeLists.version("eecs-fs5-v0") == nil)
        #expect(CodeLists.version("") == nil)
        #expect(Set(CodeLists.all.map(\.version)).count == CodeLists.all.count)
    }

    @Test func knownFactsOfRelease1() throws {
        let v1 = try #require(CodeLists.version("eecs-fs5-v1"))
        #expect(v1.energySource("F01040100")?.solar == true)
        #expect(v1.energySource("F01050100")?.solar == false)
        #expect(v1.energySource("F01050200")?.solar == false)
        for code in ["T010000", "T010100", "T010101", "T010102"] {
            #expect(v1.technology(code)?.energySource == "F01040100", "\(code)")
        }
        #expect(v1.technology("T020000")?.energySource == "F01050100")
        #expect(v1.technology("T030000")?.energySource == "F01050200")
        #expect(v1.energySource("F99999999") == nil)
        #expect(v1.technology("T999999") == nil)
    }

    @Test func acceptsEveryTechnologyWithItsOwnSource() throws {
        try list.validate(energySource: "F01040100", technology: "T010101")
        for release in CodeLists.all {
            for tech in release.technologies {
                try release.validate(energySource: tech.energySource, technology: tech.code)
            }
        }
    }

    @Test func rejectsATechnologyOfAnotherSource() throws {
        let e = try #require(error("F01050100", "T010101"))
        #expect(e.code == .technologyNotOfEnergySource)
        #expect(e.message.contains("T010101") && e.message.contains("F01050100") && e.message.contains("F01040100"))
        #expect(e.description == e.message)
        #expect(error("F01040100", "T020000")?.code == .technologyNotOfEnergySource)
        #expect(error("F01050200", "T020000")?.code == .technologyNotOfEnergySource)
    }

    @Test func rejectsUnknownCodes() {
        #expect(error("F01040200", "T010000")?.code == .unknownEnergySource)
        #expect(error("F99999999", "T999999")?.code == .unknownEnergySource)  // the source is checked first
        #expect(error("F01040100", "T010103")?.code == .unknownTechnology)
        #expect(error("F01040100", "T010103")?.message.contains("eecs-fs5-v1") == true)
    }

    @Test(arguments: [
        "", "F", "F0104010", "F010401000", "f01040100", "F01040100 ", " F01040100", "F0104010A", "T01040100",
        "F01040\u{0}100", "F０1040100", "F01040١00", "F-1040100",
    ])
    func rejectsMalformedEnergySources(_ code: String) {
        let e = error(code, "T010000")
        #expect(e?.code == .malformedEnergySource)
        #expect(e?.message.contains("\n") == false)
    }

    @Test(arguments: ["", "T", "T01010", "T0101010", "t010101", "T01010A", "F010101", "T010101\n", "T01010٣"])
    func rejectsMalformedTechnologies(_ code: String) {
        let e = error("F01040100", code)
        #expect(e?.code == .malformedTechnology)
        #expect(e?.message.contains("\n") == false)
    }

    @Test func messagesStayShortForHostileInput() {
        let e = error(String(repeating: "F", count: 10_000), "T010000")
        #expect(e?.code == .malformedEnergySource)
        #expect((e?.message.count ?? .max) < 160)
    }
}
