/**
 * Golden monitoring and check scenarios: every scenarios/monitoring/*.json and scenarios/checks/*.json file
 * is posted to its route through createApp().request and the answer compared with the file's "expected"
 * block. The expected numbers were computed by hand; each file's description shows the arithmetic. Only the
 * fields the expected block names are compared (exactly), arrays element by element and of the same length.
 * An error scenario is compared by status and the set of error pointers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.js';

interface ScenarioFile {
  title: string;
  description: string;
  route: string;
  request: unknown;
  expected: { status: number; body?: unknown; errors?: string[] };
}

const app = createApp();

function filesIn(dir: string): [string, ScenarioFile][] {
  const path = fileURLToPath(new URL(`../scenarios/${dir}/`, import.meta.url));
  return readdirSync(path)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [`${dir}/${f}`, JSON.parse(readFileSync(join(path, f), 'utf8')) as ScenarioFile]);
}

/** The parts of `actual` that `expected` names: objects by key, arrays element by element. */
function pick(actual: unknown, expected: unknown): unknown {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return actual;
    // a length mismatch must show: keep the extra elements whole
    return actual.map((a, i) => (i < expected.length ? pick(a, expected[i]) : a));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return actual;
    return Object.fromEntries(Object.keys(expected).map((k) => [k, pick((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k])]));
  }
  return actual;
}

const files = [...filesIn('monitoring'), ...filesIn('checks')];

describe('golden monitoring and check scenarios (scenarios/monitoring, scenarios/checks)', () => {
  it('finds the files, each with a title, a description, a route and an expected block', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const [name, doc] of files) {
      expect(doc.title && doc.description && doc.request && doc.expected, name).toBeTruthy();
      expect(['/v1/monitoring', '/v1/checks/industry-share'], name).toContain(doc.route);
    }
  });

  it.each(files)('%s', async (name, doc) => {
    const res = await app.request(doc.route, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc.request) });
    const body = (await res.json()) as any;
    expect(res.status, JSON.stringify(body)).toBe(doc.expected.status);
    if (doc.expected.errors) {
      expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      expect(body.errors.map((e: any) => e.pointer).sort(), name).toEqual([...doc.expected.errors].sort());
      return;
    }
    expect(pick(body, doc.expected.body), name).toEqual(doc.expected.body);
  });
});
