/**
 * `npm run keys` as an operator runs it (node --import tsx src/keys.ts, a temp DATABASE_PATH): the key it
 * makes works against the service on the same database, its secret is printed once and stored nowhere, a
 * revoked key is refused at once, every write is audited (actor "cli"), and every mistake is one line in
 * English and Chinese with exit code 2 (arguments) or 1 (the action failed). --local finds wrangler's local
 * D1 file; --remote --print writes the wrangler command whose SQL, run on a migrated database, does the same.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { LOCAL_D1_DIR, localD1, parseKeysArgs, KeysError } from '../../src/keys.js';
import { findKey } from '../../src/store/keys.js';
import { sqliteStore } from '../../src/store/sqlite.js';

// each run of the program starts tsx and opens SQLite: seconds each on a loaded machine
vi.setConfig({ testTimeout: 180_000 });

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIR = mkdtempSync(join(tmpdir(), 'keys-cli-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

let n = 0;
const freshDb = () => join(DIR, `db-${n++}`, 'allocator.sqlite');

function keys(args: string[], databasePath?: string) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (databasePath) env.DATABASE_PATH = databasePath;
  else delete env.DATABASE_PATH;
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/keys.ts', ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The service on the same SQLite file, asked with a key. */
async function ask(path: string, secret: string, url = '/v1/keys') {
  const store = sqliteStore(path);
  try {
    return await createApp({ store }).request(url, { headers: { authorization: `Bearer ${secret}` } });
  } finally {
    await store.close();
  }
}

const BILINGUAL_LINE = /^[^\n]+ — [^\n]*[\u4e00-\u9fff][^\n]*$/;

