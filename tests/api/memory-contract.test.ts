/**
 * The one contract of the kept resources (docs/contract.md, Memory; src/api/revisions.ts), the same for
 * datasets, saved scenarios and saved models, through app.request on a real SQLite store: If-Match strong or
 * bare (`*`, weak tags and lists → 428 if-match-unreadable quoting the head), stale → 412 with the head's ETag,
 * missing → 428; ETag on every read and 304 for If-None-Match (no content-type); DELETE → 204 empty; the list
 * shape page/pageSize/total/next; one not-found vocabulary, deleted resources answering the same 404.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { findModel } from '../../src/api/models/catalog.js';
import { EXAMPLE_REGIONS } from '../../src/schema/allocation.js';
import { createKey } from '../../src/store/keys.js';
import { type SqliteStore, sqliteStore } from '../../src/store/sqlite.js';

let store: SqliteStore;
let app: ReturnType<typeof createApp>;
let writer: string;

beforeEach(async () => {
  store = sqliteStore(':memory:');
  app = createApp({ store });
  writer = (await createKey(store, { name: 'w', workspace: 'sichuan', scope: 'write' }, 'cli')).secret;
});

function call(
  method: string,
  path: string,
  { body, headers = {}, key = writer }: { body?: unknown; headers?: Record<string, string>; key?: string | null } = {},
) {
  return app.request(path, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

function ownModel(id: string, year = 2024) {
  const m = structuredClone(findModel('allocation', 'sichuan-2024')!.model) as Record<string, unknown>;
  return { ...m, id, year, title: { zh: '自有模型', en: 'Own model' } };
}

interface Resource {
  readonly name: 'dataset' | 'scenario' | 'model';
  readonly word: 'revision' | 'version';
  /** Creates one (revision/version 1); its address. */
  create(n: number): Promise<string>;
  /** The body of a change. */
  readonly change: (n: number) => unknown;
  /** The address of revision/version n. */
  readonly revisionPath: (at: string, n: number) => string;
  readonly list: string;
  readonly listKey: string;
  readonly unknown: string;
  readonly unknownRevision: string;
  readonly missingPath: string;
}

const RESOURCES: Resource[] = [
  {
    name: 'dataset',
    word: 'revision',
    async create(n) {
      const res = await call('POST', '/v1/datasets', {
        body: { title: `t${n}`, jurisdiction: '四川省', year: 2024, kind: 'regions', model: 'sichuan-2024', rows: EXAMPLE_REGIONS },
      });
      expect(res.status).toBe(201);
      return res.headers.get('location')!;
    },
    change: () => ({ rows: EXAMPLE_REGIONS.slice(0, 2) }),
    revisionPath: (at, n) => `${at}/revisions/${n}`,
    list: '/v1/datasets',
    listKey: 'datasets',
    unknown: 'unknown-dataset',
    unknownRevision: 'unknown-dataset-revision',
    missingPath: '/v1/datasets/ds_nope',
  },
  {
    name: 'scenario',
    word: 'revision',
    async create(n) {
      const res = await call('POST', '/v1/scenarios', { body: { title: `s${n}`, route: '/v1/allocations', request: SCENARIO_EXAMPLE_REQUEST } });
      expect(res.status).toBe(201);
      return res.headers.get('location')!;
    },
    change: (n) => ({ title: `s${n} v2`, route: '/v1/allocations', request: SCENARIO_EXAMPLE_REQUEST }),
    revisionPath: (at, n) => `${at}?revision=${n}`,
    list: '/v1/scenarios',
    listKey: 'scenarios',
    unknown: 'unknown-scenario',
    unknownRevision: 'unknown-scenario-revision',
    missingPath: '/v1/scenarios/sc_nope',
  },
  {
    name: 'model',
    word: 'version',
    async create(n) {
      const res = await call('POST', '/v1/models/allocation', { body: { model: ownModel(`own-${n}`) } });
      expect(res.status).toBe(201);
      return `/v1/models/allocation/own-${n}`;
    },
    change: (n) => ({ model: ownModel(`own-${n}`, 2025) }),
    revisionPath: (at, n) => `${at}/versions/${n}`,
    list: '/v1/models?kind=allocation',
    listKey: 'models',
    unknown: 'unknown-model',
    unknownRevision: 'unknown-model-version',
    missingPath: '/v1/models/allocation/own-nope',
  },
];

