/**
 * The Node entry (src/node.ts) run as a program, over real sockets on 127.0.0.1: a long solve does not hold
 * up other requests, a solve whose client has gone is stopped, unknown routes and wrong methods answer
 * problem+json (404, 405 with Allow), and a client that sends a whole oversized body before reading gets
 * its 413 instead of a broken pipe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hardPortfolio,
  LONG_SOLVE_PROJECTS,
  postJson,
  request,
  sendWholeThenRead,
  SMALL_REGIONS,
  startEntry,
  type Answer,
  type RunningEntry,
} from './helpers.js';

const ALLOCATION = {
  model: 'sichuan-2024',
  total: '1000.00',
  unit: 'wan',
  regions: [
    { id: 'A', indicators: { keyCounty: 'national', relocation: 1200, poverty: 52000, monitored: 3100, income: 15600, performance: 92 } },
    { id: 'B', indicators: { keyCounty: 'provincial', relocation: 300, poverty: 31000, monitored: 1800, income: 17300, performance: 85 } },
    { id: 'C', indicators: { keyCounty: 'other', relocation: 0, poverty: 12000, monitored: 700, income: 19800, performance: 88 } },
  ],
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function expectProblemJson(res: Answer, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  const body = JSON.parse(res.text) as { status: number; detail: string; detail_zh: string };
  expect(body.status).toBe(status);
  expect(body.detail_zh).toMatch(/[\u4e00-\u9fff]/);
  return body;
}

let entry: RunningEntry;

beforeAll(async () => {
  // one solver thread: a solve that is not stopped would keep the next one waiting
  entry = await startEntry({ SOLVER_THREADS: '1' });
}, 90_000);

afterAll(async () => {
  await entry?.stop();
});

describe('Node entry: solves off the event loop', () => {
  it('answers /health and an allocation during a long solve, and stops the solve when its client goes', async () => {
    // warm up: the solver thread loads the engine on its first solve
    expect((await postJson(entry.url + '/v1/optimizations', SMALL_REGIONS)).status).toBe(200);

    const client = new AbortController();
    let settled = false;
    const long = postJson(entry.url + '/v1/optimizations', hardPortfolio(LONG_SOLVE_PROJECTS, 20_000), client.signal).then(
      (res) => ((settled = true), res),
      (err: unknown) => ((settled = true), err),
    );
    await sleep(1_500); // the body is read and the solve has started

    const health = await request(entry.url + '/health');
    const allocation = await postJson(entry.url + '/v1/allocations', ALLOCATION);
    expect(health.status).toBe(200);
    expect(allocation.status).toBe(200);
    expect(health.ms, `/health took ${Math.round(health.ms)} ms during a solve`).toBeLessThan(1_500);
    expect(allocation.ms, `the allocation took ${Math.round(allocation.ms)} ms during a solve`).toBeLessThan(1_500);
    expect(settled, 'the long solve must still be running while the others are asked').toBe(false);

    // the client goes away: its solve must stop, or the one solver thread stays busy for 20 s
    client.abort();
    expect(await long).toMatchObject({ name: 'AbortError' }); // on the client's side
    const next = await postJson(entry.url + '/v1/optimizations', SMALL_REGIONS);
    expect(next.status).toBe(200);
    expect(next.ms, `a solve after the abandoned one took ${Math.round(next.ms)} ms`).toBeLessThan(10_000); // a fresh thread starts in ~1–4 s
  }, 60_000);
});

describe('Node entry: routes and methods', () => {
  it('answers an unknown path 404 problem+json', async () => {
    const body = expectProblemJson(await request(entry.url + '/v1/nothing-here'), 404);
    expect(body.detail).toContain('/v1/nothing-here');
  });

  it.each([
    ['PATCH', '/v1/allocations', 'GET, HEAD, POST, OPTIONS'],
    ['PUT', '/v1/optimizations', 'GET, HEAD, POST, OPTIONS'],
    ['DELETE', '/health', 'GET, HEAD, OPTIONS'],
    ['POST', '/v1/models/allocation/sichuan-2024', 'GET, HEAD, PUT, DELETE, OPTIONS'],
  ])('answers %s %s 405 problem+json with Allow: %s', async (method, path, allow) => {
    const res = await request(entry.url + path, { method });
    expect(res.headers.allow).toBe(allow);
    const body = expectProblemJson(res, 405);
    expect(body.detail).toContain(method);
  });

  it('still answers a CORS preflight', async () => {
    const res = await request(entry.url + '/v1/allocations', {
      method: 'OPTIONS',
      headers: { origin: new URL(entry.url).origin, 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(204);
    // CORS_ORIGINS unset: the local pages on the port the entry listens on are allowed (tests/api/access-limits.test.ts)
    expect(res.headers['access-control-allow-origin']).toBe(new URL(entry.url).origin);
    expect(res.headers['access-control-allow-methods']).toContain('POST');
  });

  it('serves the docs page assets from ./public', async () => {
    const res = await request(entry.url + '/docs/assets/swagger-ui.css');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/css/);
  });
});

describe('Node entry: oversized bodies', () => {
  it('answers 413 problem+json to a client that sends a whole 6 MB body before reading', async () => {
    const body = Buffer.from(JSON.stringify({ ...ALLOCATION, padding: 'x'.repeat(6 * 1024 * 1024) }));
    const answer = await sendWholeThenRead(entry.url, '/v1/allocations', body);
    const [head, payload] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 413 /);
    expect(head.toLowerCase()).toContain('content-type: application/problem+json; charset=utf-8');
    expect(JSON.parse(payload)).toMatchObject({ status: 413, type: '/problems/body-too-large' });
    // the server still answers afterwards
    expect((await request(entry.url + '/health')).status).toBe(200);
  }, 60_000);
});
