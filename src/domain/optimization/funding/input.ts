/**
 * Reading a project library (项目库) and its fund sources for kinds 2 (portfolio) and 3 (sources): every
 * cross-field mistake at once, as EngineErrors with JSON pointers, and money as whole granules of the
 * granularity (money.granules refuses a cost, budget or cap that is not one).
 */
import { EngineError, pointer, type Issue } from '../../../core/errors.js';
import { issue } from '../../../messages/index.js';
import { compareScaled, granules, parseDecimal, ratioOf, toText, type Ratio, type Scaled, type Unit } from '../../../core/money.js';
import { DEFAULT_INDUSTRY_RULE, countsInBase, isIndustry, ruleConflicts, type IndustryShareRule } from '../../../core/shares.js';
import type { FundSourceInput, ProjectInput, SolverOptions } from '../problems.js';

export const MAX_PROJECTS = 5_000;
export const MAX_SOURCES = 10;
/** Default portfolio gap: issue 4's target (a 1,000-project library to 1e-4 in under 1 s). */
export const PORTFOLIO_MIP_REL_GAP = 1e-4;

/** Where a category stands in the industry share: counted as industry, counted in the base only, or left out. */
export type ShareClass = 'industry' | 'counted' | 'excluded';

export interface Source {
  readonly index: number;
  readonly id: string;
  /** granules */
  readonly budget: bigint;
  readonly floor: Ratio | null;
  /** the floor as the request wrote it ("0.6") */
  readonly floorText: string | null;
  readonly forbidden: ReadonlySet<string>;
}

export interface Project {
  /** position in the request */
  readonly index: number;
  readonly id: string;
  /** granules, > 0 */
  readonly cost: bigint;
  readonly category: string;
  readonly share: ShareClass;
  /** indices of the sources that may pay for it (its `sources`, minus negative lists), ascending */
  readonly eligible: readonly number[];
  readonly priority: 1 | 2 | 3 | null;
  readonly town: string | null;
  readonly partial: boolean;
  readonly mandatory: boolean;
  readonly benefits: ReadonlyMap<string, Ratio>;
  readonly drawingReview: boolean;
}

export interface Library {
  readonly unit: Unit;
  readonly granularity: Scaled;
  readonly rule: IndustryShareRule;
  readonly sources: readonly Source[];
  /** in request order */
  readonly projects: readonly Project[];
  /** granules; only towns that have projects */
  readonly townCaps: ReadonlyMap<string, bigint>;
}

interface LibraryInput {
  readonly unit: Unit;
  readonly granularity: string;
  readonly sources: readonly FundSourceInput[];
  readonly projects: readonly ProjectInput[];
  readonly industryCategories?: readonly string[];
  readonly excludedCategories?: readonly string[];
  readonly townCaps?: Readonly<Record<string, string>>;
  readonly drawingReviewThreshold?: string;
}

/** 400万元 (seed 002), in the request's unit. */
const DRAWING_REVIEW: Record<Unit, string> = { wan: '400', yuan: '4000000' };

/** Collects issues so a request hears of every mistake at once. */
export class Issues {
  readonly list: Issue[] = [];
  add(i: Issue): void {
    this.list.push(i);
  }
  /** money.granules, its EngineError collected instead of thrown */
  granules(amount: Scaled, granularity: Scaled, path: string): bigint | undefined {
    try {
      return granules(amount, granularity, path);
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      this.list.push(...e.issues);
      return undefined;
    }
  }
  /** a decimal ≥ 0 (or > 0 with `positive`), else an issue */
  decimal(value: string | number | undefined, path: string, what: { en: string; zh: string }, positive = false): Scaled | undefined {
    const d = value === undefined || value === null ? undefined : parseDecimal(value);
    if (!d) {
      this.add(issue(path, 'optimization-not-a-decimal', { what, shown: JSON.stringify(value) ?? String(value) }));
      return undefined;
    }
    if (d.coefficient < 0n || (positive && d.coefficient === 0n)) {
      this.add(issue(path, positive ? 'optimization-must-be-positive' : 'optimization-must-not-be-negative', { what, shown: toText(d) }));
      return undefined;
    }
    return d;
  }
  throwIfAny(): void {
    if (this.list.length > 0) throw new EngineError(this.list);
  }
}

/** A share in [0, 1] ("0.6"). */
function readFloor(issues: Issues, value: string | number, path: string): Ratio | undefined {
  const d = issues.decimal(value, path, { en: 'an industry floor', zh: '产业发展比例下限' });
  if (!d) return undefined;
  if (d.coefficient > 10n ** BigInt(d.scale)) {
    issues.add(issue(path, 'optimization-share-out-of-range', { what: { en: 'an industry floor', zh: '产业发展比例下限' }, shown: toText(d) }));
    return undefined;
  }
  return ratioOf(d);
}

function shareClass(rule: IndustryShareRule, category: string): ShareClass {
  return isIndustry(rule, category) ? 'industry' : countsInBase(rule, category) ? 'counted' : 'excluded';
}

/**
 * Checks and reads the parts kinds 2 and 3 share. `mustFund`: 'mandatory' (portfolio: a mandatory project
 * needs a source) or 'all' (sources: every project is funded).
 */
