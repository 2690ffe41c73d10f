/**
 * Golden scenarios: every scenarios/*.json file is sent through the API (createApp().request) and its answer
 * compared, digit for digit, with the file's "expected" block. The expected numbers are computed
 * independently of the engine (scenarios/oracle/factor_method.py, exact Python fractions), so a difference
 * is a bug in one of the two — never "update the golden file" without finding out which.
 *
 * A 200 scenario is sent twice: as is (rows, total, checks compared) and with ?explain=true, whose rows must
 * be the same and whose trace.factors (within-factor share and weighted share) are compared too.
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
  id: string;
  amount: string;
  share: string;
  rank: number;
  /** factor id → its contribution to the unrounded amount */
  factors: Record<string, string>;
  /** factor id → the within-factor share and the weighted share, as ?explain=true shows them */
  trace: { factors: Record<string, { share: string; weighted: string }> };
}

interface Expected {
  status: number;
  total?: string;
  unit?: string;
  rows?: ExpectedRow[];
  checks?: Record<string, unknown>;
  errors?: { pointer: string }[];
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

/** The parts of an answer's row the golden files pin down. */
const pick = (r: any) => ({ id: r.id, amount: r.amount, share: r.share, rank: r.rank, factors: r.factors });

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
    });
  }
});
