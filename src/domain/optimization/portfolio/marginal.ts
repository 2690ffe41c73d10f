/**
 * Marginal values of binding budgets (kind 2): d(objective)/d(budget) per unit, the HiGHS row dual of the
 * budget in the LP with the chosen whole projects fixed and partly funded amounts and source splits free,
 * maximising the plain value (priority classes unweighted) while each class keeps what it reached — the
 * margin of this plan, not of a reshuffled one. Only partly funded projects can take more money there, so
 * a library without any gets 0, said so. Floats, written with 6 decimals: for reading, not for money.
 */
import type { Library } from '../funding/input.js';
import { budgetRow, buildModel, type FundingClass } from '../funding/model.js';
import { sourceName, unitName, type Plan } from '../funding/result.js';
import type { LpConstraint } from '../solver/model.js';
import { stageName, stageTerms, type Objective, type PriorityClass } from './objective.js';
import type { MarginalValue, SourceRow, WorkLimit } from '../problems.js';
import { type Rational, rat } from '../../../core/rational.js';
import { solve } from '../solver/solve.js';

export async function marginalValues(
  lib: Library,
  classes: readonly FundingClass[],
  objective: Objective,
  _plan: Plan,
  sources: readonly SourceRow[],
  reached: readonly (readonly [PriorityClass, Rational])[],
  fixed: ReadonlyMap<number, 0 | 1>,
  timeLeft: () => number,
  workLimit?: WorkLimit,
): Promise<MarginalValue[]> {
  const binding = lib.sources.filter((s, i) => sources[i].budgetBinding && s.budget > 0n);
  if (binding.length === 0) return [];
  const unit = unitName(lib.unit);
  const basis = 'the LP with the chosen whole projects fixed, partly funded amounts and source splits free: the row dual of the budget (HiGHS)';
  const absorbers = lib.projects.some((p) => p.partial && !p.mandatory && p.eligible.length > 0);
  let duals: ReadonlyMap<string, number> | undefined;
  if (absorbers) {
    // plain value (classes unweighted), each class keeping what it reached: the margin of this plan
    const plain: Objective = { ...objective, classWeight: () => rat(1n) };
    const keep: LpConstraint[] =
      objective.mode === 'none'
        ? []
        : reached
            .filter(([, v]) => v.num > 0n)
            .map(([c, v]) => ({
              name: `stage:${stageName(c)}:keep`,
              terms: stageTerms(lib, plain, c, 'continuous'),
              sense: '>=' as const,
              rhs: v,
              elastic: false,
            }));
    const lp = buildModel(lib, classes, {
      amounts: 'continuous',
      fixed,
      objective: { sense: 'max', terms: stageTerms(lib, plain, undefined, 'continuous') },
      extra: keep,
    });
    const r = await solve(lp, { backend: 'highs', duals: true, workLimit, timeLimitMs: timeLeft(), explain: false });
    duals = r.solution?.shadowPrices;
    if (!duals) return [];
  }
  const perGranule = lib.granularity;
  return binding.map((s) => {
    const dual = duals?.get(budgetRow(s.id)) ?? 0;
    // d objective / d granule → per unit: × granules per unit (10^scale / coefficient)
    const raw = (dual * 10 ** perGranule.scale) / Number(perGranule.coefficient);
    const value = Math.abs(raw) < 1e-9 ? 0 : Number(raw.toPrecision(12));
    // a decimal string with 6 decimals (docs/contract.md § Numbers); -0 and float noise print as 0
    const fixed = value.toFixed(6);
    const perUnit = /^-0\.0+$/.test(fixed) ? fixed.slice(1) : fixed;
    const name = sourceName(s.id);
    if (value === 0) {
      return {
        source: s.id,
        perUnit,
        basis,
        en: `one more ${unit.en} of ${name.en} buys nothing with the chosen projects fixed: no partly funded project can absorb it (only choosing another project would use it)`,
        zh: `已选项目不变时，${name.zh}再增加 1 ${unit.zh}不带来收益：没有可部分安排的项目能吸收这笔资金（需改选其他项目才能用上）`,
      };
    }
    const x = String(Number(value.toPrecision(6)));
    return {
      source: s.id,
      perUnit,
      basis,
      en: `one more ${unit.en} of ${name.en} buys ${x} ${objective.measure.en} (at the margin, with the chosen projects fixed: partly funded projects absorb it)`,
      zh: `${name.zh}每增加 1 ${unit.zh}，${objective.measure.zh}可增加 ${x}（边际值：已选项目不变，由部分安排的项目吸收）`,
    };
  });
}
