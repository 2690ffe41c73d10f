/**
 * Why no plan of kind 2 or 3 exists, in the planner's words. Only what must be funded (mandatory projects;
 * every project in kind 3) can make the model infeasible, and two things can stand in its way:
 *
 * 1. Money: budgets or town caps below what must be funded. With the floors dropped, the solver layer's
 *    elastic re-solve (elastic.ts) finds the least extra money, and where: budgets of sources without a
 *    floor are cheaper to raise (money there never hurts a floor). Class rows and mandatory bounds stay
 *    hard, so reports speak of budgets and caps only; amounts are rounded up to whole granules.
 * 2. Industry floors, source by source (in the listed order), with that money and the floors already
 *    settled kept hard: a floor that cannot be met is lowered to the largest share reachable, found by
 *    Dinkelbach's method — maximise industry − f·base with f the share reached so far until the optimum
 *    is 0; each step a MILP solved to a tight gap and checked exactly. It runs with continuous amounts
 *    (an upper bound: the "at most" of the text), then in whole granules around that answer (the
 *    `reachable` share, rounded down to 6 decimals). The two differ by a few granules' worth at most.
 *
 * The claim is checked: the problem with every relaxation applied has a plan in whole granules (`verified`).
 */
import { pointer } from '../../../core/errors.js';
import type { Ratio } from '../../../core/money.js';
import { floorCoefficient, industryShare } from '../../../core/shares.js';
import type { BackendChoice, SolveResult } from '../solver/core.js';
import type { Library } from './input.js';
import { budgetRow, buildModel, capRow, centerOf, flowVar, projectVar, type FundingClass, type ModelSpec } from './model.js';
import { money, percent, sourceName, unitName } from './result.js';
import type { Infeasibility, Relaxation, WorkLimit } from '../problems.js';
import { type Rational, ZERO, add, ceil, cmp, mul, rat, sub, times10, toDecimal } from '../../../core/rational.js';
import { solve } from '../solver/solve.js';

export interface ExplainContext {
  readonly lib: Library;
  readonly classes: readonly FundingClass[];
  /** kind 3: every project is funded */
  readonly fundAll: boolean;
  readonly backend: BackendChoice | undefined;
  readonly workLimit?: WorkLimit;
  /** ms left of the request's solving budget (undefined: the layer's default per solve) */
  readonly timeLeft: () => number | undefined;
}

/** Dinkelbach's steps are MILPs whose optimum is 0 at the end: a relative gap means little there. */
const RATIO_GAP = 1e-9;
const MAX_DINKELBACH_STEPS = 30;

