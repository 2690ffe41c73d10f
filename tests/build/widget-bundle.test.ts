/**
 * scripts/build-widget.mjs as npm runs it (a child process), into a temporary folder: it prints one line with
 * the size and gzip size, writes the versioned bundle and its latest copy (the same bytes), and puts the
 * widget's rules into _headers while keeping any other rule there; a second build leaves one block; --if-stale
 * builds only when an input changed. The bundle holds no process.env, no require( and no URL of another host
 * that a browser would fetch (nothing from a CDN).
 *
 * The bundled engine against the service: the whole bundle cannot be imported in Node (Lit's browser build reads
 * `document` when it loads), so that part is skipped for the whole file; instead src/widget/engine.ts is bundled by
 * the same buildWidget (same esbuild options: browser platform, minified, the define and tsconfig the widget
 * gets) and run in a plain Node process, and its rows and summary must be the bytes POST /v1/allocations gives.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidget, widgetIsStale } from '../../scripts/build-widget.mjs';
import { createApp } from '../../src/api/app.js';
import { sqliteStore } from '../../src/store/sqlite.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const OTHER_RULE = '/docs/assets/*\n  X-Robots-Tag: noindex';

let out: string;
let line: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'w2-widget-'));
  writeFileSync(join(out, '_headers'), `${OTHER_RULE}\n`);
  const { stdout } = await run(process.execPath, ['scripts/build-widget.mjs', '--out', out], { cwd: ROOT });
  line = stdout;
}, 60_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

const versioned = () => join(out, 'widget', VERSION, 'fund-allocator.js');
const latest = () => join(out, 'widget', 'fund-allocator.js');

describe('npm run build:widget', () => {
  it('prints one line: where, the size, the gzip size and the time', () => {
    expect(line.trim().split('\n')).toHaveLength(1);
    const m = /^build-widget: (\S+) ([\d.]+) KB \(gzip ([\d.]+) KB\) in (\d+) ms/.exec(line);
    expect(m, line).not.toBeNull();
    expect(m![1]).toBe(versioned());
    expect(Number(m![3])).toBeLessThan(Number(m![2]));
    // about 0.5 s on an idle machine, 2–5 s with six test runs on two cores: only a hang fails here
    expect(Number(m![4])).toBeLessThan(30_000);
  });

  it('the versioned bundle and the latest copy are the same bytes, each with the licences beside it', () => {
    const a = readFileSync(versioned());
    expect(a.byteLength).toBeGreaterThan(10_000);
    expect(readFileSync(latest()).equals(a)).toBe(true);
    expect(a.toString('utf8').trimEnd().endsWith('/*! For license information please see fund-allocator.js.LEGAL.txt */')).toBe(true);
    for (const f of [versioned(), latest()]) expect(existsSync(`${f}.LEGAL.txt`)).toBe(true);
  });

  it('_headers: CORS * on both copies, immutable for the version, no-cache for the latest; other rules kept; one block after a rebuild', async () => {
    await run(process.execPath, ['scripts/build-widget.mjs', '--out', out], { cwd: ROOT });
    const text = readFileSync(join(out, '_headers'), 'utf8');
    expect(text.startsWith(OTHER_RULE)).toBe(true);
    expect(text.split(`/widget/${VERSION}/*`)).toHaveLength(2);
    expect(text).toContain(`/widget/${VERSION}/*\n  Access-Control-Allow-Origin: *\n  Cache-Control: public, max-age=31536000, immutable\n`);
    expect(text).toContain('/widget/fund-allocator.js\n  Access-Control-Allow-Origin: *\n  Cache-Control: no-cache\n');
  }, 60_000);

  it('no process.env, no require(, no URL of another host (only XML namespaces, JSON Schema ids and example hosts in messages)', () => {
    const js = readFileSync(versioned(), 'utf8');
    expect(js).not.toContain('process.env');
    expect(js).not.toMatch(/\brequire\(/);
    // nothing loaded by URL: no import of an absolute URL, no fetch of one
    expect(js).not.toMatch(/(?:import\s*\(|from\s*)["'`]https?:/);
    expect(js).not.toMatch(/fetch\(\s*["'`]https?:/);
    const identifiers = [
      /^http:\/\/www\.w3\.org\/(?:2000\/svg|1999\/xlink|1999\/xhtml|XML\/1998\/namespace|2000\/xmlns\/)$/, // namespaces, never fetched
      /^https?:\/\/json-schema\.org\/[\w/.-]+#?$/, // $schema ids in zod's JSON Schema writer
      /^https?:\/\/(?:[\w-]+\.)*example(?:\.[a-z]+)*(?::\d+)?(?:[/,].*)?$/, // example hosts in messages (planner.example.gov.cn)
      /^https?:\/\/(?:localhost|127\.0\.0\.1)(?::\d+)?(?:[/,].*)?$/, // the local service, in messages
      /^http:\/\/\[\$\{\w+\}\]/, // an IPv6 host put in brackets by a template
    ];
    const urls = [...js.matchAll(/https?:\/\/[^\s"'`)\\]*/g)].map((m) => m[0]);
    expect(urls.filter((u) => !identifiers.some((r) => r.test(u)))).toEqual([]);
  });

  it('widgetIsStale (what --if-stale asks): not after a build, yes once an input is newer or a copy is gone (a throwaway entry)', async () => {
    const entryDir = mkdtempSync(join(tmpdir(), 'w2-entry-'));
    const entry = join(entryDir, 'entry.ts');
    writeFileSync(entry, `export const answer: number = 42;\n`);
    const where = join(entryDir, 'public');
    const built = await buildWidget({ entry, outdir: where });
    expect(built?.bytes).toBeGreaterThan(0);
    expect(widgetIsStale({ outdir: where })).toBe(false);
    const later = new Date(Date.now() + 5_000);
    utimesSync(entry, later, later);
    expect(widgetIsStale({ outdir: where })).toBe(true);
    rmSync(join(where, 'widget', 'fund-allocator.js'));
    utimesSync(entry, new Date(0), new Date(0));
    expect(widgetIsStale({ outdir: where })).toBe(true);
    rmSync(entryDir, { recursive: true, force: true });
  });

  it('a build error exits 1 with esbuild’s message, not a stack', async () => {
    const entryDir = mkdtempSync(join(tmpdir(), 'w2-bad-'));
    writeFileSync(join(entryDir, 'bad.ts'), 'export const x = ;\n');
    const failed = await run(process.execPath, ['scripts/build-widget.mjs', '--entry', join(entryDir, 'bad.ts'), '--out', join(entryDir, 'public')], {
      cwd: ROOT,
    }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/^build-widget: the widget did not build\n.*bad\.ts:1: /);
    rmSync(entryDir, { recursive: true, force: true });
  });
});

describe('the bundled engine (esbuild, the widget’s options) in Node = the service', () => {
  it.skip('the whole bundle imported in Node — not possible: Lit’s browser build reads `document` when it loads', () => {});

  it('src/widget/engine.ts bundled as the widget is, run in a plain Node process: the rows and summary of POST /v1/allocations', async () => {
    const where = mkdtempSync(join(tmpdir(), 'w2-engine-'));
    const built = await buildWidget({ entry: join(ROOT, 'src', 'widget', 'engine.ts'), outdir: where });
    if (!built) throw new Error('esbuild is not installed');
    const bundle = join(where, 'engine.mjs');
    writeFileSync(bundle, readFileSync(built.versioned));
    const app = createApp({ store: sqliteStore(':memory:') });
    const sample = (await (await app.request('/v1/datasets/sample-20')).json()) as { rows: unknown[] };
    const requests = [
      { model: 'sichuan-2024', total: '5000', unit: 'wan', regions: sample.rows },
      {
        model: 'sichuan-2024',
        total: '5000',
        unit: 'wan',
        regions: sample.rows,
        overrides: { weights: { policy: '40%', population: '0.30', income: '0.25', performance: '0.05' } },
      },
      { model: 'sichuan-2023', total: '123456700', unit: 'yuan', regions: sample.rows },
    ];
    const program = `const { allocateLocally } = await import(${JSON.stringify(pathToFileURL(bundle).href)});
      const requests = JSON.parse(process.argv[1]);
      process.stdout.write(JSON.stringify([...requests.map((r) => allocateLocally(r)), allocateLocally(JSON.parse(process.argv[2]))]));`;
    // and a refusal through zod (bundled with English messages only): the service's 422 issues
    const refused = { model: 'sichuan-2024', total: '5,000', unit: 'wan', regions: sample.rows, county: 'x', overrides: { weights: { policy: '45%' } } };
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', program, JSON.stringify(requests), JSON.stringify(refused)], {
      maxBuffer: 64 * 1024 * 1024,
    });
    const local = JSON.parse(stdout) as {
      ok: boolean;
      answer: { rows: unknown; summary: unknown };
      issues?: { path: string; code?: string; en: string }[];
    }[];
    const no = await app.request('/v1/allocations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(refused) });
    expect(no.status).toBe(422);
    const errors = ((await no.json()) as { errors: { pointer: string; code: string; detail: string }[] }).errors;
    expect(errors.length).toBeGreaterThan(1);
    expect(local[requests.length].issues?.map((i) => [i.path || '/', i.code ?? 'invalid', i.en])).toEqual(errors.map((e) => [e.pointer, e.code, e.detail]));
    for (const [i, request] of requests.entries()) {
      const res = await app.request('/v1/allocations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
      expect(res.status).toBe(200);
      const served = (await res.json()) as { rows: unknown; summary: unknown };
      expect(local[i].ok).toBe(true);
      expect(JSON.stringify(local[i].answer.rows)).toBe(JSON.stringify(served.rows));
      expect(JSON.stringify(local[i].answer.summary)).toBe(JSON.stringify(served.summary));
    }
    rmSync(where, { recursive: true, force: true });
  }, 60_000);
});
