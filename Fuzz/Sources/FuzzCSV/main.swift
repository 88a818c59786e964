// The CSV tokenizer on any bytes: one pass, in chunks, and after encoding detection.
import FuzzDriver
@_spi(Fuzzing) import ScoreKernel

runFuzzer { FuzzTarget.csv($0) }
