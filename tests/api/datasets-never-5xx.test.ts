/**
 * Whatever a planner's file holds, a dataset upload is answered 201 or a 4xx problem+json, never a 5xx:
 * random bytes, random text tables (quotes, delimiters, line breaks, Chinese, BOMs), random JSON bodies.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { createKey } from '../../src/store/keys.js';
import { sqliteStore } from '../../src/store/sqlite.js';

const store = sqliteStore(':memory:');
const app = createApp({ store });
const secret = createKey(store, { name: 'fuzz', workspace: 'w', scope: 'write' }, 'cli').then((k) => k.secret);

async function status(body: BodyInit, type: string, query = '?title=t&jurisdiction=j&year=2024&model=sichuan-2024'): Promise<number> {
  const res = await app.request(`/v1/datasets${query}`, { method: 'POST', headers: { authorization: `Bearer ${await secret}`, 'content-type': type }, body });
  const text = await res.text();
  if (res.status >= 400) expect(res.headers.get('content-type'), text).toMatch(/^application\/problem\+json/);
  expect(res.status, text).toBeLessThan(500);
  return res.status;
}

const cell = fc.oneof(
  fc.constantFrom('编号', '名称', '脱贫人口', '重点帮扶县', '国家重点县', 'A', 'B', '1', '-2.5', '3,000', '"', '""', '\r\n', '\n', ',', '\t', ';', "'=1", ''),
  fc.string({ maxLength: 6 }),
);
const table = fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 8 }).map((rows) => rows.map((r) => r.join(',')).join('\r\n'));

describe('datasets: never a 5xx', () => {
  it('random bytes as CSV or TSV', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), fc.constantFrom('text/csv', 'text/tab-separated-values'), async (bytes, type) => {
        await status(bytes, type);
      }),
      { numRuns: 150 },
    );
  });

  it('random tables, with or without a BOM, with a header the model knows first', async () => {
    await fc.assert(
      fc.asyncProperty(table, fc.boolean(), async (text, bom) => {
        await status(`${bom ? '\uFEFF' : ''}编号,名称,脱贫人口,重点帮扶县\r\n${text}`, 'text/csv');
      }),
      { numRuns: 200 },
    );
  });

  it('random JSON bodies and rows', async () => {
    const row = fc.record(
      {
        id: fc.oneof(fc.string({ maxLength: 4 }), fc.integer()),
        name: fc.string({ maxLength: 4 }),
        indicators: fc.dictionary(fc.constantFrom('poverty', 'keyCounty', 'x', '__proto__'), fc.jsonValue({ maxDepth: 1 })),
      },
      { requiredKeys: [] },
    );
    const body = fc.record(
      {
        title: fc.oneof(fc.string({ maxLength: 5 }), fc.integer()),
        jurisdiction: fc.string({ maxLength: 5 }),
        year: fc.oneof(fc.integer({ min: 1990, max: 2110 }), fc.string({ maxLength: 4 })),
        kind: fc.constantFrom('regions', 'projects', 'towns'),
        model: fc.constantFrom('sichuan-2024', 'nope', null),
        rows: fc.oneof(fc.array(fc.oneof(row, fc.jsonValue({ maxDepth: 2 })), { maxLength: 5 }), fc.jsonValue({ maxDepth: 1 })),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        await status(JSON.stringify(b), 'application/json', '');
      }),
      { numRuns: 200 },
    );
  });
});
