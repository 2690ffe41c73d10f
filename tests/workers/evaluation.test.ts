/**
 * The performance evaluation inside workerd: the evaluation models (models/evaluation/*.json) are bundled
 * into the Worker, and seed 004 scores 97, 优 through the real entry (src/worker.ts).
 */
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { SEED004_VALUES } from '../../src/schema/evaluation.js';

const ORIGIN = 'http://allocator.test';

describe('POST /v1/evaluations in workerd', () => {
  it('scores seed 004 with the bundled model', async () => {
    const res = await exports.default.fetch(ORIGIN + '/v1/evaluations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'seed004-gaoxin-2021', values: SEED004_VALUES }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      unit: string;
      summary: { total: string; grade: { grade: string } };
      rows: unknown[];
      sections: { score: string }[];
      provenance: { model: { hash: string } };
    };
    expect(body.unit).toBe('points');
    expect(body.rows).toHaveLength(25);
    expect(body.summary.total).toBe('97');
    expect(body.summary.grade.grade).toBe('优');
    expect(body.provenance.model.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(body.sections.map((l) => l.score)).toEqual(['19', '44', '34']);
  });

  it('lists the bundled evaluation models', async () => {
    const res = await exports.default.fetch(ORIGIN + '/v1/models?kind=evaluation');
    const body = (await res.json()) as { models: { id: string }[] };
    expect(body.models.map((m) => m.id)).toContain('seed004-gaoxin-2021');
  });
});