export function readLibrary(input: LibraryInput, mustFund: 'mandatory' | 'all', issues = new Issues()): Library {
  const g = parseDecimal(input.granularity);
  if (!g || g.coefficient <= 0n) {
    issues.add(issue('/granularity', 'optimization-granularity', { shown: JSON.stringify(input.granularity) ?? String(input.granularity) }));
    issues.throwIfAny();
  }
  const granularity = g!;
  const before = issues.list.length;
  if (input.sources.length === 0) issues.add(issue('/sources', 'optimization-no-sources'));
  if (input.sources.length > MAX_SOURCES) issues.add(issue('/sources', 'optimization-too-many-sources', { most: MAX_SOURCES, got: input.sources.length }));
  if (input.projects.length > MAX_PROJECTS)
    issues.add(issue('/projects', 'optimization-too-many-projects', { most: MAX_PROJECTS, got: input.projects.length }));
  if (issues.list.length > before) issues.throwIfAny(); // nothing more is read of an oversized request

  const rule: IndustryShareRule = {
    industryCategories: input.industryCategories ?? DEFAULT_INDUSTRY_RULE.industryCategories,
    excludedCategories: input.excludedCategories ?? DEFAULT_INDUSTRY_RULE.excludedCategories,
  };
  for (const c of ruleConflicts(rule)) {
    issues.add(issue('/excludedCategories', 'optimization-category-in-both-lists', { category: c }));
  }

  const sourceIndex = new Map<string, number>();
  const sources: Source[] = input.sources.map((s, i) => {
    const at = (...k: (string | number)[]) => pointer('sources', i, ...k);
    if (sourceIndex.has(s.id)) {
      issues.add(issue(at('id'), 'duplicate-id', { id: JSON.stringify(s.id), first: pointer('sources', sourceIndex.get(s.id)!, 'id') }));
    } else sourceIndex.set(s.id, i);
    const b = issues.decimal(s.budget, at('budget'), { en: 'a budget', zh: '预算' });
    const floor = s.floor === undefined ? null : (readFloor(issues, s.floor, at('floor')) ?? null);
    return {
      index: i,
      id: s.id,
      budget: (b && issues.granules(b, granularity, at('budget'))) ?? 0n,
      floor,
      floorText: floor && s.floor !== undefined ? toText(parseDecimal(s.floor)!) : null,
      forbidden: new Set(s.forbiddenCategories ?? []),
    };
  });

  const threshold =
    input.drawingReviewThreshold === undefined
      ? parseDecimal(DRAWING_REVIEW[input.unit])!
      : issues.decimal(input.drawingReviewThreshold, '/drawingReviewThreshold', { en: 'the drawing-review threshold', zh: '图纸会审金额标准' });

  const projectIds = new Map<string, number>();
  const projects: Project[] = input.projects.map((p, i) => {
    const at = (...k: (string | number)[]) => pointer('projects', i, ...k);
    if (projectIds.has(p.id))
      issues.add(issue(at('id'), 'duplicate-id', { id: JSON.stringify(p.id), first: pointer('projects', projectIds.get(p.id)!, 'id') }));
    else projectIds.set(p.id, i);
    const c = issues.decimal(p.cost, at('cost'), { en: 'a project cost', zh: '项目投资' }, true);
    const cost = (c && issues.granules(c, granularity, at('cost'))) ?? 1n;
    const allowed = new Set<number>();
    let unknown = false;
    (p.sources ?? input.sources.map((s) => s.id)).forEach((id, k) => {
      const s = sourceIndex.get(id);
      if (s === undefined) {
        unknown = true;
        issues.add(issue(at('sources', k), 'unknown-reference', { id, what: 'fund source', what_zh: '资金来源', list: '/sources' }));
      } else allowed.add(s);
    });
    const eligible = [...allowed].filter((s) => !sources[s].forbidden.has(p.category)).sort((a, b) => a - b);
    if (eligible.length === 0 && (mustFund === 'all' || p.mandatory) && !unknown) {
      issues.add(issue(at(mustFund === 'all' ? 'sources' : 'mandatory'), 'optimization-project-unpayable', { id: p.id, category: p.category, mustFund }));
    }
    if (p.priority !== undefined && p.priority !== 1 && p.priority !== 2 && p.priority !== 3) {
      issues.add(issue(at('priority'), 'optimization-priority', { shown: JSON.stringify(p.priority) ?? String(p.priority) }));
    }
    const benefits = new Map<string, Ratio>();
    for (const [m, v] of Object.entries(p.benefits ?? {})) {
      const d = issues.decimal(v, at('benefits', m), { en: `benefit "${m}"`, zh: `效益指标 "${m}"` });
      if (d) benefits.set(m, ratioOf(d));
    }
    return {
      index: i,
      id: p.id,
      cost,
      category: p.category,
      share: shareClass(rule, p.category),
      eligible,
      priority: p.priority ?? null,
      town: p.town ?? null,
      partial: p.partial === true,
      mandatory: p.mandatory === true,
      benefits,
      drawingReview: !!(c && threshold && compareScaled(c, threshold) >= 0),
    };
  });

  const towns = new Set(projects.flatMap((p) => (p.town === null ? [] : [p.town])));
  const townCaps = new Map<string, bigint>();
  for (const [town, cap] of Object.entries(input.townCaps ?? {})) {
    const d = issues.decimal(cap, pointer('townCaps', town), { en: `the cap of town "${town}"`, zh: `乡镇 "${town}" 的上限` });
    const n = d && issues.granules(d, granularity, pointer('townCaps', town));
    if (n !== undefined && towns.has(town)) townCaps.set(town, n); // a town without projects: nothing to cap
  }
  issues.throwIfAny();
  return { unit: input.unit, granularity, rule, sources, projects, townCaps };
}

/** Solver options as the engine uses them: the portfolio gap by default. */
export function solverOptions(o: SolverOptions | undefined): SolverOptions & { mipRelGap: number } {
  return { backend: o?.backend ?? 'auto', timeLimitMs: o?.timeLimitMs, mipRelGap: o?.mipRelGap ?? PORTFOLIO_MIP_REL_GAP, workLimit: o?.workLimit };
}
