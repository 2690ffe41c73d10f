/**
 * Object.prototype's names are ordinary ids (issue 10, item 3). For every POST route, each string of a valid
 * request — ids, indicator inputs, grades, categories, sources, towns, counties, variant names, record keys —
 * is renamed, everywhere it occurs, to "toString", "valueOf", "constructor", "hasOwnProperty" and "__proto__".
 * The answer is never a 5xx; a 200 never says "undefined", "[object …]" or "function" (in JSON nor as CSV); anything else is a 4xx
 * problem+json. And a name works as an id: when the same rename to a harmless name of the same shape
 * ("toStringx") is answered 200, so is the rename to the name itself ("__proto__" only where it is never a
 * key: as a key of a JSON object it is refused as an unknown field).
 */
import { findModel } from '../../src/api/models/catalog.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_REGIONS } from '../../src/schema/allocation.js';
import { app } from './request.js';

const NAMES = ['toString', 'valueOf', 'constructor', 'hasOwnProperty', '__proto__'];
const GARBLED = /undefined|\[object|function/;

const read = (path: string) => JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'));
/** A built-in allocation model as data (models/allocation/sichuan.json read at an edition), to send inline. */
const builtin = (id: string) => structuredClone(findModel('allocation', id)!.model) as Record<string, unknown>;
const scenario = (path: string) => read(`scenarios/${path}`).request;

/** A request of each route, with the models inline wherever a route takes one, so their ids are the planner's. */
const CASES: [route: string, label: string, body: () => unknown][] = [
  [
    '/v1/allocations',
    'points, grades, negative list, set-asides (inline model)',
    () => ({ ...scenario('allocations/pipeline-points-grades-negative-list.json'), model: builtin('sichuan-2024') }),
  ],
  ['/v1/allocations', 'set-aside split by a sub-formula', () => scenario('allocations/pipeline-set-aside-sub-formula.json')],
  ['/v1/allocations', 'caps and protected regions', () => scenario('allocations/pipeline-caps-and-protected.json')],
  ['/v1/allocations', 'two levels', () => scenario('allocations/two-level-province.json')],
  [
    '/v1/allocations/compare',
    'variants by name, region patches, weight and indicator overrides',
    () => {
      const baseline = { model: builtin('sichuan-2024'), total: '1000.00', unit: 'wan', regions: structuredClone(EXAMPLE_REGIONS) };
      const [a, b] = baseline.regions;
      return {
        baseline,
        variants: [
          {
            name: 'policy up',
            overrides: { weights: { policy: '0.40', income: '0.25' }, indicators: { 'policy.keyCounty': { coefficients: { national: '2' } } } },
          },
          {
            name: 'poorer',
            regions: [
              { id: a.id, indicators: { income: 9000 } },
              { id: b.id, lastYear: '300' },
            ],
          },
        ],
      };
    },
  ],
  [
    '/v1/evaluations',
    'seed 004 (inline model)',
    () => ({ ...scenario('evaluations/seed004-gaoxin-2021.json'), model: read('models/evaluation/seed004-gaoxin-2021.json') }),
  ],
  [
    '/v1/monitoring',
    'previous ranks (inline model and overrides)',
    () => ({
      ...scenario('monitoring/alert-reminder-letter-previous-ranks.json'),
      model: read('models/monitoring/default.json'),
      overrides: { status: { yellowWithin: '0.05' } },
    }),
  ],
  ['/v1/monitoring', 'project deviations', () => scenario('monitoring/seed-004-project-deviations.json')],
  ['/v1/monitoring', 'amount changes', () => scenario('monitoring/alert-amount-change.json')],
  ['/v1/rankings', 'inline model, events by county and kind', () => scenario('rankings/inline-7-counties-fewer-than-2n.json')],
  ['/v1/checks/industry-share', 'seed 004', () => scenario('checks/seed-004-industry-share.json')],
  ['/v1/checks/industry-share', 'central floor step, exclusions', () => scenario('checks/central-floor-step-and-exclusions.json')],
  ['/v1/optimizations', 'portfolio: town caps', () => scenario('optimizations/portfolio-town-cap.json')],
  ['/v1/optimizations', 'portfolio: industry floor', () => scenario('optimizations/portfolio-industry-floor.json')],
  ['/v1/optimizations', 'portfolio: negative list', () => scenario('optimizations/portfolio-negative-list-split.json')],
  ['/v1/optimizations', 'portfolio: priorities', () => scenario('optimizations/portfolio-priorities-weighted.json')],
  ['/v1/optimizations', 'sources: preference', () => scenario('optimizations/sources-preference.json')],
  ['/v1/optimizations', 'regions: group share', () => scenario('optimizations/regions-group-share-lp.json')],
];

/** Every string of a JSON value, keys included; `keys` collects the keys alone. */
function strings(x: unknown, all: Set<string>, keys: Set<string>): void {
  if (typeof x === 'string') all.add(x);
  else if (Array.isArray(x)) x.forEach((v) => strings(v, all, keys));
  else if (x !== null && typeof x === 'object') {
    for (const [k, v] of Object.entries(x)) {
      all.add(k);
      keys.add(k);
      strings(v, all, keys);
    }
  }
}

/** `from` renamed to `to` wherever it is a string or a key (Object.fromEntries keeps "__proto__" as a key). */
function renamed(x: unknown, from: string, to: string): unknown {
  if (typeof x === 'string') return x === from ? to : x;
  if (Array.isArray(x)) return x.map((v) => renamed(v, from, to));
  if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k === from ? to : k, renamed(v, from, to)]));
  return x;
}

