/**
 * 二次分配: a province allocates to cities, and each city re-splits its amount among its counties with its
 * own model or weights — one request. The city's rounded amount is exactly the total its counties share,
 * so both levels balance to the granule. Rows carry their path (city, or city / county).
 */
import { allocate, AllocationResult, AllocationRow, AllocationScenario, type AllocationSummary } from './allocate.js';
import { rankByAmount } from './rank.js';
import { EngineError } from '../../core/errors.js';
import type { RegionInput } from './factors.js';
import { formatScaled, parseDecimal, SHARE_DECIMALS } from '../../core/money.js';
import type { PreparedModel } from './model.js';
import type { StageId } from './pipeline/run.js';

/** How one city splits its amount: its counties and the model it uses. */
export interface ChildLevel {
  readonly model: PreparedModel;
  readonly regions: readonly RegionInput[];
  readonly off?: ReadonlySet<StageId>;
}

export interface LevelRow extends AllocationRow {
  /** the row's place in the two-level allocation: 1 = the regions listed, 2 = their children */
  readonly depth: 1 | 2;
  /** ids from the top: [city] or [city, county] */
  readonly path: string[];
}

/** One city's split of its amount among its children: its model and checks (as a summary's). */
export interface ChildSummary {
  readonly id: string;
  readonly model: { id: string; version: string };
  readonly summary: AllocationSummary;
  readonly books?: AllocationResult['books'];
  readonly trace?: AllocationResult['trace'];
}

export interface LevelsResult extends Omit<AllocationResult, 'rows'> {
  readonly levels: 2;
  readonly rows: LevelRow[];
  readonly children: ChildSummary[];
}

/** Allocates the top level, then each region's children out of its amount. `children[i]` belongs to region i. */
export function allocateLevels(top: AllocationScenario, children: readonly (ChildLevel | undefined)[]): LevelsResult {
  const parent = allocate(top);
  const rows: LevelRow[] = [];
  const summaries: ChildSummary[] = [];
  const issues: EngineError['issues'][number][] = [];
  parent.rows.forEach((row, c) => {
    rows.push(levelRow(row, 1, [row.id]));
    const child = children[c];
    if (!child) return;
    const amount = parseDecimal(row.amount)!;
    if (amount.coefficient === 0n) {
      // nothing to split: every county gets zero, stated rather than computed
      const zero = formatScaled(0n, SHARE_DECIMALS);
      const ranks = rankByAmount(
        child.regions.map(() => 0n),
        child.regions.map(() => 0n),
        child.regions.map((r) => r.id),
      );
      child.regions.forEach((r, i) =>
        rows.push(
          levelRow(
            {
              id: r.id,
              name: r.name,
              level: r.level,
              amount: row.amount,
              share: zero,
              sharePercent: '0.00%',
              formulaShare: zero,
              formulaSharePercent: '0.00%',
              rank: ranks[i],
              factors: {},
            },
            2,
            [row.id, r.id],
          ),
        ),
      );
      summaries.push({
        id: row.id,
        model: { id: child.model.model.id, version: child.model.model.version },
        summary: { ...parent.summary, total: row.amount, sum: row.amount, balanced: true, regions: child.regions.length, leftoverGranules: 0 },
      });
      return;
    }
    try {
      const only = top.explainOnly;
      const explainOnly = only && ((path: readonly string[]) => only([row.id, ...path]));
      const result = allocate({ ...child, total: amount, unit: top.unit, granularity: top.granularity, explain: top.explain, explainOnly });
      for (const r of result.rows) rows.push(levelRow(r, 2, [row.id, r.id]));
      summaries.push({
        id: row.id,
        model: result.model,
        summary: { ...result.summary, balanced: result.summary.balanced && result.summary.total === row.amount },
        ...(result.books ? { books: result.books } : {}),
        ...(result.trace ? { trace: result.trace } : {}),
      });
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      // the child's problems, pointed at where they sit in the request
      for (const issue of e.issues) issues.push({ ...issue, path: childPath(issue.path, c) });
    }
  });
  if (issues.length > 0) throw new EngineError(issues);
  return {
    ...parent,
    levels: 2,
    rows,
    children: summaries,
    summary: { ...parent.summary, balanced: parent.summary.balanced && summaries.every((s) => s.summary.balanced) },
  };
}

/** A row with its depth and path after its id, name and level (the same key order at every depth). */
function levelRow(row: AllocationRow, depth: 1 | 2, path: string[]): LevelRow {
  const { id, name, level, ...rest } = row;
  return { id, name, level, depth, path, ...rest };
}

/** Where a child level's problem sits in the request: under /regions/{c}/children, /regions/{c}/model … */
export function childPath(path: string, c: number): string {
  if (path.startsWith('/regions')) return `/regions/${c}/children${path.slice('/regions'.length)}`;
  if (path.startsWith('/model')) return `/regions/${c}/model${path.slice('/model'.length)}`;
  if (path.startsWith('/overrides')) return `/regions/${c}/overrides${path.slice('/overrides'.length)}`;
  return `/regions/${c}${path === '/total' ? '' : path}`;
}
