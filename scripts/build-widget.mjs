// Bundles the embeddable widget <fund-allocator> (src/widget/index.ts) into one ES module the service serves
// itself, never from a CDN:
//   public/widget/<version>/fund-allocator.js   versioned (package.json's version): cached for a year, immutable
//   public/widget/fund-allocator.js             the latest copy: revalidated on every load (no-cache)
// and writes public/_headers, which Workers static assets read for those headers (the Node entry reads the
// same file: src/node/staticAssets.ts). Both paths get Access-Control-Allow-Origin: * because a module script
// of another origin is fetched with CORS. The licences of the bundled libraries go to fund-allocator.js.LEGAL.txt
// beside each copy (a licence header's URL inside the bundle would read like a fetch from another host).
//
// Runs on install (postinstall, after vendor-docs-assets), in `npm run dev` before wrangler, and as
// `npm run build:widget`. Options: --if-stale (build only when an input changed since the last build),
// --entry <file>, --out <dir> (default ./public). Imported, it gives buildWidget() and widgetIsStale() to the
// browser-test and bench harnesses. Without esbuild installed (a production-only install) it warns and skips.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const WIDGET_FILE = 'fund-allocator.js';
/** The URL paths the service serves the bundle at, for a version. */
export const widgetUrlPath = (version) => `/widget/${version}/${WIDGET_FILE}`;
export const LATEST_URL_PATH = `/widget/${WIDGET_FILE}`;

/** The headers of the two copies, as public/_headers says them (Workers) and the Node entry applies them. */
export const VERSIONED_HEADERS = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'public, max-age=31536000, immutable' };
export const LATEST_HEADERS = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-cache' };

const BEGIN = '# <fund-allocator> widget: written by scripts/build-widget.mjs (edit outside these markers)';
const END = '# end of the widget';

/** package.json's version: the one src/version.ts repeats (a test keeps them equal). */
export function serviceVersion(root = ROOT) {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
}

/** The widget's block of public/_headers (Cloudflare's format: a path, then indented `Name: value` lines). */
export function headersBlock(version) {
  const rule = (path, headers) => [path, ...Object.entries(headers).map(([k, v]) => `  ${k}: ${v}`)].join('\n');
  // every version directory a deployment still holds is immutable; the latest copy is not
  return [BEGIN, rule(`/widget/${version}/*`, VERSIONED_HEADERS), rule(LATEST_URL_PATH, LATEST_HEADERS), END].join('\n');
}

/** `existing` _headers text with the widget's block put in (replacing an older one); other rules are kept. */
export function mergeHeaders(existing, block) {
  const start = existing.indexOf(BEGIN);
  const end = existing.indexOf(END, start);
  if (start >= 0 && end > start) return existing.slice(0, start) + block + existing.slice(end + END.length);
  const kept = existing.trimEnd();
  return kept === '' ? `${block}\n` : `${kept}\n\n${block}\n`;
}

/** Writes a file whole or not at all (a browser test may be reading the old copy meanwhile). */
function writeAtomically(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}

/** Where the last build's input files are listed, for widgetIsStale (not under public/: that is served). */
function inputsRecord(root, outdir) {
  const key = createHash('sha256').update(resolve(outdir)).digest('hex').slice(0, 16);
  return join(root, 'node_modules', '.cache', 'build-widget', `${key}.json`);
}

/** The bundle's paths on disk under `outdir`. */
export function widgetFiles(outdir = join(ROOT, 'public'), version = serviceVersion()) {
  return { versioned: join(outdir, 'widget', version, WIDGET_FILE), latest: join(outdir, 'widget', WIDGET_FILE), headers: join(outdir, '_headers') };
}

/** True when the bundle is missing, or a file it was built from (or this script, or package.json) is newer. */
export function widgetIsStale({ root = ROOT, outdir = join(root, 'public') } = {}) {
  const files = widgetFiles(outdir, serviceVersion(root));
  if (![files.versioned, files.latest, files.headers].every((f) => existsSync(f))) return true;
  const built = Math.min(statSync(files.versioned).mtimeMs, statSync(files.latest).mtimeMs);
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(inputsRecord(root, outdir), 'utf8'));
  } catch {
    return true;
  }
  const watched = [...inputs, fileURLToPath(import.meta.url), join(root, 'package.json')];
  return watched.some((f) => !existsSync(f) || statSync(f).mtimeMs > built);
}

