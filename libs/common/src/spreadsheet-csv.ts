/**
 * CSV that is safe to open in a spreadsheet, for every export Murmur writes. A cell a spreadsheet would
 * read as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading single
 * quote, so customer text such as `=HYPERLINK(…)` shows as text instead of running; cells with commas,
 * quotes or line breaks are quoted (RFC 4180). Rows end with CRLF.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: empty for null, ISO time for a date, `a; b` for a list, JSON for other objects. */
export function csvCell(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (value instanceof Date) text = value.toISOString();
  else if (Array.isArray(value)) text = value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('; ');
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value as string | number | boolean);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row, CRLF-terminated (for exports written row by row). */
export function csvRow(cells: unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** A whole document, with a UTF-8 byte order mark so spreadsheets read Chinese text correctly. */
export function toCsv(header: string[], rows: unknown[][]): string {
  return `\uFEFF${[header, ...rows].map(csvRow).join('')}`;
}
