/**
 * The Node server started in this process (startNodeServer, the function src/node.ts runs), to look into
 * its solver pool: answers that crossed from a worker thread are the in-process app's answers, a full queue
 * is a 503 with Retry-After, and a client that goes away has its solve's thread terminated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { startNodeServer, type NodeServer } from '../../src/node.js';
import { hardPortfolio, LONG_SOLVE_PROJECTS, postJson, request, SMALL_REGIONS } from './helpers.js';

const PORTFOLIO = {
  kind: 'portfolio',
  unit: 'wan',
  sources: [
    { id: 'central', budget: '300.00', floor: '0.6', forbiddenCategories: ['admin'] },
    { id: 'provincial', budget: '150.00', floor: '0.5' },
  ],
  projects: [
    { id: 'P01', cost: '120.00', category: 'industry', priority: 1, town: 'T1', benefits: { beneficiaries: '800' } },
    { id: 'P02', cost: '90.00', category: 'infrastructure', priority: 2, town: 'T1', benefits: { beneficiaries: '1500' } },
    { id: 'P03', cost: '200.00', category: 'industry', partial: true, town: 'T2', benefits: { beneficiaries: '1000' } },
  ],
  objective: { maximize: { beneficiaries: '1' } },
};

const SOURCES = {
  kind: 'sources',
  unit: 'wan',
  sources: [
    { id: 'central', budget: '200.00', floor: '0.6' },
    { id: 'county', budget: '200.00' },
  ],
  projects: [
    { id: 'P01', cost: '150.00', category: 'industry' },
    { id: 'P02', cost: '100.00', category: 'infrastructure' },
  ],
};

/** The solve's duration is the one thing allowed to differ between two runs. */
function withoutTimes(text: string): unknown {
  return JSON.parse(text, (key, value) => (key === 'ms' ? undefined : value));
}

async function until(condition: () => boolean, ms: number): Promise<number> {
  const t = performance.now();
  while (!condition()) {
    if (performance.now() - t > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return performance.now() - t;
}

describe('solver pool: answers cross from the worker thread unchanged', () => {
  let server: NodeServer;
  beforeAll(async () => {
    server = await startNodeServer({ port: 0, pool: { threads: 1 }, databasePath: ':memory:' });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  const inProcess = createApp();
  it.each([
    ['regions', SMALL_REGIONS, ''],
    ['regions, with the trace', { ...SMALL_REGIONS, regions: [...SMALL_REGIONS.regions, { id: 'D', target: '0' }] }, '?explain=true'],
    ['regions by the LP, as CSV', { ...SMALL_REGIONS, groups: [{ id: 'g', regions: ['A', 'B'], minimumShare: '0.8' }] }, '?format=csv'],
    ['portfolio', PORTFOLIO, ''],
    ['portfolio asked for a trace it has none of (422 before the pool)', PORTFOLIO, '?explain=true'],
    ['sources', SOURCES, ''],
    [
      // the answer's null-prototype records come back from the thread as ordinary objects (structured clone)
      'portfolio CSV with a source named like an Object.prototype member that pays for nothing',
      {
        ...PORTFOLIO,
        sources: [
          { id: '__defineGetter__', budget: '100' },
          { id: 'provincial', budget: '300' },
        ],
        projects: [{ id: 'P01', cost: '300', category: 'industry', sources: ['provincial'], benefits: { beneficiaries: '1' } }],
      },
      '?format=csv',
    ],
    [
      'an engine check that fails (422 from the thread)',
      { ...SOURCES, projects: [{ id: 'P01', cost: '150.00', category: 'industry', sources: ['nowhere'] }] },
      '',
    ],
    ['a schema check that fails (422 before the pool)', { ...SOURCES, kind: 'schedule' }, ''],
  ])('%s', async (_, body, query) => {
    const expected = await inProcess.request('/v1/optimizations' + query, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const expectedText = Buffer.from(await expected.arrayBuffer()).toString('utf8'); // byte for byte: a CSV starts with a BOM
    const got = await postJson(server.url + '/v1/optimizations' + query, body);
    expect(got.status).toBe(expected.status);
    expect(got.headers['content-type']).toBe(expected.headers.get('content-type'));
    if (got.headers['content-type']!.includes('json')) expect(withoutTimes(got.text)).toEqual(withoutTimes(expectedText));
    else expect(got.text).toBe(expectedText);
  });
});

describe('solver pool: bounded, and stopped when the client goes', () => {
  let server: NodeServer;
  beforeAll(async () => {
    server = await startNodeServer({ port: 0, pool: { threads: 1, maxQueue: 0 }, databasePath: ':memory:' });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('refuses a solve it cannot queue with 503 and Retry-After, and terminates the thread of an abandoned solve', async () => {
    expect((await postJson(server.url + '/v1/optimizations', SMALL_REGIONS)).status).toBe(200); // a warm thread
    const [thread] = server.pool.threadIds();

    const client = new AbortController();
    const long = postJson(server.url + '/v1/optimizations', hardPortfolio(LONG_SOLVE_PROJECTS, 20_000), client.signal).catch((err: Error) => err);
    await until(() => server.pool.stats().running === 1, 10_000);

    // the one thread is busy and no solve may wait: refused at once, with when to come back
    const refused = await postJson(server.url + '/v1/optimizations', SMALL_REGIONS);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(refused.text)).toMatchObject({ type: '/problems/busy', status: 503, detail_zh: expect.stringMatching(/重试/) });
    // other routes do not wait for the solver
    expect((await request(server.url + '/health')).ms).toBeLessThan(1_500);

    client.abort();
    expect(await long).toMatchObject({ name: 'AbortError' });
    const stoppedIn = await until(() => server.pool.stats().running === 0, 2_000);
    expect(stoppedIn).toBeLessThan(2_000);
    expect(server.pool.stats()).toMatchObject({ running: 0, waiting: 0, stopped: 1 });
    // its thread was terminated (a synchronous solve cannot be stopped otherwise) and a fresh one replaces it
    await until(() => server.pool.threadIds().length === 1 && server.pool.threadIds()[0] !== thread, 10_000);
    const next = await postJson(server.url + '/v1/optimizations', SMALL_REGIONS);
    expect(next.status).toBe(200);
  }, 60_000);
});