describe('npm run keys on the Node service database', () => {
  it('create: prints the secret once; the key works against the service; the database never holds it', async () => {
    const db = freshDb();
    const r = keys(['create', '--name', '四川省财政厅 admin', '--scope', 'admin', '--workspace', 'sichuan'], db);
    expect(r.code, r.err).toBe(0);
    const secrets = r.out.match(/bfa_[A-Za-z0-9_-]{43}/g) ?? [];
    expect(secrets).toHaveLength(1);
    const secret = secrets[0] as string;
    expect(r.out).toMatch(/created key_[a-z2-7]+ "四川省财政厅 admin": scope admin, workspace sichuan/);
    const res = await ask(db, secret);
    expect(res.status).toBe(200);
    const listed = (await res.json()) as { keys: { name: string; createdBy: string; workspace: string }[] };
    expect(listed.keys).toMatchObject([{ name: '四川省财政厅 admin', createdBy: 'cli', workspace: 'sichuan' }]);
    // not in the file (nor its write-ahead log), not even past the shown prefix
    const bytes = ['', '-wal'].map((s) => {
      try {
        return readFileSync(db + s).toString('latin1');
      } catch {
        return '';
      }
    });
    for (const b of bytes) expect(b).not.toContain(secret.slice(12));
  });

  it('list: every key, never a secret or hash; --json; --workspace narrows', async () => {
    const db = freshDb();
    const a = keys(['create', '--name', 'a', '--scope', 'read', '--json'], db);
    const b = keys(['create', '--name', 'b', '--scope', 'write', '--workspace', 'gansu'], db);
    expect([a.code, b.code]).toEqual([0, 0]);
    const made = JSON.parse(a.out) as { id: string; secret: string; workspace: string };
    expect(made.workspace).toBe('default');
    const list = keys(['list'], db);
    expect(list.code).toBe(0);
    expect(list.out).toContain(made.id);
    expect(list.out).toContain('gansu');
    expect(list.out).not.toContain(made.secret);
    const json = JSON.parse(keys(['list', '--json'], db).out) as Record<string, unknown>[];
    expect(json.map((k) => k.name)).toEqual(['a', 'b']);
    for (const k of json) {
      expect(k).not.toHaveProperty('secret');
      expect(k).not.toHaveProperty('hash');
    }
    const gansu = JSON.parse(keys(['list', '--json', '--workspace', 'gansu'], db).out) as { name: string }[];
    expect(gansu.map((k) => k.name)).toEqual(['b']);
  });

  it('revoke: the key is refused at once; the trail has both writes by "cli"; revoking again changes nothing', async () => {
    const db = freshDb();
    const admin = JSON.parse(keys(['create', '--name', 'root', '--scope', 'admin', '--json'], db).out) as { id: string; secret: string };
    const other = JSON.parse(keys(['create', '--name', 'leaving', '--scope', 'admin', '--json'], db).out) as { id: string; secret: string };
    expect((await ask(db, other.secret)).status).toBe(200);
    const r = keys(['revoke', other.id], db);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(new RegExp(`revoked ${other.id} "leaving" at \\d{4}-`));
    const refused = await ask(db, other.secret);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { code: string }).code).toBe('revoked-key');
    expect(keys(['revoke', other.id], db).code).toBe(0);
    const trail = (await (await ask(db, admin.secret, '/v1/audit')).json()) as { rows: { action: string; actor: string; resourceId: string }[] };
    expect(trail.rows.map((t) => [t.action, t.resourceId, t.actor])).toEqual([
      ['revoke', other.id, 'cli'],
      ['create', other.id, 'cli'],
      ['create', admin.id, 'cli'],
    ]);
  });

  it('--database names the file; DATABASE_PATH is the default', async () => {
    const db = freshDb();
    const r = keys(['create', '--name', 'x', '--scope', 'read', '--database', db, '--json']);
    expect(r.code, r.err).toBe(0);
    const made = JSON.parse(r.out) as { id: string };
    expect(keys(['list', '--json'], db).out).toContain(made.id);
  });

  it.each([
    [['make'], /"make" is not a command/],
    [['create', '--scope', 'read'], /create needs --name/],
    [['create', '--name', 'x'], /create needs --scope/],
    [['create', '--name', 'x', '--scope', 'owner'], /the scope "owner" is not one of read, write, admin/],
    [['create', '--name', 'x', '--scope', 'read', '--workspace', 'Sichuan Finance'], /the workspace "Sichuan Finance" is not a workspace name/],
    [['create', '--name', 'tab\there', '--scope', 'read'], /^--name: .*U\+0009/],
    [['create', '--name', '', '--scope', 'read'], /^--name: must not be empty/],
    [['create', '--name', 'x'.repeat(101), '--scope', 'read'], /^--name: .*at most 100/],
    [['create', '--name', 'x', '--scope', 'read', '--colour', 'red'], /Unknown option '--colour'/],
    [['list', '--local', '--remote'], /choose one database/],
    [['list', '--database', 'a.sqlite', '--remote'], /choose one database/],
    [['list', '--print'], /choose one database/],
    [['list', '--name', 'x'], /--name and --scope go with create/],
    [['list', 'extra'], /unexpected "extra"/],
    [['revoke'], /revoke needs <key id>/],
    [['revoke', 'key_a', '--workspace', 'w'], /--workspace goes with create or list/],
    [['revoke', "key_x'; DROP TABLE api_keys; --"], /is not a key id/],
  ] as const)('%j: wrong arguments, one line in English and Chinese (exit 2 with the usage)', (args, text) => {
    let thrown: unknown;
    try {
      parseKeysArgs([...args], {});
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(KeysError);
    const e = thrown as KeysError;
    expect(e.exitCode).toBe(2);
    expect(e.usage).toBe(true);
    expect(e.message).toMatch(text);
    expect(e.message).toMatch(BILINGUAL_LINE);
  });

  it('as a program: exit 2 with the line and the usage, exit 1 when the action fails, nothing on stdout', () => {
    const none = keys([], freshDb());
    expect(none.code).toBe(2);
    expect(none.err.trimEnd().split('\n')).toEqual([expect.stringMatching(/^usage: npm run keys -- create .* — 用法/)]);
    const bad = keys(['create', '--name', 'x', '--scope', 'owner'], freshDb());
    expect(bad.code).toBe(2);
    expect(bad.out).toBe('');
    const lines = bad.err.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/the scope "owner" is not one of/);
    expect(lines[0]).toMatch(BILINGUAL_LINE);
    expect(lines[1]).toMatch(/^usage: npm run keys -- create .* — 用法/);
    const missing = keys(['revoke', 'key_nosuchkey'], freshDb());
    expect(missing.code).toBe(1);
    expect(missing.out).toBe('');
    expect(missing.err.trimEnd().split('\n')).toEqual([expect.stringMatching(/^there is no API key with the id key_nosuchkey.* — .*[\u4e00-\u9fff]/)]);
  });
});

