/**
 * Datasets in the SQLite store: a write and its audit entry stand together, revisions are immutable, the
 * head moves by one, a second writer with the same expected head is refused as a whole, and
 * readDatasetRevision answers only what the principal may see.
 */
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../src/api/access/principal.js';
import { createDataset, deleteDataset, findDataset, readDatasetRevision, updateDataset, type DatasetContent } from '../../src/store/datasets.js';
import { sqliteStore } from '../../src/store/sqlite.js';

const writer: Principal = { kind: 'key', id: 'key_w', name: 'w', workspace: 'sichuan', scope: 'write' };
const other: Principal = { kind: 'key', id: 'key_o', name: 'o', workspace: 'guizhou', scope: 'read' };
const admin: Principal = { kind: 'key', id: 'key_a', name: 'a', workspace: 'ops', scope: 'admin' };
const anonymous: Principal = { kind: 'anonymous', client: 'local' };

const content = (rows: unknown[], title = 'counties'): DatasetContent => ({
  kind: 'regions',
  title,
  jurisdiction: '四川省',
  year: 2024,
  model: 'sichuan-2024',
  source: null,
  rows,
});
const rowsA = [{ id: 'A', name: '甲县', indicators: { poverty: 52000 } }];
const rowsB = [{ id: 'A', name: '甲县', indicators: { poverty: 53000 } }];

describe('datasets in the store', () => {
  it('creates revision 1 with its audit entry and the same hash for the same content in any key order', async () => {
    const store = sqliteStore(':memory:');
    const made = await createDataset(store, writer, content(rowsA), 'private');
    expect(made.revision).toBe(1);
    expect(made.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const again = await createDataset(store, writer, { ...content([{ indicators: { poverty: 52000 }, name: '甲县', id: 'A' }]) }, 'private');
    expect(again.hash).toBe(made.hash);
    const trail = store.sqlite.prepare("SELECT action, resource_id, revision, hash FROM audit_log WHERE resource = 'dataset' ORDER BY seq").all();
    expect(trail).toEqual([
      { action: 'create', resource_id: made.id, revision: 1, hash: made.hash },
      { action: 'create', resource_id: again.id, revision: 1, hash: again.hash },
    ]);
  });

  it('an update writes revision n+1; a second one expecting n is stale and writes nothing', async () => {
    const store = sqliteStore(':memory:');
    const made = await createDataset(store, writer, content(rowsA), 'private');
    const ds = { id: made.id, workspace: 'sichuan' };
    const first = await updateDataset(store, writer, ds, 1, content(rowsB), 'private');
    expect(first).not.toBe('stale');
    const second = await updateDataset(store, writer, ds, 1, content(rowsA, 'other'), 'public');
    expect(second).toBe('stale');
    expect((await findDataset(store, made.id))?.head).toBe(2);
    expect((await findDataset(store, made.id))?.visibility).toBe('private');
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM dataset_revisions WHERE dataset_id = ?').get(made.id)).toEqual({ n: 2 });
    expect(store.sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'update'").get()).toEqual({ n: 1 });
    // revision 1 is unchanged
    expect((await readDatasetRevision(store, writer, made.id, 1))?.rows).toEqual(rowsA);
    expect((await readDatasetRevision(store, writer, made.id))?.rows).toEqual(rowsB);
  });

  it('readDatasetRevision: undefined when missing, deleted, out of range or private to another workspace', async () => {
    const store = sqliteStore(':memory:');
    const priv = await createDataset(store, writer, content(rowsA), 'private');
    const pub = await createDataset(store, writer, content(rowsA), 'public');
    const read = await readDatasetRevision(store, writer, priv.id);
    expect(read).toEqual({
      id: priv.id,
      revision: 1,
      kind: 'regions',
      rows: rowsA,
      hash: priv.hash,
      year: 2024,
      jurisdiction: '四川省',
      model: 'sichuan-2024',
    });
    expect(await readDatasetRevision(store, other, priv.id)).toBeUndefined();
    expect(await readDatasetRevision(store, anonymous, priv.id)).toBeUndefined();
    expect((await readDatasetRevision(store, admin, priv.id))?.id).toBe(priv.id);
    expect((await readDatasetRevision(store, anonymous, pub.id))?.id).toBe(pub.id);
    expect(await readDatasetRevision(store, writer, 'ds_nope')).toBeUndefined();
    expect(await readDatasetRevision(store, writer, priv.id, 2)).toBeUndefined();
    expect(await readDatasetRevision(store, writer, priv.id, 0)).toBeUndefined();
    await deleteDataset(store, writer, { id: pub.id, workspace: 'sichuan', head: 1 });
    expect(await readDatasetRevision(store, anonymous, pub.id)).toBeUndefined();
    expect(await readDatasetRevision(store, writer, pub.id, 1)).toBeUndefined();
    expect(store.sqlite.prepare('SELECT action FROM audit_log WHERE resource_id = ? ORDER BY seq').all(pub.id)).toEqual([
      { action: 'create' },
      { action: 'delete' },
    ]);
  });
});
