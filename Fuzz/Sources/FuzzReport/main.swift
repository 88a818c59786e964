// Result files as `evalcli report` reads them (issue 11): the input taken in turn as each table,
// beside a fixed batch's other result files; every report that reads is rendered in both
// languages and must hold no <script> tag.
import FuzzDriver
@_spi(Fuzzing) import ScoreKernel

runFuzzer { FuzzTarget.report($0) }
