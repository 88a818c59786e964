// A bases.csv (SPEC §8, `evalcli score --apply … --bases`): read for a fixed batch's departments;
// bases that read are charged by every preset, a fixed deduction and an equal pool, in 元 and 万元.
import FuzzDriver
@_spi(Fuzzing) import ScoreKernel

runFuzzer { FuzzTarget.bases($0) }
