/**
 * Fixtures of the scenario and reference tests (Node and workerd): datasets written straight into the tables
 * as the datasets resource writes them (a row per dataset, one per revision, rows as JSON), so these tests do
 * not depend on the datasets routes; and the three sichuan-2024 counties of the examples.
 */
import type { Store } from '../../src/store/store.js';
import { now, sha256Hex } from '../../src/store/store.js';
import { canonicalJson } from '../../src/api/provenance.js';

export const COUNTIES = [
  { id: 'A', name: '甲县', indicators: { keyCounty: 'national', relocation: 1200, poverty: 52000, monitored: 3100, income: 15600, performance: 92 } },
  { id: 'B', name: '乙县', indicators: { keyCounty: 'provincial', relocation: 300, poverty: 31000, monitored: 1800, income: 17300, performance: 85 } },
  { id: 'C', name: '丙县', indicators: { keyCounty: 'other', relocation: 0, poverty: 12000, monitored: 700, income: 19800, performance: 88 } },
];

export const ALLOCATION = { model: 'sichuan-2024', total: '1000.00', unit: 'wan', granularity: '0.01' };

export interface DatasetFixture {
  readonly id: string;
  readonly workspace?: string;
  readonly visibility?: 'public' | 'private';
  readonly kind?: 'regions' | 'projects';
  readonly rows: unknown[];
}

/** Writes a dataset at revision 1. */
export async function putDataset(store: Store, d: DatasetFixture): Promise<void> {
  const at = now();
  await store.atomically([
    store.db.insertInto('datasets').values({
      id: d.id,
      workspace: d.workspace ?? 'sichuan',
      visibility: d.visibility ?? 'private',
      kind: d.kind ?? 'regions',
      head: 1,
      created_at: at,
      created_by: 'test',
      deleted_at: null,
      deleted_by: null,
    }),
    await revisionInsert(store, d.id, 1, d.rows),
  ]);
}

/** Writes the next revision of a dataset; its number. */
export async function reviseDataset(store: Store, id: string, rows: unknown[]): Promise<number> {
  const row = await store.db.selectFrom('datasets').select('head').where('id', '=', id).executeTakeFirstOrThrow();
  const revision = row.head + 1;
  await store.atomically([await revisionInsert(store, id, revision, rows), store.db.updateTable('datasets').set({ head: revision }).where('id', '=', id)]);
  return revision;
}

async function revisionInsert(store: Store, id: string, revision: number, rows: unknown[]) {
  return store.db.insertInto('dataset_revisions').values({
    dataset_id: id,
    revision,
    title: `test ${id}`,
    jurisdiction: '四川省',
    year: 2024,
    model: 'sichuan-2024',
    source: null,
    rows: JSON.stringify(rows),
    row_count: rows.length,
    hash: `sha256:${await sha256Hex(canonicalJson(rows))}`,
    created_at: now(),
    created_by: 'test',
  });
}
