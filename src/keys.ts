/**
 * `npm run keys -- create --name … --scope read|write|admin [--workspace …]`, `list`, `revoke <id>`: API keys
 * on the server's own database, for the first admin key (POST /v1/keys needs one) and for a locked-out office.
 *
 * Which database:
 * - default: the Node service's SQLite file, DATABASE_PATH, else ./data/allocator.sqlite (as npm run start:node);
 * - `--database <file>`: that SQLite file;
 * - `--local`: the local D1 of `npm run dev` (wrangler keeps it as a SQLite file under
 *   .wrangler/state/v3/d1/miniflare-D1DatabaseObject/; run `npm run migrate:local` first);
 * - `--remote`: the deployed D1, through `wrangler d1 execute DB --remote --command "<SQL>"` (wrangler's own
 *   login). The SQL is written here from values checked first (a name with no control characters, a
 *   workspace slug, a scope, a key id; quotes doubled), never from unchecked text. `--print` prints that
 *   command instead of running it, for a machine with the Cloudflare login.
 * Every write goes with its audit row (actor "cli"), in one transaction (SQLite) or one command (D1).
 *
 * The secret is printed once and never again. Errors: one line in English and Chinese on stderr; exit 2 for
 * wrong arguments (with the usage line), 1 when the action failed (no such key, no local database, wrangler).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { message } from './messages/index.js';
import { textProblem } from './messages/grammar.js';
import { databasePathFromEnv } from './store/databasePath.js';
import { createKey, KEY_PREFIX, type KeyInfo, keyInfo, listKeys, newSecret, revokeKey, SCOPES, WORKSPACE } from './store/keys.js';
import type { ApiKeyTable, Scope } from './store/schema.js';
import { sqliteStore } from './store/sqlite.js';
import { newId, now, sha256Hex } from './store/store.js';

/** Where wrangler keeps the local D1 of `wrangler dev` (one SQLite file per database). */
export const LOCAL_D1_DIR = join('.wrangler', 'state', 'v3', 'd1', 'miniflare-D1DatabaseObject');

/** A failure to report: its line, and the exit code (2: wrong arguments, usage shown; 1: the action failed). */
export class KeysError extends Error {
  constructor(
    line: string,
    readonly exitCode: 1 | 2,
    /** Print the usage line after it (wrong arguments, unless the line is the usage itself). */
    readonly usage = exitCode === 2,
  ) {
    super(line);
  }
}

const line = (m: { en: string; zh: string }) => `${m.en} — ${m.zh}`;
const usageError = (m: { en: string; zh: string }) => new KeysError(line(m), 2);

type Where = { kind: 'sqlite'; path: string } | { kind: 'remote'; print: boolean };

interface Parsed {
  command: 'create' | 'list' | 'revoke';
  where: Where;
  json: boolean;
  name?: string;
  scope?: Scope;
  workspace?: string;
  id?: string;
}

/** The arguments, checked: every value that reaches a database (or wrangler's SQL) passed here first. */
export function parseKeysArgs(argv: readonly string[], env: NodeJS.ProcessEnv, cwd = process.cwd()): Parsed {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        name: { type: 'string' },
        scope: { type: 'string' },
        workspace: { type: 'string' },
        database: { type: 'string' },
        local: { type: 'boolean' },
        remote: { type: 'boolean' },
        print: { type: 'boolean' },
        json: { type: 'boolean' },
      },
    }));
  } catch (err) {
    throw usageError(message('keys-bad-arguments', { what: (err instanceof Error ? err.message : String(err)).split('\n')[0] }));
  }
  const [command, ...rest] = positionals;
  if (command !== 'create' && command !== 'list' && command !== 'revoke') {
    if (command === undefined) throw new KeysError(line(message('keys-usage')), 2, false);
    throw usageError(message('keys-unknown-command', { shown: JSON.stringify(command) }));
  }
  const expected = command === 'revoke' ? 1 : 0;
  if (rest.length > expected) throw usageError(message('keys-bad-arguments', { what: `unexpected ${JSON.stringify(rest[expected])}` }));

  const places = [values.database !== undefined, values.local === true, values.remote === true].filter(Boolean).length;
  if (places > 1 || (values.print && !values.remote)) throw usageError(message('keys-one-database'));
  const where: Where = values.remote
    ? { kind: 'remote', print: values.print === true }
    : { kind: 'sqlite', path: typeof values.database === 'string' ? values.database : values.local ? localD1(cwd) : databasePathFromEnv(env) };

  const out: Parsed = { command, where, json: values.json === true };
  if (typeof values.workspace === 'string') {
    if (command === 'revoke') throw usageError(message('keys-bad-arguments', { what: '--workspace goes with create or list' }));
    if (!WORKSPACE.test(values.workspace)) throw usageError(message('bad-workspace', { shown: JSON.stringify(values.workspace) }));
    out.workspace = values.workspace;
  }
  if (command === 'create') {
    if (values.name === undefined) throw usageError(message('keys-missing-option', { option: '--name <name>', command: 'create' }));
    if (values.scope === undefined) throw usageError(message('keys-missing-option', { option: '--scope read|write|admin', command: 'create' }));
    const name = String(values.name);
    const bad = name.length === 0 || name.length > 100 ? message('too-long', { maximum: 100 }) : textProblem(name);
    if (bad)
      throw usageError(message('keys-bad-name', { en: name.length === 0 ? 'must not be empty.' : bad.en, zh: name.length === 0 ? '不能为空。' : bad.zh }));
    if (!(SCOPES as readonly string[]).includes(String(values.scope))) throw usageError(message('bad-scope', { shown: JSON.stringify(values.scope) }));
    out.name = name;
    out.scope = values.scope as Scope;
  } else if (values.name !== undefined || values.scope !== undefined) {
    throw usageError(message('keys-bad-arguments', { what: '--name and --scope go with create' }));
  }
  if (command === 'revoke') {
    const id = rest[0];
    if (id === undefined) throw usageError(message('keys-missing-option', { option: '<key id>', command: 'revoke' }));
    if (!/^key_[a-z0-9_]{1,64}$/.test(id)) throw usageError(message('keys-bad-key-id', { shown: JSON.stringify(id) }));
    out.id = id;
  }
  return out;
}

