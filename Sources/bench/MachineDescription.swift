import COpenBLAS
import Foundation

/// What the figures were measured on, recorded next to them in the JSON so that a baseline from
/// another machine or BLAS configuration is recognisable as such.
struct MachineDescription: Codable, Equatable {
    /// `model name` from /proc/cpuinfo.
    var cpuModel: String
    /// Logical processors available to this process.
    var cores: Int
    /// Data and unified caches of CPU 0, such as "L2 1024K" (from sysfs).
    var caches: [String]
    /// The largest of them, in bytes; sizes the bandwidth arrays.
    var largestCacheBytes: Int
    /// MemTotal from /proc/meminfo, in bytes.
    var memoryBytes: Int
    /// PRETTY_NAME from /etc/os-release.
    var os: String
    /// `openblas_get_config()`: version, build options and the core type (e.g. SkylakeX).
    var openblasConfig: String
    /// `openblas_get_corename()`: the kernel set OpenBLAS chose for this CPU.
    var openblasCore: String
    /// `openblas_get_num_threads()` as the process started (OPENBLAS_NUM_THREADS).
    var openblasThreads: Int
    /// Environment variables that change the figures, when set.
    var environment: [String: String]

    /// Reads the description of the machine this process runs on.
    static func current() -> MachineDescription {
        let caches = cacheSizes()
        return MachineDescription(
            cpuModel: firstValue(in: "/proc/cpuinfo", key: "model name", separator: ":") ?? "unknown",
            cores: ProcessInfo.processInfo.activeProcessorCount,
            caches: caches.map(\.label),
            largestCacheBytes: caches.map(\.bytes).max() ?? 0,
            memoryBytes: firstValue(in: "/proc/meminfo", key: "MemTotal", separator: ":")
                .flatMap { Int($0.split(separator: " ").first ?? "") }.map { $0 * 1024 } ?? 0,
            os: firstValue(in: "/etc/os-release", key: "PRETTY_NAME", separator: "=")?
                .trimmingCharacters(in: CharacterSet(charactersIn: "\"")) ?? "unknown",
            openblasConfig: String(cString: openblas_get_config()),
            openblasCore: String(cString: openblas_get_corename()),
            openblasThreads: Int(openblas_get_num_threads()),
            environment: ProcessInfo.processInfo.environment.filter { key, _ in
                ["OPENBLAS_NUM_THREADS", "OPENBLAS_THREAD_TIMEOUT", "OMP_NUM_THREADS"].contains(key)
            }
        )
    }

    /// One line for the top of the table.
    var summary: String {
        "\(cpuModel), \(cores) cores, caches \(caches.joined(separator: " ")), OpenBLAS \(openblasCore) "
            + "(\(openblasThreads) thread\(openblasThreads == 1 ? "" : "s"))"
    }

    /// The value after `separator` on the first line of `path` whose key is `key`.
    private static func firstValue(in path: String, key: String, separator: Character) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") {
            guard let cut = line.firstIndex(of: separator),
                  line[..<cut].trimmingCharacters(in: .whitespaces) == key else { continue }
            return line[line.index(after: cut)...].trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// CPU 0's data and unified caches from /sys/devices/system/cpu/cpu0/cache.
    private static func cacheSizes() -> [(label: String, bytes: Int)] {
        let root = "/sys/devices/system/cpu/cpu0/cache"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        func read(_ path: String) -> String? {
            (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return entries.filter { $0.hasPrefix("index") }.sorted().compactMap { index in
            guard let level = read("\(root)/\(index)/level"), let type = read("\(root)/\(index)/type"),
                  let size = read("\(root)/\(index)/size"), type != "Instruction" else { return nil }
            let unit = size.last.map { ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30][String($0)] ?? 1 } ?? 1
            let bytes = (Int(size.filter(\.isNumber)) ?? 0) * unit
            return ("L\(level)\(type == "Data" ? "d" : "") \(size)", bytes)
        }
    }
}