/** The experimentalDecorators setting of tsconfig.widget.json, if it has one (comments and trailing commas allowed). */
function widgetDecorators(root) {
  try {
    const text = readFileSync(join(root, 'tsconfig.widget.json'), 'utf8')
      .replace(/\/\*[\s\S]*?\*\/|(^|[^:"])\/\/.*$/gm, '$1')
      .replace(/,(\s*[}\]])/g, '$1');
    const value = JSON.parse(text).compilerOptions?.experimentalDecorators;
    return typeof value === 'boolean' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * zod's message locales (some 40 languages, ~260 KB of the minified bundle) are reachable through the `z`
 * namespace @hono/zod-openapi re-exports (and z.core), so esbuild cannot drop them. The service words its own messages
 * (src/messages/) and zod configures English itself, so `z.locales` keeps English only.
 */
const zodLocalesEnglishOnly = {
  name: 'zod-locales-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      if (!/[\\/]zod[\\/]v4[\\/](?:classic|core|mini)[\\/]/.test(args.importer)) return undefined;
      return { path: join(dirname(args.importer), '..', 'locales', 'index.js'), namespace: 'zod-locales' };
    });
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: "export { default as en } from './en.js';\n",
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/**
 * Bundles the widget. Returns what it wrote, its size and gzip size in bytes and the time taken; null when
 * esbuild is not installed. Throws on a build error (esbuild's messages, formatted).
 */
export async function buildWidget({ root = ROOT, entry = join(root, 'src', 'widget', 'index.ts'), outdir = join(root, 'public') } = {}) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    return null;
  }
  const started = performance.now();
  const version = serviceVersion(root);
  const files = widgetFiles(outdir, version);
  const experimentalDecorators = widgetDecorators(root);
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: files.latest,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    splitting: false,
    write: false,
    metafile: true,
    logLevel: 'silent',
    // the licences go to a file beside the bundle, named in one comment at its end
    legalComments: 'linked',
    // an entry outside the project (a test's) still finds the project's packages
    nodePaths: [join(root, 'node_modules')],
    // Lit's reactive properties need [[Set]] class fields, not [[Define]]
    tsconfigRaw: { compilerOptions: { useDefineForClassFields: false, ...(experimentalDecorators === undefined ? {} : { experimentalDecorators }) } },
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [zodLocalesEnglishOnly],
  });
  const script = result.outputFiles.find((f) => f.path.endsWith('.js'));
  const legal = result.outputFiles.find((f) => f.path.endsWith('.LEGAL.txt'));
  for (const path of [files.versioned, files.latest]) {
    if (legal) writeAtomically(`${path}.LEGAL.txt`, legal.contents);
    writeAtomically(path, script.contents);
  }
  const existing = existsSync(files.headers) ? readFileSync(files.headers, 'utf8') : '';
  writeAtomically(files.headers, mergeHeaders(existing, headersBlock(version)));
  // every input file, absolute, for widgetIsStale (esbuild names them relative to absWorkingDir)
  const inputs = Object.keys(result.metafile.inputs)
    .filter((p) => !p.includes(':'))
    .map((p) => (isAbsolute(p) ? p : join(root, p)));
  writeAtomically(inputsRecord(root, outdir), JSON.stringify(inputs));
  return {
    version,
    ...files,
    bytes: script.contents.byteLength,
    gzipBytes: gzipSync(script.contents, { level: 9 }).byteLength,
    ms: Math.round(performance.now() - started),
  };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

// Run as a program
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { 'if-stale': { type: 'boolean' }, entry: { type: 'string' }, out: { type: 'string' } } });
  const outdir = values.out ? resolve(values.out) : join(ROOT, 'public');
  if (values['if-stale'] && !values.entry && !widgetIsStale({ outdir })) process.exit(0);
  try {
    const built = await buildWidget({ outdir, ...(values.entry ? { entry: resolve(values.entry) } : {}) });
    if (built === null) {
      // production-only installs (npm ci --omit=dev) have no esbuild: /demo then has no script to load
      console.warn('build-widget: esbuild not installed, the widget bundle was not built');
      process.exit(0);
    }
    const near = relative(process.cwd(), built.versioned);
    const shown = near && !near.startsWith('..') ? near : built.versioned;
    console.log(`build-widget: ${shown} ${kb(built.bytes)} (gzip ${kb(built.gzipBytes)}) in ${built.ms} ms, latest copy at ${LATEST_URL_PATH}`);
  } catch (err) {
    const messages = err?.errors?.length ? err.errors.map((e) => `${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`) : [String(err)];
    console.error(`build-widget: the widget did not build\n${messages.join('\n')}`);
    process.exit(1);
  }
}
