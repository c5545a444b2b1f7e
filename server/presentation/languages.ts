// Language names for BCP 47 tags, from the runtime's own data (ICU) rather than a hand-kept table.
const NAMES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

/** The languages the document form offers first: those of the conflicts the record covers, then widely used ones. */
export const COMMON_LANGUAGES = ['en', 'uk', 'ru', 'de', 'fr', 'pl', 'es', 'it', 'pt', 'ar', 'he', 'tr', 'ka', 'be', 'ro', 'zh', 'ja', 'fa'];

/** "Ukrainian", "English (United Kingdom)"; the code itself when the name is unknown. */
export function languageName(code: string): string {
  try {
    return NAMES.of(code) ?? code;
  } catch {
    return code;
  }
}

/** The language select's options after a first empty choice, with a document's own language added when it is not a common one. */
export function languageOptions(empty: string, current: unknown): { value: string; label: string }[] {
  const codes = typeof current === 'string' && current !== '' && !COMMON_LANGUAGES.includes(current) ? [...COMMON_LANGUAGES, current] : COMMON_LANGUAGES;
  return [{ value: '', label: empty }, ...codes.map((code) => ({ value: code, label: `${languageName(code)} (${code})` }))];
}
