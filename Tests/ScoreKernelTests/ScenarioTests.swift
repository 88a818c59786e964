import Testing
@_spi(Stages) @testable import ScoreKernel

/// SPEC §4.5: the category matrix, missing-category policies, the tiled BLAS product.
@Suite struct ScenarioTests {
    /// Output a = 0.8 (50 points), benefit a = 0.9 (40 points), no satisfaction, execution 1.
    func projectWithoutSatisfaction(_ scheme: Scheme) throws -> (CategoryMatrix, ScenarioEngine) {
        let (batch, scores) = try scoreProject(["output,>=,100,80,50", "benefit,>=,10,9,40"], scheme: scheme)
        let matrix = CategoryMatrix(batch: batch, scores: scores, scheme: scheme)
        return (matrix, ScenarioEngine(matrix: matrix, scheme: scheme, threads: 1))
    }

    /// The rounded score of the only project under weights 50/30/10/10.
    func schemeScore(_ policy: MissingCategory) throws -> Int64 {
        var scheme = Scheme()
        scheme.missingCategory = policy
        let (matrix, engine) = try projectWithoutSatisfaction(scheme)
        #expect(matrix.categories == ["output", "benefit", "satisfaction", "execution"])
        #expect(matrix.presence == [1, 1, scheme.missingCategory == .zero || scheme.missingCategory == .renormalize ? 0 : 1, 1])
        let set = ScenarioSet.scheme(scheme, categories: matrix.categories)
        let scores = engine.run(set) { ScoreCollector(count: matrix.projectCount, scenarios: set.count) }
        return scores.units[0]
    }

    @Test func missingSatisfactionUnderEachPolicy() throws {
        // C = [0.8, 0.9, 0, 1]; C·W = 0.8·50 + 0.9·30 + 0·10 + 1·10 = 77.
        #expect(try schemeScore(.zero) == 7700)
        // renormalize: P·W = 50 + 30 + 10 = 90 → 77 × 100 / 90 = 85.555… → 85.56
        #expect(try schemeScore(.renormalize) == 8556)
        // merge satisfaction into output: C[satisfaction] = 0.8 → 77 + 8 = 85.00
        #expect(try schemeScore(.merge(["satisfaction": "output"])) == 8500)
    }

    /// `rounding: truncate` cuts scenario totals too: renormalised 85.555… → 85.55 (85.56 half
    /// away), zero 77 stays 77.
    @Test func truncatingSchemesCutScenarioTotals() throws {
        var scheme = Scheme()
        scheme.rounding = .truncate
        let (matrix, engine) = try projectWithoutSatisfaction(scheme)
        let set = ScenarioSet.scheme(scheme, categories: matrix.categories)
        #expect(engine.run(set) { ScoreCollector(count: matrix.projectCount, scenarios: set.count) }.units[0] == 8555)
    }

    @Test func categoryMatrixIsThePointsWeightedAchievement() throws {
        // Output: 30 points at 0.5 and 20 at 1 → (15 + 20) / 50 = 0.7; execution 86.2% → 0.862.
        let (batch, scores) = try scoreProject(["output,>=,100,50,30", "output,>=,1,1,20", "benefit,>=,1,1,30", "satisfaction,>=,1,1,10"],
                                               budget: "100", executed: "86.2")
        let m = CategoryMatrix(batch: batch, scores: scores, scheme: Scheme())
        #expect(m.achievement == [0.7, 1, 1, 0.862])
        #expect(m.ownPoints == [50, 30, 10, 10])
        // as_filed: 0.7·50 + 30 + 10 + 0.862·10 = 83.62, the §4.4 total.
        #expect(asFiledUnits(m) == [8362])
        #expect(scores.total[0] == 8362)
    }

    @Test func level2DimensionHasNineCategoriesAndExecution() throws {
        var scheme = Scheme()
        scheme.dimension = .level2
        let (batch, scores) = try scoreProject(["output,>=,100,50,90"])
        let m = CategoryMatrix(batch: batch, scores: scores, scheme: scheme)
        #expect(m.categoryCount == 10)
        #expect(m.presence == [0, 0, 0, 0, 0, 0, 0, 0, 0, 1])  // level 2 unspecified: only execution
    }

    @Test func roundingAtTheTotalBreaksExactHalvesUpward() throws {
        // C = [0.12345, 0, 0, 0] with W = [100, 0, 0, 0]: S = 12.345 → 12.35 (floor(1234.5 + 0.5 + 1e-6)).
        let matrix = CategoryMatrix(testAchievement: [0.12345, 0, 0, 0], presence: [1, 1, 1, 1])
        var scheme = Scheme()
        scheme.missingCategory = .zero
        let engine = ScenarioEngine(matrix: matrix, scheme: scheme, threads: 1)
        let set = ScenarioSet(names: ["x"], vectors: [[100, 0, 0, 0]], grades: [GradeScale(bands: scheme.grades, precision: 2)])
        #expect(engine.run(set) { ScoreCollector(count: 1, scenarios: 1) }.units == [1235])
    }

