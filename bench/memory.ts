/**
 * npm run bench, the memory's part (issue 12), on a SQLite file store in Node through app.request:
 * - a 183-region allocation sent with its regions inline vs by dataset reference ({"dataset", "revision"}):
 *   the reference adds a read of the revision's rows (one SQLite row of JSON) and their parse;
 * - a saved scenario's result served from the cache vs computed (the same GET with its cache entry removed
 *   before the round: the key, the run through the app and the write of the entry).
 * Both measured interleaved, round by round, so a slow spell of the shared machine hits both sides alike.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/api/app.js';
import { createKey } from '../src/store/keys.js';
import { sqliteStore } from '../src/store/sqlite.js';
import { canonicalJson, sha256 } from '../src/api/provenance.js';
import { now } from '../src/store/store.js';
import { province } from './data.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 100);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(3)} ms`;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export async function memoryBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-memory-'));
  const store = sqliteStore(join(dir, 'allocator.sqlite'));
  try {
    const app = createApp({ store });
    const { secret } = await createKey(store, { name: 'bench', workspace: 'bench', scope: 'write' }, 'cli');
    const regions = province(183);
    const at = now();
    await store.atomically([
      store.db.insertInto('datasets').values({
        id: 'ds_bench183',
        workspace: 'bench',
        visibility: 'private',
        kind: 'regions',
        head: 1,
        created_at: at,
        created_by: 'bench',
        deleted_at: null,
        deleted_by: null,
      }),
      store.db.insertInto('dataset_revisions').values({
        dataset_id: 'ds_bench183',
        revision: 1,
        title: 'bench 183',
        jurisdiction: 'bench',
        year: 2024,
        model: 'sichuan-2024',
        source: null,
        rows: JSON.stringify(regions),
        row_count: regions.length,
        hash: await sha256(canonicalJson(regions)),
        created_at: at,
        created_by: 'bench',
      }),
    ]);
    const base = { model: 'sichuan-2024', total: '500000.00', unit: 'wan', granularity: '0.01' };
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${secret}` };
    /** The answer's bytes read whole (a client's work), its status checked; its headers and text. */
    const send = async (path: string, method: string, body?: string) => {
      const res = await app.request(path, { method, headers, body });
      const text = new TextDecoder().decode(await res.arrayBuffer());
      if (res.status >= 300) throw new Error(`bench ${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
      return { headers: res.headers, text };
    };
    const inlineText = JSON.stringify({ ...base, regions });
    const refText = JSON.stringify({ ...base, regions: { dataset: 'ds_bench183', revision: 1 } });

    // the two must answer the same rows, or the comparison is void
    const a = (await (await app.request('/v1/allocations', { method: 'POST', headers, body: inlineText })).json()) as { rows: unknown };
    const b = (await (await app.request('/v1/allocations', { method: 'POST', headers, body: refText })).json()) as { rows: unknown };
    if (JSON.stringify(a.rows) !== JSON.stringify(b.rows)) throw new Error('bench: the reference does not answer the inline rows');

    const saved = JSON.parse(
      (await send('/v1/scenarios', 'POST', JSON.stringify({ title: 'bench', route: '/v1/allocations', request: JSON.parse(refText) }))).text,
    ) as {
      id: string;
    };
    const result = `/v1/scenarios/${saved.id}/result`;

    const rounds = Math.min(ROUNDS, 60);
    for (let i = 0; i < 5; i++) {
      await send('/v1/allocations', 'POST', inlineText);
      await send('/v1/allocations', 'POST', refText);
      await send(result, 'GET');
    }
    const inline: number[] = [];
    const byRef: number[] = [];
    const refRatio: number[] = [];
    const hit: number[] = [];
    const computed: number[] = [];
    const cacheRatio: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const x = await timed(() => send('/v1/allocations', 'POST', inlineText));
      const y = await timed(() => send('/v1/allocations', 'POST', refText));
      inline.push(x);
      byRef.push(y);
      refRatio.push(y / x);
      await store.db.deleteFrom('results').execute();
      let miss = '';
      const m = await timed(async () => {
        miss = (await send(result, 'GET')).headers.get('x-cache') ?? '';
      });
      let served = '';
      const h = await timed(async () => {
        served = (await send(result, 'GET')).headers.get('x-cache') ?? '';
      });
      if (miss !== 'miss' || served !== 'hit') throw new Error(`bench: expected a miss then a hit, got ${miss} then ${served}`);
      computed.push(m);
      hit.push(h);
      cacheRatio.push(m / h);
    }
    console.log('');
    console.log(`Memory (issue 12), SQLite file store in Node, through app.request, medians of ${rounds} interleaved rounds:`);
    console.log(
      `183-region allocation (sichuan-2024, full pipeline): inline ${ms(median(inline))}, by dataset reference ${ms(median(byRef))}; reference/inline = ${(median(byRef) / median(inline)).toFixed(2)}× (median of per-round ratios ${median(refRatio).toFixed(2)}×)`,
    );
    console.log(
      `saved scenario's result (the same 183-region allocation): computed ${ms(median(computed))}, from the cache ${ms(median(hit))}; computed/cached = ${(median(computed) / median(hit)).toFixed(2)}× (median of per-round ratios ${median(cacheRatio).toFixed(2)}×)`,
    );
    console.log('"computed" = GET …/result with its cache entry removed: the key (dataset revision hashes), the run through the app, the entry written.');
  } finally {
    await store.close();
    store.sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// run on its own: npx tsx bench/memory.ts
if (import.meta.url === `file://${process.argv[1]}`) await memoryBench();
