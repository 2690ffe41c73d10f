/**
 * Golden scenarios: every scenarios/*.json file is sent through the API (createApp().request) and its answer
 * compared, digit for digit, with the file's "expected" block. The expected numbers are computed
 * independently of the engine (scenarios/oracle/factor_method.py, exact Python fractions), so a difference
 * is a bug in one of the two — never "update the golden file" without finding out which.
 *
 * A 200 scenario is sent twice: as is (rows, total, checks compared) and with ?explain=true, whose rows must
 * be the same and whose trace.factors (within-factor share and weighted share) are compared too.
 * When the allocation pipeline applies, the expected block also holds each row's stages (the waterfall
 * formula → set-aside → points → grade → negative list → floor/cap → redistribution → rounding), the books,
 * and trace.pipeline.bounds (λ, and the ids the floors/caps cascade pinned, in order); rows with lastYear
 * hold lastYear/change/changePercent. Rows' stages and year-over-year columns and the books are compared
 * whether present or absent (a formula-only expected block means the answer must have none of them);
 * λ and the cascade ids are compared when the expected block has them.
 * An error scenario is compared by status and the set of error pointers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.js';

const DIR = fileURLToPath(new URL('../scenarios/', import.meta.url));
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

interface ExpectedRow {
  /** two levels: 1 = city, 2 = county, and the ids from the top */
  level?: number;
  path?: string[];
  id: string;
  amount: string;
  share: string;
  rank: number;
  /** factor id → its contribution to the unrounded amount */
  factors: Record<string, string>;
  /** the pipeline's waterfall (only when the pipeline applies) */
  stages?: Record<string, string>;
  /** year-over-year columns (only for regions sent with lastYear) */
  lastYear?: string;
  change?: string;
  changePercent?: string | null;
  /** factor id → the within-factor share and the weighted share, as ?explain=true shows them */
  trace: { factors: Record<string, { share: string; weighted: string }> };
}

interface Expected {
  status: number;
  total?: string;
  unit?: string;
  rows?: ExpectedRow[];
  checks?: Record<string, unknown>;
  /** the pipeline's books (only when the pipeline applies) */
  books?: Record<string, unknown>;
  /** what ?explain=true must show of the pipeline: λ (12 decimals) and the cascade's region ids in order */
  trace?: { pipeline?: { bounds?: { lambda?: string; cascade?: string[] } } };
  errors?: { pointer: string }[];
  /** two levels: each city's split of its amount */
  children?: { id: string; total: string; sum: string; balanced: boolean }[];
}

interface ScenarioFile {
  title?: string;
  request?: unknown;
  expected?: Expected;
}

const app = createApp();

async function post(request: unknown, query = ''): Promise<{ status: number; body: any }> {
  const res = await app.request(`/v1/allocations${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  return { status: res.status, body: await res.json() };
}

/** The parts of an answer's row the golden files pin down (absent stages / lastYear columns stay undefined). */
const pick = (r: any) => ({
  level: r.level,
  path: r.path,
  id: r.id,
  amount: r.amount,
  share: r.share,
  rank: r.rank,
  factors: r.factors,
  stages: r.stages,
  lastYear: r.lastYear,
  change: r.change,
  changePercent: r.changePercent,
});

describe('golden scenarios (scenarios/*.json)', () => {
  it('finds the scenario files', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  for (const file of files) {
    it(file, async () => {
      const doc = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as ScenarioFile;
      expect(doc.request, `${file} has no "request"`).toBeDefined();
      expect(doc.expected, `${file} has no "expected" block; run scenarios/oracle/factor_method.py ${file} --write`).toBeDefined();
      const expected = doc.expected!;
      const { status, body } = await post(doc.request);

      if (expected.status !== 200) {
        expect(status, JSON.stringify(body)).toBe(expected.status);
        const pointers = (body.errors ?? []).map((e: { pointer: string }) => e.pointer).sort();
        expect(pointers).toEqual((expected.errors ?? []).map((e) => e.pointer).sort());
        return;
      }

      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.total).toBe(expected.total);
      if (expected.unit !== undefined) expect(body.unit).toBe(expected.unit);
      expect(body.checks).toEqual(expected.checks);
      expect(body.books, 'books').toEqual(expected.books);
      // two levels: each city's split, its total and that it balances
      const cities = (body.children ?? []).map((c: any) => ({ id: c.id, total: c.total, sum: c.sum, balanced: c.balanced }));
      expect(cities.length > 0 ? cities : undefined, 'children').toEqual(expected.children);
      const rows = expected.rows ?? [];
      expect(body.rows.map((r: { id: string }) => r.id)).toEqual(rows.map((r) => r.id));
      rows.forEach((want, i) => {
        // One object per row, so a failure shows the whole row side by side.
        expect(pick(body.rows[i]), `row ${i} (${want.id})`).toEqual(pick(want));
      });

      const explained = await post(doc.request, '?explain=true');
      expect(explained.status).toBe(200);
      expect(explained.body.rows.map(pick), 'rows with ?explain=true').toEqual(body.rows.map(pick));
      expect(explained.body.checks).toEqual(body.checks);
      rows.forEach((want, i) => {
        expect(explained.body.rows[i].trace?.factors, `trace.factors of row ${i} (${want.id})`).toEqual(want.trace.factors);
      });
      const bounds = expected.trace?.pipeline?.bounds;
      if (bounds?.lambda !== undefined) {
        expect(explained.body.trace?.pipeline?.bounds?.lambda, 'trace.pipeline.bounds.lambda').toBe(bounds.lambda);
      }
      if (bounds?.cascade !== undefined) {
        const cascade = (explained.body.trace?.pipeline?.bounds?.cascade ?? []).map((c: { id: string }) => c.id);
        expect(cascade, 'trace.pipeline.bounds.cascade (region ids in order)').toEqual(bounds.cascade);
      }
    });
  }
});
