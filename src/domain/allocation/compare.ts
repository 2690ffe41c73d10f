/**
 * What-if comparison: the same regions under a baseline and named variants → per region and variant the
 * baseline amount, the variant's, the difference and the difference in percent (exact, two decimals).
 */
import type { AllocationRow } from './allocate.js';
import { atScale, formatScaled, parseDecimal, ratioToText } from '../../core/money.js';
import { dict } from '../../core/records.js';

export interface VariantOutcome {
  readonly name: string;
  readonly rows: readonly (AllocationRow & { depth?: 1 | 2; path?: string[] })[];
}

export interface CompareCell {
  readonly amount: string;
  /** the variant's amount minus the baseline's */
  readonly change: string;
  /** change / baseline, 2 decimals and the % sign; null when the baseline is 0 */
  readonly changePercent: string | null;
}

export interface CompareRow {
  readonly id: string;
  readonly name?: string;
  readonly level?: string;
  readonly depth?: 1 | 2;
  readonly path?: string[];
  readonly baseline: string;
  readonly variants: Record<string, CompareCell>;
}

const keyOf = (r: { id: string; path?: string[] }) => (r.path ? r.path.join('/') : r.id);

export function compareRows(baseline: readonly (AllocationRow & { depth?: 1 | 2; path?: string[] })[], variants: readonly VariantOutcome[]): CompareRow[] {
  const lookups = variants.map((v) => new Map(v.rows.map((r) => [keyOf(r), r])));
  return baseline.map((row) => {
    const before = parseDecimal(row.amount)!;
    const cells = dict<CompareCell>(); // keyed by variant name: any name, "__proto__" too
    variants.forEach((v, k) => {
      const other = lookups[k].get(keyOf(row));
      const after = parseDecimal(other?.amount ?? '0')!;
      // amounts carry the granularity's decimals; the delta keeps them ("-12.50", not "-12.5")
      const scale = Math.max(decimals(row.amount), decimals(other?.amount ?? '0'));
      const b = atScale(before, scale);
      const delta = atScale(after, scale) - b;
      cells[v.name] = {
        amount: other?.amount ?? '0',
        change: formatScaled(delta, scale),
        changePercent: b === 0n ? null : ratioToText(delta * 100n, b, 2) + '%',
      };
    });
    return {
      id: row.id,
      ...(row.name !== undefined ? { name: row.name } : {}),
      ...(row.level !== undefined ? { level: row.level } : {}),
      ...(row.depth !== undefined ? { depth: row.depth } : {}),
      ...(row.path ? { path: row.path } : {}),
      baseline: row.amount,
      variants: cells,
    };
  });
}

function decimals(text: string): number {
  return text.split('.')[1]?.length ?? 0;
}
