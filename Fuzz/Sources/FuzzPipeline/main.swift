// projects.csv, a 0x00 byte, indicators.csv: read (lenient), score, analytics, result tables.
import FuzzDriver
@_spi(Fuzzing) import ScoreKernel

runFuzzer { FuzzTarget.pipeline($0) }
