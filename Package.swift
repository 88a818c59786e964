// swift-tools-version: 6.1
import PackageDescription

// Linux only: the library calls Glibc (mmap, iconv, renameat2) and OpenBLAS from Debian; it is
// neither built nor tested on macOS.

let package = Package(
    name: "ScoreKernel",
    products: [
        .library(name: "ScoreKernel", targets: ["ScoreKernel"]),
        .executable(name: "evalcli", targets: ["evalcli"]),
        .executable(name: "bench", targets: ["bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // The achievement kernel in C, compiled for baseline x86-64, AVX2 and AVX-512 (runtime dispatch).
        // Optimized in debug builds too, so that the tests compare the vectorized paths.
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O2"])]),
        .target(
            name: "ScoreKernel",
            dependencies: ["CKernels", .product(name: "Yams", package: "Yams"), .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .executableTarget(
            name: "evalcli",
            dependencies: ["ScoreKernel", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "bench",
            dependencies: ["ScoreKernel", "COpenBLAS", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "ScoreKernelTests", dependencies: ["ScoreKernel", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(name: "evalcliTests", dependencies: ["evalcli"]),
        .testTarget(name: "benchTests", dependencies: ["bench"]),
    ]
)