    /// The tiled, threaded product against a naive triple loop on random data, to the bit: the
    /// same operations in the same order (C·W in category order; P·W and the division only for a
    /// project lacking a category), whatever the tile.
    /// With fewer scenarios than eight (3) the engine scores from the matrix's rows instead of
    /// a tile of columns: the same loop holds it.
    @Test(arguments: [MissingCategory.renormalize, .zero], [37, 3])
    func productMatchesANaiveLoop(policy: MissingCategory, m: Int) {
        var r = SplitMix64(seed: 99)
        let n = 1000, k = 4
        var c = [Double](repeating: 0, count: n * k)
        var p = [Double](repeating: 1, count: n * k)
        for i in 0..<(n * k) {
            c[i] = r.unit()
            if r.below(5) == 0 { p[i] = 0; c[i] = 0 }
        }
        for q in 0..<n { p[q * k + 3] = 1 }
        let vectors: [[Double]] = (0..<m).map { _ in
            let raw = (0..<k).map { _ in r.unit() + 0.01 }
            let sum = raw.reduce(0, +)
            return raw.map { $0 * 100 / sum }
        }
        var scheme = Scheme()
        scheme.missingCategory = policy
        let bands = GradeScale(bands: scheme.grades, precision: 2)
        let set = ScenarioSet(names: (0..<m).map { "s\($0)" }, vectors: vectors, grades: Array(repeating: bands, count: m))
        var engine = ScenarioEngine(matrix: CategoryMatrix(testAchievement: c, presence: p), scheme: scheme, threads: 2)
        engine.blockRows = 97
        engine.blockScenarios = 8
        let got = engine.run(set) { ScoreCollector(count: n, scenarios: m) }
        for q in 0..<n {
            for j in 0..<m {
                var s = 0.0, pw = 0.0
                for i in 0..<k {
                    s += c[q * k + i] * vectors[j][i]
                    pw += p[q * k + i] * vectors[j][i]
                }
                let complete = (0..<k).allSatisfy { p[q * k + $0] == 1 }
                if policy == .renormalize && !complete { s = pw > 0 ? s * 100 / pw : 0 }
                let expected = Int64((s * 100 + 0.5 + 1e-6).rounded(.down))
                #expect(got.units[q * m + j] == expected, "project \(q) scenario \(j)")
            }
        }
        let histograms = engine.run(set, order: .scenariosFirst) {
            ScoreHistograms(projects: n, scenarios: set, maximumUnits: engine.maximumUnits)
        }
        for j in 0..<m {
            var expected: [Int64] = [0, 0, 0, 0]
            var sum: Int64 = 0
            for q in 0..<n {
                expected[bands.grade(units: got.units[q * m + j])] += 1
                sum += got.units[q * m + j]
            }
            #expect(Array(histograms.gradeCounts[(j * 4)..<(j * 4 + 4)]) == expected, "scenario \(j)")
            #expect(histograms.sum[j] == sum)
        }
    }

    /// Scoring from the matrix's rows (fewer than eight scenarios, the C kernel on every path this
    /// CPU runs) and from a tile of columns (the same scenarios among more) give the same scores
    /// and grades, bit for bit: as filed, renormalised or not, with bands whose minima fall on
    /// scores, for K = 4 (the kernel's constant-K loop), 10 and per indicator (K read at run
    /// time), in every order and tile shape.
    @Test(arguments: [ScenarioEngine.Order.projectsFirst, .scenariosFirst], [CategoryDimension.level1, .level2, .indicator])
    func rowsAndTilesGiveTheSameScores(order: ScenarioEngine.Order, dimension: CategoryDimension) throws {
        let (p, i) = BatchGenerator(projects: 1500, seed: 21).generate()
        let (result, _) = ingest(projects: String(decoding: p, as: UTF8.self), indicators: String(decoding: i, as: UTF8.self))
        let batch = try #require(result?.batch)
        for missing in [MissingCategory.renormalize, .zero] {
            var scheme = Scheme()
            scheme.dimension = dimension
            scheme.missingCategory = missing
            let matrix = CategoryMatrix(batch: batch, scores: Scorer(scheme: scheme).score(batch), scheme: scheme)
            let k = matrix.categoryCount
            #expect(matrix.presence.contains(0), "some project should lack a category")
            var r = SplitMix64(seed: 4)
            let vectors: [[Double]] = [[Double](repeating: 0, count: k)] + (0..<7).map { _ in (0..<k).map { _ in r.uniform(0...40) } }
            let bands = GradeScale(bands: scheme.grades, precision: 2)
            func run(_ m: Int, path: KernelPath) -> (units: [Int32], grades: [UInt8]) {
                let set = ScenarioSet(names: (0..<m).map { "s\($0)" }, vectors: Array(vectors[0..<m]), grades: Array(repeating: bands, count: m),
                                      asFiled: true)
                var engine = ScenarioEngine(matrix: matrix, scheme: scheme, threads: 2)
                engine.blockRows = 100
                engine.path = path
                let all = engine.run(set, order: order) { GradeCollector(count: matrix.projectCount, scenarios: m) }
                // The first three scenarios of every project.
                var units: [Int32] = [], grades: [UInt8] = []
                for q in 0..<matrix.projectCount {
                    for j in 0..<3 {
                        units.append(all.units[q * m + j])
                        grades.append(all.grades[q * m + j])
                    }
                }
                return (units, grades)
            }
            let tiles = run(8, path: .baseline)
            #expect(Set(tiles.grades).count > 1, "the batch should span grades")
            for path in KernelPath.supported {
                let rows = run(3, path: path)
                let differ = rows.units.indices.filter { rows.units[$0] != tiles.units[$0] || rows.grades[$0] != tiles.grades[$0] }
                #expect(differ.isEmpty, "K = \(k), \(missing), \(path): \(differ.count) scores differ, the first at \(differ.first ?? 0)")
            }
        }
    }

