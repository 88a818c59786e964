import CKernels

/// A compiled path of the C kernels (`Sources/CKernels`): each is compiled for baseline x86-64
/// (SSE2), AVX2 and AVX-512, and the widest this CPU runs is the default (``best``). Every path
/// performs the same IEEE operations in the same order, so each gives the same bits (tested).
enum KernelPath: UInt32, CaseIterable, Sendable {
    case baseline = 0, avx2, avx512

    /// The widest path this CPU runs.
    static let best = KernelPath(rawValue: sk_best_path().rawValue) ?? .baseline

    /// The paths this CPU runs.
    static var supported: [KernelPath] { allCases.filter { $0.rawValue <= best.rawValue } }

    /// The path as the C kernels take it.
    var c: sk_path { sk_path(rawValue: rawValue) }
}
