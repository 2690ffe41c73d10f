/**
 * The evaluation engine, rule kind by rule kind, against hand-computed scores: boundaries (which side of a
 * tier's bound a value falls), pro rata arithmetic, rounding of the score or of the deduction, scaling of
 * rules whose own maximum differs from the points, not-applicable indicators and rescaling, grades, bonus
 * and penalty points, and the model and value errors with their pointers.
 */
import { describe, expect, it } from 'vitest';
import { EngineError } from '../src/core/errors.js';
import { evaluate, EvaluationResult, prepareEvaluationModel } from '../src/domain/evaluation/evaluate.js';
import type { AdjustmentSpec, EvaluationModelSpec, IndicatorSpec, RoundingSpec, RuleSpec } from '../src/domain/evaluation/types.js';
import { RULES } from '../src/domain/evaluation/rules/index.js';
import { Rule } from '../src/schema/evaluation.js';
import { MESSAGES } from '../src/messages/index.js';

const title = (zh: string) => ({ zh, en: zh });

/** A table of the given indicators plus a yes/no filler that brings it to 100 points. */
function table(indicators: IndicatorSpec[], extra: Partial<EvaluationModelSpec> = {}): EvaluationModelSpec {
  const used = indicators.reduce((s, i) => s + Number(i.points), 0);
  const all = used < 100 ? [...indicators, { id: 'filler', title: title('其他'), points: String(100 - used), rule: { kind: 'yesNo' as const } }] : indicators;
  const points = all.reduce((s, i) => s + Number(i.points), 0);
  return {
    id: 'test',
    levels: [{ id: 'L', title: title('一级'), points: String(points), groups: [{ id: 'G', title: title('二级'), points: String(points), indicators: all }] }],
    ...extra,
  };
}

function run(model: EvaluationModelSpec, values: Record<string, unknown>): EvaluationResult {
  const withFiller = model.levels[0].groups[0].indicators.some((i) => i.id === 'filler') && !('filler' in values) ? { ...values, filler: true } : values;
  return evaluate({ model: prepareEvaluationModel(model), values: withFiller });
}

/** One indicator "x" of `points` scored by `rule` on `value`. */
function score(rule: RuleSpec, points: string, value: unknown, rounding?: RoundingSpec) {
  const r = run(table([{ id: 'x', title: title('指标'), points, rule, ...(rounding ? { rounding } : {}) }]), { x: value });
  return r.indicators.find((i) => i.id === 'x')!;
}

function issues(f: () => unknown): { path: string; en: string; zh: string }[] {
  try {
    f();
  } catch (e) {
    if (e instanceof EngineError) return [...e.issues];
    throw e;
  }
  throw new Error('expected an EngineError');
}

const ARRIVAL: RuleSpec = {
  kind: 'tiers',
  rate: true,
  tiers: [
    { minimum: '1', score: '3' },
    { minimum: '0.9', maximum: '1', score: '2' },
    { minimum: '0.8', maximum: '0.9', score: '1' },
    { maximum: '0.8', score: '0' },
  ],
};
const UNFINISHED: RuleSpec = {
  kind: 'tiers',
  rate: true,
  tiers: [
    { maximum: '0', maximumInclusive: true, score: '5' },
    { minimum: '0', minimumInclusive: false, maximum: '0.1', maximumInclusive: true, score: '4' },
    { minimum: '0.1', minimumInclusive: false, maximum: '0.2', maximumInclusive: true, score: '3' },
    { minimum: '0.2', minimumInclusive: false, maximum: '0.3', maximumInclusive: true, score: '2' },
    { minimum: '0.3', minimumInclusive: false, score: '0' },
  ],
};
const EXECUTION: RuleSpec = { kind: 'proportional', rate: true, full: '1', zero: '0.85' };
const DEDUCTION_1 = { places: 1, mode: 'halfUp', of: 'deduction' } as const;
const DAYS: RuleSpec = { kind: 'linear', full: '30', zero: '60', unit: { en: 'days', zh: '日' } };

