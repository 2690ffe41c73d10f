/**
 * Output formats for spreadsheets: the rows as CSV or TSV, UTF-8 with a BOM so Excel shows Chinese names,
 * stable column order (fixed columns, then each factor's contribution in model order).
 */
import type { AllocationResult } from '../engine/allocate.js';

const BOM = '\uFEFF';

export type Delimited = 'csv' | 'tsv';

export function allocationTable(result: AllocationResult): string[][] {
  const factorIds = result.rows.length > 0 ? Object.keys(result.rows[0].factors) : [];
  const header = ['id', 'name', 'amount', 'share', 'rank', ...factorIds];
  const rows = result.rows.map((r) => [
    r.id,
    r.name ?? '',
    r.amount,
    r.share,
    String(r.rank),
    ...factorIds.map((f) => r.factors[f]),
  ]);
  return [header, ...rows];
}

export function toDelimited(table: string[][], kind: Delimited): string {
  const sep = kind === 'csv' ? ',' : '\t';
  return BOM + table.map((row) => row.map((cell) => escapeCell(cell, sep)).join(sep)).join('\r\n') + '\r\n';
}

/**
 * Quotes cells that need it (RFC 4180) and defuses text a spreadsheet would run as a formula
 * (a region name starting with "=" must not become a formula in a planner's workbook).
 */
function escapeCell(cell: string, sep: string): string {
  let text = cell;
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d/.test(text)) text = "'" + text;
  if (text.includes(sep) || /["\r\n]/.test(text)) text = '"' + text.replace(/"/g, '""') + '"';
  return text;
}

export const MEDIA_TYPE: Record<Delimited, string> = {
  csv: 'text/csv; charset=utf-8',
  tsv: 'text/tab-separated-values; charset=utf-8',
};