    @Test func asFiledWeightsReproduceTheTotalUpToRounding() throws {
        let (p, i) = BatchGenerator(projects: 2000, seed: 8).generate()
        let (result, _) = ingest(projects: String(decoding: p, as: UTF8.self), indicators: String(decoding: i, as: UTF8.self))
        let batch = try #require(result?.batch)
        let scores = Scorer(scheme: Scheme()).score(batch)
        let m = CategoryMatrix(batch: batch, scores: scores, scheme: Scheme())
        let asFiled = asFiledUnits(m)
        for q in 0..<batch.projects.count {
            let indicators = batch.indicators.range(ofProject: q).count
            // Each rounded indicator score and the execution score is off by at most half a unit,
            // and as_filed's own rounding at the total by half a unit more.
            #expect(abs(Double(asFiled[q] - scores.total[q])) <= 0.5 * Double(indicators + 2))
        }
    }

    /// The `as_filed` scenario's rounded score of every project, from the engine.
    func asFiledUnits(_ m: CategoryMatrix) -> [Int64] {
        let bands = GradeScale(bands: Scheme().grades, precision: 2)
        let set = ScenarioSet(names: ["as_filed"], vectors: [[Double](repeating: 0, count: m.categoryCount)], grades: [bands], asFiled: true)
        return ScenarioEngine(matrix: m, scheme: Scheme(), threads: 1).run(set) { ScoreCollector(count: m.projectCount, scenarios: 1) }.units
    }
}

/// Collects every rounded scenario score (tests only: N×M in memory).
struct ScoreCollector: ScenarioConsumer, Sendable {
    var scenarios: Int
    var units: [Int64]
    init(count: Int, scenarios: Int) {
        self.scenarios = scenarios
        units = [Int64](repeating: -1, count: count * scenarios)
    }
    mutating func consume(_ block: ScenarioBlock) {
        for p in block.projects {
            for m in block.scenarios { units[p * scenarios + m] = Int64(block.score(project: p, scenario: m)) }
        }
    }
    mutating func merge(_ other: ScoreCollector) {
        for i in units.indices where other.units[i] >= 0 { units[i] = other.units[i] }
    }
}

/// Collects every scenario score and grade (tests only: N×M in memory).
struct GradeCollector: ScenarioConsumer, Sendable {
    var scenarios: Int
    var units: [Int32]
    var grades: [UInt8]
    init(count: Int, scenarios: Int) {
        self.scenarios = scenarios
        units = [Int32](repeating: -1, count: count * scenarios)
        grades = [UInt8](repeating: 0xFF, count: count * scenarios)
    }
    mutating func consume(_ block: ScenarioBlock) {
        for p in block.projects {
            for m in block.scenarios {
                let lane = (m - block.scenarios.lowerBound) * block.stride + (p - block.projects.lowerBound)
                units[p * scenarios + m] = block.scores[lane]
                grades[p * scenarios + m] = block.grades[lane]
            }
        }
    }
    mutating func merge(_ other: GradeCollector) {
        for i in units.indices where other.units[i] >= 0 {
            units[i] = other.units[i]
            grades[i] = other.grades[i]
        }
    }
}

extension CategoryMatrix {
    /// A level-1 matrix from raw rows (tests only).
    init(testAchievement c: [Double], presence p: [Double]) {
        self.init(dimension: .level1, categories: ["output", "benefit", "satisfaction", "execution"],
                  projectCount: c.count / 4, achievement: c, presence: p, ownPoints: [Double](repeating: 0, count: c.count))
    }
}
