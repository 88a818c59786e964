// The cells of a fixed valid batch, replaced by the input's 0x00-separated parts, then the
// whole pipeline: numbers and words where the scoring expects them.
import FuzzDriver
@_spi(Fuzzing) import ScoreKernel

runFuzzer { FuzzTarget.cells($0) }
