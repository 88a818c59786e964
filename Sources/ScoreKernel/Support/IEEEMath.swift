/// The natural logarithm and exponential from IEEE-754 arithmetic alone, bit-identical on every
/// machine (SPEC §9: Monte Carlo samplers use + − × ÷ √ only, not the platform's exp/log).
///
/// libm's `log` and `exp` are not specified to the bit: glibc, Apple's libm and musl round some
/// arguments differently, so a sampler built on them would draw different weights from the same
/// seed on different machines. These two functions are the algorithms of Sun's fdlibm
/// (`e_log.c`, `e_exp.c`, 1993; the same as FreeBSD's msun and musl), written out with a fixed
/// order of operations: every step is one correctly rounded IEEE-754 operation on `Double`, or an
/// exact operation on the bit pattern (reading the exponent, scaling by a power of two). Swift
/// neither reassociates floating-point expressions nor contracts `a * b + c` into a fused
/// multiply-add (the code never calls `addingProduct`), so the compiled code performs exactly
/// these roundings in this order on every IEEE-754 platform. Subnormal inputs and results are
/// handled as IEEE-754 specifies; the results assume the processor does not flush subnormals to
/// zero, which Swift never asks it to.
///
/// Accuracy (fdlibm's bound, and what the tests measure against glibc): under 1 ulp for every
/// finite argument. The results are not always correctly rounded, so they may differ from a
/// platform's `log`/`exp` in the last bit; what they promise is the same bits everywhere.
///
/// Constants are written as hexadecimal literals, so their values are exact and need no
/// decimal-to-binary conversion; each comment gives fdlibm's decimal spelling.
enum IEEEMath {
    /// ln x for x > 0, to within 1 ulp, from IEEE arithmetic only (see ``IEEEMath``).
    ///
    /// Every positive `Double` is handled, subnormals included (they are scaled by 2^54 first,
    /// exactly). log(±0) = −∞, log(x < 0) = NaN, log(+∞) = +∞, log(NaN) = NaN; log(1) = 0 exactly.
    ///
    /// Method (fdlibm `e_log.c`): write x = 2^k · (1 + f) with √2/2 < 1 + f < √2 (exact bit
    /// manipulation, and f = (1 + f) − 1 is exact by Sterbenz's lemma). With s = f / (2 + f),
    /// log(1 + f) = log(1 + s) − log(1 − s) = 2s + s·R(s²), where R is a degree-7 polynomial in
    /// s² (Remez, error below 2^−58.45); then log x = k·ln2_hi + (log(1 + f) + k·ln2_lo), where
    /// ln2_hi has its low 32 bits zero so that k·ln2_hi is exact for |k| < 2^20.
    static func log(_ x: Double) -> Double {
        var x = x
        var hx = highWord(x)
        var k: Int32 = 0
        if hx < 0x0010_0000 {  // x < 2^-1022: ±0, negative, a NaN with the sign bit set, or subnormal
            if x.bitPattern & 0x7FFF_FFFF_FFFF_FFFF == 0 { return -.infinity }  // log(±0)
            if hx < 0 { return .nan }  // log(negative), or a negative NaN
            k -= 54
            x *= 0x1p54  // 18014398509481984: exact, and x is now normal
            hx = highWord(x)
        }
        if hx >= 0x7FF0_0000 { return x + x }  // +∞ or NaN
        k += (hx >> 20) - 1023
        hx &= 0x000F_FFFF
        // i is 0x100000 when the significand is ≥ √2 (then x is halved and k incremented).
        let i = (hx &+ 0x95F64) & 0x0010_0000
        x = withHighWord(x, hx | (i ^ 0x3FF0_0000))  // normalise x to [√2/2, √2)
        k += i >> 20
        let f = x - 1.0
        if (0x000F_FFFF & (2 &+ hx)) < 3 {  // -2^-20 < f < 2^-20
            if f == 0 {
                if k == 0 { return 0 }
                let dk = Double(k)
                return dk * ln2Hi + dk * ln2Lo
            }
            let r = f * f * (0.5 - 0.33333333333333333 * f)
            if k == 0 { return f - r }
            let dk = Double(k)
            return dk * ln2Hi - ((r - dk * ln2Lo) - f)
        }
        let s = f / (2.0 + f)
        let dk = Double(k)
        let z = s * s
        var j = hx &- 0x6147A
        let w = z * z
        let j2 = 0x6B851 &- hx
        let t1 = w * (lg2 + w * (lg4 + w * lg6))
        let t2 = z * (lg1 + w * (lg3 + w * (lg5 + w * lg7)))
        j |= j2
        let r = t2 + t1
        if j > 0 {  // 1 + f is away from 1: keep f²/2 apart for accuracy
            let hfsq = 0.5 * f * f
            if k == 0 { return f - (hfsq - s * (hfsq + r)) }
            return dk * ln2Hi - ((hfsq - (s * (hfsq + r) + dk * ln2Lo)) - f)
        }
        if k == 0 { return f - s * (f - r) }
        return dk * ln2Hi - ((s * (f - r) - dk * ln2Lo) - f)
    }

