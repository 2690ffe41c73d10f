/**
 * Invariants of the evaluation, on generated indicator tables (every rule kind, scaled rules, bonus and
 * penalty items, random rounding) and generated values, some of them not applicable (fast-check):
 * a score stays within 0 and its points; the total never exceeds 100 plus the bonus points and never goes
 * below 0; rescaling keeps the total within 0..100 (+ bonus); subtotals add up; the order of the values and
 * of their keys never changes the answer.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, EvaluationResult, prepareEvaluationModel } from '../src/domain/evaluation/evaluate.js';
import type { AdjustmentSpec, EvaluationModelSpec, IndicatorSpec, RuleSpec } from '../src/domain/evaluation/types.js';
import { addScaled, compareScaled, parseDecimal, Scaled } from '../src/core/money.js';

const d = (x: string): Scaled => parseDecimal(x)!;
const le = (a: string, b: string) => compareScaled(d(a), d(b)) <= 0;
const halves = (h: number) => (h / 2).toString();
const title = (s: string) => ({ zh: s, en: s });

/** n positive integers adding up to `total` (n ≤ total). */
const composition = (n: number, total: number) =>
  fc.uniqueArray(fc.integer({ min: 1, max: total - 1 }), { minLength: n - 1, maxLength: n - 1 }).map((cuts) => {
    const s = [...cuts].sort((a, b) => a - b);
    return [...s, total].map((c, i) => c - (i === 0 ? 0 : s[i - 1]));
  });

const RATE_CUTS = Array.from({ length: 19 }, (_, i) => ((i + 1) * 5) / 100);

/** A rule for an indicator of h half-points, with the shape its values take. */
function ruleArb(h: number): fc.Arbitrary<RuleSpec> {
  const tiers = fc
    .tuple(
      fc.uniqueArray(fc.constantFrom(...RATE_CUTS), { minLength: 1, maxLength: 3 }),
      fc.array(fc.integer({ min: 0, max: h }), { minLength: 4, maxLength: 4 }),
    )
    .map(([cuts, scores]): RuleSpec => {
      const c = [...cuts].sort((a, b) => a - b).map(String);
      const sc = scores.slice(0, c.length + 1);
      if (Math.max(...sc) === 0) sc[sc.length - 1] = h;
      const t = [
        { maximum: c[0], score: halves(sc[0]) },
        ...c.slice(1).map((x, i) => ({ minimum: c[i], maximum: x, score: halves(sc[i + 1]) })),
        { minimum: c[c.length - 1], score: halves(sc[c.length]) },
      ];
      const best = Math.max(...sc);
      return { kind: 'tiers', rate: true, tiers: t, ...(best !== h ? { outOf: halves(best) } : {}) };
    });
  const linear = fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 50 }), fc.boolean(), fc.constantFrom(undefined, '2', '7')).map(
    ([a, span, rising, outOf]): RuleSpec => ({
      kind: 'linear',
      full: String(rising ? a + span : a),
      zero: String(rising ? a : a + span),
      ...(outOf ? { outOf } : {}),
    }),
  );
  const proportional = fc
    .constantFrom<[string, string]>(['0.85', '1'], ['0', '1'], ['0.5', '0.95'], ['0.8', '0.9'])
    .map(([zero, full]): RuleSpec => ({ kind: 'proportional', rate: true, zero, full }));
  const deductions = fc.constantFrom('0.25', '0.5', '1', '3').map((each): RuleSpec => ({ kind: 'deductions', each }));
  const yesNo = fc.constantFrom<RuleSpec>({ kind: 'yesNo' }, { kind: 'yesNo', award: 'no' });
  const choice = fc.integer({ min: 0, max: h }).map((b): RuleSpec => ({ kind: 'choice', options: { a: halves(h), b: halves(b), c: '0' } }));
  const checklist = fc.boolean().map((scaled): RuleSpec => {
    if (scaled)
      return { kind: 'checklist', outOf: '2', items: ['p', 'q'].map((id) => ({ id, points: '1', rule: { kind: 'deductions', each: '0.5' } as const })) };
    const items = h >= 2 ? [Math.floor(h / 2), h - Math.floor(h / 2)] : [h];
    return {
      kind: 'checklist',
      items: items.map((p, i) => ({ id: `i${i}`, points: halves(p), rule: i === 0 ? { kind: 'deductions', each: '0.5' } : { kind: 'yesNo' } })),
    };
  });
  return fc.oneof(tiers, linear, proportional, deductions, yesNo, choice, checklist);
}

