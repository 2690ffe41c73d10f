/**
 * Output formats for spreadsheets: the rows as CSV or TSV, UTF-8 with a BOM so Excel shows Chinese names,
 * stable column order (fixed columns, then each factor's contribution in model order).
 */
import type { AllocationResult, StageName } from '../domain/allocation/allocate.js';
import type { CompareResult } from './allocations/compare.js';
import type { LevelsResult } from '../domain/allocation/levels.js';

const BOM = '\uFEFF';

export type Delimited = 'csv' | 'tsv';

const STAGE_COLUMNS: StageName[] = ['formula', 'setAside', 'points', 'grade', 'negativeList', 'floorCap', 'redistribution', 'rounding'];

/**
 * The rows as a table: id, name, amount, share, rank, each factor's contribution; then, when present,
 * year over year and the waterfall stages; two-level answers start with level and path ("city/county").
 */
export function allocationTable(result: AllocationResult | LevelsResult): string[][] {
  const rows = result.rows as (AllocationResult['rows'][number] & { level?: number; path?: string[] })[];
  const factorIds = [...new Set(rows.flatMap((r) => Object.keys(r.factors)))];
  const levels = 'levels' in result;
  const yoy = rows.some((r) => r.lastYear !== undefined);
  const stages = rows.some((r) => r.stages !== undefined);
  const header = [
    ...(levels ? ['level', 'path'] : []),
    'id',
    'name',
    'amount',
    'share',
    'rank',
    ...factorIds,
    ...(yoy ? ['lastYear', 'change', 'changePercent'] : []),
    ...(stages ? STAGE_COLUMNS.map((s) => `stage_${s}`) : []),
  ];
  const body = rows.map((r) => [
    ...(levels ? [String(r.level), (r.path ?? [r.id]).join('/')] : []),
    r.id,
    r.name ?? '',
    r.amount,
    r.share,
    String(r.rank),
    ...factorIds.map((f) => r.factors[f] ?? ''),
    ...(yoy ? [r.lastYear ?? '', r.change ?? '', r.changePercent ?? ''] : []),
    ...(stages ? STAGE_COLUMNS.map((s) => r.stages?.[s] ?? '') : []),
  ]);
  return [header, ...body];
}

/** Baseline and every variant side by side: amount, Δ and Δ% per variant. */
export function compareTable(result: CompareResult): string[][] {
  const names = result.variants.map((v) => v.name);
  const paths = result.rows.some((r) => r.path);
  const header = [...(paths ? ['path'] : []), 'id', 'name', 'baseline', ...names.flatMap((n) => [n, `${n} Δ`, `${n} Δ%`])];
  const body = result.rows.map((r) => [
    ...(paths ? [(r.path ?? [r.id]).join('/')] : []),
    r.id,
    r.name ?? '',
    r.baseline,
    ...names.flatMap((n) => [r.variants[n].amount, r.variants[n].delta, r.variants[n].deltaPercent ?? '']),
  ]);
  return [header, ...body];
}

export function toDelimited(table: string[][], kind: Delimited): string {
  const sep = kind === 'csv' ? ',' : '\t';
  return BOM + table.map((row) => row.map((cell) => escapeCell(cell, sep)).join(sep)).join('\r\n') + '\r\n';
}

/** A plain decimal as the service writes amounts and shares: it stays a number in the spreadsheet. */
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;
/** Starts a formula in Excel, LibreOffice or Sheets (OWASP), with line breaks and the full-width forms. */
const FORMULA_START = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * Quotes cells that need it (RFC 4180) and defuses text a spreadsheet would run as a formula (OWASP CSV
 * injection): a region named "=HYPERLINK(…)" or "-2+3+cmd|…" gets a leading ' and quotes, so it stays
 * text in a planner's workbook. Only a plain number (like "-12.50") may start with "-" and stay raw.
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