const SCENARIO_EXAMPLE_REQUEST = { model: 'sichuan-2024', total: '1000.00', unit: 'wan', regions: EXAMPLE_REGIONS };

const code = async (res: Response) => ((await res.json()) as { code: string }).code;

describe.each(RESOURCES)('the one contract: $name', (r) => {
  it('reads send ETag "1"; If-None-Match of it (strong, weak, or in a list) is a 304 without body or content-type', async () => {
    const at = await r.create(1);
    for (const path of [at, r.revisionPath(at, 1)]) {
      const read = await call('GET', path);
      expect(read.status, path).toBe(200);
      expect(read.headers.get('etag')).toBe('"1"');
      for (const tag of ['"1"', 'W/"1"', '"7", "1"']) {
        const same = await call('GET', path, { headers: { 'if-none-match': tag } });
        expect(same.status, `${path} ${tag}`).toBe(304);
        expect(same.headers.get('etag')).toBe('"1"');
        expect(same.headers.get('content-type')).toBeNull();
        expect(await same.text()).toBe('');
      }
      expect((await call('GET', path, { headers: { 'if-none-match': '"2"' } })).status).toBe(200);
    }
  });

  it('If-Match: missing 428, *, weak and lists 428 if-match-unreadable quoting the head, stale 412, bare and strong accepted', async () => {
    const at = await r.create(1);
    const put = (ifMatch?: string) => call('PUT', at, { body: r.change(1), headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } });

    const missing = await put();
    expect(missing.status).toBe(428);
    const m = (await missing.json()) as { code: string; detail: string };
    expect(m.code).toBe('if-match-required');
    expect(m.detail).toContain(r.word);

    for (const bad of ['*', 'W/"1"', '"1", "2"', 'one']) {
      const res = await put(bad);
      expect(res.status, bad).toBe(428);
      const body = (await res.json()) as { code: string; detail: string };
      expect(body.code).toBe('if-match-unreadable');
      expect(body.detail).toContain('"1"'); // the real head, not an example
      expect(res.headers.get('etag')).toBe('"1"');
    }

    const stale = await put('"7"');
    expect(stale.status).toBe(412);
    const s = (await stale.json()) as { code: string; detail: string };
    expect(s.code).toBe('stale-revision');
    expect(s.detail).toContain(`at ${r.word} 1`);
    expect(stale.headers.get('etag')).toBe('"1"');

    const strong = await put('"1"');
    expect([200, 201]).toContain(strong.status);
    expect(strong.headers.get('etag')).toBe('"2"');
    const bare = await put('2');
    expect([200, 201]).toContain(bare.status);
    expect(bare.headers.get('etag')).toBe('"3"');
  });

  it('DELETE is 204 with no body and no content-type; then the same 404 as one never made; an unknown revision has its code', async () => {
    const at = await r.create(1);
    expect(await code(await call('GET', r.revisionPath(at, 9)))).toBe(r.unknownRevision);
    const stale = await call('DELETE', at, { headers: { 'if-match': '"5"' } });
    expect(stale.status).toBe(412);
    const star = await call('DELETE', at, { headers: { 'if-match': '*' } });
    expect(star.status).toBe(428);

    const del = await call('DELETE', at, { headers: { 'if-match': '"1"' } });
    expect(del.status).toBe(204);
    expect(del.headers.get('content-type')).toBeNull();
    expect(await del.text()).toBe('');

    const gone = await call('GET', at);
    expect(gone.status).toBe(404);
    expect(await code(gone)).toBe(r.unknown);
    const never = await call('GET', r.missingPath);
    expect(never.status).toBe(404);
    expect(await code(never)).toBe(r.unknown);
    expect((await call('DELETE', at)).status).toBe(404);
  });

  it('lists have one shape (page, pageSize, total, next), next keeping the filters', async () => {
    for (let n = 1; n <= 3; n++) await r.create(n);
    const first = await call('GET', `${r.list}${r.list.includes('?') ? '&' : '?'}pageSize=2`);
    expect(first.status).toBe(200);
    const body = (await first.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ page: 1, pageSize: 2 });
    expect(body.total).toBeGreaterThanOrEqual(3);
    expect((body[r.listKey] as unknown[]).length).toBe(2);
    expect(typeof body.next).toBe('string');
    if (r.list.includes('?')) expect(body.next).toContain(r.list.split('?')[1]);
    const next = (await (await call('GET', body.next as string)).json()) as Record<string, unknown>;
    expect(next.page).toBe(2);
    const all = (await (await call('GET', `${r.list}${r.list.includes('?') ? '&' : '?'}pageSize=200`)).json()) as Record<string, unknown>;
    expect(all.next).toBeNull();
    // one naming of times: updatedAt on every kept entry (built-in models are files, not kept)
    const kept = (all[r.listKey] as { builtIn?: boolean; updatedAt?: string }[]).filter((x) => x.builtIn !== true);
    expect(kept.length).toBeGreaterThanOrEqual(3);
    expect(kept.every((x) => typeof x.updatedAt === 'string')).toBe(true);
  });
});