/** The SQLite files in a miniflare D1 folder that hold api_keys (the migrated DB binding), by name. */
export function migratedD1Files(dir: string): string[] {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite') : [];
  return files.filter((f) => {
    const db = new SQLite(join(dir, f), { readonly: true, fileMustExist: true });
    try {
      return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'api_keys'").get() !== undefined;
    } finally {
      db.close();
    }
  });
}

/** The one local D1 file of `npm run dev` (the one holding api_keys), or a KeysError saying why not. */
export function localD1(cwd: string): string {
  const dir = join(cwd, LOCAL_D1_DIR);
  const migrated = migratedD1Files(dir);
  if (migrated.length === 0) throw new KeysError(line(message('keys-no-local-database', { dir })), 1);
  if (migrated.length > 1) throw new KeysError(line(message('keys-many-local-databases', { files: migrated.map((f) => join(dir, f)) })), 1);
  return join(dir, migrated[0]);
}

/** A SQL string literal: quotes doubled. Only for values parseKeysArgs or this file made. */
const lit = (v: string | null): string => (v === null ? 'NULL' : `'${v.replace(/'/g, "''")}'`);

/** The SQL of one write for `wrangler d1 execute --remote --command`: the key and its audit row. */
export async function remoteCreateSql(input: { name: string; workspace: string; scope: Scope }): Promise<{ sql: string; key: KeyInfo & { secret: string } }> {
  const secret = newSecret();
  const row: ApiKeyTable = {
    id: newId('key'),
    name: input.name,
    workspace: input.workspace,
    scope: input.scope,
    hash: await sha256Hex(secret),
    prefix: secret.slice(0, KEY_PREFIX.length + 8),
    created_at: now(),
    created_by: 'cli',
    revoked_at: null,
  };
  const detail = JSON.stringify({ name: row.name, scope: row.scope });
  const sql = [
    `INSERT INTO api_keys (id, name, workspace, scope, hash, prefix, created_at, created_by, revoked_at) VALUES (${[row.id, row.name, row.workspace, row.scope, row.hash, row.prefix, row.created_at, row.created_by, row.revoked_at].map(lit).join(', ')});`,
    `INSERT INTO audit_log (at, actor, workspace, action, resource, resource_id, revision, hash, detail) VALUES (${lit(row.created_at)}, 'cli', ${lit(row.workspace)}, 'create', 'key', ${lit(row.id)}, NULL, NULL, ${lit(detail)});`,
  ].join(' ');
  return { sql, key: { ...keyInfo(row), secret } };
}

/** The SQL that revokes a key (if not yet revoked) and, only then, adds its audit row. */
export function remoteRevokeSql(id: string, at = now()): string {
  return [
    `UPDATE api_keys SET revoked_at = ${lit(at)} WHERE id = ${lit(id)} AND revoked_at IS NULL;`,
    `INSERT INTO audit_log (at, actor, workspace, action, resource, resource_id, revision, hash, detail) SELECT ${lit(at)}, 'cli', workspace, 'revoke', 'key', id, NULL, NULL, NULL FROM api_keys WHERE id = ${lit(id)} AND revoked_at = ${lit(at)};`,
    `SELECT id, name, workspace, scope, prefix, created_at, created_by, revoked_at FROM api_keys WHERE id = ${lit(id)};`,
  ].join(' ');
}

export function remoteListSql(workspace?: string): string {
  return `SELECT id, name, workspace, scope, prefix, created_at, created_by, revoked_at FROM api_keys${workspace ? ` WHERE workspace = ${lit(workspace)}` : ''} ORDER BY created_at, id;`;
}