export async function explainFunding(ctx: ExplainContext): Promise<{ infeasibility: Infeasibility; runs: SolveResult[] }> {
  const { lib, classes } = ctx;
  const runs: SolveResult[] = [];
  const what = ctx.fundAll ? { en: 'the chosen projects', zh: '所选项目' } : { en: 'the mandatory projects', zh: '必须安排的项目' };
  const unit = unitName(lib.unit);
  const relaxations: Relaxation[] = [];
  const unproven = (en: string, zh: string): { infeasibility: Infeasibility; runs: SolveResult[] } => ({
    infeasibility: { relaxations, verified: false, en, zh },
    runs,
  });
  // reasoning with continuous amounts (fast, see fundingModel.ts); claims checked in whole granules
  const base: ModelSpec = { fundAll: ctx.fundAll };
  const run = async (spec: ModelSpec, explain = false, mipRelGap?: number) => {
    const r = await solve(buildModel(lib, classes, spec), {
      backend: ctx.backend,
      workLimit: ctx.workLimit,
      timeLimitMs: ctx.timeLeft(),
      mipRelGap,
      explain,
    });
    runs.push(r);
    return r;
  };

  // 1. money
  const none = lib.sources.map(() => null);
  const budgets = lib.sources.map((s) => s.budget);
  const caps = new Map(lib.townCaps);
  const money1 = await run({ ...base, floors: none }, true);
  if (money1.status === 'infeasible') {
    const report = money1.infeasibility;
    if (!report || report.hardConflict || report.relaxations.length === 0) {
      return unproven(
        `${what.en} cannot be funded by raising budgets or caps: their sources cannot pay for them.`,
        `无论如何提高预算或上限都无法安排${what.zh}：其资金来源无法支付。`,
      );
    }
    for (const r of report.relaxations) {
      const by = ceil(r.by);
      const s = lib.sources.find((x) => budgetRow(x.id) === r.name);
      if (s) {
        budgets[s.index] += by;
        const name = sourceName(s.id);
        const [b, need] = [money(lib, by), money(lib, budgets[s.index])];
        relaxations.push({
          id: r.name,
          path: pointer('sources', s.index, 'budget'),
          asked: money(lib, s.budget),
          reachable: need,
          measure: 'amount',
          en: `${name.en} fall short by ${b} ${unit.en} for ${what.en}: a budget of ${need} ${unit.en} would do`,
          zh: `${name.zh}预算不足以安排${what.zh}，缺口 ${b} ${unit.zh}（预算需达到 ${need} ${unit.zh}）`,
        });
        continue;
      }
      const town = [...lib.townCaps.keys()].find((t) => capRow(t) === r.name);
      if (town === undefined) continue; // only budgets and caps may give
      const cap = lib.townCaps.get(town)!;
      caps.set(town, cap + by);
      const [b, c, need] = [money(lib, by), money(lib, cap), money(lib, cap + by)];
      relaxations.push({
        id: r.name,
        path: pointer('townCaps', town),
        asked: c,
        reachable: need,
        measure: 'amount',
        en: `${what.en} of town "${town}" need ${b} ${unit.en} more than its cap of ${c} ${unit.en}: a cap of ${need} ${unit.en} would do`,
        zh: `乡镇 "${town}" 的${what.zh}超出其上限 ${c} ${unit.zh}，差 ${b} ${unit.zh}（上限需达到 ${need} ${unit.zh}）`,
      });
    }
  } else if (money1.status !== 'optimal') {
    return unproven(
      `no plan was found (${money1.status}${money1.message ? `: ${money1.message}` : ''}), and the search for what must give did not finish.`,
      `未找到方案（${money1.status}），对需放宽条件的分析未能完成。`,
    );
  }

  // 2. floors, source by source
  const floors: (Ratio | null)[] = [...none]; // what later floors are computed with: exact reachable shares
  const reported: (Ratio | null)[] = [...none]; // what the report says: rounded down, so a little looser
  for (const s of lib.sources) {
    if (!s.floor) continue;
    const spec = { ...base, budgets, caps, floors };
    const trial = { ...spec, floors: floors.map((f, i) => (i === s.index ? s.floor : f)) };
    if (await feasibleInGranules(ctx, trial, run)) {
      floors[s.index] = reported[s.index] = s.floor;
      continue;
    }
    const best = await maxShare(ctx, s.index, spec, run);
    if (!best) return unproven('the search for the reachable industry share did not finish.', '对可达到的产业发展比例的求解未能完成。');
    if (cmp(best.reachable, s.floor) >= 0) {
      floors[s.index] = reported[s.index] = s.floor; // the continuous solve chose badly; the floor holds
      continue;
    }
    floors[s.index] = best.reachable;
    reported[s.index] = roundDown(best.reachable, 6);
    const name = sourceName(s.id);
    const [asked, most] = [percent(s.floor), toDecimal(times10(best.bound, 2), 1)];
    const where = ctx.fundAll ? { en: 'with the chosen projects', zh: '现有项目' } : { en: 'with the projects in the library', zh: '现有项目库' };
    relaxations.push({
      id: `source:${s.id}:floor`,
      path: pointer('sources', s.index, 'floor'),
      asked: s.floorText!,
      reachable: toDecimal(reported[s.index]!, 6),
      measure: 'share',
      en: `the ${asked}% industry floor for ${name.en} cannot be met: at most ${most}% is reachable ${where.en}`,
      zh: `${name.zh}产业发展比例不低于 ${asked}% 无法满足：${where.zh}最多可达到 ${most}%`,
    });
  }

  // 3. the claim, checked in whole granules with the floors as reported
  const verified = await feasibleInGranules(ctx, { ...base, budgets, caps, floors: reported }, run);
  const en = `No plan meets every rule: ${relaxations.map((r) => r.en).join('; ')}.`;
  const zh = `没有满足全部规则的方案：${relaxations.map((r) => r.zh).join('；')}。`;
  return { infeasibility: { relaxations, verified, en, zh }, runs };
}

