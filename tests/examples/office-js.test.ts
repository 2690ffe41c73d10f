/**
 * examples/office-js in Node: functions.json (the metadata Excel reads) names the parameters functions.js takes, in
 * its order; and functions.js, run in a fresh context with the Office runtime's CustomFunctions (a stand-in that
 * records what the file registers and builds the errors it throws) and the platform's fetch against the app,
 * registers ALLOCATION, answers the POST's amounts and turns a refusal into #VALUE! with the service's reason.
 * The browser side (cross-origin, no preflight) is tests/e2e/office-js.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { sqliteStore } from '../../src/store/sqlite.js';

const DIR = join(import.meta.dirname, '..', '..', 'examples', 'office-js');
const CODE = readFileSync(join(DIR, 'functions.js'), 'utf8');
const META = JSON.parse(readFileSync(join(DIR, 'functions.json'), 'utf8')) as {
  functions: { id: string; name: string; result: { type: string }; parameters: { name: string; type: string; optional?: boolean }[] }[];
};
const ORIGIN = 'http://127.0.0.1:8787';
const app = createApp({ store: sqliteStore(':memory:') });

let posted: { summary: { sum: string }; rows: { id: string; amount: string }[] };

beforeAll(async () => {
  const res = await app.request('/v1/allocations', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'sichuan-2024', total: '5000', unit: 'wan', regions: { dataset: 'sample-20' } }),
  });
  expect(res.status).toBe(200);
  posted = (await res.json()) as typeof posted;
});

/** functions.js in its own context: fetch goes to the app (same Request/Response classes as the platform's). */
function load() {
  const registered: Record<string, unknown> = {};
  const sent: { url: string; method: string; headers: Record<string, string>; body: string }[] = [];
  class CustomFunctionsError extends Error {
    constructor(
      readonly code: string,
      message: string,
    ) {
      super(message);
    }
  }
  const CustomFunctions = {
    associate: (id: string, fn: unknown) => (registered[id] = fn),
    Error: CustomFunctionsError,
    ErrorCode: { invalidValue: '#VALUE!' },
  };
  const fetch = async (url: string, init: { method: string; headers: Record<string, string>; body: string }) => {
    sent.push({ url, ...init });
    const u = new URL(url);
    expect(u.origin).toBe(ORIGIN);
    return app.request(u.pathname + u.search, init);
  };
  const context = vm.createContext({ CustomFunctions, fetch, JSON, Number, String });
  vm.runInContext(CODE, context, { filename: 'functions.js' });
  return { registered, sent, CustomFunctionsError };
}

describe('examples/office-js/functions.js', () => {
  it('functions.json describes allocation(origin, dataset, total, region) as the file declares it', () => {
    const params = /async function allocation\(([^)]*)\)/
      .exec(CODE)![1]
      .split(',')
      .map((p) => p.trim());
    expect(META.functions.map((f) => f.id)).toEqual(['ALLOCATION']);
    const [fn] = META.functions;
    expect(fn.parameters.map((p) => p.name)).toEqual(params);
    expect(fn.parameters.map((p) => [p.type, Boolean(p.optional)])).toEqual([
      ['string', false],
      ['string', false],
      ['number', false],
      ['string', true],
    ]);
    expect(fn.result.type).toBe('number');
    // the JSDoc Excel's tooling reads says the same
    expect([...CODE.matchAll(/@param \{[^}]+\} \[?(\w+)\]?/g)].map((m) => m[1])).toEqual(params);
  });

  it('registers ALLOCATION; one region’s amount, or the total allocated, as the POST answers', async () => {
    const { registered, sent } = load();
    const allocation = registered.ALLOCATION as (...a: unknown[]) => Promise<number>;
    expect(typeof allocation).toBe('function');
    for (const row of [posted.rows[0], posted.rows[19]]) expect(await allocation(`${ORIGIN}/`, 'sample-20', 5000, row.id)).toBe(Number(row.amount));
    expect(await allocation(ORIGIN, 'sample-20', 5000)).toBe(5000);
    expect(posted.summary.sum).toBe('5000.00');
    expect(sent).toHaveLength(3);
    for (const s of sent) {
      expect(s).toEqual({
        url: `${ORIGIN}/v1/allocations`,
        method: 'POST',
        // the simple request: no header but a text/plain content type
        headers: { 'Content-Type': 'text/plain' },
        body: JSON.stringify({ model: 'sichuan-2024', total: '5000', unit: 'wan', regions: { dataset: 'sample-20' } }),
      });
    }
  });

  it('a refusal is #VALUE! with the service’s reason in both languages; an unknown region says so', async () => {
    const { registered, CustomFunctionsError } = load();
    const allocation = registered.ALLOCATION as (...a: unknown[]) => Promise<number>;
    const refused = await allocation(ORIGIN, 'no-such-dataset', 5000).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(CustomFunctionsError);
    expect((refused as InstanceType<typeof CustomFunctionsError>).code).toBe('#VALUE!');
    expect((refused as Error).message).toMatch(/^#ERROR 4\d\d [a-z-]+: .*no-such-dataset.* \/ .*[\u4e00-\u9fff]/);
    const nowhere = await allocation(ORIGIN, 'sample-20', 5000, 'nowhere').then(
      () => undefined,
      (e: Error) => e.message,
    );
    expect(nowhere).toMatch(/^#ERROR unknown-region: nowhere .* \/ .*[\u4e00-\u9fff]/);
  });
});
