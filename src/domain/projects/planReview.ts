/**
 * The annual plan review (年度项目实施计划备案审查, seed 003 §10): the year's plan — the projects with that `year`
 * and status planned (计划) or implementing (实施) — checked, every finding at once:
 *
 *   per project   each entry reason (entryReasons: no targets, no feasibility review, no linkage, unrelated
 *                 purpose, the negative list; check = the reason's code), each indicator finding (the checks of
 *                 seed 001, medians taken over every project given that is not removed), `drawing-review`
 *                 (amount ≥ the model's drawingReviewThreshold 万元 — ×10,000 for a library in 元 — without
 *                 drawingReviewed, seed 002), `no-sources` (no fund source named).
 *   plan level    (project null) `industry-share` for each fund source whose industry share of the plan's
 *                 projects paid by that source alone is below its floor (src/core/shares.ts, the categories the
 *                 model marks industry; floors from the industry-share policy: central by year, provincial its
 *                 base floor, city and county none — 质效双提方案 §二1 lets them set their own).
 *
 * A project naming several sources cannot be put to one source's share: its amount is counted in the summary
 * as unattributed. Exact rationals throughout.
 */
import type { Unit } from '../../core/money.js';
import { SHARE_DECIMALS } from '../../core/money.js';
import { add, amountText, cmp, type Ratio, rat, ratio, shareText, ZERO } from '../../core/rational.js';
import { centralFloor, industryShare, type IndustrySharePolicy, meetsFloor } from '../../core/shares.js';
import type { ProjectRulesModel, StoredProject } from '../../schema/projects.js';
import { textOnItsSide } from '../monitoring/shown.js';
import { entryReasons } from './entry.js';
import { indicatorFindings, said } from './indicators.js';

export interface PlanFinding {
  /** the project's id, or null for a plan-level finding */
  readonly project: string | null;
  readonly name: string | null;
  readonly category: string | null;
  /** an entry reason's code (entry-no-targets …), an indicator check, drawing-review, no-sources or industry-share */
  readonly check: string;
  /** the indicator of an indicator finding */
  readonly indicator: string | null;
  /** the fund source of a plan-level finding */
  readonly source: string | null;
  /** the project's amount, or the source's single-source amount (plan level) */
  readonly amount: string | null;
  /** the source's industry share and floor (plan level) */
  readonly share: string | null;
  readonly floor: string | null;
  readonly en: string;
  readonly zh: string;
}

export interface PlanSource {
  readonly id: string;
  /** Σ amounts of the plan's projects paid by this source alone */
  readonly amount: string;
  /** the part of it in industry categories */
  readonly industry: string;
  /** industry ÷ amount, 12 decimals (more where rounding would cross the floor); null when the amount is 0 */
  readonly share: string | null;
  readonly sharePercent: string | null;
  readonly floor: string | null;
  readonly floorPercent: string | null;
  /** share ≥ floor; null without a floor, and null when nothing is planned from the source (no share to judge) */
  readonly meets: boolean | null;
}

export interface PlanSummary {
  readonly year: number;
  /** the plan's projects */
  readonly projects: number;
  /** Σ their amounts */
  readonly amount: string;
  readonly findings: number;
  /** plan projects with at least one finding */
  readonly flagged: number;
  readonly sources: readonly PlanSource[];
  /** plan projects naming no source or several: in no source's share */
  readonly unattributed: { readonly projects: number; readonly amount: string };
}

const YUAN_PER_UNIT: Readonly<Record<Unit, bigint>> = { wan: 10_000n, yuan: 1n };

/** Is the project in the plan of `year`? */
export const inPlan = (p: StoredProject, year: number): boolean => p.year === year && (p.status === 'planned' || p.status === 'implementing');

/** The floor of a source in a year under the policy: central by year, provincial its base floor, else none. */
export function sourceFloor(source: string, year: number, policy: IndustrySharePolicy): Ratio | null {
  if (source === 'central') return centralFloor(policy.central, year);
  if (source === 'provincial') return policy.provincial;
  return null;
}

/** The drawing-review threshold in the library's unit (the model's is 万元). */
export function drawingThreshold(model: ProjectRulesModel, unit: Unit): Ratio {
  const wan = ratio(model.matching.drawingReviewThreshold);
  return rat(wan.num * YUAN_PER_UNIT.wan, wan.den * YUAN_PER_UNIT[unit]);
}

