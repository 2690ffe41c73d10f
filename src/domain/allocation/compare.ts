/**
 * What-if comparison: the same regions under a baseline and named variants. Each variant is the baseline
 * request with its changes applied (overrides combined, total replaced, regions patched); every request is
 * run through one door (`Runner`, given by the caller: the API resolves models there), and per region and
 * variant the answer holds the baseline amount, the variant's, the difference and the difference in percent
 * (exact, two decimals).
 */
import type { AllocationRow, AllocationSummary, Shares } from './allocate.js';
import type { AllocationRequestBody, CompareRequestBody, OverridesData, VariantBody } from '../../schema/allocation.js';
import { EngineError, Issue, pointer } from '../../core/errors.js';
import { atScale, formatScaled, parseDecimal, ratioToText } from '../../core/money.js';
import { dict } from '../../core/records.js';
import { issue } from '../../messages/index.js';
import { composePatches, mergePatch } from './overrides.js';

type Row = AllocationRow & { depth?: 1 | 2; path?: string[] };

/** One request run: its rows, summary and unit, and the model as it used it (M: the caller's provenance). */
export interface RunOutcome<M> {
  readonly result: {
    readonly rows: readonly Row[];
    readonly summary: AllocationSummary;
    readonly unit: string;
    readonly model: { id: string; version: string };
  };
  readonly model: M;
}

/** Runs one allocation request; a memo lets variants with the baseline's indicators reuse its factor shares. */
export type Runner<M> = (request: AllocationRequestBody, memo: Map<string, Shares> | undefined) => RunOutcome<M>;

/** A comparison: the baseline's model as used, one row per region, each variant's model and summary. */
export interface CompareOutcome<M> {
  readonly model: M;
  readonly unit: string;
  readonly summary: { regions: number; variants: number; baseline: AllocationSummary };
  readonly variants: { name: string; model: { id: string; version: string }; summary: AllocationSummary }[];
  readonly rows: CompareRow[];
}

export function compare<M>(body: CompareRequestBody, run: Runner<M>): CompareOutcome<M> {
  // variants that leave the regions' indicators alone reuse the baseline's factor shares when their
  // formula is the same (the memo is keyed by the model's factors and inputs)
  const memo = new Map<string, Shares>();
  const baseline = located(
    () => run(body.baseline, memo),
    (path) => '/baseline' + path,
    '',
  );
  const variants = body.variants.map((v, k) => {
    const request = variantRequest(body.baseline, v, k);
    const sameIndicators = (v.regions ?? []).every((patch) => patch.indicators === undefined);
    const { result } = located(() => run(request, sameIndicators ? memo : undefined), variantPointer(body.baseline, v, k), ` (variant "${v.name}")`);
    return { name: v.name, changes: variantChanges(v), result };
  });
  const rows = compareRows(
    baseline.result.rows,
    variants.map(({ name, changes, result }) => ({ name, changes, rows: result.rows })),
    baseline.result.unit,
  );
  return {
    model: baseline.model,
    unit: baseline.result.unit,
    summary: { regions: rows.length, variants: variants.length, baseline: baseline.result.summary },
    rows,
    variants: variants.map(({ name, result }) => ({ name, model: result.model, summary: result.summary })),
  };
}

/**
 * Where a problem found in variant k's request sits in the compare request: in the variant's overrides, in a
 * value its regions changed (/variants/k/regions/j/…), else in the baseline.
 */
export function variantPointer(base: AllocationRequestBody, v: VariantBody, k: number): (path: string) => string {
  const patched = new Map((v.regions ?? []).map((p, j) => [p.id, { p, j }]));
  return (path) => {
    if (path.startsWith('/overrides') && v.overrides) return `/variants/${k}${path}`;
    const m = /^\/regions\/(\d+)(?:\/children\/(\d+))?\/(indicators\/[^/]+|lastYear)$/.exec(path);
    if (m) {
      const top = base.regions[Number(m[1])];
      const child = m[2] === undefined ? undefined : top?.children?.[Number(m[2])];
      const id = child ? `${top.id}/${child.id}` : top?.id;
      const hit = id === undefined ? undefined : patched.get(id);
      const field = m[3];
      const key = field.startsWith('indicators/') ? field.slice('indicators/'.length).replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
      const touched = hit && (key === undefined ? hit.p.lastYear !== undefined : hit.p.indicators !== undefined && Object.hasOwn(hit.p.indicators, key));
      if (hit && touched) return `/variants/${k}/regions/${hit.j}/${field}`;
    }
    return '/baseline' + path;
  };
}

