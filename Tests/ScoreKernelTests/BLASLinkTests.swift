import COpenBLAS
import Testing

/// Proves OpenBLAS is really linked: a 2×3 · 3×2 product computed by hand.
@Test func dgemmComputesAHandCheckedProduct() {
    // A = [1 2 3; 4 5 6], B = [7 8; 9 10; 11 12]
    // C[0,0] = 1·7 + 2·9 + 3·11 = 58;  C[0,1] = 1·8 + 2·10 + 3·12 = 64
    // C[1,0] = 4·7 + 5·9 + 6·11 = 139; C[1,1] = 4·8 + 5·10 + 6·12 = 154
    let a: [Double] = [1, 2, 3, 4, 5, 6]
    let b: [Double] = [7, 8, 9, 10, 11, 12]
    var c = [Double](repeating: 0, count: 4)
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 2, 2, 3, 1, a, 3, b, 2, 0, &c, 2)
    #expect(c == [58, 64, 139, 154])
}