/** The wrangler command line, quoted for a POSIX shell. */
export function wranglerCommand(sql: string): string {
  const quote = (s: string) => (/^[\w./=:-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);
  return ['npx', 'wrangler', 'd1', 'execute', 'DB', '--remote', '--json', '--command', sql].map(quote).join(' ');
}

/** Runs the SQL on the deployed D1 through wrangler; the rows of its last statement. */
function runRemote(sql: string): Record<string, unknown>[] {
  const r = spawnSync('npx', ['wrangler', 'd1', 'execute', 'DB', '--remote', '--json', '--command', sql], {
    encoding: 'utf8',
    stdio: ['inherit', 'pipe', 'inherit'],
  });
  if (r.status !== 0) {
    if (r.stdout) process.stderr.write(r.stdout);
    throw new KeysError(line(message('keys-wrangler-failed', { status: r.error ? r.error.message : `exit ${r.status}` })), 1);
  }
  try {
    const results = JSON.parse(r.stdout) as { results?: Record<string, unknown>[] }[];
    return results[results.length - 1]?.results ?? [];
  } catch {
    return [];
  }
}

const fromRow = (r: Record<string, unknown>): KeyInfo => keyInfo(r as unknown as ApiKeyTable);

function table(keys: readonly KeyInfo[]): string {
  if (keys.length === 0) return 'no keys yet: npm run keys -- create --name … --scope admin — 尚无密钥';
  const rows = [
    ['id', 'scope', 'workspace', 'prefix', 'created', 'revoked', 'name'],
    ...keys.map((k) => [k.id, k.scope, k.workspace, `${k.prefix}…`, k.createdAt, k.revokedAt ?? '-', k.name]),
  ];
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  return rows.map((r) => r.map((cell, j) => (j === r.length - 1 ? cell : cell.padEnd(widths[j]))).join('  ')).join('\n');
}

function created(key: KeyInfo & { secret: string }, json: boolean): string {
  if (json) return JSON.stringify(key);
  return [
    `created ${key.id} "${key.name}": scope ${key.scope}, workspace ${key.workspace} — 已创建密钥`,
    'the secret, shown this once (only its SHA-256 is kept; send it as Authorization: Bearer <secret>) — 密钥只显示这一次，请立即保存：',
    key.secret,
  ].join('\n');
}

function revoked(key: KeyInfo, json: boolean): string {
  return json ? JSON.stringify(key) : `revoked ${key.id} "${key.name}" at ${key.revokedAt} — 已吊销`;
}

/** Runs one command; what to print on stdout. */
export async function runKeys(p: Parsed): Promise<string> {
  if (p.where.kind === 'remote') {
    const print = p.where.print;
    if (p.command === 'create') {
      const { sql, key } = await remoteCreateSql({ name: p.name!, scope: p.scope!, workspace: p.workspace ?? 'default' });
      if (print)
        return [
          `# run this where wrangler is logged in to the account of the deployment — 请在已登录 Cloudflare 的机器上运行：`,
          wranglerCommand(sql),
          created(key, p.json),
        ].join('\n');
      runRemote(sql);
      return created(key, p.json);
    }
    const sql = p.command === 'list' ? remoteListSql(p.workspace) : remoteRevokeSql(p.id!);
    if (print) return wranglerCommand(sql);
    const rows = runRemote(sql).map(fromRow);
    if (p.command === 'list') return p.json ? JSON.stringify(rows) : table(rows);
    if (rows.length === 0) throw new KeysError(line(message('unknown-key-id', { id: p.id! })), 1);
    return revoked(rows[0], p.json);
  }

  const store = sqliteStore(p.where.path);
  try {
    if (p.command === 'create')
      return created(await createKey(store, { name: p.name!, scope: p.scope!, workspace: p.workspace ?? 'default' }, 'cli'), p.json);
    if (p.command === 'list') {
      const keys = (await listKeys(store.db)).filter((k) => p.workspace === undefined || k.workspace === p.workspace);
      return p.json ? JSON.stringify(keys) : table(keys);
    }
    const key = await revokeKey(store, p.id!, 'cli');
    if (!key) throw new KeysError(line(message('unknown-key-id', { id: p.id! })), 1);
    return revoked(key, p.json);
  } finally {
    await store.close();
  }
}

// Run as a program: one command, its output, its exit code.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const out = await runKeys(parseKeysArgs(process.argv.slice(2), process.env));
    console.log(out);
  } catch (err) {
    if (err instanceof KeysError) {
      console.error(err.message);
      if (err.usage) console.error(line(message('keys-usage')));
      process.exit(err.exitCode);
    }
    const e = err as Error;
    console.error(`npm run keys failed: ${e.message} — 执行失败：${e.message}`);
    process.exit(1);
  }
}