/** Runs `fn`; an engine problem is re-pointed into the compare request and says which variant it is in. */
function located<T>(fn: () => T, where: (path: string) => string, which: string): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    throw new EngineError(e.issues.map((i) => ({ ...i, path: where(i.path), en: i.en + which, zh: i.zh + which })));
  }
}

/** The baseline request with a variant's changes: total replaced, overrides combined, regions patched by id ("city/county" below a city). */
export function variantRequest(base: AllocationRequestBody, v: VariantBody, k: number): AllocationRequestBody {
  const issues: Issue[] = [];
  // by id, with the patch's place in the list (an unknown id is pointed at there)
  const patches = new Map((v.regions ?? []).map((p, j) => [p.id, { ...p, at: j }]));
  const patch = <R extends AllocationRequestBody['regions'][number] | NonNullable<AllocationRequestBody['regions'][number]['children']>[number]>(
    region: R,
    key: string,
  ): R => {
    const p = patches.get(key);
    if (!p) return region;
    patches.delete(key);
    const indicators = p.indicators ? (mergePatch(region.indicators, p.indicators) as R['indicators']) : region.indicators;
    const next = { ...region, indicators };
    if (p.lastYear === null) delete next.lastYear;
    else if (p.lastYear !== undefined) next.lastYear = p.lastYear;
    return next;
  };
  const regions = base.regions.map((r) => {
    const top = patch(r, r.id);
    return r.children ? { ...top, children: r.children.map((c) => patch(c, `${r.id}/${c.id}`)) } : top;
  });
  for (const [key, p] of patches) {
    issues.push(issue(pointer('variants', k, 'regions', p.at, 'id'), 'variant-unknown-region', { variant: v.name, key }));
  }
  if (issues.length > 0) throw new EngineError(issues);
  return {
    ...base,
    ...(v.total !== undefined ? { total: v.total } : {}),
    overrides: combine(base.overrides, v.overrides),
    regions,
  };
}

/** A variant's overrides on top of the baseline's: keys merge (the variant wins), pipeline patches compose, stages off add up. */
export function combine(base: OverridesData | undefined, v: OverridesData | undefined): OverridesData | undefined {
  if (!v) return base;
  if (!base) return v;
  const off = [...new Set([...(base.off ?? []), ...(v.off ?? [])])];
  return {
    ...(base.weights || v.weights ? { weights: { ...base.weights, ...v.weights } } : {}),
    ...(base.indicators || v.indicators ? { indicators: { ...base.indicators, ...v.indicators } } : {}),
    ...(base.pipeline || v.pipeline ? { pipeline: composePatches(base.pipeline ?? {}, v.pipeline ?? {}) as Record<string, unknown> } : {}),
    ...(v.granularity !== undefined ? { granularity: v.granularity } : base.granularity !== undefined ? { granularity: base.granularity } : {}),
    ...(v.unit !== undefined ? { unit: v.unit } : base.unit !== undefined ? { unit: base.unit } : {}),
    ...(off.length > 0 ? { off } : {}),
  };
}

export interface VariantOutcome {
  readonly name: string;
  /** what the variant changes, in both languages ("weights policy, performance; regions B") */
  readonly changes?: { readonly en: string; readonly zh: string };
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
  /** baseline → each variant, what the variant changed and by how much, in both languages */
  readonly reason: { readonly en: string; readonly zh: string };
}

const UNIT_EN: Record<string, string> = { wan: '万元', yuan: 'yuan' };
const UNIT_ZH: Record<string, string> = { wan: '万元', yuan: '元' };

