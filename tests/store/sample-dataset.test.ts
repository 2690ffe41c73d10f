/**
 * The shipped sample (migrations/0007_sample_dataset.sql): on a fresh SQLite store the public dataset
 * sample-20 is there for anyone, holding exactly what a CSV upload of samples/sample-20.csv stores (the same
 * rows, the store's own hash), and an allocation by {"dataset": "sample-20"} runs without a key. The migration
 * is what scripts/sample-dataset.ts makes, byte for byte.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAMPLE, SAMPLE_CSV, SAMPLE_MIGRATION, sampleSql } from '../../scripts/sample-dataset.js';
import { createApp } from '../../src/api/app.js';
import { canonical, datasetHash } from '../../src/store/datasets.js';
import { createKey } from '../../src/store/keys.js';
import { sha256Hex } from '../../src/store/store.js';
import { sqliteStore } from '../../src/store/sqlite.js';

const CSV = readFileSync(SAMPLE_CSV);

describe('sample-20, shipped by a migration', () => {
  it('the migration is what the script makes from samples/sample-20.csv', async () => {
    expect(readFileSync(SAMPLE_MIGRATION, 'utf8')).toBe(await sampleSql());
  });

  it('GET /v1/datasets/sample-20 without a key: public, 20 fictional counties, its hash the hash of its content', async () => {
    const app = createApp({ store: sqliteStore(':memory:') });
    const res = await app.request('/v1/datasets/sample-20');
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"1"');
    const body = (await res.json()) as Record<string, any>;
    expect(body).toMatchObject({
      id: 'sample-20',
      revision: 1,
      head: 1,
      visibility: 'public',
      workspace: 'samples',
      kind: 'regions',
      title: '示例：20 个县 / Sample: 20 counties',
      jurisdiction: '示例省 (sample)',
      year: 2024,
      model: 'sichuan-2024',
      rowCount: 20,
    });
    expect(body.rows.map((r: { name: string }) => r.name)).toEqual(
      ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸', '子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉'].map((s) => `${s}县`),
    );
    expect(body.rows[0]).toEqual({
      id: 'A',
      name: '甲县',
      lastYear: '159.20',
      indicators: { keyCounty: 'national', relocation: '1200', poverty: '52000', monitored: '3100', income: '15600', performance: '92' },
    });
    // the hash, computed here independently of datasetHash: SHA-256 of the canonical content
    const { kind, title, jurisdiction, year, model, source, rows } = body;
    const own = `sha256:${await sha256Hex(canonical({ kind, title, jurisdiction, year, model, source, rows }))}`;
    expect(body.hash).toBe(own);
    expect(await datasetHash(body as never)).toBe(own);
    const list = (await (await app.request('/v1/datasets')).json()) as { datasets: { id: string }[]; total: number };
    expect(list.datasets.map((d) => d.id)).toEqual(['sample-20']);
    expect(list.total).toBe(1);
  });

  it('exactly what the API stores for the same CSV: a POST of samples/sample-20.csv with its metadata has the same rows and hash', async () => {
    const store = sqliteStore(':memory:');
    const app = createApp({ store });
    const writer = (await createKey(store, { name: 'planner', workspace: 'sichuan', scope: 'write' }, 'cli')).secret;
    const m = SAMPLE.meta;
    const query = new URLSearchParams({ title: m.title, jurisdiction: m.jurisdiction, year: String(m.year), kind: m.kind, model: m.model, source: m.source });
    const posted = await app.request(`/v1/datasets?${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${writer}`, 'content-type': 'text/csv' },
      body: CSV,
    });
    expect(posted.status).toBe(201);
    const made = (await posted.json()) as { hash: string; rows: unknown[] };
    const sample = (await (await app.request('/v1/datasets/sample-20')).json()) as { hash: string; rows: unknown[] };
    expect(made.rows).toEqual(sample.rows);
    expect(made.hash).toBe(sample.hash);
  });

  it('an allocation by {"dataset": "sample-20"} runs without a key, as the same rows sent inline', async () => {
    const app = createApp({ store: sqliteStore(':memory:') });
    const request = { model: 'sichuan-2024', total: '5000', unit: 'wan' };
    const byRef = await app.request('/v1/allocations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...request, regions: { dataset: 'sample-20' } }),
    });
    expect(byRef.status).toBe(200);
    const answer = (await byRef.json()) as { rows: { id: string; amount: string }[]; summary: { total: string } };
    expect(answer.rows.map((r) => r.id)).toEqual('ABCDEFGHIJKLMNOPQRST'.split(''));
    const cents = answer.rows.reduce((s, r) => s + BigInt(r.amount.replace('.', '')), 0n);
    expect(cents).toBe(500000n);
    const rows = ((await (await app.request('/v1/datasets/sample-20')).json()) as { rows: unknown[] }).rows;
    const inline = await app.request('/v1/allocations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...request, regions: rows }),
    });
    const inlineAnswer = (await inline.json()) as { rows: { id: string; amount: string }[] };
    expect(inlineAnswer.rows.map((r) => [r.id, r.amount])).toEqual(answer.rows.map((r) => [r.id, r.amount]));
  });
});