describe('npm run keys --local: the local D1 of npm run dev', () => {
  it('finds the migrated D1 file under .wrangler (not the metadata file), or says to migrate first', async () => {
    const cwd = mkdtempSync(join(DIR, 'project-'));
    expect(() => localD1(cwd)).toThrow(KeysError);
    expect(() => localD1(cwd)).toThrow(/run npm run migrate:local \(or npm run dev\) first\. — .*npm run migrate:local/);
    const dir = join(cwd, LOCAL_D1_DIR);
    mkdirSync(dir, { recursive: true });
    // what wrangler leaves there: a metadata file, and the database (migrated here by the same migrations)
    sqliteStore(join(dir, 'metadata.sqlite')).sqlite.exec('DROP TABLE api_keys');
    const file = join(dir, '9ba2b04bf514d9facfd57ed57d849e77241a7adc99d1c1545d06688b43d84248.sqlite');
    await sqliteStore(file).close();
    expect(localD1(cwd)).toBe(file);
    expect(parseKeysArgs(['list', '--local'], {}, cwd).where).toEqual({ kind: 'sqlite', path: file });
    await sqliteStore(join(dir, 'another.sqlite')).close();
    expect(() => localD1(cwd)).toThrow(/several local D1 databases/);
  });
});

describe('npm run keys --remote --print: the command for a deployment', () => {
  /** The SQL of `npx wrangler d1 execute DB --remote --json --command '<sql>'`, unquoted as a shell would. */
  function sqlOf(command: string): string {
    const m = /^npx wrangler d1 execute DB --remote --json --command '((?:[^']|'\\'')*)'$/m.exec(command);
    expect(m, command).not.toBeNull();
    return m![1].replace(/'\\''/g, "'");
  }

  it('prints a command whose SQL makes the key and its audit row; quotes in a name stay text', async () => {
    const name = "O'Brien'); DROP TABLE api_keys; --";
    const r = keys(['create', '--remote', '--print', '--name', name, '--scope', 'write', '--workspace', 'sichuan']);
    expect(r.code, r.err).toBe(0);
    const secrets = r.out.match(/bfa_[A-Za-z0-9_-]{43}/g) ?? [];
    expect(secrets).toHaveLength(1);
    const sql = sqlOf(r.out);
    expect(sql).not.toContain(secrets[0]);
    const store = sqliteStore(freshDb());
    try {
      store.sqlite.exec(sql);
      const key = await findKey(store.db, secrets[0] as string);
      expect(key).toMatchObject({ name, scope: 'write', workspace: 'sichuan', created_by: 'cli', revoked_at: null });
      const audit = store.sqlite.prepare('SELECT actor, action, resource, resource_id FROM audit_log').all();
      expect(audit).toEqual([{ actor: 'cli', action: 'create', resource: 'key', resource_id: key!.id }]);

      // revoke's SQL: the key revoked and audited once, however often it is run
      const revoke = keys(['revoke', key!.id, '--remote', '--print']);
      expect(revoke.code, revoke.err).toBe(0);
      const revokeSql = sqlOf(revoke.out.trim());
      store.sqlite.exec(revokeSql);
      const again = keys(['revoke', key!.id, '--remote', '--print']);
      store.sqlite.exec(sqlOf(again.out.trim()));
      expect((await findKey(store.db, secrets[0] as string))?.revoked_at).toMatch(/^\d{4}-/);
      expect(store.sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'revoke'").get()).toEqual({ n: 1 });
      const list = keys(['list', '--remote', '--print', '--workspace', 'sichuan']);
      expect(store.sqlite.prepare(sqlOf(list.out.trim())).all()).toMatchObject([{ id: key!.id, name }]);
    } finally {
      await store.close();
    }
  });
});
