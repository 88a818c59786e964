/// libFuzzer's driver, from `libclang_rt.fuzzer_no_main` (linked by each harness): parses the
/// libFuzzer options in `argv` and runs `callback` on every input.
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The function under test; set once by ``runFuzzer(_:)`` before the driver starts.
nonisolated(unsafe) private var body: (UnsafeBufferPointer<UInt8>) -> Void = { _ in }

/// Runs libFuzzer with the process's command line (`-max_total_time=60 corpus/`, or files to
/// run once), calling `test` with each input; exits with the driver's status.
///
/// Run with `SWIFT_BACKTRACE=enable=no`, or the Swift runtime's backtracer may catch a crash
/// before libFuzzer can write the input that caused it.
public func runFuzzer(_ test: @escaping (UnsafeBufferPointer<UInt8>) -> Void) -> Never {
    body = test
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        body(UnsafeBufferPointer(start: data, count: size))
        return 0
    }
    exit(status)
}

#if canImport(Glibc)
import Glibc
#endif
