/**
 * Every scenario file under scenarios/ (one format for every route, src/scenarios/match.ts) is posted as it is
 * — `request` as the body, `query` as the query string — through createApp().request, and its answer held
 * against `expected`: the same runner as `npm run scenario`. The expected values are computed independently of
 * the engine: scenarios/oracle/factor_method.py (allocations, exact fractions), scenarios/oracle/optimize.py
 * (optimizations, brute force and exact LP), or by hand with the arithmetic in each file's description
 * (evaluations: seed 004's own scores; monitoring, checks, rankings). A difference is a bug in one of the two —
 * never "update the golden file" without finding out which.
 *
 * Beyond the expected body, what holds for every file of a route:
 * - ?explain=true only adds the trace: the same request without it answers the same body, traces left out;
 * - optimizations: every plan is re-checked exactly from the request (tests/scenarios/optimizations.ts), and a
 *   file solved by a solver is solved again with each backend forced; a region file the direct method answers
 *   is solved again through the LP, which must reach the same minimum (amounts compared only when the oracle
 *   says the optimum is unique);
 * - rankings: regions and events in reverse order give the same bytes.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { loadScenario, scenarioPaths, shortName } from '../../src/scenarios/files.js';
import { type ScenarioFile } from '../../src/scenarios/match.js';
import { runScenario } from '../../src/scenarios/run.js';
import { checkFunding, checkRegions, optimizationVariants } from './optimizations.js';

const ROOT = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const files = scenarioPaths(ROOT).map((path) => [shortName(path, ROOT), loadScenario(path)] as const);
const app = createApp();

/** The answer with every `trace` key left out, at any depth. */
const withoutTrace = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(withoutTrace)
    : v !== null && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([k]) => k !== 'trace')
            .map(([k, x]) => [k, withoutTrace(x)]),
        )
      : v;

async function expectScenario(name: string, doc: ScenarioFile) {
  const run = await runScenario(app, doc);
  expect(run.differences.join('\n'), `${name}: the answer differs from "expected"`).toBe('');
  if (doc.route === '/v1/optimizations' && (run.status === 200 || run.status === 422)) {
    const check = (doc.request as any).kind === 'regions' ? checkRegions : checkFunding;
    check(name, doc.request, doc.oracle ?? {}, run.body, run.status);
  }
  return run;
}

