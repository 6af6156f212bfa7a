/**
 * CSV as RFC 4180 writes it (CRLF line ends; a cell with a comma, a quote or
 * a line break quoted, its quotes doubled), made safe to open in a
 * spreadsheet: a cell a spreadsheet would read as a formula (one starting
 * with `=`, `+`, `-`, `@`, a tab or a carriage return, OWASP's list) gets a
 * leading `'`, so it shows as the text it is.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell's text; null is an empty cell. */
export function csvCell(value: string | null): string {
  if (value === null) return '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, ended by CRLF. */
export function csvLine(cells: readonly (string | null)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