export function planReview(
  projects: readonly StoredProject[],
  model: ProjectRulesModel,
  options: { readonly year: number; readonly unit: Unit; readonly policy: IndustrySharePolicy },
): { rows: PlanFinding[]; summary: PlanSummary } {
  const { year, unit, policy } = options;
  const plan = projects.filter((p) => inPlan(p, year));
  const ids = new Set(plan.map((p) => p.id));
  const indicatorsOf = new Map<string, ReturnType<typeof indicatorFindings>>();
  for (const f of indicatorFindings(projects, model, unit)) {
    if (!ids.has(f.project)) continue;
    const list = indicatorsOf.get(f.project);
    if (list) list.push(f);
    else indicatorsOf.set(f.project, [f]);
  }
  const threshold = drawingThreshold(model, unit);

  const rows: PlanFinding[] = [];
  const empty = { indicator: null, source: null, share: null, floor: null };
  for (const p of plan) {
    const base = { project: p.id, name: p.name, category: p.category, amount: p.amount, ...empty };
    for (const r of entryReasons(p, model)) rows.push({ ...base, check: r.code, en: r.en, zh: r.zh });
    for (const f of indicatorsOf.get(p.id) ?? []) rows.push({ ...base, check: f.check, indicator: f.indicator, en: f.en, zh: f.zh });
    if (cmp(ratio(p.amount), threshold) >= 0 && p.drawingReviewed !== true) {
      rows.push({
        ...base,
        check: 'drawing-review',
        ...said('plan-drawing-review', { amount: p.amount, threshold: amountText(threshold, 0), unit }),
      });
    }
    if (!p.sources?.length) rows.push({ ...base, check: 'no-sources', ...said('plan-no-sources') });
  }

  // the industry share of each source's single-source projects
  const industryCategories = model.categories.filter((c) => c.industry).map((c) => c.id);
  const rule = { industryCategories, excludedCategories: [] };
  const sources: PlanSource[] = [];
  for (const s of model.fundSources) {
    const own = plan.filter((p) => p.sources?.length === 1 && p.sources[0] === s.id);
    const share = industryShare(
      rule,
      own.map((p) => [p.category, ratio(p.amount)] as const),
    );
    const floor = sourceFloor(s.id, year, policy);
    // nothing planned from the source: no share, so neither a pass nor a failure
    const meets = floor === null || share.share === null ? null : meetsFloor(share.share, floor);
    const edges = floor === null ? [] : [floor];
    const shown = share.share && textOnItsSide(share.share, edges, SHARE_DECIMALS);
    const source: PlanSource = {
      id: s.id,
      amount: amountText(share.base, 0),
      industry: amountText(share.industry, 0),
      share: shown,
      sharePercent: share.share && `${textOnItsSide(share.share, edges, 2, 100n)}%`,
      floor: floor && shareText(floor),
      floorPercent: floor && `${textOnItsSide(floor, [], 2, 100n)}%`,
      meets,
    };
    sources.push(source);
    if (meets === false) {
      rows.push({
        project: null,
        name: null,
        category: null,
        indicator: null,
        check: 'industry-share',
        source: s.id,
        amount: source.amount,
        share: source.share,
        floor: source.floor,
        ...said('plan-industry-share', {
          source: s.en,
          sourceZh: s.zh,
          year,
          industry: source.industry,
          base: source.amount,
          share: `${source.sharePercent} (${source.share})`,
          floor: source.floorPercent!,
          unit,
        }),
      });
    }
  }

  const unattributed = plan.filter((p) => p.sources?.length !== 1);
  const total = (list: readonly StoredProject[]) => list.reduce((s, p) => add(s, ratio(p.amount)), ZERO);
  return {
    rows,
    summary: {
      year,
      projects: plan.length,
      amount: amountText(total(plan), 0),
      findings: rows.length,
      flagged: new Set(rows.filter((r) => r.project !== null).map((r) => r.project)).size,
      sources,
      unattributed: { projects: unattributed.length, amount: amountText(total(unattributed), 0) },
    },
  };
}