async function send(route: string, body: unknown) {
  const res = await app.request(route, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

describe.each(CASES)('%s (%s): Object.prototype names as ids', (route, _label, body) => {
  it('never a 5xx or garbled text, and the names work wherever a harmless name does', { timeout: 120_000 }, async () => {
    const base = body();
    expect((await send(route, base)).status).toBe(200);
    const all = new Set<string>();
    const keys = new Set<string>();
    strings(base, all, keys);
    const failures: string[] = [];
    for (const s of all) {
      for (const name of NAMES) {
        const got = await send(route, renamed(base, s, name));
        const what = `${JSON.stringify(s)} → ${name}: ${got.status} ${got.text.slice(0, 300)}`;
        if (got.status >= 500) failures.push(what);
        else if (got.status === 200) {
          if (GARBLED.test(got.text)) failures.push(`${what} … ${GARBLED.exec(got.text)![0]}`);
          const csv = await send(route + '?format=csv', renamed(base, s, name)); // the same answer as spreadsheet cells
          if (csv.status !== 200 || GARBLED.test(csv.text)) failures.push(`${what}, as CSV: ${csv.status} ${csv.text.slice(0, 300)}`);
        } else if (got.status < 400 || got.type !== 'application/problem+json; charset=utf-8') failures.push(what);
        else if (name !== '__proto__' || !keys.has(s)) {
          // refused: then a harmless name of the same shape must be refused too
          const control = await send(route, renamed(base, s, name + 'x'));
          if (control.status === 200) failures.push(`${what} (but ${name}x is answered 200)`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

/** The slots where the name is given in one place and looked up in another that lacks it. */
describe('a name looked up where it was not given is missing, not inherited', () => {
  const post = async (route: string, body: unknown) => {
    const got = await send(route, body);
    return { ...got, json: JSON.parse(got.text) };
  };
  const pointers = (json: any): string[] => json.errors.map((e: any) => e.pointer);
  const model = (input: string) => ({ factors: [{ id: 'need', weight: '1', indicators: [{ id: 'need', input, weight: '1', transform: 'direct' }] }] });

  it.each(NAMES.filter((n) => n !== '__proto__'))('an indicator reading "%s" that no region gives: 422 at each region', async (name) => {
    const { status, json } = await post('/v1/allocations', {
      model: model(name),
      total: '100',
      unit: 'wan',
      regions: [
        { id: 'A', indicators: {} },
        { id: 'B', indicators: {} },
      ],
    });
    expect(status).toBe(422);
    expect(pointers(json)).toEqual([`/regions/0/indicators/${name}`, `/regions/1/indicators/${name}`]);
  });

  it('an indicator reading "__proto__" that no region gives: 422, not a 500', async () => {
    const { status, json } = await post('/v1/allocations', { model: model('__proto__'), total: '100', unit: 'wan', regions: [{ id: 'A', indicators: {} }] });
    expect(status).toBe(422);
    expect(pointers(json)).toEqual(['/regions/0/indicators/__proto__']);
  });

  it.each(NAMES)('a region graded "%s", a grade without a reward, gets none', async (grade) => {
    const inline = { ...model('pop'), pipeline: { grades: { input: 'grade', rewards: { 好: '10' } } } };
    const regions = [
      { id: 'A', indicators: { pop: 100, grade } },
      { id: 'B', indicators: { pop: 100, grade: '好' } },
    ];
    const { status, json } = await post('/v1/allocations', { model: inline, total: '100', unit: 'wan', regions });
    expect(status).toBe(200);
    expect(json.books.rewards.wanted).toBe('10.00'); // B's alone
  });

  it.each(NAMES)('a factor "%s" the overrides leave alone keeps its weight', async (id) => {
    const inline = {
      factors: [
        { id, weight: '0.5', indicators: [{ id: 'a', input: 'pop', weight: '1', transform: 'direct' }] },
        { id: 'other', weight: '0.5', indicators: [{ id: 'b', input: 'pop', weight: '1', transform: 'direct' }] },
      ],
    };
    const { status, json } = await post('/v1/allocations', {
      model: inline,
      overrides: { weights: { other: '0.5' }, indicators: { 'other.b': { weight: '1' } } },
      total: '100',
      unit: 'wan',
      regions: [
        { id: 'A', indicators: { pop: 1 } },
        { id: 'B', indicators: { pop: 3 } },
      ],
    });
    expect(status).toBe(200);
    expect(json.rows.map((r: any) => r.amount)).toEqual(['25.00', '75.00']);
    expect(Object.keys(json.rows[0].factors)).toEqual([id, 'other']);
  });

  it.each(NAMES)('a variant named "%s" has its column', async (name) => {
    const baseline = {
      model: model('pop'),
      total: '100',
      unit: 'wan',
      regions: [
        { id: 'A', indicators: { pop: 1 } },
        { id: 'B', indicators: { pop: 3 } },
      ],
    };
    const { status, json } = await post('/v1/allocations/compare', { baseline, variants: [{ name, total: '200' }] });
    expect(status).toBe(200);
    expect(Object.keys(json.rows[0].variants)).toEqual([name]);
    expect(json.rows[0].variants[name]).toEqual({ amount: '50.00', change: '25.00', changePercent: '100.00%' });
    expect(json.variants.map((v: any) => v.name)).toEqual([name]);
  });

  it.each(NAMES)('an evaluation indicator "%s" without a value: 422 "missing" at its value', async (id) => {
    const inline = read('models/evaluation/seed004-gaoxin-2021.json');
    inline.levels[0].groups[0].indicators[0].id = id;
    const values: Record<string, unknown> = { ...scenario('evaluations/seed004-gaoxin-2021.json').values };
    delete values[Object.keys(values)[0]];
    const { status, json } = await post('/v1/evaluations', { model: inline, values });
    expect(status).toBe(422);
    expect(pointers(json)).toEqual([`/values/${id}`]);
  });

  it.each(NAMES)('a monitored region "%s" without a previous rank is not ranked before', async (id) => {
    const body = scenario('monitoring/alert-reminder-letter-previous-ranks.json');
    body.regions[3].id = id; // K4, 4th of 6 now, was 3rd: a reminder letter with its rank; without one, none
    delete body.previous.ranks.K4;
    const { status, text, json } = await post('/v1/monitoring', body);
    expect(status).toBe(200);
    expect(text).not.toMatch(GARBLED);
    expect(json.rows[3].previousRank).toBeNull();
  });

  it('a fund source "__proto__" (which no amounts can name) is named as itself in the industry-share check', async () => {
    const { status, json } = await post('/v1/checks/industry-share', {
      year: 2023,
      unit: 'wan',
      sources: [{ id: '__proto__' }, { id: 'county' }],
      categories: [{ id: 'industry', amounts: { county: '60' } }],
    });
    expect(status).toBe(200);
    expect(json.rows[0].reason.en).toBe('"__proto__" funds: nothing counted in the base, so no share (every floor is met).');
  });

  it.each(NAMES.filter((n) => n !== '__proto__'))('a fund source "%s" is named as itself in the industry-share check', async (id) => {
    const { status, json } = await post('/v1/checks/industry-share', {
      year: 2023,
      unit: 'wan',
      sources: [{ id, floor: '0.5' }],
      categories: [
        { id: 'industry', amounts: { [id]: '60' } },
        { id: 'roads', amounts: { [id]: '40' } },
      ],
    });
    expect(status).toBe(200);
    expect(json.rows[0].reason.en).toBe(`"${id}" funds: 60.00 of 100.00 万元 to industry = 60.00%, meets the 50% floor (10.00 points, 10.00 万元 above it).`);
  });

  it.each(NAMES)('a portfolio source "%s" is named as itself when it binds', async (id) => {
    const { status, text, json } = await post('/v1/optimizations', {
      kind: 'portfolio',
      unit: 'wan',
      granularity: '1',
      sources: [{ id, budget: '100' }],
      projects: [{ id: 'P1', cost: '100', category: 'industry' }],
      objective: { maximize: 'amount' },
    });
    expect(status).toBe(200);
    expect(text).not.toMatch(GARBLED);
    expect(json.binding.find((b: any) => b.id === `source:${id}:budget`).en).toBe(`"${id}" funds are used in full (100 万元)`);
    expect(Object.keys(json.rows[0].bySource)).toEqual([id]);
  });

  it.each(NAMES)('a portfolio source "%s" that pays nothing for a project is a 0 in its CSV column', async (id) => {
    const got = await send('/v1/optimizations?format=csv', {
      kind: 'portfolio',
      unit: 'wan',
      granularity: '1',
      sources: [
        { id, budget: '100' },
        { id: 'county', budget: '50' },
      ],
      projects: [
        { id: 'P1', cost: '100', category: 'industry', sources: [id] },
        { id: 'P2', cost: '50', category: 'roads', sources: ['county'] },
      ],
      objective: { maximize: 'amount' },
    });
    expect(got.status).toBe(200);
    expect(got.text.split('\r\n').slice(0, 3)).toEqual([
      `id,chosen,cost (wan),amount (wan),share,sharePercent,category,priority,town,drawingReview,${id} (wan),county (wan)`,
      'P1,true,100,100,1.000000000000,100.00%,industry,,,false,100,0',
      'P2,true,50,50,1.000000000000,100.00%,roads,,,false,0,50',
    ]);
  });
});

describe('the trace of factors and indicators named like Object.prototype', () => {
  it('lists each under its own name, and no request writes to Object.prototype', async () => {
    const model = {
      factors: [
        { id: 'toString', weight: '0.5', indicators: [{ id: 'valueOf', input: 'pop', weight: '1', transform: 'direct' }] },
        { id: '__proto__', weight: '0.5', indicators: [{ id: 'constructor', input: 'pop', weight: '1', transform: 'direct' }] },
      ],
    };
    const body = {
      model,
      total: '100',
      unit: 'wan',
      regions: [
        { id: 'A', indicators: { pop: 1 } },
        { id: 'B', indicators: { pop: 3 } },
      ],
    };
    const got = await send('/v1/allocations?explain=true', body);
    expect(got.status).toBe(200);
    const trace = JSON.parse(got.text).rows[0].trace;
    expect(Object.keys(trace.factors)).toEqual(['toString', '__proto__']);
    expect(trace.indicators).toEqual({
      toString: { valueOf: { raw: '1', transformed: '1', share: '0.250000000000' } },
      ['__proto__']: { constructor: { raw: '1', transformed: '1', share: '0.250000000000' } },
    });
    expect(Object.getOwnPropertyNames(Object.prototype.toString)).toEqual(['length', 'name']);
    expect(Object.prototype.constructor).toBe(Object);
  });
});
