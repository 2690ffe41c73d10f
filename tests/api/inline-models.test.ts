/**
 * Bad decimals inside inline models and monitoring overrides (issue 10, item 5): "NaN", "x", "1e400",
 * "12,345", "5万" in any number of a model answer 422 problem+json naming that field — never a 500 from the
 * whole-model check running on a field that already failed its own. The fields are found by walking a valid
 * model: every number, or decimal text, that the route refuses to read as text ("zzz").
 */
import { findModel } from '../../src/api/models/catalog.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_REGIONS } from '../../src/schema/allocation.js';
import { app } from './request.js';

const BAD = ['NaN', 'x', '1e400', '12,345', '5万'];

const read = (path: string) => JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'));
/** A built-in allocation model as data (models/allocation/sichuan.json read at an edition), to send inline. */
const builtin = (id: string) => structuredClone(findModel('allocation', id)!.model) as Record<string, unknown>;
const scenario = (path: string) => read(`scenarios/${path}`).request;

type Path = (string | number)[];

/** The paths of every number and every decimal text in a JSON value. */
function numbers(x: unknown, at: Path = []): Path[] {
  if (typeof x === 'number' || (typeof x === 'string' && /^-?\d+(\.\d+)?$/.test(x))) return [at];
  if (Array.isArray(x)) return x.flatMap((v, i) => numbers(v, [...at, i]));
  if (x !== null && typeof x === 'object') return Object.entries(x).flatMap(([k, v]) => numbers(v, [...at, k]));
  return [];
}

function withValue<T>(x: T, at: Path, value: unknown): T {
  const copy = structuredClone(x) as any;
  let node = copy;
  for (const k of at.slice(0, -1)) node = node[k];
  node[at[at.length - 1]] = value;
  return copy;
}

const pointer = (at: Path) => at.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');

async function send(route: string, body: unknown) {
  const res = await app.request(route, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), text, json: res.status === 200 ? undefined : JSON.parse(text) };
}

/** A merge patch that sets one field of the model (arrays are replaced whole, RFC 7396). */
function patchAt(model: unknown, at: Path, value: unknown): Record<string, unknown> {
  const top = at[0] as string;
  const rest = at.slice(1);
  const whole = (model as Record<string, unknown>)[top];
  if (rest.length === 0) return { [top]: value };
  if (Array.isArray(whole)) return { [top]: withValue(whole, rest, value) };
  return { [top]: patchAt(whole, rest, value) };
}

const evaluationModel = () => {
  const m = read('models/evaluation/seed004-gaoxin-2021.json');
  // the rule kinds seed 004 lacks, as bonus and penalty items
  m.adjustments = [
    { id: 'awards', type: 'bonus', title: { zh: '获奖', en: 'awards' }, points: '2', rule: { kind: 'occurrences', each: '0.5', outOf: '4' } },
    { id: 'audit', type: 'penalty', title: { zh: '审计问题', en: 'audit findings' }, points: '3', rule: { kind: 'yesNo', award: 'yes', outOf: '1' } },
  ];
  return m;
};

/** Each route's valid request, the place of its model in it, and what is walked for numbers. */
const CASES: [label: string, route: string, body: () => any, modelAt: Path][] = [
  ['evaluation model', '/v1/evaluations', () => ({ ...scenario('evaluations/seed004-gaoxin-2021.json'), model: evaluationModel() }), ['model']],
  [
    'monitoring model',
    '/v1/monitoring',
    () => ({ ...scenario('monitoring/alert-reminder-letter.json'), model: read('models/monitoring/default.json') }),
    ['model'],
  ],
  [
    'allocation model',
    '/v1/allocations',
    () => ({ ...scenario('allocations/pipeline-points-grades-negative-list.json'), model: builtin('sichuan-2024') }),
    ['model'],
  ],
  [
    'allocation model of a comparison',
    '/v1/allocations/compare',
    () => ({
      baseline: { model: builtin('sichuan-2024'), total: '1000.00', unit: 'wan', regions: EXAMPLE_REGIONS },
      variants: [{ name: 'v', total: '900.00' }],
    }),
    ['baseline', 'model'],
  ],
  ['ranking model', '/v1/rankings', () => scenario('rankings/inline-7-counties-fewer-than-2n.json'), ['model']],
];

describe.each(CASES)('bad decimals in every number of an inline %s', (_label, route, body, modelAt) => {
  it('answer 422 naming the field', { timeout: 120_000 }, async () => {
    const base = body();
    expect((await send(route, base)).status).toBe(200);
    let model = base;
    for (const k of modelAt) model = model[k];
    const fields = numbers(model).map((at) => [...modelAt, ...at]);
    const failures: string[] = [];
    let decimals = 0;
    for (const at of fields) {
      if ((await send(route, withValue(base, at, 'zzz'))).status === 200) continue; // free text, e.g. a version
      decimals++;
      for (const bad of BAD) {
        const got = await send(route, withValue(base, at, bad));
        const ok =
          got.status === 422 && got.type === 'application/problem+json; charset=utf-8' && got.json.errors.some((e: any) => e.pointer === pointer(at));
        if (!ok) failures.push(`${pointer(at)} = ${JSON.stringify(bad)}: ${got.status} ${got.text.slice(0, 300)}`);
      }
    }
    expect(decimals).toBeGreaterThan(5);
    expect(failures).toEqual([]);
  });
});

describe('bad decimals in every number of a monitoring model, sent as overrides', () => {
  it.each(['default', 'inline'])('answer 422 naming the field under /overrides (model %s)', async (which) => {
    const model = read('models/monitoring/default.json');
    const base = { ...scenario('monitoring/alert-reminder-letter.json'), ...(which === 'inline' ? { model } : {}) };
    const failures: string[] = [];
    let decimals = 0;
    for (const at of numbers(model)) {
      if ((await send('/v1/monitoring', { ...base, overrides: patchAt(model, at, 'zzz') })).status === 200) continue;
      decimals++;
      for (const bad of BAD) {
        const got = await send('/v1/monitoring', { ...base, overrides: patchAt(model, at, bad) });
        const ok =
          got.status === 422 &&
          got.type === 'application/problem+json; charset=utf-8' &&
          got.json.errors.some((e: any) => e.pointer === pointer(['overrides', ...at]));
        if (!ok) failures.push(`${pointer(at)} = ${JSON.stringify(bad)}: ${got.status} ${got.text.slice(0, 300)}`);
      }
    }
    expect(decimals).toBeGreaterThan(5);
    expect(failures).toEqual([]);
  });
});

describe('a model whose fields are fine still gets the whole-model check', () => {
  it('beside a bad value elsewhere in the request, both are reported', async () => {
    const model = evaluationModel();
    model.levels[0].points = '99'; // the levels no longer add up to 100: the engine's check
    const body = { ...scenario('evaluations/seed004-gaoxin-2021.json'), model, overrides: 'sometimes' };
    const got = await send('/v1/evaluations', body);
    expect(got.status).toBe(422);
    const pointers = got.json.errors.map((e: any) => e.pointer);
    expect(pointers).toContain('/overrides');
    expect(pointers.some((p: string) => p.startsWith('/model'))).toBe(true);
  });
});