    /// e^x to within 1 ulp, from IEEE arithmetic only (see ``IEEEMath``).
    ///
    /// Finite results for −745.13… ≤ x ≤ 709.78… (subnormal below x ≈ −708.4); +∞ above,
    /// +0 below; exp(−∞) = 0, exp(+∞) = +∞, exp(NaN) = NaN; exp(±0) = 1 exactly.
    ///
    /// Method (fdlibm `e_exp.c`): reduce x = k·ln2 + r with |r| ≤ ln2/2, r carried as hi − lo
    /// (k·ln2_hi is exact); approximate e^r by the rational form
    /// 1 + r + r·c(r)/(2 − c(r)), c(r) = r − r²·P(r²) with a degree-5 Remez polynomial P (error
    /// below 2^−59); scale by 2^k by adding k to the exponent field, in two exact steps when the
    /// result is subnormal (then the final multiplication rounds once more).
    static func exp(_ x: Double) -> Double {
        let high = UInt32(truncatingIfNeeded: x.bitPattern >> 32)
        let negative = high >> 31 != 0
        let hx = high & 0x7FFF_FFFF  // high word of |x|
        if hx >= 0x4086_2E42 {  // |x| ≥ 709.78…
            if x.isNaN { return x }
            if x.isInfinite { return negative ? 0 : x }
            if x > overflowThreshold { return .infinity }
            if x < underflowThreshold { return 0 }
        }
        var k: Int32 = 0
        var hi = 0.0, lo = 0.0
        var r = x
        if hx > 0x3FD6_2E42 {  // |x| > ln2/2
            if hx < 0x3FF0_A2B2 {  // and |x| < 1.5·ln2: k = ±1
                hi = negative ? x + ln2Hi : x - ln2Hi
                lo = negative ? -ln2Lo : ln2Lo
                k = negative ? -1 : 1
            } else {
                k = Int32(invLn2 * x + (negative ? -0.5 : 0.5))  // truncation: round to nearest
                let t = Double(k)
                hi = x - t * ln2Hi  // t·ln2_hi is exact here
                lo = t * ln2Lo
            }
            r = hi - lo
        } else if hx < 0x3E30_0000 {  // |x| < 2^-28: e^x = 1 + x to within half an ulp
            return 1.0 + x
        }
        let t = r * r
        let c = r - t * (p1 + t * (p2 + t * (p3 + t * (p4 + t * p5))))
        if k == 0 { return 1.0 - ((r * c) / (c - 2.0) - r) }
        let y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi)
        // y is in [0.5, 2): adding k to its exponent field multiplies it by 2^k exactly while the
        // result stays normal (k ≥ -1021); below that, scale by 2^(k+1000), then by 2^-1000.
        if k >= -1021 { return Double(bitPattern: y.bitPattern &+ (UInt64(bitPattern: Int64(k)) << 52)) }
        let scaled = Double(bitPattern: y.bitPattern &+ (UInt64(bitPattern: Int64(k + 1000)) << 52))
        return scaled * 0x1p-1000
    }

    // MARK: Bits

    /// The high 32 bits of `x` (sign, exponent, top 20 significand bits), as fdlibm reads them.
    private static func highWord(_ x: Double) -> Int32 {
        Int32(truncatingIfNeeded: x.bitPattern >> 32)
    }

    /// `x` with its high 32 bits replaced.
    private static func withHighWord(_ x: Double, _ high: Int32) -> Double {
        Double(bitPattern: UInt64(UInt32(bitPattern: high)) << 32 | (x.bitPattern & 0xFFFF_FFFF))
    }

    // MARK: Constants (fdlibm's, bit for bit)

    /// ln 2 split in two: the high part has 32 trailing zero bits, so k·ln2Hi is exact for
    /// |k| < 2^20.
    private static let ln2Hi = 0x1.62E42FEE00000p-1  // 6.93147180369123816490e-01
    private static let ln2Lo = 0x1.A39EF35793C76p-33  // 1.90821492927058770002e-10
    /// log(1 + f) = f − f²/2 + s·(f²/2 + R(z)), R(z) = z·(Lg1 + z·(Lg2 + … + z·Lg7)), z = s².
    private static let lg1 = 0x1.5555555555593p-1  // 6.666666666666735130e-01
    private static let lg2 = 0x1.999999997FA04p-2  // 3.999999999940941908e-01
    private static let lg3 = 0x1.2492494229359p-2  // 2.857142874366239149e-01
    private static let lg4 = 0x1.C71C51D8E78AFp-3  // 2.222219843214978396e-01
    private static let lg5 = 0x1.7466496CB03DEp-3  // 1.818357216161805012e-01
    private static let lg6 = 0x1.39A09D078C69Fp-3  // 1.531383769920937332e-01
    private static let lg7 = 0x1.2F112DF3E5244p-3  // 1.479819860511658591e-01
    /// exp: 1/ln 2, the overflow and underflow thresholds, and P(t) = P1 + t·(P2 + … + t·P5).
    private static let invLn2 = 0x1.71547652B82FEp0  // 1.44269504088896338700e+00
    private static let overflowThreshold = 0x1.62E42FEFA39EFp9  // 7.09782712893383973096e+02
    private static let underflowThreshold = -0x1.74910D52D3051p9  // -7.45133219101941108420e+02
    private static let p1 = 0x1.555555555553Ep-3  // 1.66666666666666019037e-01
    private static let p2 = -0x1.6C16C16BEBD93p-9  // -2.77777777770155933842e-03
    private static let p3 = 0x1.1566AAF25DE2Cp-14  // 6.61375632143793436117e-05
    private static let p4 = -0x1.BBD41C5D26BF1p-20  // -1.65339022054652515390e-06
    private static let p5 = 0x1.6376972BEA4D0p-25  // 4.13813679705723846039e-08
}
