/**
 * Golden evaluation scenarios: every scenarios/evaluations/*.json file is posted to /v1/evaluations through
 * createApp().request and its answer compared, indicator by indicator, with the file's "expected" block.
 * The expected scores are the source's own (seed 004's 得分 column and totals) or hand-computed from them,
 * never copied from the engine. An error scenario is compared by status and the set of error pointers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.js';

const DIR = fileURLToPath(new URL('../scenarios/evaluations/', import.meta.url));
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

interface Subtotal {
  points: string;
  score: string;
  applicablePoints?: string;
}

interface Expected {
  status: number;
  /** indicator id → score (null: not applicable) */
  indicators?: Record<string, string | null>;
  groups?: Record<string, Subtotal>;
  levels?: Record<string, Subtotal>;
  sum?: string;
  applicablePoints?: string;
  /** the rescaled total, when indicators do not apply */
  rescaled?: string;
  total?: string;
  grade?: string;
  errors?: { pointer: string }[];
}

const app = createApp();

const pick = (s: any, want: Subtotal) => ({
  points: s.points,
  score: s.score,
  ...(want.applicablePoints !== undefined ? { applicablePoints: s.applicablePoints } : {}),
});

describe('golden evaluation scenarios (scenarios/evaluations/*.json)', () => {
  it('finds the scenario files', () => {
    expect(files).toContain('seed004-gaoxin-2021.json');
  });

  for (const file of files) {
    it(file, async () => {
      const doc = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as { request: unknown; expected: Expected };
      const expected = doc.expected;
      const res = await app.request('/v1/evaluations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(doc.request),
      });
      const body = (await res.json()) as any;
      expect(res.status, JSON.stringify(body)).toBe(expected.status);
      if (expected.status !== 200) {
        const pointers = (body.errors ?? []).map((e: { pointer: string }) => e.pointer).sort();
        expect(pointers).toEqual((expected.errors ?? []).map((e) => e.pointer).sort());
        return;
      }

      const scores = Object.fromEntries(body.indicators.map((i: any) => [i.id, i.score]));
      expect(Object.keys(scores).sort(), 'the answer has exactly the expected indicators').toEqual(Object.keys(expected.indicators ?? {}).sort());
      for (const [id, want] of Object.entries(expected.indicators ?? {})) {
        expect(scores[id], `indicator ${id}`).toBe(want);
      }
      const groups = Object.fromEntries(body.levels.flatMap((l: any) => l.groups).map((g: any) => [g.id, g]));
      for (const [id, want] of Object.entries(expected.groups ?? {})) {
        expect(pick(groups[id], want), `group ${id}`).toEqual(want);
      }
      const levels = Object.fromEntries(body.levels.map((l: any) => [l.id, l]));
      for (const [id, want] of Object.entries(expected.levels ?? {})) {
        expect(pick(levels[id], want), `level ${id}`).toEqual(want);
      }
      if (expected.sum !== undefined) expect(body.sum, 'sum').toBe(expected.sum);
      if (expected.applicablePoints !== undefined) expect(body.applicablePoints, 'applicablePoints').toBe(expected.applicablePoints);
      expect(body.rescaled?.total, 'rescaled total').toBe(expected.rescaled);
      expect(body.total, 'total').toBe(expected.total);
      expect(body.grade.grade, 'grade').toBe(expected.grade);
    });
  }
});
