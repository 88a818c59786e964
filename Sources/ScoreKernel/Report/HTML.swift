/// Text made safe for HTML: the report writes every name from the result files through this,
/// so a department called `<script>…` or `"A&B"` is shown as written, never run or parsed.
enum HTML {
    /// `text` with `&`, `<`, `>`, `"` and `'` as character references, for element text and
    /// quoted attribute values alike.
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