/** What a variant changes against the baseline, named in both languages. */
export function variantChanges(v: VariantBody): { en: string; zh: string } {
  const en: string[] = [];
  const zh: string[] = [];
  const o = v.overrides;
  if (o?.weights) {
    const ids = Object.keys(o.weights).join(', ');
    en.push(`weights of ${ids}`);
    zh.push(`权重（${Object.keys(o.weights).join('、')}）`);
  }
  if (o?.indicators) {
    en.push(`indicator parameters of ${Object.keys(o.indicators).join(', ')}`);
    zh.push(`指标参数（${Object.keys(o.indicators).join('、')}）`);
  }
  if (o?.pipeline) {
    en.push(`the pipeline (${Object.keys(o.pipeline).join(', ')})`);
    zh.push(`分配环节（${Object.keys(o.pipeline).join('、')}）`);
  }
  if (o?.off?.length) {
    en.push(`stages off: ${o.off.join(', ')}`);
    zh.push(`关闭环节：${o.off.join('、')}`);
  }
  if (v.total !== undefined) {
    en.push(`total ${v.total}`);
    zh.push(`总额 ${v.total}`);
  }
  if (v.regions?.length) {
    en.push(`data of ${v.regions.map((r) => r.id).join(', ')}`);
    zh.push(`地区数据（${v.regions.map((r) => r.id).join('、')}）`);
  }
  return en.length === 0 ? { en: 'nothing changed', zh: '无改动' } : { en: en.join('; '), zh: zh.join('；') };
}

const keyOf = (r: { id: string; path?: string[] }) => (r.path ? r.path.join('/') : r.id);

export function compareRows(
  baseline: readonly (AllocationRow & { depth?: 1 | 2; path?: string[] })[],
  variants: readonly VariantOutcome[],
  unit = '',
): CompareRow[] {
  const lookups = variants.map((v) => new Map(v.rows.map((r) => [keyOf(r), r])));
  const uEn = UNIT_EN[unit] ?? unit;
  const uZh = UNIT_ZH[unit] ?? unit;
  return baseline.map((row) => {
    const before = parseDecimal(row.amount)!;
    const cells = dict<CompareCell>(); // keyed by variant name: any name, "__proto__" too
    const en: string[] = [];
    const zh: string[] = [];
    variants.forEach((v, k) => {
      const other = lookups[k].get(keyOf(row));
      const after = parseDecimal(other?.amount ?? '0')!;
      // amounts carry the granularity's decimals; the delta keeps them ("-12.50", not "-12.5")
      const scale = Math.max(decimals(row.amount), decimals(other?.amount ?? '0'));
      const b = atScale(before, scale);
      const delta = atScale(after, scale) - b;
      const cell: CompareCell = {
        amount: other?.amount ?? '0',
        change: formatScaled(delta, scale),
        changePercent: b === 0n ? null : ratioToText(delta * 100n, b, 2) + '%',
      };
      cells[v.name] = cell;
      const sign = delta > 0n ? '+' : '';
      const by = `${sign}${cell.change}${cell.changePercent === null ? '' : `, ${cell.changePercent.startsWith('-') ? '' : sign}${cell.changePercent}`}`;
      const what = v.changes ? { en: ` (${v.changes.en})`, zh: `（${v.changes.zh}）` } : { en: '', zh: '' };
      en.push(`"${v.name}"${what.en} gives ${cell.amount} ${uEn} (${by})`);
      zh.push(`方案"${v.name}"${what.zh}为 ${cell.amount} ${uZh}（${by}）`);
    });
    const who = row.name ? { en: `${row.name} (${row.id})`, zh: `${row.name}（${row.id}）` } : { en: row.id, zh: row.id };
    return {
      id: row.id,
      ...(row.name !== undefined ? { name: row.name } : {}),
      ...(row.level !== undefined ? { level: row.level } : {}),
      ...(row.depth !== undefined ? { depth: row.depth } : {}),
      ...(row.path ? { path: row.path } : {}),
      baseline: row.amount,
      variants: cells,
      reason: {
        en: `${who.en}: baseline ${row.amount} ${uEn}; ${en.join('; ')}.`,
        zh: `${who.zh}：基准方案 ${row.amount} ${uZh}；${zh.join('；')}。`,
      },
    };
  });
}

function decimals(text: string): number {
  return text.split('.')[1]?.length ?? 0;
}
