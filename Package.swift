// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "ScoreKernel",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "ScoreKernel", targets: ["ScoreKernel"]),
        .executable(name: "evalcli", targets: ["evalcli"]),
        .executable(name: "bench", targets: ["bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(
            name: "ScoreKernel",
            dependencies: ["COpenBLAS", .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "evalcli",
            dependencies: ["ScoreKernel", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "bench",
            dependencies: ["ScoreKernel", "COpenBLAS", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "ScoreKernelTests", dependencies: ["ScoreKernel", "COpenBLAS"]),
        .testTarget(name: "evalcliTests", dependencies: ["evalcli"]),
        .testTarget(name: "benchTests", dependencies: ["bench"]),
    ]
)
