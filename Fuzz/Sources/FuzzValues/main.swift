// One cell by the value syntax of SPEC §3.2: as a number and as a target.
import FuzzDriver
@_spi(Fuzzing) import ScoreKernel

runFuzzer { FuzzTarget.values($0) }
