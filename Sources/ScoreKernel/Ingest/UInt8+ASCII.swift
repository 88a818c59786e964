/// The bytes CSV syntax is made of, by name.
extension UInt8 {
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let quote: UInt8 = 0x22
    static let comma: UInt8 = 0x2C
}
