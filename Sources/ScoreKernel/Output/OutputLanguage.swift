/// The language of headers in files ScoreKernel writes (`--lang`): English column codes, or the
/// Chinese names of the official forms.
public enum OutputLanguage: String, Sendable, CaseIterable {
    case en, zh
}
