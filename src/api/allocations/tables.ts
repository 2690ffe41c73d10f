/**
 * The allocation answers as spreadsheet tables (?format=csv|tsv through src/api/respond.ts): stable column
 * order (fixed columns, then each factor's contribution in model order, then year over year and the
 * waterfall when present); money columns flagged, so the header names the unit; a total row of exact sums.
 *
 * The total row: amounts, factor contributions, last year, change and the waterfall are summed exactly over
 * the first level (a two-level answer's counties are already inside their city's amount); `share` is
 * Σ amounts ÷ the total with the rows' 12 decimals, "1.000000000000" only when it really is (set-asides
 * and money withheld leave it below); `formulaShare` is "1.000000000000" and 100.00% (the weights add up
 * to 1); `changePercent` is Σ change ÷ Σ last year.
 */
import type { AllocationResult } from '../../domain/allocation/allocate.js';
import { own } from '../../core/records.js';
import { stageColumn, WATERFALL } from '../../domain/allocation/pipeline/stages.js';
import type { LevelsResult } from '../../domain/allocation/levels.js';
import type { CompareOutcome } from './compare.js';
import { exactRatioToText, parseDecimal, pow10, type Scaled, SHARE_DECIMALS } from '../../core/money.js';
import { type Column, sumColumn, type Table } from '../respond.js';
import { dict } from '../../core/records.js';

/** The waterfall's steps, in order (the one stage vocabulary, pipeline/stages.ts); their CSV columns are stage_<id>. */
const STAGE_COLUMNS = WATERFALL;

type AnyRow = AllocationResult['rows'][number] & { depth?: 1 | 2; path?: string[] };

/** The rows as a table; takes the domain's result or the JSON answer (npm run scenario prints it). */
export function allocationTable(result: Pick<AllocationResult | LevelsResult, 'rows' | 'summary'>): Table {
  const rows = result.rows as AnyRow[];
  const factorIds = [...new Set(rows.flatMap((r) => Object.keys(r.factors)))];
  const levels = rows.some((r) => r.depth !== undefined);
  const withLevel = rows.some((r) => r.level !== undefined);
  const yoy = rows.some((r) => r.lastYear !== undefined);
  const stages = rows.some((r) => r.stages !== undefined);
  const columns: Column[] = [
    ...(levels ? [{ id: 'depth' }, { id: 'path' }] : []),
    { id: 'id' },
    { id: 'name' },
    ...(withLevel ? [{ id: 'level' }] : []),
    { id: 'amount', money: true },
    { id: 'share' },
    { id: 'sharePercent' },
    { id: 'formulaShare' },
    { id: 'formulaSharePercent' },
    { id: 'rank' },
    ...factorIds.map((id) => ({ id, money: true })),
    ...(yoy ? [{ id: 'lastYear', money: true }, { id: 'change', money: true }, { id: 'changePercent' }] : []),
    ...(stages ? STAGE_COLUMNS.map((s) => ({ id: stageColumn(s), money: true })) : []),
  ];
  const cells = rows.map((r) => [
    ...(levels ? [String(r.depth ?? ''), (r.path ?? [r.id]).join('/')] : []),
    r.id,
    r.name ?? '',
    ...(withLevel ? [r.level ?? ''] : []),
    r.amount,
    r.share,
    r.sharePercent,
    r.formulaShare,
    r.formulaSharePercent,
    String(r.rank),
    ...factorIds.map((f) => own(r.factors, f) ?? ''), // a row of another model lacks this factor: never an inherited name
    ...(yoy ? [r.lastYear ?? '', r.change ?? '', r.changePercent ?? ''] : []),
    ...(stages ? STAGE_COLUMNS.map((s) => r.stages?.[s] ?? '') : []),
  ]);
  // the total row is summed over the first level only
  const top = levels ? cells.filter((_, i) => rows[i].depth === 1) : cells;
  const total = dict<string>(); // by column id: a factor or variant may be called "toString" or "__proto__"
  columns.forEach((col, j) => {
    if (col.money) total[col.id] = top.some((r) => r[j] !== '') ? sumColumn(top, j) : '';
  });
  const sum = decimal(total.amount);
  const whole = decimal(result.summary.total);
  total.share = shareText(sum, whole);
  total.sharePercent = percentText(sum, whole) ?? '';
  total.formulaShare = ONE_SHARE;
  total.formulaSharePercent = '100.00%';
  total.rank = '';
  if (yoy) {
    const all = top.length > 0 && rows.every((r) => r.depth === 2 || r.lastYear !== undefined);
    total.changePercent = all ? (percentText(decimal(total.change), decimal(total.lastYear)) ?? '') : '';
  }
  return { columns, rows: cells, total };
}

