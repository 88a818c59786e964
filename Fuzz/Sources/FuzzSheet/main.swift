// The XML of a workbook's sheet (.xlsx input): rows, cells, merged ranges, into CSV text.
import FuzzDriver
@_spi(Fuzzing) import ScoreKernel

runFuzzer { FuzzTarget.sheet($0) }
