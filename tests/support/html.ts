/** Undoes the escaping EJS applies to text and attributes (and `&quot;`, which other escapers use). */
export function decodeEntities(value: string): string {
  return value
    .replace(/&#39;/g, "'")
    .replace(/&#34;/g, '"')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    // Last, so that an escaped entity ("&amp;lt;") comes out as written ("&lt;").
    .replace(/&amp;/g, '&');
}