function valueArb(rule: RuleSpec): fc.Arbitrary<unknown> {
  const rate = fc.oneof(
    fc.integer({ min: 0, max: 10_000 }).map((n) => (n / 10_000).toString()),
    fc.integer({ min: 0, max: 10_000 }).map((n) => `${n / 100}%`),
    fc.integer({ min: 1, max: 40 }).chain((den) => fc.integer({ min: 0, max: den }).map((num) => ({ numerator: num, denominator: den }))),
    fc.constantFrom(0, 1, '0.85', '0.9', '0.8'),
  );
  switch (rule.kind) {
    case 'tiers':
    case 'proportional':
      return rate;
    case 'linear':
      return fc.oneof(
        fc.integer({ min: 0, max: 120 }),
        fc
          .array(fc.record({ amount: fc.integer({ min: 1, max: 500 }).map(String), value: fc.integer({ min: 0, max: 120 }) }), { minLength: 1, maxLength: 3 })
          .map((tranches) => ({ tranches })),
      );
    case 'deductions':
    case 'occurrences':
      return fc.integer({ min: 0, max: 12 });
    case 'yesNo':
      return fc.boolean();
    case 'choice':
      return fc.constantFrom(...Object.keys(rule.options));
    case 'checklist':
      return fc.tuple(...rule.items.map((i) => valueArb(i.rule))).map((vs) => Object.fromEntries(rule.items.map((i, k) => [i.id, vs[k]])));
  }
}

interface Case {
  model: EvaluationModelSpec;
  values: Record<string, unknown>;
  bonusPoints: string;
}

const caseArb: fc.Arbitrary<Case> = fc
  .array(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 })
  .chain((shape) => {
    const n = shape.flat().reduce((a, b) => a + b, 0);
    return composition(n, 200).chain((hs) =>
      fc
        .tuple(
          fc.tuple(...hs.map((h) => ruleArb(h))),
          fc.tuple(
            ...hs.map(() =>
              fc.record({
                places: fc.constantFrom(1, 2),
                mode: fc.constantFrom('halfUp' as const, 'down' as const, 'up' as const),
                of: fc.constantFrom('score' as const, 'deduction' as const),
              }),
            ),
          ),
          fc.array(fc.record({ type: fc.constantFrom('bonus' as const, 'penalty' as const), points: fc.integer({ min: 1, max: 10 }) }), { maxLength: 2 }),
        )
        .chain(([rules, roundings, adj]) => {
          let k = 0;
          const levels = shape.map((groups, li) => {
            const gs = groups.map((count, gi) => {
              const indicators: IndicatorSpec[] = Array.from({ length: count }, () => {
                const i = k++;
                return { id: `x${i}`, title: title(`x${i}`), points: halves(hs[i]), rule: rules[i], rounding: roundings[i] };
              });
              const points = indicators.reduce((s, i) => s + Number(i.points) * 2, 0);
              return { id: `g${li}_${gi}`, title: title('g'), points: halves(points), indicators };
            });
            return { id: `l${li}`, title: title('l'), points: halves(gs.reduce((s, g) => s + Number(g.points) * 2, 0)), groups: gs };
          });
          const adjustments: AdjustmentSpec[] = adj.map((a, i) => ({
            id: `adj${i}`,
            title: title('adj'),
            type: a.type,
            points: String(a.points),
            rule: a.type === 'bonus' ? { kind: 'occurrences', each: '1' } : { kind: 'yesNo' },
          }));
          const model: EvaluationModelSpec = { id: 'generated', levels, adjustments };
          // some indicators not applicable, never all of them
          const indicatorValues = fc.tuple(...rules.map((r) => fc.option(valueArb(r), { freq: 6, nil: null }))).filter((iv) => iv.some((v) => v !== null));
          const adjustmentValues = fc.tuple(...adjustments.map((a) => valueArb(a.rule)));
          return fc.tuple(indicatorValues, adjustmentValues).map(([iv, av]) => {
            const values: Record<string, unknown> = Object.fromEntries(iv.map((v, i) => [`x${i}`, v]));
            adjustments.forEach((a, i) => (values[a.id] = av[i]));
            const bonusPoints = adjustments.filter((a) => a.type === 'bonus').reduce((s, a) => s + Number(a.points), 0);
            return { model, values, bonusPoints: String(bonusPoints) };
          });
        }),
    );
  });

