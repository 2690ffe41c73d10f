/**
 * Access inside workerd, through the Worker's real entry (exports.default.fetch) and its local D1: keys made
 * and revoked by an admin (the secret answered once, revocation at once), the audit trail, 401/403 problems,
 * CORS from wrangler.toml's [vars] CORS_ORIGINS, and the rate limit through the real `[[ratelimits]]`
 * binding (a second one with a tiny limit, RATE_LIMITER_TINY of vitest.workers.config.ts, stands in for
 * RATE_LIMITER so a test can reach it).
 */
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { d1Store } from '../../src/store/d1.js';
import { createKey } from '../../src/store/keys.js';

const ORIGIN = 'http://allocator.test';
const call = (path: string, init: RequestInit = {}) => exports.default.fetch(ORIGIN + path, init);
const auth = (secret: string) => ({ authorization: `Bearer ${secret}` });

async function problem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  const body = (await res.json()) as { code: string; detail: string; detail_zh: string };
  expect(body.detail_zh).toMatch(/[\u4e00-\u9fff]/);
  return body;
}

async function adminKey(workspace = 'sichuan') {
  return createKey(d1Store(env.DB), { name: 'root', workspace, scope: 'admin' }, 'cli');
}

describe('keys inside workerd', () => {
  it('an admin makes a key (201, the secret once), lists it without secrets, revokes it: refused at once', async () => {
    const admin = await adminKey();
    const res = await call('/v1/keys', {
      method: 'POST',
      headers: { ...auth(admin.secret), 'content-type': 'application/json' },
      body: JSON.stringify({ name: '绵阳市财政局', scope: 'write', workspace: 'mianyang' }),
    });
    expect(res.status).toBe(201);
    const made = (await res.json()) as { id: string; secret: string; createdBy: string };
    expect(res.headers.get('location')).toBe(`/v1/keys/${made.id}`);
    expect(made.secret).toMatch(/^bfa_/);
    expect(made.createdBy).toBe(admin.id);

    const list = await (await call('/v1/keys', { headers: auth(admin.secret) })).text();
    expect(list).toContain(made.id);
    expect(list).not.toContain(made.secret);
    expect(list).not.toContain('"hash"');
    // the secret is not in D1 either
    const rows = await env.DB.prepare('SELECT * FROM api_keys WHERE id = ?').bind(made.id).all();
    expect(JSON.stringify(rows.results)).not.toContain(made.secret.slice(12));

    // the new write key is a key (403 on an admin route, not 401)
    expect((await problem(await call('/v1/audit', { headers: auth(made.secret) }), 403)).code).toBe('scope-too-narrow');

    const revoke = await call(`/v1/keys/${made.id}`, { method: 'DELETE', headers: auth(admin.secret) });
    expect(revoke.status).toBe(200);
    const after = await call('/v1/models', { headers: auth(made.secret) });
    expect((await problem(after, 401)).code).toBe('revoked-key');
    expect(after.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('no key, an unknown key, a read key: 401 key-required, 401 unknown-key, 403 scope-too-narrow', async () => {
    const none = await call('/v1/keys', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect((await problem(none, 401)).code).toBe('key-required');
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const unknown = await call('/v1/audit', { headers: auth('bfa_neverMadeNeverMadeNeverMadeNeverMade0000') });
    expect((await problem(unknown, 401)).code).toBe('unknown-key');
    const reader = await createKey(d1Store(env.DB), { name: 'reader', workspace: 'sichuan', scope: 'read' }, 'cli');
    expect((await problem(await call('/v1/keys', { headers: auth(reader.secret) }), 403)).code).toBe('scope-too-narrow');
  });
});

describe('the audit trail inside workerd', () => {
  it('has every key write, newest first, by whom; filters; pages; CSV', async () => {
    const admin = await adminKey('gansu');
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      const res = await call('/v1/keys', {
        method: 'POST',
        headers: { ...auth(admin.secret), 'content-type': 'application/json' },
        body: JSON.stringify({ name, scope: 'read' }),
      });
      ids.push(((await res.json()) as { id: string }).id);
    }
    await call(`/v1/keys/${ids[0]}`, { method: 'DELETE', headers: auth(admin.secret) });
    const page = (await (await call(`/v1/audit?actor=${admin.id}&limit=2`, { headers: auth(admin.secret) })).json()) as {
      rows: { action: string; resourceId: string; workspace: string }[];
      next: string | null;
    };
    expect(page.rows.map((r) => [r.action, r.resourceId])).toEqual([
      ['revoke', ids[0]],
      ['create', ids[2]],
    ]);
    expect(page.rows[1].workspace).toBe('gansu');
    expect(page.next).toMatch(/cursor=\d+/);
    const rest = (await (await call(page.next!, { headers: auth(admin.secret) })).json()) as { rows: { resourceId: string }[]; next: string | null };
    expect(rest.rows.map((r) => r.resourceId)).toEqual([ids[1], ids[0]]);
    expect(rest.next).toBeNull();
    const csv = await call(`/v1/audit?id=${ids[0]}&format=csv`, { headers: auth(admin.secret) });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(',revoke,key,');
    const bad = await call('/v1/audit?since=last-week', { headers: auth(admin.secret) });
    expect((await problem(bad, 422)).code).toBe('bad-since');
  });
});

describe('CORS inside workerd: wrangler.toml [vars] CORS_ORIGINS', () => {
  it('echoes an allowed origin, and gives none to another', async () => {
    expect(env.CORS_ORIGINS).toContain('http://localhost:8787');
    const ok = await call('/v1/keys', { method: 'OPTIONS', headers: { origin: 'http://localhost:8787', 'access-control-request-method': 'DELETE' } });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:8787');
    expect(ok.headers.get('access-control-allow-headers')).toContain('Authorization');
    expect(ok.headers.get('access-control-allow-methods')).toContain('DELETE');
    const no = await call('/v1/models', { headers: { origin: 'https://elsewhere.example' } });
    expect(no.status).toBe(200);
    expect(no.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the rate limit inside workerd: the [[ratelimits]] binding', () => {
  it('wrangler.toml gives the Worker its RATE_LIMITER binding', () => {
    expect(typeof env.RATE_LIMITER?.limit).toBe('function');
  });

  it('over the limit: 429 problem+json rate-limited with Retry-After, per key; another key goes on', async () => {
    // the app as the Worker builds it (the binding named RATE_LIMITER, read from env), given the tiny one
    const app = createApp();
    const small = { ...env, RATE_LIMITER: env.RATE_LIMITER_TINY };
    const store = d1Store(env.DB);
    const [a, b] = [
      await createKey(store, { name: 'a', workspace: 'w', scope: 'read' }, 'cli'),
      await createKey(store, { name: 'b', workspace: 'w', scope: 'read' }, 'cli'),
    ];
    const get = (secret: string) => app.fetch(new Request(`${ORIGIN}/v1/models`, { headers: auth(secret) }), small);
    // the simulated binding counts in windows aligned to the minute: 3 per window, so 7 requests meet a 429
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 7 && !limited; i++) {
      const res = await get(a.secret);
      statuses.push(res.status);
      if (res.status === 429) limited = res;
      else await res.arrayBuffer();
    }
    expect(limited, `statuses ${statuses}`).toBeDefined();
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(3);
    const body = await problem(limited!, 429);
    expect(body.code).toBe('rate-limited');
    expect(limited!.headers.get('retry-after')).toBe('60');
    expect(body.detail).toContain('more than 6000 requests in 60 seconds');
    expect((await get(b.secret)).status).toBe(200);
  });

  it('random bad keys count against the address: 401 while its bucket lasts, then 429 (key guessing throttled)', async () => {
    const app = createApp();
    const small = { ...env, RATE_LIMITER: env.RATE_LIMITER_TINY };
    // an address of its own, so the other tests' requests are not in its bucket
    const address = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
    const guess = () => `bfa_${crypto.randomUUID().replace(/-/g, '')}${crypto.randomUUID().replace(/-/g, '')}`;
    const statuses: number[] = [];
    for (let i = 0; i < 8 && !statuses.includes(429); i++) {
      const res = await app.fetch(new Request(`${ORIGIN}/v1/models`, { headers: { ...auth(guess()), 'cf-connecting-ip': address } }), small);
      statuses.push(res.status);
      if (res.status === 429) expect((await problem(res, 429)).code).toBe('rate-limited');
      else await res.arrayBuffer();
    }
    expect(statuses, `statuses ${statuses}`).toContain(429);
    expect(statuses.slice(0, statuses.indexOf(429)).every((s) => s === 401)).toBe(true);
  });
});
