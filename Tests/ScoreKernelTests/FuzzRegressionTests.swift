import Foundation
@_spi(Fuzzing) @_spi(Stages) @testable import ScoreKernel
import Testing

/// Every input the fuzzers (or the issue's list of crashes) turned up, kept in
/// Fuzz/Regressions/<target>/ and fed to the same `FuzzTarget` entry point as the fuzzer does:
/// each once trapped, and must now return normally. `make fuzz` replays them too, under ASan.
@Suite struct FuzzRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fuzz/Regressions").standardized

    static let cases: [String] = {
        let fm = FileManager.default
        return ((try? fm.contentsOfDirectory(atPath: folder.path)) ?? []).sorted().flatMap { target in
            ((try? fm.contentsOfDirectory(atPath: folder.appendingPathComponent(target).path)) ?? []).sorted()
                .map { "\(target)/\($0)" }
        }
    }()

    @Test func thereAreRegressionInputs() {
        #expect(Self.cases.count >= 7, "\(Self.folder.path): \(Self.cases)")
    }

    @Test(arguments: cases) func replays(_ name: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Self.folder.appendingPathComponent(name)))
        bytes.withUnsafeBufferPointer { b in
            switch name.split(separator: "/")[0] {
            case "csv": FuzzTarget.csv(b)
            case "values": FuzzTarget.values(b)
            case "scheme": _ = FuzzTarget.scheme(b)
            case "pipeline": FuzzTarget.pipeline(b)
            case "cells": FuzzTarget.cells(b)
            case "weights": FuzzTarget.weights(b)
            case "bases": FuzzTarget.bases(b)
            case "sheet": FuzzTarget.sheet(b)
            default: Issue.record("no fuzz target for \(name)")
            }
        }
    }
}
