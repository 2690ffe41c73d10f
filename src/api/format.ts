/**
 * Output formats for spreadsheets: a table as CSV or TSV, UTF-8 with a BOM so Excel shows Chinese names,
 * every cell defused against formula injection. Each route's tables are built in its own folder
 * (src/api/allocations/tables.ts …) and written through src/api/respond.ts.
 */
const BOM = '\uFEFF';

export type Delimited = 'csv' | 'tsv';

export function toDelimited(table: string[][], kind: Delimited): string {
  const sep = kind === 'csv' ? ',' : '\t';
  return BOM + table.map((row) => row.map((cell) => escapeCell(cell, sep)).join(sep)).join('\r\n') + '\r\n';
}

/** A plain decimal as the service writes amounts, shares and percentages ("-5.51%"): it stays a number in the spreadsheet. */
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?%?$/;
/** Starts a formula in Excel, LibreOffice or Sheets (OWASP), with line breaks and the full-width forms. */
const FORMULA_START = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * Quotes cells that need it (RFC 4180) and defuses text a spreadsheet would run as a formula (OWASP CSV
 * injection): a region named "=HYPERLINK(…)" or "-2+3+cmd|…" gets a leading ' and quotes, so it stays
 * text in a planner's workbook. Only a plain number (like "-12.50" or "-5.51%") may start with "-" and stay raw.
 */
function escapeCell(cell: string, sep: string): string {
  if (FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell)) return '"\'' + cell.replace(/"/g, '""') + '"';
  if (cell.includes(sep) || /["\r\n]/.test(cell)) return '"' + cell.replace(/"/g, '""') + '"';
  return cell;
}

export const MEDIA_TYPE: Record<Delimited, string> = {
  csv: 'text/csv; charset=utf-8',
  tsv: 'text/tab-separated-values; charset=utf-8',
};