describe('scenario files (scenarios/<resource>/*.json): posted as they are, answers as expected', () => {
  it('finds every kind of file, each with a route, a request and an expected block', () => {
    const routes = new Set(files.map(([, doc]) => doc.route));
    expect([...routes].sort()).toEqual([
      '/v1/allocations',
      '/v1/checks/industry-share',
      '/v1/evaluations',
      '/v1/libraries/entry-review',
      '/v1/libraries/indicator-checks',
      '/v1/libraries/matching',
      '/v1/libraries/plan-review',
      '/v1/libraries/review',
      '/v1/monitoring',
      '/v1/optimizations',
      '/v1/rankings',
    ]);
    expect(files.length).toBeGreaterThanOrEqual(67);
    for (const [name, doc] of files) {
      expect(doc.expected, `${name} has no "expected" block`).toBeDefined();
      // the folder names the resource: /v1/checks/industry-share → checks, /v1/libraries/<calculation> → libraries
      expect(name.split('/')[0], `${name}: the folder names the route`).toBe(
        doc.route.split('/').at(-1) === 'industry-share' ? 'checks' : doc.route.startsWith('/v1/libraries/') ? 'libraries' : doc.route.split('/').at(-1),
      );
    }
  });

  for (const [name, doc] of files) {
    it(name, async () => {
      const run = await expectScenario(name, doc);
      if (doc.query === 'explain=true' && run.status === 200) {
        const plain = await runScenario(app, { ...doc, query: '', expected: undefined });
        // the provenance's request hash covers the query, so it differs by ?explain; everything else is the same
        const unhashed = (b: any) => (b?.provenance ? { ...b, provenance: { ...b.provenance, request: undefined } } : b);
        expect(unhashed(plain.body), 'without ?explain=true: the same answer, less the trace').toEqual(unhashed(withoutTrace(run.body)));
      }
    });
  }

  for (const [name, doc] of files.filter(([, d]) => d.route === '/v1/optimizations')) {
    for (const [variant, changed] of optimizationVariants(doc)) {
      it(`${name} [${variant}]`, () => expectScenario(name, changed));
    }
  }

  for (const [name, doc] of files.filter(([, d]) => d.route === '/v1/rankings')) {
    it(`${name}: regions and events in reverse order give the same bytes`, async () => {
      const req = doc.request as any;
      const reversed = { ...req, regions: [...req.regions].reverse(), events: [...req.events].reverse() };
      const post = (body: unknown) =>
        app.request('/v1/rankings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      // the same bytes but the request's own hash (provenance.request hashes the order given: arrays mean their order)
      const answer = async (body: unknown) => (await (await post(body)).text()).replace(/"request":"sha256:[0-9a-f]+"/, '');
      expect(await answer(reversed)).toBe(await answer(req));
    });
  }
});

describe('scenario files as spreadsheets', () => {
  const doc = (name: string) => files.find(([n]) => n === join(...name.split('/')))![1];
  const post = (d: ScenarioFile, query: string) =>
    app.request(`${d.route}?${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(d.request) });
  const csvLines = async (res: Response) => {
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)], 'UTF-8 BOM').toEqual([0xef, 0xbb, 0xbf]);
    return new TextDecoder()
      .decode(bytes)
      .split('\r\n')
      .filter((l) => l !== '');
  };

  it('rankings ?format=csv: the rows best first (sichuan-24-counties-edge-ties.json)', async () => {
    const d = doc('rankings/sichuan-24-counties-edge-ties.json');
    const res = await post(d, 'format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = await csvLines(res);
    expect(lines[0]).toBe(
      'id,name,rank,rankFromBottom,composite,group,penalty (wan),reward (wan),events,check,visit,dispatch,bulletin,warning,reason,reason_zh',
    );
    expect(lines.length).toBe(26);
    expect(lines[1].startsWith('SC01,云岭县,1,24,108,top,0.00,400.00,2,0,0,5,3,0,')).toBe(true);
    expect(lines[24].startsWith('SC24,岷山县,24,1,85,bottom,400.00,0.00,3,-6,-5,0,-4,0,')).toBe(true);
    expect(lines[25]).toBe('total · 合计,,,,,,3200.00,3400.00,34,,,,,,,');
    const tsv = await (await post(d, 'format=tsv')).text();
    expect(tsv.split('\r\n')[11].startsWith('SC11\t石泉县\t10\t13\t100\ttop\t0.00\t200.00\t0\t0\t0\t0\t0\t0\t')).toBe(true);
  });

  it('optimizations ?format=csv: the projects (portfolio-negative-list-split.json)', async () => {
    const d = doc('optimizations/portfolio-negative-list-split.json');
    const res = await post(d, 'format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = await csvLines(res);
    expect(lines[0]).toBe('id,name,chosen,cost (wan),amount (wan),share,sharePercent,category,priority,town,drawingReview,central (wan),county (wan)');
    expect(lines.length).toBe(1 + (d.request as any).projects.length + 1);
    expect(lines.find((l) => l.startsWith('I01,'))).toBe('I01,茶叶初制加工厂,true,200,200,1.000000000000,100.00%,industry,,,false,160,40');
    expect(lines.at(-1)!.startsWith('total · 合计,')).toBe(true);
  });

  it('optimizations ?format=csv of rules that cannot all hold is the same 422 as JSON (regions-infeasible-floors.json)', async () => {
    const d = doc('optimizations/regions-infeasible-floors.json');
    const res = await post(d, 'format=csv');
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const body = (await res.json()) as any;
    expect(body.errors).toMatchObject([{ pointer: '/total', code: 'constraints-cannot-hold' }]);
    expect(body.errors[0].detail).toContain('by 50万元');
    expect(body.errors[0].detail_zh).toMatch(/[\u4e00-\u9fff]/);
    expect(body).toEqual(await (await post(d, '')).json());
  });
});
