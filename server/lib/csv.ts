// Spreadsheet programs run cells that start with these as formulas: prefix them with a quote.
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** One CSV line (RFC 4180: every field quoted, CRLF line end). */
export function csvLine(values: unknown[]): string {
  return `${values.map(cell).join(',')}\r\n`;
}
