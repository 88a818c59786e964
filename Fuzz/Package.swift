// swift-tools-version: 6.1
// libFuzzer targets for ScoreKernel, kept in a nested package because linking libFuzzer takes
// unsafe flags, which would make the root package unusable as a dependency. Build and run with
// `make fuzz` from the root (see README.md): the build passes `-sanitize=fuzzer,address` for
// every Swift target (coverage for ScoreKernel), and each executable here links libFuzzer's
// driver without its `main` (the harness's main.swift calls `LLVMFuzzerRunDriver`).
import Foundation
import PackageDescription

/// `libclang_rt.fuzzer_no_main-x86_64.a` from the clang resource folder of the toolchain that
/// runs this manifest: `$FUZZER_NO_MAIN` if set, else looked up next to each `swift` on PATH.
let fuzzerNoMain: String = {
    let environment = Context.environment
    if let path = environment["FUZZER_NO_MAIN"], !path.isEmpty { return path }
    let files = FileManager.default
    for dir in (environment["PATH"] ?? "").split(separator: ":") where files.fileExists(atPath: "\(dir)/swift") {
        let clang = URL(fileURLWithPath: "\(dir)/swift").resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lib/clang").path
        for version in (try? files.contentsOfDirectory(atPath: clang))?.sorted().reversed() ?? [] {
            let path = "\(clang)/\(version)/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a"
            if files.fileExists(atPath: path) { return path }
        }
    }
    return "libclang_rt.fuzzer_no_main-x86_64.a"  // not found: the link fails and names it
}()

/// One executable per target; the names are what `make fuzz` runs.
let harnesses = ["FuzzCSV", "FuzzValues", "FuzzScheme", "FuzzPipeline", "FuzzCells", "FuzzWeights", "FuzzBases", "FuzzReport", "FuzzSheet"]

let package = Package(
    name: "ScoreKernelFuzz",
    dependencies: [
        // `name:` must match the root package's name, whatever its folder is called.
        .package(name: "ScoreKernel", path: "../"),
    ],
    targets: [
        .target(name: "FuzzDriver"),
    ] + harnesses.map { name in
        .executableTarget(
            name: name,
            dependencies: ["FuzzDriver", .product(name: "ScoreKernel", package: "ScoreKernel")],
            linkerSettings: [.unsafeFlags([fuzzerNoMain, "-sanitize=address", "-lstdc++"])]
        )
    }
)
