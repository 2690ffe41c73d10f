import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/core/errors.js';
import { Model, prepareModel } from '../../src/domain/allocation/model.js';
import { toText } from '../../src/core/money.js';
import { prepareWithOverrides } from '../../src/domain/allocation/overrides.js';
import { Overrides } from '../../src/schema/allocation.js';

const base: Model = {
  id: 'm',
  version: '1',
  factors: [
    { id: 'policy', weight: '0.35', indicators: [{ id: 'key', weight: '1', transform: 'coefficient', coefficients: { national: '1.5' }, default: '1' }] },
    {
      id: 'population',
      weight: '0.30',
      indicators: [
        { id: 'pop', weight: '0.7', transform: 'direct' },
        { id: 'mon', weight: '0.3', transform: 'direct' },
      ],
    },
    { id: 'income', weight: '0.30', indicators: [{ id: 'inc', weight: '1', transform: 'reciprocal' }] },
    { id: 'performance', weight: '0.05', indicators: [{ id: 'perf', weight: '1', transform: 'score', maximum: '100' }] },
  ],
};

function pathsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof EngineError) return e.issues.map((i) => i.path);
    throw e;
  }
  return [];
}

describe('prepareModel', () => {
  it('accepts weights that add up to exactly 1, as decimals', () => {
    const m = prepareModel(base);
    expect(m.factors.map((f) => f.indicators.map((i) => toText(i.effectiveWeight)))).toEqual([['0.35'], ['0.21', '0.09'], ['0.3'], ['0.05']]);
  });

  it('rejects factor weights that do not add up to 1, even by a hair', () => {
    const m = { ...base, factors: base.factors.map((f, i) => (i === 0 ? { ...f, weight: '0.3500000001' } : f)) };
    expect(pathsOf(() => prepareModel(m, '/model'))).toEqual(['/model/factors']);
  });

  it('rejects sub-weights that do not add up to 1 within a factor', () => {
    const m = {
      ...base,
      factors: base.factors.map((f) => (f.id === 'population' ? { ...f, indicators: [f.indicators[0], { ...f.indicators[1], weight: '0.2' }] } : f)),
    };
    expect(pathsOf(() => prepareModel(m))).toEqual(['/factors/1/indicators']);
  });

  it('rejects weights outside [0, 1], duplicate ids, a missing benchmark', () => {
    const m: Model = {
      id: 'x',
      version: '1',
      factors: [
        { id: 'a', weight: '1.5', indicators: [{ id: 'x', weight: '1', transform: 'gapToBenchmark' }] },
        { id: 'a', weight: '-0.5', indicators: [{ id: 'y', weight: '1', transform: 'direct' }] },
      ],
    };
    expect(pathsOf(() => prepareModel(m))).toEqual([
      '/factors/0/weight',
      '/factors/0/indicators/0/benchmark',
      '/factors/1/id',
      '/factors/1/weight',
      '/factors',
    ]);
  });
});

describe('overrides', () => {
  it('replace factor weights and indicator parameters', () => {
    const m = prepareWithOverrides(
      base,
      {
        weights: { policy: '0.40', performance: '0' },
        indicators: { 'policy.key': { coefficients: { national: '2' } } },
      },
      '/model',
    );
    expect(m.factors[0].weight).toEqual({ coefficient: 4n, scale: 1 });
    expect(m.factors[3].weight).toEqual({ coefficient: 0n, scale: 0 });
    expect(m.factors[0].indicators[0].coefficients!.get('national')).toEqual({ coefficient: 2n, scale: 0 });
  });

  it('report problems at the override that caused them', () => {
    expect(pathsOf(() => prepareWithOverrides(base, { weights: { policy: '0.5' } }, '/model'))).toEqual(['/overrides/weights']);
    expect(pathsOf(() => prepareWithOverrides(base, { weights: { nope: '0.5' } }, '/model'))).toEqual(['/overrides/weights/nope']);
    expect(pathsOf(() => prepareWithOverrides(base, { indicators: { 'population.pop': { weight: '0.5' } } }, '/model'))).toEqual(['/overrides/indicators']);
    expect(pathsOf(() => prepareWithOverrides(base, { indicators: { 'policy.nope': {} } }, '/model'))).toEqual(['/overrides/indicators/policy.nope']);
  });

  it("a score's `maximum` (the contract's word) is read from the model and can be overridden; the schema refuses `max`", () => {
    const score = (m: ReturnType<typeof prepareModel>) => m.factors[3].indicators[0];
    expect(toText(score(prepareModel(base)).maximum!)).toBe('100');
    expect(toText(score(prepareWithOverrides(base, { indicators: { 'performance.perf': { maximum: '50' } } }, '/model')).maximum!)).toBe('50');
    expect(Overrides.safeParse({ indicators: { 'performance.perf': { max: '50' } } }).success).toBe(false);
    expect(Overrides.safeParse({ indicators: { 'performance.perf': { maximum: '50' } } }).success).toBe(true);
  });
});
