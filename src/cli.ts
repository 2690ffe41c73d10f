/**
 * Runs scenario files through the API and says whether each answers as its "expected" block says:
 *
 *   npm run scenario -- scenarios/allocations/toy-3-counties.json     one file: its answer, then ✓ or ✗
 *   npm run scenario -- scenarios/ [more files or folders …]          every *.json under a folder, any route
 *   npm run scenario -- <file> --json                                 the raw answer as JSON on stdout
 *
 * A scenario file ({route, query?, request, expected?: {status, body}}, see src/scenarios/match.ts) is posted
 * as it is: `request` is the body, `query` the query string, through createApp().request — the same door as
 * HTTP. A difference is printed as "pointer: expected …, got …". Exit code 1 when any file differs or is not a
 * scenario, 2 on a usage error.
 */
import { existsSync } from 'node:fs';
import { createApp } from './api/app.js';
import { allocationTable } from './api/allocations/tables.js';
import { tableCells } from './api/respond.js';
import { loadScenario, scenarioPaths } from './scenarios/files.js';
import { scenarioUrl } from './scenarios/match.js';
import { runScenario } from './scenarios/run.js';

const USAGE = 'usage: npm run scenario -- <scenario.json | folder> [more …] [--json]';
const UNIT_NAME: Record<string, string> = { wan: '万元 (wan)', yuan: '元 (yuan)' };
const SHOWN_DIFFERENCES = 20;

async function main(argv: string[]): Promise<number> {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const paths = argv.filter((a) => !a.startsWith('--'));
  const unknown = [...flags].filter((f) => f !== '--json');
  if (paths.length === 0 || unknown.length > 0) {
    console.error(unknown.length > 0 ? `unknown option ${unknown.join(' ')}\n${USAGE}` : USAGE);
    return 2;
  }
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length > 0) {
    console.error(`no such file or folder: ${missing.join(', ')}\n${USAGE}`);
    return 2;
  }
  const files = paths.flatMap(scenarioPaths);
  const single = files.length === 1;
  if (flags.has('--json') && !single) {
    console.error(`--json prints one answer: name one file\n${USAGE}`);
    return 2;
  }
  const report = flags.has('--json') ? console.error : console.log; // keep stdout pure JSON with --json

  const app = createApp();
  let failed = 0;
  for (const file of files) {
    let doc;
    try {
      doc = loadScenario(file);
    } catch (err) {
      failed++;
      report(`✗ ${err instanceof Error ? err.message : err}`);
      continue;
    }
    const run = await runScenario(app, doc);
    if (single) {
      if (flags.has('--json')) console.log(typeof run.body === 'string' ? run.body : JSON.stringify(run.body, null, 2));
      else printAnswer(doc.route, run.status, run.body);
      report('');
    }
    const where = `${file} (POST ${scenarioUrl(doc)} → ${run.status})`;
    if (!doc.expected) report(`· ${where}: no "expected" block, nothing compared`);
    else if (run.differences.length === 0) report(`✓ ${where}`);
    else {
      failed++;
      report(`✗ ${where} differs from its "expected" block:`);
      for (const d of run.differences.slice(0, SHOWN_DIFFERENCES)) report(`    ${d}`);
      if (run.differences.length > SHOWN_DIFFERENCES) report(`    … and ${run.differences.length - SHOWN_DIFFERENCES} more`);
    }
  }
  if (!single) report(`\n${files.length - failed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

function printAnswer(route: string, status: number, body: any): void {
  if (status >= 400 && body && typeof body === 'object') printProblem(body);
  else if (route === '/v1/allocations' && status === 200) printAllocation(body);
  else console.log(typeof body === 'string' ? body : JSON.stringify(body, null, 2));
}

function printProblem(body: any): void {
  console.log(`${body.status} ${body.title} — ${body.title_zh}`);
  console.log(`${body.detail}`);
  for (const e of body.errors ?? []) {
    console.log(`  ${e.pointer}`);
    console.log(`    ${e.detail}`);
    console.log(`    ${e.detail_zh}`);
  }
}

function printAllocation(body: any): void {
  // the same columns as ?format=csv: factors, then year over year and the waterfall when present
  const [header, ...cells] = tableCells(allocationTable(body), body.unit);
  const right = header.map((h) => !['id', 'name', 'level', 'path'].includes(h)); // numbers right-aligned
  const widths = header.map((h, i) => Math.max(width(h), ...cells.map((c) => width(c[i]))));
  const line = (c: string[]) =>
    c
      .map((text, i) => pad(text, widths[i], right[i]))
      .join('  ')
      .trimEnd();

  console.log(`model ${body.model.id} (${body.model.version}), unit ${UNIT_NAME[body.unit] ?? body.unit}, granularity ${body.summary.granularity}`);
  console.log(`factor columns: each factor's part of the unrounded amount; stage_ columns: the waterfall from formula to amount\n`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
  const k = body.summary;
  console.log(
    `\ntotal ${k.total} ${UNIT_NAME[body.unit] ?? body.unit}; sum of amounts ${k.sum}: ${k.balanced ? 'balanced ✓' : 'NOT BALANCED ✗'}` +
      ` (${k.regions} regions, ${k.leftoverGranules} leftover granule(s) by largest remainder)`,
  );
  if (body.books) {
    const b = body.books;
    const asides = b.setAsides.map((x: any) => `${x.id} ${x.amount} (${x.to})`).join('; ') || 'none';
    console.log(
      `books: set-asides ${asides}; formula pool ${b.formulaPool}; deducted ${b.deducted.points} (points) + ${b.deducted.negativeList} (negative list); rewards paid ${b.rewards.paid} of ${b.rewards.wanted}; unspent ${b.unspent} ${b.unspentGoes}; regions ${b.regions}`,
    );
  }
  if (body.trace?.rounding) {
    const r = body.trace.rounding;
    console.log(`\nrounding: ${r.granules} granules of ${r.granularity}; flooring gave ${r.floored}, ${r.leftover} leftover`);
    console.log(`  leftover granules went to: ${r.awardedTo.length > 0 ? r.awardedTo.join(', ') : '(none)'}`);
    console.log(`  tie-break: ${r.tieBreak}`);
  }
}

/** Display width: CJK and full-width characters take two columns in a terminal. */
function width(text: string): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

function pad(text: string, to: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, to - width(text)));
  return right ? fill + text : text + fill;
}

// `npm run scenario -- … | head` closes the pipe early: stop quietly instead of a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 2;
  },
);
