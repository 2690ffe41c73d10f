/**
 * The yearly review of a project library (项目库动态管理, seed 003 §9 and §12; seed 000 §二(二)3 保留、微调保留、
 * 移出): the projects to look at on a day `asOf`, each flag with the decision it suggests. Removed projects (移出)
 * are out of the library: counted, never flagged.
 *
 *   stale          not implemented (implemented() false) and in the library at least staleYears whole years at
 *                  asOf: entered 2023-09-15, on 2025-09-15 it is 2 years (the same month and day counts; a
 *                  project entered on 29 February has its anniversary on 1 March in other years). Suggested:
 *                  remove — keep where it is planned for asOf's year or later (it is in this year's plan).
 *   amount-change  approvedAmount > 0 and |amount − approvedAmount| ≥ amountChange × approvedAmount (20%).
 *                  Suggested: adjust (微调保留), recorded with its reason.
 *   unrelated      its purpose is one the model marks unrelated. Suggested: remove.
 *
 * The library as it stood at asOf: a project entered after asOf (enteredOn > asOf) was not in it then, so it is
 * neither flagged nor counted among the projects; the summary counts it apart (enteredAfter).
 *
 * Rows in project order, each project's flags in that order. Exact rationals throughout.
 */
import type { Unit } from '../../core/money.js';
import { abs, amountText, cmp, div, mul, neg, type Ratio, ratio, sub } from '../../core/rational.js';
import { textOnItsSide } from '../monitoring/shown.js';
import { DECISION_ZH, type Decision, type ProjectRulesModel, STATUS_ZH, type StoredProject } from '../../schema/projects.js';
import { said } from './indicators.js';
import { implemented } from './status.js';

export const REVIEW_FLAGS = ['stale', 'amount-change', 'unrelated'] as const;
export type ReviewFlagKind = (typeof REVIEW_FLAGS)[number];

export interface ReviewFlag {
  readonly project: string;
  readonly name: string;
  readonly status: StoredProject['status'];
  readonly flag: ReviewFlagKind;
  readonly enteredOn: string;
  /** whole years in the library at asOf (0 when it entered after asOf) */
  readonly years: number;
  readonly amount: string;
  readonly approvedAmount: string | null;
  /** amount − approvedAmount, with its sign (null without an approved amount) */
  readonly change: string | null;
  /** change ÷ approvedAmount as a percentage, 2 decimals (more where rounding would cross the limit) */
  readonly changePercent: string | null;
  readonly suggested: Decision;
  readonly en: string;
  readonly zh: string;
}

export interface ReviewSummary {
  readonly asOf: string;
  /** the projects in the library at asOf (removed ones included; entered after asOf left out) */
  readonly projects: number;
  /** the projects given that entered after asOf: not in the library on that day, neither flagged nor in `projects` */
  readonly enteredAfter: number;
  /** projects with at least one flag */
  readonly flagged: number;
  readonly stale: number;
  readonly amountChange: number;
  readonly unrelated: number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(date: string): [number, number, number] {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/**
 * Whole years from `from` to `to` (both YYYY-MM-DD): the anniversaries passed, the day itself included
 * (2023-09-15 → 2025-09-15 is 2; → 2025-09-14 is 1). 0 when `to` is before `from`.
 */
export function wholeYears(from: string, to: string): number {
  const [fy, fm, fd] = parts(from);
  const [ty, tm, td] = parts(to);
  let years = ty - fy;
  if (tm < fm || (tm === fm && td < fd)) years -= 1;
  return Math.max(0, years);
}

/** Does |amount − approved| reach `limit` × approved? (approved > 0) */
export function amountChanged(amount: Ratio, approved: Ratio, limit: Ratio): boolean {
  return approved.num > 0n && cmp(abs(sub(amount, approved)), mul(limit, approved)) >= 0;
}

export function reviewFlags(projects: readonly StoredProject[], model: ProjectRulesModel, asOf: string, unit: Unit): ReviewFlag[] {
  const limit = ratio(model.review.amountChange);
  const [asOfYear] = parts(asOf);
  const out: ReviewFlag[] = [];
  for (const p of projects) {
    if (p.status === 'removed' || p.enteredOn > asOf) continue;
    const years = wholeYears(p.enteredOn, asOf);
    const amount = ratio(p.amount);
    const approved = p.approvedAmount === undefined ? undefined : ratio(p.approvedAmount);
    const change = approved === undefined ? undefined : sub(amount, approved);
    const share = approved === undefined || approved.num === 0n ? undefined : div(change!, approved);
    const base = {
      project: p.id,
      name: p.name,
      status: p.status,
      enteredOn: p.enteredOn,
      years,
      amount: p.amount,
      approvedAmount: p.approvedAmount ?? null,
      change: change === undefined ? null : amountText(change, 0),
      // the shown percentage never rounds onto or across ± the limit it was judged against
      changePercent: share === undefined ? null : `${textOnItsSide(share, [limit, neg(limit)], 2, 100n)}%`,
    };
    if (!implemented(p.status) && years >= model.review.staleYears) {
      const planned = p.status === 'planned' && p.year !== undefined && p.year >= asOfYear;
      const suggested: Decision = planned ? 'keep' : 'remove';
      out.push({
        ...base,
        flag: 'stale',
        suggested,
        ...said('review-stale', {
          years,
          status: p.status,
          statusZh: STATUS_ZH[p.status],
          enteredOn: p.enteredOn,
          asOf,
          staleYears: model.review.staleYears,
          suggested: `${suggested} (${DECISION_ZH[suggested]})`,
          suggestedZh: DECISION_ZH[suggested],
          ...(planned ? { year: p.year } : {}),
        }),
      });
    }
    if (approved !== undefined && amountChanged(amount, approved, limit)) {
      out.push({
        ...base,
        flag: 'amount-change',
        suggested: 'adjust',
        ...said('review-amount-change', {
          amount: p.amount,
          approved: p.approvedAmount!,
          change: base.change!,
          percent: base.changePercent!,
          limit: `${textOnItsSide(limit, [], 2, 100n)}%`,
          unit,
        }),
      });
    }
    const purpose = p.purpose === undefined ? undefined : model.purposes.find((x) => x.id === p.purpose);
    if (purpose && !purpose.related) {
      out.push({ ...base, flag: 'unrelated', suggested: 'remove', ...said('review-unrelated', { purpose: purpose.en, purposeZh: purpose.zh }) });
    }
  }
  return out;
}

export function reviewSummary(projects: readonly StoredProject[], flags: readonly ReviewFlag[], asOf: string): ReviewSummary {
  const count = (kind: ReviewFlagKind) => flags.filter((f) => f.flag === kind).length;
  return {
    asOf,
    projects: projects.filter((p) => p.enteredOn <= asOf).length,
    enteredAfter: projects.filter((p) => p.enteredOn > asOf).length,
    flagged: new Set(flags.map((f) => f.project)).size,
    stale: count('stale'),
    amountChange: count('amount-change'),
    unrelated: count('unrelated'),
  };
}
