/**
 * A crash between the statements of one dataset write leaves nothing of it, for real: a child process
 * (node + tsx) opens the SQLite file, runs the write's own statements (planCreate / planUpdate) through
 * store.atomically with a SQL function that SIGKILLs the process placed between them, and dies there. The
 * parent reopens the file (WAL recovery, as after a power cut) and finds nothing of that write: no dataset,
 * no revision, no head moved, no audit row — and the dataset as it was before still reads whole.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../src/api/access/principal.js';
import { createDataset, readDatasetRevision } from '../../src/store/datasets.js';
import { sqliteStore } from '../../src/store/sqlite.js';

const CHILD = 'tests/fixtures/datasets/crash-writer.ts';
const who: Principal = { kind: 'key', id: 'key_w', name: 'w', workspace: 'sichuan', scope: 'write' };

function crash(file: string, what: 'create' | 'update', at: number | 'none', id = '') {
  const run = spawnSync(process.execPath, ['--import', 'tsx', CHILD, file, what, String(at), id], { encoding: 'utf8', timeout: 60_000 });
  return run;
}

// what the writes under test left: the public sample every store ships with (migration 0007) is not theirs
const counts = (file: string) => {
  const store = sqliteStore(file);
  const out = {
    datasets: store.sqlite.prepare("SELECT count(*) AS n FROM datasets WHERE id <> 'sample-20'").get(),
    revisions: store.sqlite.prepare("SELECT count(*) AS n FROM dataset_revisions WHERE dataset_id <> 'sample-20'").get(),
    audit: store.sqlite.prepare('SELECT count(*) AS n FROM audit_log').get(),
    heads: store.sqlite.prepare("SELECT id, head FROM datasets WHERE id <> 'sample-20' ORDER BY id").all(),
  };
  store.sqlite.close();
  return out;
};

describe('a crash inside a dataset write (SQLite file, SIGKILL between statements)', () => {
  it('create: killed after the dataset row, and after the revision — nothing written either time', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'crash-')), 'allocator.sqlite');
    sqliteStore(file).sqlite.close();
    for (const at of [1, 2]) {
      const run = crash(file, 'create', at);
      expect(run.signal, run.stderr).toBe('SIGKILL');
      expect(run.stdout).toMatch(/^writing ds_\w+ revision 1\n$/);
      expect(counts(file)).toEqual({ datasets: { n: 0 }, revisions: { n: 0 }, audit: { n: 0 }, heads: [] });
    }
  }, 120_000);

  it('update: killed after the new revision, and after the head moved — revision 1 stays the head, whole', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'crash-')), 'allocator.sqlite');
    const store = sqliteStore(file);
    const made = await createDataset(
      store,
      who,
      { kind: 'regions', title: 'before', jurisdiction: 'j', year: 2024, model: null, source: null, rows: [{ id: 'A', indicators: { poverty: '9' } }] },
      'private',
    );
    store.sqlite.close();
    const before = counts(file);
    for (const at of [1, 2]) {
      const run = crash(file, 'update', at, made.id);
      expect(run.signal, run.stderr).toBe('SIGKILL');
      expect(run.stdout).toBe(`writing ${made.id} revision 2\n`);
      expect(counts(file)).toEqual(before);
    }
    const reopened = sqliteStore(file);
    expect(await readDatasetRevision(reopened, who, made.id)).toMatchObject({
      revision: 1,
      rows: [{ id: 'A', indicators: { poverty: '9' } }],
      hash: made.hash,
    });
    reopened.sqlite.close();
  }, 120_000);

  it('the control: the same child without crash() writes the whole update (so the tests above can fail)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'crash-')), 'allocator.sqlite');
    const store = sqliteStore(file);
    const made = await createDataset(
      store,
      who,
      { kind: 'regions', title: 't', jurisdiction: 'j', year: 2024, model: null, source: null, rows: [] },
      'private',
    );
    store.sqlite.close();
    const run = crash(file, 'update', 'none', made.id);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(`writing ${made.id} revision 2\nsurvived\n`);
    expect(counts(file)).toMatchObject({ revisions: { n: 2 }, audit: { n: 2 }, heads: [{ id: made.id, head: 2 }] });
  }, 120_000);
});