function roundDown(q: Rational, places: number): Rational {
  const scale = 10n ** BigInt(places);
  const n = q.num * scale;
  return rat(n / q.den, scale); // q ≥ 0
}

/**
 * The largest industry share source s can reach under `spec` (its own floor left out), by Dinkelbach's
 * method: with continuous amounts (a bound: fractional granules may reach a little more), then in whole
 * granules around that answer with its whole projects fixed (reachable). Undefined when a step does not
 * end optimal.
 */
async function maxShare(
  ctx: ExplainContext,
  s: number,
  spec: ModelSpec,
  run: (spec: ModelSpec, explain?: boolean, gap?: number) => Promise<SolveResult>,
): Promise<{ bound: Rational; reachable: Rational } | undefined> {
  const bound = await dinkelbach(ctx, s, spec, run);
  if (!bound) return undefined;
  const whole = await dinkelbach(ctx, s, inGranules(ctx, spec, bound.values), run);
  return whole && { bound: bound.share, reachable: whole.share };
}

/** `spec` in whole granules: integer moves around a continuous answer, its whole projects fixed. */
function inGranules(ctx: ExplainContext, spec: ModelSpec, values: ReadonlyMap<string, Rational>): ModelSpec {
  const fixed = new Map<number, 0 | 1>();
  for (const p of ctx.lib.projects) {
    const y = p.partial ? undefined : values.get(projectVar(p, 'continuous'));
    if (y) fixed.set(p.index, y.num === 0n ? 0 : 1);
  }
  const center = centerOf(ctx.lib, ctx.classes, values, BigInt(2 * ctx.classes.length + 4));
  return { ...spec, amounts: 'integer', center, fixed };
}

/** max industry/base of source s: maximise industry − f·base, f the share reached, until the optimum is 0. */
async function dinkelbach(
  ctx: ExplainContext,
  s: number,
  spec: ModelSpec,
  run: (spec: ModelSpec, explain?: boolean, gap?: number) => Promise<SolveResult>,
): Promise<{ share: Rational; values: ReadonlyMap<string, Rational> } | undefined> {
  const { lib, classes } = ctx;
  const used = classes.filter((k) => k.sources.includes(s));
  let f = ZERO;
  for (let step = 0; step < MAX_DINKELBACH_STEPS; step++) {
    const terms = used.flatMap((k) => {
      const c = floorCoefficient(lib.rule, f, k.category);
      return c.num === 0n ? [] : [[flowVar(k.index, s), c] as const];
    });
    const r = await run({ ...spec, objective: { sense: 'max', terms } }, false, RATIO_GAP);
    if (r.status !== 'optimal' || !r.solution) return undefined;
    const values = r.solution.values;
    const paid = (k: FundingClass) => {
      const v = values.get(flowVar(k.index, s)) ?? ZERO;
      return spec.center ? add(v, rat(spec.center.flows[k.index][s])) : v; // integer moves: around the center
    };
    const share = industryShare(
      lib.rule,
      used.map((k) => [k.category, paid(k)] as const),
    );
    const excess = sub(share.industry, mul(f, share.base)); // industry − f·base at the new point
    if (cmp(excess, ZERO) <= 0 || share.share === null) return { share: f, values };
    f = share.share;
  }
  return undefined;
}

/** Whether `spec` has a plan in whole granules: a continuous answer, then integer moves around it. */
async function feasibleInGranules(
  ctx: ExplainContext,
  spec: ModelSpec,
  run: (spec: ModelSpec, explain?: boolean, gap?: number) => Promise<SolveResult>,
): Promise<boolean> {
  const r = await run(spec);
  if (r.status !== 'optimal' || !r.solution) return false;
  return (await run(inGranules(ctx, spec, r.solution.values))).status === 'optimal';
}
