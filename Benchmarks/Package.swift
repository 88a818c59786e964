// swift-tools-version: 6.1
// Benchmarks for ScoreKernel's kernels with ordo-one/package-benchmark, kept in a nested package
// so that the root package never builds package-benchmark (it adds about two minutes to every
// build). Run from this directory: `swift package benchmark` (see README.md).
import PackageDescription

let package = Package(
    name: "ScoreKernelBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        // `name:` must match the root package's name, whatever its folder is called.
        .package(name: "ScoreKernel", path: "../"),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "ScoreKernelBenchmarks",
            dependencies: [
                .product(name: "ScoreKernel", package: "ScoreKernel"),
                .product(name: "Benchmark", package: "package-benchmark"),
            ],
            path: "Benchmarks/ScoreKernelBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
    ]
)