describe('tiers', () => {
  it.each([
    [1, '3'],
    ['0.9999', '2'],
    ['0.9', '2'], // 90% is in [90%, 100%): min inclusive
    ['0.8999', '1'],
    ['0.8', '1'],
    ['0.7999', '0'],
    [0, '0'],
  ])('arrival rate %s → %s of 3 (half-open [min, max) tiers)', (value, want) => {
    expect(score(ARRIVAL, '3', value).score).toBe(want);
  });

  it.each([
    [0, '5'],
    ['0.0001', '4'],
    ['0.1', '4'], // 10% is in (0, 10%]: max inclusive, the inverted "≥ 10% 扣1分" read the sensible way
    ['0.1001', '3'],
    ['0.2', '3'],
    ['0.3', '2'],
    ['0.3001', '0'],
    [1, '0'],
  ])('unfinished rate %s → %s of 5 (open-closed tiers)', (value, want) => {
    expect(score(UNFINISHED, '5', value).score).toBe(want);
  });

  it('reads a rate as a fraction, a percentage or a ratio, and says which tier applied', () => {
    const ratio = score(UNFINISHED, '5', { numerator: 3, denominator: 30 });
    expect(ratio.score).toBe('4');
    expect(ratio.reason.en).toContain('3/30 = 10% is in the tier 0% < x ≤ 10% → 4');
    expect(ratio.reason.zh).toContain('属于 0% < x ≤ 10% 档');
    expect(score(ARRIVAL, '3', '95%').score).toBe('2');
    expect(score(ARRIVAL, '3', { numerator: '1134.00', denominator: '1134.00' }).score).toBe('3');
  });

  it('a rule whose best tier is 2 on an indicator of 3 is scaled by 3/2 (项目进度)', () => {
    const progress: RuleSpec = {
      ...(ARRIVAL as any),
      tiers: [
        { minimum: '1', score: '2' },
        { minimum: '0.8', maximum: '1', score: '1' },
        { maximum: '0.8', score: '0' },
      ],
      outOf: '2',
    };
    expect(score(progress, '3', 1).score).toBe('3');
    const partly = score(progress, '3', '0.8');
    expect(partly.score).toBe('1.5');
    expect(partly.reason.en).toContain("scaled to the indicator's 3 points: 1 × 3 / 2 = 1.5");
    expect(score(progress, '3', '0.7999').score).toBe('0');
  });

  it('a value outside tiers that leave the ends open is answered at its pointer', () => {
    const rule: RuleSpec = {
      kind: 'tiers',
      tiers: [
        { minimum: '0', maximum: '10', score: '2' },
        { minimum: '10', maximum: '20', score: '1' },
      ],
    };
    const found = issues(() => score(rule, '2', 25));
    expect(found.map((i) => i.path)).toEqual(['/values/x']);
    expect(found[0].en).toMatch(/none of the rule's tiers/);
  });
});

describe('linear between two bounds', () => {
  it.each([
    [0, '3'],
    [30, '3'],
    [35, '2.5'],
    [40, '2'],
    [45, '1.5'],
    [59, '0.1'],
    [60, '0'],
    [90, '0'],
  ])('days %s → %s of 3 (full at ≤ 30, zero at ≥ 60, pro rata between)', (value, want) => {
    expect(score(DAYS, '3', value).score).toBe(want);
  });

  it('shows the arithmetic and rounds as stated', () => {
    const s = score(DAYS, '4', 31, { places: 2, mode: 'halfUp' });
    // 4 × (60 − 31) / (60 − 30) = 116/30 = 3.8666…
    expect(s.score).toBe('3.87');
    expect(s.unrounded).toBe('≈3.866667');
    expect(s.reason.en).toContain('4 × (60 − 31) / (60 − 30) = ≈3.866667');
    expect(s.reason.en).toContain('rounded half up to 2 decimals is 3.87');
    expect(s.reason.zh).toContain('31日 介于 30日（满分）与 60日（0 分）之间');
    expect(s.rounding).toMatchObject({ places: 2, mode: 'halfUp', of: 'score', applied: true });
  });

  it('runs either way: full at the top bound (招投标, scaled 2 → 3, 0 of 0 full)', () => {
    const tendering: RuleSpec = { kind: 'linear', rate: true, full: '1', zero: '0', outOf: '2', whenDenominatorZero: 'full' };
    expect(score(tendering, '3', { numerator: 2, denominator: 3 }).score).toBe('2');
    expect(score(tendering, '3', { numerator: 5, denominator: 7 }).score).toBe('2.14'); // 3 × 5/7 = 2.142857
    expect(score(tendering, '3', 1).score).toBe('3');
    expect(score(tendering, '3', 0).score).toBe('0');
    const none = score(tendering, '3', { numerator: 0, denominator: 0 });
    expect(none.score).toBe('3');
    expect(none.reason.en).toContain('0 of 0');
  });

  it('0 of 0 without a stated reading is refused, with how to mark the indicator n/a', () => {
    const found = issues(() => score({ kind: 'linear', rate: true, full: '1', zero: '0' }, '3', { numerator: 0, denominator: 0 }));
    expect(found.map((i) => i.path)).toEqual(['/values/x/denominator']);
    expect(found[0].en).toMatch(/null/);
  });

  it('weights tranches by amount (按资金量和时长加权减分)', () => {
    // 100 at 30 days → 3, 300 at 50 days → 1: (100 × 3 + 300 × 1) / 400 = 1.5
    const s = score(DAYS, '3', {
      tranches: [
        { amount: '100.00', value: 30 },
        { amount: '300.00', value: 50 },
      ],
    });
    expect(s.score).toBe('1.5');
    expect(s.reason.en).toContain('weighted by amount over 2 tranche(s)');
  });
});

describe('proportional above a threshold (预算执行率)', () => {
  it('91.84% on 6: 6 × 91.84% = 5.5104, the deduction 0.4896 written 0.5 → 5.5', () => {
    const s = score(EXECUTION, '6', '91.84%', DEDUCTION_1);
    expect(s.score).toBe('5.5');
    expect(s.deducted).toBe('0.5');
    expect(s.unrounded).toBe('5.5104');
    expect(s.reason.en).toContain('pro rata 6 × 91.84% = 5.5104, 0.4896 short of full marks');
    expect(s.reason.en).toContain('the deduction 0.4896 rounded half up to 1 decimal is 0.5: 6 − 0.5 = 5.5');
    expect(s.reason.zh).toContain('扣分 0.4896 四舍五入保留 1 位小数为 0.5');
  });

  it('from the amounts (1,041.48 of 1,134.00): the same 5.5', () => {
    const s = score(EXECUTION, '6', { numerator: '1041.48', denominator: '1134.00' }, DEDUCTION_1);
    expect(s.score).toBe('5.5');
    expect(s.unrounded).toBe('≈5.510476');
  });

  it.each([
    [1, '6'],
    ['0.85', '5.1'], // the threshold itself is pro rata
    ['0.8499', '0'],
    [0, '0'],
  ])('%s → %s', (value, want) => {
    expect(score(EXECUTION, '6', value, DEDUCTION_1).score).toBe(want);
  });

  it('rounding the deduction and rounding the score differ at a half: 6 × 92.5% = 5.55', () => {
    expect(score(EXECUTION, '6', '0.925', DEDUCTION_1).score).toBe('5.5'); // 0.45 deducted → 0.5
    expect(score(EXECUTION, '6', '0.925', { places: 1, mode: 'halfUp', of: 'score' }).score).toBe('5.6');
    expect(score(EXECUTION, '6', '0.9184', { places: 1, mode: 'down' }).score).toBe('5.5');
    expect(score(EXECUTION, '6', '0.9184', { places: 1, mode: 'up' }).score).toBe('5.6');
    expect(score(EXECUTION, '6', '0.9184', { places: 0, mode: 'halfUp' }).score).toBe('6');
  });
});

describe('per-occurrence deductions', () => {
  const rule: RuleSpec = { kind: 'deductions', each: '0.5' };
  it.each([
    [0, '2'],
    [1, '1.5'],
    ['3', '0.5'],
    [4, '0'],
    [7, '0'],
  ])('%s finding(s) × 0.5 from 2 → %s', (n, want) => {
    expect(score(rule, '2', n).score).toBe(want);
  });

  it('says the floor when it applies', () => {
    expect(score(rule, '2', 7).reason.en).toContain('not below 0');
    expect(score(rule, '2', 7).reason.zh).toContain('扣完为止');
  });

  it.each([[1.5], [-1], ['two'], [true]])('%s is not a count', (v) => {
    expect(issues(() => score(rule, '2', v)).map((i) => i.path)).toEqual(['/values/x']);
  });
});

describe('yes/no and choice', () => {
  it('yes earns the points; with award "no", no does', () => {
    expect(score({ kind: 'yesNo' }, '2', true).score).toBe('2');
    expect(score({ kind: 'yesNo' }, '2', false).score).toBe('0');
    expect(score({ kind: 'yesNo' }, '2', '是').score).toBe('2');
    expect(score({ kind: 'yesNo', award: 'no' }, '2', false).score).toBe('2');
    expect(issues(() => score({ kind: 'yesNo' }, '2', 1)).map((i) => i.path)).toEqual(['/values/x']);
  });

  it('a category → its points; an unknown one is refused with the options', () => {
    const rule: RuleSpec = { kind: 'choice', options: { executed: '2', builtNotExecuted: '0.5', notBuilt: '0' } };
    expect(score(rule, '2', 'builtNotExecuted').score).toBe('0.5');
    const found = issues(() => score(rule, '2', 'maybe'));
    expect(found[0].en).toContain('"executed", "builtNotExecuted", "notBuilt"');
  });
});

describe('checklists', () => {
  const two = (points: string, each: string): RuleSpec => ({
    kind: 'checklist',
    items: [
      { id: 'a', points, rule: { kind: 'deductions', each } },
      { id: 'b', points, rule: { kind: 'deductions', each } },
    ],
  });

  it('sums the items, each floored on its own (资金分配合理性: one finding under ① → 3 of 4)', () => {
    expect(score(two('2', '1'), '4', { a: 1, b: 0 }).score).toBe('3');
    expect(score(two('2', '1'), '4', { a: 5, b: 0 }).score).toBe('2'); // a floors at 0, b keeps its 2
  });

  it('scales items that add up to 2 to an indicator of 6 (资金监管情况)', () => {
    const rule = { ...two('1', '0.5'), outOf: '2' } as RuleSpec;
    expect(score(rule, '6', { a: 0, b: 0 }).score).toBe('6');
    const s = score(rule, '6', { a: 1, b: 0 });
    expect(s.score).toBe('4.5'); // (0.5 + 1) × 6 / 2
    expect(s.reason.en).toContain('1.5 × 6 / 2 = 4.5');
  });

  it('names a missing or unknown item by its pointer', () => {
    const found = issues(() => score(two('2', '1'), '4', { a: 0, c: 1 }));
    expect(found.map((i) => i.path).sort()).toEqual(['/values/x/b', '/values/x/c']);
  });
});

describe('not applicable, rescaling and the grade', () => {
  const pair = (): EvaluationModelSpec =>
    table([
      { id: 'a', title: title('甲'), points: '60', rule: { kind: 'deductions', each: '5' } },
      { id: 'b', title: title('乙'), points: '40', rule: { kind: 'yesNo' } },
    ]);

  it('an n/a indicator leaves the total, which is rescaled to 100 and says so', () => {
    const r = run(pair(), { a: 3, b: null }); // 45 of 60 → 75
    expect(r.indicators[1]).toMatchObject({ applicable: false, score: null });
    expect(r.applicablePoints).toBe('60');
    expect(r.sum).toBe('45');
    expect(r.rescaled).toMatchObject({ total: '75', exact: '75' });
    expect(r.rescaled!.reason.en).toContain('45 × 100 / 60 = 75');
    expect(r.total).toBe('75');
    expect(r.grade.grade).toBe('中');
    expect(r.sections[0]).toMatchObject({ points: '100', applicablePoints: '60', score: '45' });
  });

  it('"n/a" and "不适用" mark it too; a rescaled total that does not end is shown to 2 decimals', () => {
    const model = table([
      { id: 'a', title: title('甲'), points: '70', rule: { kind: 'deductions', each: '5' } },
      { id: 'b', title: title('乙'), points: '30', rule: { kind: 'yesNo' } },
    ]);
    const r = run(model, { a: 4, b: 'n/a' }); // 50 of 70 → 71.428571…
    expect(r.rescaled!.exact).toBe('≈71.428571');
    expect(r.total).toBe('71.43');
    expect(run(model, { a: 4, b: '不适用' }).total).toBe('71.43');
  });

  it('every indicator n/a is refused', () => {
    expect(issues(() => run(pair(), { a: null, b: null })).map((i) => i.path)).toEqual(['/values']);
  });

  it('bands are half-open on the exact total: 89.5 is 良; on the rounded total (whole points) it is 优', () => {
    const model = table([{ id: 'a', title: title('甲'), points: '100', rule: { kind: 'deductions', each: '0.5' } }]);
    const r = run(model, { a: 21 }); // 100 − 10.5
    expect(r.total).toBe('89.5');
    expect(r.grade).toMatchObject({ grade: '良', basis: 'exact' });
    expect(r.grade.reason.en).toContain('80 ≤ total < 90');
    const whole = {
      ...model,
      grades: {
        basis: 'rounded' as const,
        bands: [
          { grade: '优', en: 'excellent', minimum: '90' },
          { grade: '良', en: 'good', minimum: '80' },
          { grade: '中', en: 'fair', minimum: '60' },
          { grade: '差', en: 'poor', minimum: '0' },
        ],
      },
      totalRounding: { places: 0, mode: 'halfUp' as const },
    };
    const r2 = run(whole, { a: 21 });
    expect(r2.total).toBe('90');
    expect(r2.grade.grade).toBe('优');
    expect(run(model, { a: 20 }).grade.grade).toBe('优'); // 90
    expect(run(model, { a: 80 }).grade.grade).toBe('中'); // 60
    expect(run(model, { a: 81 }).grade.grade).toBe('差'); // 59.5
  });

  it('bonus adds, penalty subtracts, the total never goes below 0', () => {
    const adjustments: AdjustmentSpec[] = [
      { id: 'award', title: title('表彰'), type: 'bonus', points: '3', rule: { kind: 'occurrences', each: '1' } },
      { id: 'veto', title: title('违规'), type: 'penalty', points: '100', rule: { kind: 'yesNo' } },
    ];
    const model = { ...pair(), adjustments };
    const r = run(model, { a: 1, b: true, award: 5 }); // 95 + 3 (capped)
    expect(r).toMatchObject({ sum: '95', bonus: '3', penalty: '0', total: '98' });
    expect(r.adjustments[0].reason.en).toContain('at most 3');
    expect(r.adjustments[1].reason.en).toContain('no value given');
    const vetoed = run(model, { a: 1, b: true, award: 1, veto: true });
    expect(vetoed).toMatchObject({ bonus: '1', penalty: '100', total: '0' });
    expect(vetoed.totalReason.en).toContain('not below 0');
  });
});

describe('values the model cannot read', () => {
  const model = () =>
    table([
      { id: 'rate', title: title('执行率'), points: '6', rule: EXECUTION },
      { id: 'days', title: title('天数'), points: '3', rule: DAYS },
    ]);

  it('names unknown, missing and unreadable values at once', () => {
    const found = issues(() => run(model(), { rate: '91.84', nope: 1, L: 2 }));
    expect(found.map((i) => i.path).sort()).toEqual(['/values/L', '/values/days', '/values/nope', '/values/rate']);
    const by = Object.fromEntries(found.map((i) => [i.path, i]));
    expect(by['/values/days'].en).toMatch(/missing.*null \(or "n\/a"\)/);
    expect(by['/values/nope'].en).toMatch(/no indicator "nope"/);
    expect(by['/values/L'].en).toMatch(/level or group/);
    expect(by['/values/rate'].en).toContain('0.9184 or "91.84%"');
  });

  it.each([
    ['120%', '/values/rate'],
    ['-0.1', '/values/rate'],
    [true, '/values/rate'],
    [{ numerator: 31, denominator: 30 }, '/values/rate/numerator'],
    [{ numerator: 1, denominator: 0 }, '/values/rate/denominator'],
    [{ numerator: 1 }, '/values/rate/denominator'],
    [{ numerator: 1, denominator: 2, of: 3 }, '/values/rate/of'],
  ])('rate %j is refused at %s', (value, path) => {
    expect(issues(() => run(model(), { rate: value, days: 30 })).map((i) => i.path)).toEqual([path]);
  });

  it('a number rule does not take a percentage', () => {
    expect(issues(() => run(model(), { rate: 1, days: '30%' })).map((i) => i.path)).toEqual(['/values/days']);
  });
});

describe('models that do not hold together', () => {
  const ind = (id: string, points: string, rule: RuleSpec = { kind: 'yesNo' }): IndicatorSpec => ({ id, title: title(id), points, rule });
  const paths = (spec: EvaluationModelSpec) => issues(() => prepareEvaluationModel(spec, '/model')).map((i) => i.path);

  it('points that do not add up, per group, per level and to 100', () => {
    const spec: EvaluationModelSpec = {
      levels: [
        { id: 'L', title: title('L'), points: '90', groups: [{ id: 'G', title: title('G'), points: '95', indicators: [ind('a', '50'), ind('b', '40')] }] },
      ],
    };
    expect(paths(spec).sort()).toEqual(['/model/levels', '/model/levels/0/groups/0/points', '/model/levels/0/points']);
  });

  it('duplicate ids, overlapping or gapped tiers, an unstated scale, a rounding coarser than the points', () => {
    const spec = table([
      ind('a', '10'),
      ind('a', '10'),
      ind('overlap', '10', {
        kind: 'tiers',
        tiers: [
          { maximum: '5', maximumInclusive: true, score: '10' },
          { minimum: '5', score: '0' },
        ],
      }),
      ind('gap', '10', {
        kind: 'tiers',
        tiers: [
          { maximum: '5', score: '10' },
          { minimum: '5', minimumInclusive: false, score: '0' },
        ],
      }),
      ind('rateCover', '10', { kind: 'tiers', rate: true, tiers: [{ minimum: '0.5', score: '10' }] }),
      ind('unscaled', '10', {
        kind: 'tiers',
        tiers: [
          { maximum: '5', score: '2' },
          { minimum: '5', score: '0' },
        ],
      }),
      ind('wrongOutOf', '10', { kind: 'checklist', outOf: '3', items: [{ id: 'i', points: '2', rule: { kind: 'yesNo' } }] }),
      { ...ind('quarter', '10.25'), rounding: { places: 1, mode: 'halfUp' } },
      ind('badRate', '9.75', { kind: 'proportional', rate: true, full: '1.2', zero: '0.85' }),
    ]);
    const found = issues(() => prepareEvaluationModel(spec, '/model')) as { path: string; code?: string }[];
    expect(Object.fromEntries(found.map((i) => [i.path.replace('/model/levels/0/groups/0/indicators/', ''), i.code]))).toEqual({
      '1/id': 'duplicate-id',
      '2/rule/tiers/1': 'evaluation-tier-overlap',
      '3/rule/tiers/1': 'evaluation-tier-gap',
      '4/rule/tiers': 'evaluation-tiers-rate-coverage',
      '5/rule': 'evaluation-rule-maximum-not-points',
      '6/rule/outOf': 'evaluation-out-of-mismatch',
      '7/rounding/places': 'evaluation-points-places',
      '8/rule/full': 'evaluation-rate-bound',
    });
    expect(paths(spec).sort()).toEqual(
      [
        '/model/levels/0/groups/0/indicators/1/id',
        '/model/levels/0/groups/0/indicators/2/rule/tiers/1',
        '/model/levels/0/groups/0/indicators/3/rule/tiers/1',
        '/model/levels/0/groups/0/indicators/4/rule/tiers',
        '/model/levels/0/groups/0/indicators/5/rule',
        '/model/levels/0/groups/0/indicators/6/rule/outOf',
        '/model/levels/0/groups/0/indicators/7/rounding/places',
        '/model/levels/0/groups/0/indicators/8/rule/full',
      ].sort(),
    );
  });
});

describe('the rule kinds are a registry (src/domain/evaluation/rules/<kind>.ts)', () => {
  it('the registry and the schema know the same kinds, each kind once', () => {
    const kinds = RULES.map((r) => r.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    const schemaKinds = Rule.options.map((o: { shape: { kind: { value: string } } }) => o.shape.kind.value);
    expect([...kinds].sort()).toEqual([...schemaKinds].sort());
  });

  it('every issue the evaluation finds (model or values) has a code of the one catalogue', () => {
    const bad: (() => unknown)[] = [
      () =>
        score(
          {
            kind: 'tiers',
            tiers: [
              { minimum: '0', maximum: '10', score: '2' },
              { minimum: '10', maximum: '20', score: '1' },
            ],
            outOf: '2',
          },
          '2',
          25,
        ),
      () => score({ kind: 'tiers', rate: true, tiers: [{ minimum: '0', score: '2' }] }, '2', { numerator: 3, denominator: 0, extra: 1 }),
      () => score({ kind: 'linear', full: '0', zero: '30', unit: { en: 'days', zh: '日' } }, '2', { tranches: [{ value: 3 }, 4], more: 1 }),
      () => score({ kind: 'proportional', rate: true, full: '1', zero: '0.8' }, '2', ' 91% '),
      () => score({ kind: 'proportional', rate: true, full: '1', zero: '0.8' }, '2', 'x%'),
      () => score({ kind: 'proportional', rate: true, full: '1', zero: '0.8' }, '2', 91.84),
      () => score({ kind: 'proportional', rate: true, full: '1', zero: '0.8' }, '2', -0.1),
      () => score({ kind: 'deductions', each: '1' }, '2', 1.5),
      () => score({ kind: 'yesNo' }, '2', 'maybe'),
      () => score({ kind: 'choice', options: { a: '2', b: '0' } }, '2', 'c'),
      () =>
        score(
          {
            kind: 'checklist',
            items: [
              { id: 'i', points: '1', rule: { kind: 'yesNo' } },
              { id: 'j', points: '1', rule: { kind: 'choice', options: { a: '1' } } },
            ],
          },
          '2',
          { k: 1 },
        ),
      () => score({ kind: 'checklist', items: [{ id: 'i', points: '2', rule: { kind: 'yesNo' } }] }, '2', 3),
      () => run(table([{ id: 'x', title: title('x'), points: '2', rule: { kind: 'yesNo' } }]), { L: 1, nope: 2 }),
    ];
    let count = 0;
    for (const f of bad) {
      for (const i of issues(f) as { path: string; code?: string }[]) {
        count++;
        expect(i.code, i.path).toBeDefined();
        expect(Object.hasOwn(MESSAGES, i.code!), i.code).toBe(true);
      }
    }
    expect(count).toBeGreaterThan(15);
  });
});

describe('bounds of a rate rule may be percentages (a share is "0.85" or "85%")', () => {
  const RATE_TIERS: RuleSpec = {
    kind: 'tiers',
    rate: true,
    tiers: [
      { minimum: '90%', score: '2' },
      { minimum: '80%', maximum: '90%', score: '1' },
      { maximum: '80%', score: '0' },
    ],
  };
  it.each([
    ['0.9', '2'],
    ['0.8999', '1'],
    ['80%', '1'],
    ['0.7999', '0'],
  ])('tiers written in percent: %s → %s, as the fractions would', (value, want) => {
    expect(score(RATE_TIERS, '2', value).score).toBe(want);
  });

  it('linear and proportional bounds in percent read exactly', () => {
    expect(score({ kind: 'proportional', rate: true, full: '100%', zero: '85%' }, '6', '91.84%').unrounded).toBe(
      score({ kind: 'proportional', rate: true, full: '1', zero: '0.85' }, '6', '91.84%').unrounded,
    );
    expect(score({ kind: 'linear', rate: true, full: '100%', zero: '12.5%' }, '2', '0.5').score).toBe(
      score({ kind: 'linear', rate: true, full: '1', zero: '0.125' }, '2', '0.5').score,
    );
  });

  it('a percentage on a rule that is not a rate is refused, with its code', () => {
    const found = issues(() =>
      prepareEvaluationModel(table([{ id: 'x', title: title('x'), points: '2', rule: { kind: 'linear', full: '0', zero: '30%' } }]), '/model'),
    ) as { path: string; code?: string }[];
    expect(found.map((i) => [i.path, i.code])).toEqual([['/model/levels/0/groups/0/indicators/0/rule/zero', 'evaluation-percent-bound-not-rate']]);
  });
});
