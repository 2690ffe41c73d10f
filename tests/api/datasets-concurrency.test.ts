/**
 * Two planners editing at once never overwrite each other (Node, SQLite file): 50 concurrent PUTs of one
 * dataset with the same If-Match leave exactly one new revision and 49 × 412, the new revision whole (one
 * of the 50 bodies, its hash, its audit row), none lost or half-written. The same through the store alone,
 * where all 50 writes reach the database with the same expected head and the revision's primary key decides.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../src/api/access/principal.js';
import { createApp } from '../../src/api/app.js';
import { createDataset, datasetHash, readDatasetRevision, updateDataset } from '../../src/store/datasets.js';
import { createKey } from '../../src/store/keys.js';
import { sqliteStore } from '../../src/store/sqlite.js';

const fresh = () => sqliteStore(join(mkdtempSync(join(tmpdir(), 'datasets-')), 'allocator.sqlite'));
const rowsFor = (i: number) => [{ id: 'A', name: '甲县', indicators: { poverty: String(1000 + i) } }];
const META = { title: 't', jurisdiction: '四川省', year: 2024, kind: 'regions' as const, model: null, source: null };

describe('50 concurrent updates with the same If-Match', () => {
  it('through the API: one 200 (revision 2), 49 × 412 stale-revision; revision 2 is one whole body', async () => {
    const store = fresh();
    const app = createApp({ store });
    const key = (await createKey(store, { name: 'p', workspace: 'sichuan', scope: 'write' }, 'cli')).secret;
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const made = await app.request('/v1/datasets', { method: 'POST', headers, body: JSON.stringify({ ...META, rows: rowsFor(-1) }) });
    const { id } = (await made.json()) as { id: string };
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        app.request(`/v1/datasets/${id}`, { method: 'PUT', headers: { ...headers, 'if-match': '"1"' }, body: JSON.stringify({ rows: rowsFor(i) }) }),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(49);
    const winner = answers[statuses.indexOf(200)];
    const won = (await winner.json()) as { revision: number; rows: unknown; hash: string };
    expect(won.revision).toBe(2);
    for (const r of answers.filter((a) => a.status === 412)) {
      const p = (await r.json()) as { code: string };
      expect(p.code).toBe('stale-revision');
      expect(r.headers.get('etag')).toBe('"2"');
    }
    const i = statuses.indexOf(200);
    expect(won.rows).toEqual(rowsFor(i));
    expect(won.hash).toBe(await datasetHash({ ...META, rows: rowsFor(i) }));
    expect(store.sqlite.prepare('SELECT revision, hash FROM dataset_revisions WHERE dataset_id = ? ORDER BY revision').all(id)).toEqual([
      { revision: 1, hash: expect.any(String) },
      { revision: 2, hash: won.hash },
    ]);
    expect(store.sqlite.prepare('SELECT head FROM datasets WHERE id = ?').get(id)).toEqual({ head: 2 });
    expect(store.sqlite.prepare("SELECT revision, hash FROM audit_log WHERE action = 'update'").all()).toEqual([{ revision: 2, hash: won.hash }]);
  });

  it('through the store: 50 writes expecting revision 1 all reach the database; the primary key lets one through', async () => {
    const store = fresh();
    const who: Principal = { kind: 'key', id: 'key_w', name: 'w', workspace: 'sichuan', scope: 'write' };
    const made = await createDataset(store, who, { ...META, rows: rowsFor(-1) }, 'private');
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => updateDataset(store, who, { id: made.id, workspace: 'sichuan' }, 1, { ...META, rows: rowsFor(i) }, 'private')),
    );
    const won = results.filter((r): r is Exclude<typeof r, 'stale' | 'in-use'> => r !== 'stale' && r !== 'in-use');
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r === 'stale')).toHaveLength(49);
    const head = await readDatasetRevision(store, who, made.id);
    expect(head?.revision).toBe(2);
    expect(head?.hash).toBe(won[0].hash);
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM dataset_revisions WHERE dataset_id = ?').get(made.id)).toEqual({ n: 2 });
    expect(store.sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'update'").get()).toEqual({ n: 1 });
  });
});