const run = (c: Case): EvaluationResult => evaluate({ model: prepareEvaluationModel(c.model), values: c.values });
const sumOf = (xs: string[]) => xs.reduce((s, x) => addScaled(s, d(x)), d('0'));

describe('evaluation invariants', () => {
  it('generated tables are valid models', () => {
    fc.assert(
      fc.property(caseArb, (c) => void prepareEvaluationModel(c.model)),
      { numRuns: 200 },
    );
  });

  it("an indicator's score stays within 0 and its points; a bonus or penalty within 0 and its points", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const r = run(c);
        for (const i of r.indicators) {
          if (!i.applicable) continue;
          expect(le('0', i.score!) && le(i.score!, i.points), `${i.id}: ${i.score} of ${i.points}`).toBe(true);
        }
        for (const a of r.adjustments) expect(le('0', a.score) && le(a.score, a.points)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('the total never exceeds 100 plus the bonus points, nor goes below 0; subtotals add up', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const r = run(c);
        expect(le('0', r.total) && le(r.total, String(100 + Number(c.bonusPoints))), `total ${r.total}`).toBe(true);
        expect(le(r.sum, r.applicablePoints)).toBe(true);
        expect(compareScaled(sumOf(r.sections.map((l) => l.score)), d(r.sum))).toBe(0);
        for (const l of r.sections) expect(compareScaled(sumOf(l.groups.map((g) => g.score)), d(l.score))).toBe(0);
        const scored = r.indicators.filter((i) => i.applicable).map((i) => i.score!);
        expect(compareScaled(sumOf(scored), d(r.sum))).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('with indicators not applicable, the rescaled total stays within 0..100 and the total within 0..100 + bonus', () => {
    const withNa = caseArb.filter((c) => Object.entries(c.values).some(([k, v]) => k.startsWith('x') && v === null));
    fc.assert(
      fc.property(withNa, (c) => {
        const r = run(c);
        expect(r.rescaled).toBeDefined();
        expect(le('0', r.rescaled!.total) && le(r.rescaled!.total, '100'), `rescaled ${r.rescaled!.total}`).toBe(true);
        expect(le(r.total, String(100 + Number(c.bonusPoints)))).toBe(true);
        expect(compareScaled(d(r.applicablePoints), d('100'))).toBeLessThan(0);
      }),
      { numRuns: 200 },
    );
  });

  it('the order of the values and of their keys never changes the answer', () => {
    const shuffle = <T>(xs: T[], seed: number) =>
      xs
        .map((x, i) => [x, (i * 7919 + seed) % 101] as const)
        .sort((a, b) => a[1] - b[1])
        .map(([x]) => x);
    const reorder = (v: unknown, seed: number): unknown =>
      v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(shuffle(Object.entries(v as object), seed).map(([k, x]) => [k, reorder(x, seed + 1)]))
        : Array.isArray(v)
          ? shuffle(v, seed)
          : v;
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 0, max: 100 }), (c, seed) => {
        const a = run(c);
        const b = run({ ...c, values: reorder(c.values, seed) as Record<string, unknown> });
        const strip = (r: EvaluationResult) => JSON.parse(JSON.stringify(r), (k, v) => (k === 'value' || k === 'reason' ? undefined : v));
        expect(strip(b)).toEqual(strip(a));
        // reasons too, except where the order of tranches is spelled out
        const tranches = Object.values(c.values).some((v) => v && typeof v === 'object' && 'tranches' in (v as object));
        if (!tranches) expect(b.indicators.map((i) => i.reason)).toEqual(a.indicators.map((i) => i.reason));
      }),
      { numRuns: 200 },
    );
  });
});
