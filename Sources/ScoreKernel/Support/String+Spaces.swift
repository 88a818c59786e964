extension Unicode.Scalar {
    /// Space, tab, no-break space or ideographic space: what cells are trimmed of.
    var isSpace: Bool { self == " " || self == "\t" || self == "\u{A0}" || self == "\u{3000}" }
}

extension String {
    /// Without leading and trailing spaces, tabs, no-break and ideographic spaces.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isSpace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.isSpace })!
        return String(scalars[first...last])
    }
}
