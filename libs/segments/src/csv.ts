/**
 * CSV that is safe to open in a spreadsheet: a cell starting with = + - @ or a tab (or a carriage
 * return) would be read as a formula, so it is prefixed with a single quote; then the usual RFC 4180
 * quoting applies. Rows end with CRLF.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'string' ? value : Array.isArray(value) ? value.join('; ') : String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(cells: unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
