// A weights file (SPEC §9, `evalcli scenarios --weights`): first byte even for CSV, odd for YAML;
// weights that read are run as scenarios over a fixed batch and every scenario table is built.
import FuzzDriver
@_spi(Fuzzing) import ScoreKernel

runFuzzer { FuzzTarget.weights($0) }
