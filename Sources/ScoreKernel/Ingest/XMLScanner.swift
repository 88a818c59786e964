/// A forward-only reader of the XML in an .xlsx workbook (SpreadsheetML): tags, their
/// attributes and the text between them, as byte ranges into the input — no tree, no `String`
/// per element. It reads what Excel, LibreOffice and the usual libraries write: elements with
/// or without a namespace prefix, attributes in `"` or `'`, the five named entities and
/// numeric ones, comments, processing instructions and CDATA. It never traps on malformed
/// input: what it cannot read ends the scan (``next()`` returns nil).
struct XMLScanner {
    /// What the scan found next.
    enum Event {
        /// `<name attributes>` or `<name attributes/>`; ranges into the input.
        case open(name: Range<Int>, attributes: Range<Int>, selfClosing: Bool)
        /// `</name>`.
        case close(name: Range<Int>)
        /// Text between tags, entities not yet decoded (``text(_:)`` decodes them).
        case text(Range<Int>)
    }

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, from position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    /// Whether the scan stopped before the end of the input, at what is not XML (a tag or comment
    /// never closed): after ``next()`` returned nil, the input was damaged.
    var stoppedEarly: Bool { position < bytes.count }

    /// The next tag or run of text; nil at the end of the input or at what is not XML.
    mutating func next() -> Event? {
        let b = bytes
        let n = b.count
        while position < n {
            if b[position] != 0x3C {  // text up to the next '<'
                let start = position
                while position < n, b[position] != 0x3C { position += 1 }
                return .text(start..<position)
            }
            guard position + 1 < n else { return nil }
            switch b[position + 1] {
            case 0x3F:  // <? … ?>
                guard let end = find([0x3F, 0x3E], from: position + 2) else { return nil }
                position = end + 2
            case 0x21:  // <!-- … -->, <![CDATA[ … ]]>, <!DOCTYPE …>
                if starts(with: Array("<!--".utf8)) {
                    guard let end = find(Array("-->".utf8), from: position + 4) else { return nil }
                    position = end + 3
                } else if starts(with: Array("<![CDATA[".utf8)) {
                    let start = position + 9
                    guard let end = find(Array("]]>".utf8), from: start) else { return nil }
                    position = end + 3
                    return .text(start..<end)
                } else {
                    guard let end = find([0x3E], from: position + 2) else { return nil }
                    position = end + 1
                }
            case 0x2F:  // </name>
                let start = position + 2
                guard let end = find([0x3E], from: start) else { return nil }
                position = end + 1
                var nameEnd = start
                while nameEnd < end, !Self.isSpace(b[nameEnd]) { nameEnd += 1 }
                return .close(name: start..<nameEnd)
            default:
                let start = position + 1
                var i = start
                while i < n, !Self.isSpace(b[i]), b[i] != 0x3E, b[i] != 0x2F { i += 1 }
                let name = start..<i
                // The tag's end: the first '>' outside a quoted attribute value.
                var quote: UInt8 = 0
                while i < n {
                    let c = b[i]
                    if quote != 0 {
                        if c == quote { quote = 0 }
                    } else if c == 0x22 || c == 0x27 {
                        quote = c
                    } else if c == 0x3E {
                        break
                    }
                    i += 1
                }
                guard i < n, !name.isEmpty else { return nil }
                let selfClosing = b[i - 1] == 0x2F
                position = i + 1
                return .open(name: name, attributes: name.upperBound..<(selfClosing ? i - 1 : i), selfClosing: selfClosing)
            }
        }
        return nil
    }

    /// Whether the name at `range` is `local`, with or without a namespace prefix (`x:row`).
    func isName(_ range: Range<Int>, _ local: StaticString) -> Bool {
        var start = range.lowerBound
        for i in range where bytes[i] == 0x3A { start = i + 1 }
        let count = local.utf8CodeUnitCount
        guard range.upperBound - start == count else { return false }
        let p = local.utf8Start
        for k in 0..<count where bytes[start + k] != p[k] { return false }
        return true
    }

    /// The raw value of attribute `local` (any prefix) in `attributes`, entities not decoded.
    func attribute(_ local: StaticString, in attributes: Range<Int>) -> Range<Int>? {
        let b = bytes
        var i = attributes.lowerBound
        let end = attributes.upperBound
        while i < end {
            while i < end, Self.isSpace(b[i]) { i += 1 }
            let nameStart = i
            while i < end, b[i] != 0x3D, !Self.isSpace(b[i]) { i += 1 }
            let name = nameStart..<i
            while i < end, b[i] != 0x22, b[i] != 0x27 { i += 1 }
            guard i < end else { return nil }
            let quote = b[i]
            let valueStart = i + 1
            i = valueStart
            while i < end, b[i] != quote { i += 1 }
            let value = valueStart..<min(i, end)
            i += 1
            if !name.isEmpty, isName(name, local) { return value }
        }
        return nil
    }

    /// `range`'s text with entities decoded (`&lt;` `&#x4E2D;` …) and Excel's `_xHHHH_` escapes
    /// of control characters undone.
    func text(_ range: Range<Int>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        appendText(range, to: &out)
        return out
    }

    /// Appends ``text(_:)`` of `range` to `out`.
    func appendText(_ range: Range<Int>, to out: inout [UInt8]) {
        let b = bytes
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let c = b[i]
            if c == 0x26, let semicolon = (i + 1..<min(end, i + 12)).first(where: { b[$0] == 0x3B }) {
                let entity = Array(b[(i + 1)..<semicolon])
                var scalar: UInt32?
                switch entity {
                case Array("lt".utf8): scalar = 0x3C
                case Array("gt".utf8): scalar = 0x3E
                case Array("amp".utf8): scalar = 0x26
                case Array("quot".utf8): scalar = 0x22
                case Array("apos".utf8): scalar = 0x27
                default:
                    if entity.first == 0x23 {
                        let hex = entity.count > 1 && (entity[1] == 0x78 || entity[1] == 0x58)
                        scalar = UInt32(String(decoding: entity.dropFirst(hex ? 2 : 1), as: UTF8.self), radix: hex ? 16 : 10)
                    }
                }
                if let scalar, let u = Unicode.Scalar(scalar) {
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                    i = semicolon + 1
                    continue
                }
            } else if c == 0x5F, i + 7 <= end, b[i + 1] == 0x78, b[i + 6] == 0x5F,
                let code = UInt32(String(decoding: b[(i + 2)..<(i + 6)], as: UTF8.self), radix: 16), let u = Unicode.Scalar(code)
            {
                out.append(contentsOf: Array(String(Character(u)).utf8))  // _x000D_
                i += 7
                continue
            }
            out.append(c)
            i += 1
        }
    }

    private func starts(with prefix: [UInt8]) -> Bool {
        guard position + prefix.count <= bytes.count else { return false }
        for k in prefix.indices where bytes[position + k] != prefix[k] { return false }
        return true
    }

    /// The first offset at or after `from` where `pattern` starts, or nil.
    private func find(_ pattern: [UInt8], from: Int) -> Int? {
        guard !pattern.isEmpty, bytes.count >= pattern.count else { return nil }
        var i = from
        while i + pattern.count <= bytes.count {
            if bytes[i] == pattern[0] {
                var k = 1
                while k < pattern.count, bytes[i + k] == pattern[k] { k += 1 }
                if k == pattern.count { return i }
            }
            i += 1
        }
        return nil
    }

    @inline(__always)
    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
}