describe('saved models: the contract where a save makes the resource', () => {
  it('PUT to a model that does not exist is a 404 unknown-model saying POST creates it', async () => {
    const res = await call('PUT', '/v1/models/allocation/gy-c', { body: { model: ownModel('gy-c') }, headers: { 'if-match': '"1"' } });
    expect(res.status).toBe(404);
    const body = (await res.json()) as { code: string; detail: string };
    expect(body.code).toBe('unknown-model');
    expect(body.detail).toContain('POST /v1/models/allocation');
  });

  it('20 concurrent first saves of one id: one 201, every other a 412 stale-revision (never 428)', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => call('POST', '/v1/models/allocation', { body: { model: ownModel('race') } })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(19);
    for (const a of answers.filter((x) => x.status === 412)) expect(await code(a)).toBe('stale-revision');
  });

  it('GET answers the envelope POST answered (version, hash, visibility, workspace, createdAt, updatedAt, model)', async () => {
    const made = await call('POST', '/v1/models/allocation', { body: { model: ownModel('env') } });
    const posted = await made.json();
    const got = await call('GET', '/v1/models/allocation/env');
    expect(await got.json()).toEqual(posted);
    expect(posted).toMatchObject({ kind: 'allocation', id: 'env', version: 1, visibility: 'private', workspace: 'sichuan' });
    const put = await call('PUT', '/v1/models/allocation/env', { body: { model: ownModel('env', 2026) }, headers: { 'if-match': '"1"' } });
    const v2 = (await put.json()) as { createdAt: string; updatedAt: string; version: number };
    expect(v2.version).toBe(2);
    expect(v2.createdAt).toBe((posted as { createdAt: string }).createdAt);
  });
});

describe('scenarios: the list filters by route', () => {
  it('?route= keeps the scenarios of that route; an unknown parameter is a 422', async () => {
    await call('POST', '/v1/scenarios', { body: { title: 'a', route: '/v1/allocations', request: SCENARIO_EXAMPLE_REQUEST } });
    const none = (await (await call('GET', '/v1/scenarios?route=/v1/rankings')).json()) as { scenarios: unknown[]; total: number };
    expect(none).toMatchObject({ scenarios: [], total: 0 });
    const some = (await (await call('GET', '/v1/scenarios?route=/v1/allocations')).json()) as { scenarios: unknown[]; total: number };
    expect(some.total).toBe(1);
    expect((await call('GET', '/v1/scenarios?sort=title')).status).toBe(422);
  });
});
