/**
 * Runs one scenario file through the API and prints the allocation as a table:
 *
 *   npm run scenario -- scenarios/toy-3-counties.json [--explain] [--json]
 *
 * The file is a scenario ({ request, expected? }) or a bare request body. The request goes through
 * createApp().request — the same door as POST /v1/allocations. If the file has an "expected" block, the
 * answer is compared with it. Exit code 1 on a 4xx problem or a mismatch.
 */
import { readFileSync } from 'node:fs';
import { createApp } from './api/app.js';
import { allocationTable } from './api/format.js';

interface Row {
  id: string;
  name?: string;
  amount: string;
  share: string;
  rank: number;
  /** factor id → its contribution to the unrounded amount */
  factors: Record<string, string>;
  lastYear?: string;
  change?: string;
  changePercent?: string | null;
  stages?: Record<string, string>;
  trace?: { factors?: Record<string, { share: string; weighted: string }> };
}

interface Expected {
  status: number;
  total?: string;
  unit?: string;
  rows?: Row[];
  checks?: Record<string, unknown>;
  books?: unknown;
  errors?: { pointer: string }[];
}

const USAGE = 'usage: npm run scenario -- <scenario.json> [--explain] [--json]';
const UNIT_NAME: Record<string, string> = { wan: '万元 (wan)', yuan: '元 (yuan)' };

async function main(argv: string[]): Promise<number> {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const files = argv.filter((a) => !a.startsWith('--'));
  const unknown = [...flags].filter((f) => f !== '--explain' && f !== '--json');
  if (files.length !== 1 || unknown.length > 0) {
    console.error(USAGE);
    return 2;
  }
  const doc = JSON.parse(readFileSync(files[0], 'utf8'));
  const request = doc && typeof doc === 'object' && 'request' in doc ? doc.request : doc;
  const expected: Expected | undefined = 'request' in doc ? doc.expected : undefined;

  const app = createApp();
  const post = (query: string) =>
    app.request(`/v1/allocations${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
  const res = await post(flags.has('--explain') ? '?explain=true' : '');
  const body = await res.json();
  const report = flags.has('--json') ? console.error : console.log; // keep stdout pure JSON with --json

  if (flags.has('--json')) console.log(JSON.stringify(body, null, 2));
  else if (res.status >= 400) printProblem(body);
  else printAllocation(body, flags.has('--explain'));

  let ok = res.status < 400;
  if (expected) {
    // Within-factor shares are only in the trace: compare them from an ?explain=true answer.
    const explained = res.status === 200 && !flags.has('--explain') ? await (await post('?explain=true')).json() : body;
    const differences = compare(expected, res.status, body, explained);
    if (differences.length === 0) report(`\n✓ matches the expected block of ${files[0]}`);
    else {
      ok = false;
      report(`\n✗ differs from the expected block of ${files[0]}:`);
      for (const d of differences.slice(0, 20)) report(`  ${d}`);
      if (differences.length > 20) report(`  … and ${differences.length - 20} more`);
    }
  }
  return ok ? 0 : 1;
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

function printAllocation(body: any, explain: boolean): void {
  // the same columns as ?format=csv: factors, then year over year and the waterfall when present
  const [header, ...cells] = allocationTable(body);
  const right = header.map((h) => !['id', 'name', 'path'].includes(h)); // numbers right-aligned
  const widths = header.map((h, i) => Math.max(width(h), ...cells.map((c) => width(c[i]))));
  const line = (c: string[]) => c.map((text, i) => pad(text, widths[i], right[i])).join('  ').trimEnd();

  console.log(`model ${body.model.id} (${body.model.version}), unit ${UNIT_NAME[body.unit] ?? body.unit}, granularity ${body.granularity}`);
  console.log(`factor columns: each factor's part of the unrounded amount; stage_ columns: the waterfall from formula to amount\n`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
  const k = body.checks;
  console.log(
    `\ntotal ${body.total} ${UNIT_NAME[body.unit] ?? body.unit}; sum of amounts ${k.sum}: ${k.balanced ? 'balanced ✓' : 'NOT BALANCED ✗'}` +
      ` (${k.regions} regions, ${k.leftoverGranules} leftover granule(s) by largest remainder)`,
  );
  if (body.books) {
    const b = body.books;
    const asides = b.setAsides.map((x: any) => `${x.id} ${x.amount} (${x.to})`).join('; ') || 'none';
    console.log(`books: set-asides ${asides}; formula pool ${b.formulaPool}; deducted ${b.deducted.points} (points) + ${b.deducted.negativeList} (negative list); rewards paid ${b.rewards.paid} of ${b.rewards.wanted}; unspent ${b.unspent} ${b.unspentGoes}; regions ${b.regions}`);
  }
  if (explain && body.trace) {
    const r = body.trace.rounding;
    console.log(`\nrounding: ${r.granules} granules of ${r.granularity}; flooring gave ${r.floored}, ${r.leftover} leftover`);
    console.log(`  leftover granules went to: ${r.awardedTo.length > 0 ? r.awardedTo.join(', ') : '(none)'}`);
    console.log(`  tie-break: ${r.tieBreak}`);
  }
}

/** Differences between an expected block and the answer, as readable lines (empty when they agree). */
function compare(want: Expected, status: number, body: any, explained: any): string[] {
  const out: string[] = [];
  const diff = (what: string, w: unknown, g: unknown) => {
    if (JSON.stringify(w) !== JSON.stringify(g)) out.push(`${what}: expected ${JSON.stringify(w)}, got ${JSON.stringify(g)}`);
  };
  diff('status', want.status, status);
  if (want.status !== status) return out;
  if (want.status !== 200) {
    const pointers = (list: { pointer: string }[] | undefined) => (list ?? []).map((e) => e.pointer).sort();
    diff('error pointers', pointers(want.errors), pointers(body.errors));
    return out;
  }
  diff('total', want.total, body.total);
  if (want.unit !== undefined) diff('unit', want.unit, body.unit);
  for (const key of Object.keys(want.checks ?? {})) diff(`checks.${key}`, want.checks![key], body.checks?.[key]);
  if (want.books !== undefined) diff('books', want.books, body.books);
  const rows: Row[] = want.rows ?? [];
  diff('row ids', rows.map((r) => r.id), body.rows.map((r: Row) => r.id));
  rows.forEach((w, i) => {
    const g: Row | undefined = body.rows[i];
    if (!g) return;
    for (const field of ['amount', 'share', 'rank', 'lastYear', 'change', 'changePercent', 'stages'] as const) {
      if (w[field] !== undefined) diff(`${w.id}.${field}`, w[field], g[field]);
    }
    for (const [f, amount] of Object.entries(w.factors)) diff(`${w.id}.factors.${f}`, amount, g.factors[f]);
    for (const [f, part] of Object.entries(w.trace?.factors ?? {})) {
      diff(`${w.id}.trace.factors.${f}`, part, explained.rows[i]?.trace?.factors?.[f]);
    }
  });
  return out;
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