/** Baseline and every variant side by side: amount, change and change % per variant. */
export function compareTable(result: CompareOutcome): Table {
  const names = result.variants.map((v) => v.name);
  const depths = result.rows.some((r) => r.depth !== undefined);
  const withLevel = result.rows.some((r) => r.level !== undefined);
  const columns: Column[] = [
    ...(depths ? [{ id: 'depth' }, { id: 'path' }] : []),
    { id: 'id' },
    { id: 'name' },
    ...(withLevel ? [{ id: 'level' }] : []),
    { id: 'baseline', money: true },
    // a variant is named by the request: its columns' titles say so (src/messages/columns.ts has the fixed ones)
    ...names.flatMap((n) => [
      { id: n, money: true, title: { zh: `方案「${n}」金额`, en: n } },
      { id: `${n} change`, money: true, title: { zh: `方案「${n}」增减`, en: `${n} change` } },
      { id: `${n} changePercent`, title: { zh: `方案「${n}」增减百分比`, en: `${n} change %` } },
    ]),
  ];
  const cells = result.rows.map((r) => [
    ...(depths ? [String(r.depth ?? ''), (r.path ?? [r.id]).join('/')] : []),
    r.id,
    r.name ?? '',
    ...(withLevel ? [r.level ?? ''] : []),
    r.baseline,
    ...names.flatMap((n) => [r.variants[n].amount, r.variants[n].change, r.variants[n].changePercent ?? '']),
  ]);
  const top = depths ? cells.filter((_, i) => result.rows[i].depth === 1) : cells;
  const total = dict<string>(); // by column id: a factor or variant may be called "toString" or "__proto__"
  columns.forEach((col, j) => {
    if (col.money) total[col.id] = sumColumn(top, j);
  });
  for (const n of names) total[`${n} changePercent`] = percentText(decimal(total[`${n} change`]), decimal(total.baseline)) ?? '';
  return { columns, rows: cells, total };
}

function decimal(text: string): Scaled {
  return parseDecimal(text) ?? { coefficient: 0n, scale: 0 };
}

/** 1 as every share is written: 12 decimals. */
const ONE_SHARE = exactRatioToText(1n, 1n, SHARE_DECIMALS);

/** a ÷ b as a share, 12 decimals as the rows have them ("1.000000000000" when it is exactly 1). */
function shareText(a: Scaled, b: Scaled): string {
  const [n, d] = over(a, b);
  if (d === 0n) return '';
  return exactRatioToText(n, d, SHARE_DECIMALS);
}

/** a ÷ b as a percentage, 2 decimals and the sign; undefined when b is 0. */
function percentText(a: Scaled, b: Scaled): string | undefined {
  const [n, d] = over(a, b);
  return d === 0n ? undefined : exactRatioToText(n * 100n, d, 2) + '%';
}

/** a and b as integers at one scale. */
function over(a: Scaled, b: Scaled): [bigint, bigint] {
  const scale = Math.max(a.scale, b.scale);
  return [a.coefficient * pow10(scale - a.scale), b.coefficient * pow10(scale - b.scale)];
}
