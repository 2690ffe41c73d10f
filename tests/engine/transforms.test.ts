/**
 * The transforms registry (src/domain/allocation/transforms/): one object per transform, one list. The
 * registry, the zod Indicator union and the OpenAPI Indicator list name the same transforms, and each
 * transform's parameters (plain data) are exactly the keys its schema member takes.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { createApp } from '../../src/api/app.js';
import { TRANSFORM_IDS, TRANSFORMS, transformOf } from '../../src/domain/allocation/transforms/index.js';
import { prepareModel, type Model } from '../../src/domain/allocation/model.js';
import { indicatorColumn } from '../../src/domain/allocation/factors.js';
import { EngineError, type Issue } from '../../src/core/errors.js';
import { Indicator } from '../../src/schema/allocation.js';

const COMMON = ['id', 'input', 'title', 'weight', 'source', 'transform'];

describe('transforms registry', () => {
  it('one file per transform in transforms/, each listed once in the registry', () => {
    const dir = new URL('../../src/domain/allocation/transforms/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !['index.ts', 'transform.ts', 'column.ts'].includes(f));
    expect(files.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual([...TRANSFORM_IDS].sort());
    expect(new Set(TRANSFORM_IDS).size).toBe(TRANSFORMS.length);
    for (const t of TRANSFORMS) {
      expect(transformOf(t.id)).toBe(t);
      expect(t.about.en.length).toBeGreaterThan(0);
      expect(t.about.zh.length).toBeGreaterThan(0);
      for (const p of t.parameters) expect(p.about.en.length * p.about.zh.length).toBeGreaterThan(0);
    }
  });

  it("the zod Indicator union has one member per registered transform, with exactly that transform's parameters", () => {
    const members = (Indicator as unknown as { options: { shape: Record<string, unknown> }[] }).options;
    const byId = new Map(
      members.map((m) => [
        (m.shape.transform as { value?: string; def?: { values?: string[] } }).def?.values?.[0] ?? (m.shape.transform as { value: string }).value,
        m,
      ]),
    );
    expect([...byId.keys()].sort()).toEqual([...TRANSFORM_IDS].sort());
    for (const t of TRANSFORMS) {
      expect(Object.keys(byId.get(t.id)!.shape).sort()).toEqual([...COMMON, ...t.parameters.map((p) => p.name)].sort());
      const required = Object.fromEntries(t.parameters.filter((p) => p.required).map((p) => [p.name, p.type === 'decimal' ? '1' : { a: '1' }]));
      expect(Indicator.safeParse({ id: 'x', weight: '1', transform: t.id, ...required }).success).toBe(true);
      for (const p of t.parameters.filter((p) => p.required)) {
        const { [p.name]: _gone, ...without } = required;
        expect(Indicator.safeParse({ id: 'x', weight: '1', transform: t.id, ...without }).success).toBe(false);
      }
    }
    expect(Indicator.safeParse({ id: 'x', weight: '1', transform: 'cube' }).success).toBe(false);
  });

  it('the OpenAPI Indicator lists the same transforms', async () => {
    const doc = (await (await createApp().request('/openapi.json')).json()) as { components: { schemas: Record<string, any> } };
    const indicator = doc.components.schemas.Indicator;
    const members: any[] = indicator.oneOf ?? indicator.anyOf;
    const ids = members.map((m) => m.properties.transform.const ?? m.properties.transform.enum?.[0]);
    expect(ids.sort()).toEqual([...TRANSFORM_IDS].sort());
    const score = members.find((m) => (m.properties.transform.const ?? m.properties.transform.enum?.[0]) === 'score');
    expect(Object.keys(score.properties)).toContain('maximum');
    expect(Object.keys(score.properties)).not.toContain('max');
    for (const t of TRANSFORMS) expect(indicator.description).toContain(t.id);
  });

  it('score: `maximum` bounds the score (the contract word; `max` is refused by the schema)', () => {
    expect(Indicator.safeParse({ id: 's', weight: '1', transform: 'score', maximum: '100' }).success).toBe(true);
    expect(Indicator.safeParse({ id: 's', weight: '1', transform: 'score', max: '100' }).success).toBe(false);
    const model: Model = {
      id: 'm',
      version: '1',
      factors: [{ id: 'f', weight: '1', indicators: [{ id: 's', weight: '1', transform: 'score', maximum: '100' }] }],
    };
    const prepared = prepareModel(model);
    const ind = prepared.factors[0].indicators[0];
    expect(ind.maximum).toEqual({ coefficient: 100n, scale: 0 });
    const issues: Issue[] = [];
    expect(
      indicatorColumn(
        ind,
        0,
        [
          { id: 'a', indicators: { s: 100 } },
          { id: 'b', indicators: { s: 101 } },
        ],
        issues,
      ),
    ).toBeUndefined();
    expect(issues.map((i) => [i.path, i.code])).toEqual([['/regions/1/indicators/s', 'score-above-max']]);
    expect(() =>
      prepareModel({ ...model, factors: [{ ...model.factors[0], indicators: [{ id: 's', weight: '1', transform: 'score', maximum: '-1' }] }] }),
    ).toThrow(EngineError);
  });

  it("each transform's column: the values the model describes", () => {
    const regions = [
      { id: 'a', indicators: { x: '2', k: 'national' } },
      { id: 'b', indicators: { x: '4', k: 'other' } },
    ];
    const column = (spec: Record<string, unknown>) => {
      const m = prepareModel({ id: 'm', version: '1', factors: [{ id: 'f', weight: '1', indicators: [{ id: 'x', weight: '1', ...spec } as never] }] });
      const c = indicatorColumn(m.factors[0].indicators[0], 0, regions, [])!;
      return c.values.map((v) => Number(v * c.unit.numerator) / Number(c.unit.denominator));
    };
    expect(column({ transform: 'direct' })).toEqual([2, 4]);
    expect(column({ transform: 'score', maximum: '10' })).toEqual([2, 4]);
    expect(column({ transform: 'reciprocal' })).toEqual([0.5, 0.25]);
    expect(column({ transform: 'gapToMax' })).toEqual([2, 0]);
    expect(column({ transform: 'gapToBenchmark', benchmark: '3' })).toEqual([1, 0]);
    expect(column({ transform: 'coefficient', input: 'k', coefficients: { national: '1.5' }, default: '1' })).toEqual([1.5, 1]);
  });
  it("the trace reads each indicator's parameters as its transform declares them", async () => {
    const indicators = [
      { id: 'd', input: 'x', weight: '0.2', transform: 'direct' },
      { id: 's', input: 'x', weight: '0.2', transform: 'score', maximum: '10' },
      { id: 'r', input: 'x', weight: '0.2', transform: 'reciprocal' },
      { id: 'g', input: 'x', weight: '0.2', transform: 'gapToBenchmark', benchmark: '5' },
      { id: 'c', input: 'k', weight: '0.2', transform: 'coefficient', coefficients: { national: '1.5' }, default: '1' },
    ];
    const body = {
      model: { factors: [{ id: 'f', weight: '1', indicators }] },
      total: '100',
      unit: 'wan',
      regions: [
        { id: 'a', indicators: { x: 2, k: 'national' } },
        { id: 'b', indicators: { x: 4, k: 'other' } },
      ],
    };
    const res = await createApp().request('/v1/allocations?explain=true', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    const { trace } = (await res.json()) as { trace: { parameters: { name: string; value: unknown }[] } };
    const read = Object.fromEntries(trace.parameters.map((p) => [p.name, p.value]));
    expect(read['f.s.maximum']).toBe('10');
    expect(read['f.g.benchmark']).toBe('5');
    expect(read['f.c.coefficients']).toEqual({ national: '1.5' });
    expect(read['f.c.default']).toBe('1');
    for (const t of TRANSFORMS)
      for (const p of t.parameters)
        expect(
          Object.keys(read).some((k) => k.endsWith(`.${p.name}`)),
          `${t.id}.${p.name}`,
        ).toBe(true);
  });
});
