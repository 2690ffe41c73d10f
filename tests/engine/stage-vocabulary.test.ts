/**
 * One stage vocabulary (src/domain/allocation/pipeline/stages.ts): the model's pipeline keys, the ids of
 * `overrides.off`, a row's `stages`, the trace's steps and stage statuses and the CSV's stage_ columns are
 * the same ids, one spelling each (no setAside/setAsides, grade/grades, floorCap/bounds pairs).
 */
import { describe, expect, it } from 'vitest';
import { STAGE_IDS, STAGES, stageColumn, stageName, WATERFALL } from '../../src/domain/allocation/pipeline/stages.js';
import { Overrides, Pipeline } from '../../src/schema/allocation.js';
import { createApp } from '../../src/api/app.js';

const app = createApp();
const post = async (path: string, body: unknown) => {
  const res = await app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { res, text: await res.text() };
};

const request = {
  model: {
    unit: 'wan',
    factors: [{ id: 'need', weight: '1', indicators: [{ id: 'pop', weight: '1', transform: 'direct' }] }],
    pipeline: {
      setAsides: [{ id: 'key', amount: '100', regions: { ids: ['A'] } }],
      points: { input: 'points', bottom: { count: 1, amount: { fixed: '20' } }, top: { count: 1, amount: { fixed: '10' } } },
      grades: { input: 'grade', rewards: { good: '5' } },
      negativeList: { input: 'misused' },
      bounds: { holdHarmless: '0.9' },
    },
  },
  total: '1000.00',
  unit: 'wan',
  regions: [
    { id: 'A', indicators: { pop: 100, points: 90, grade: 'good', misused: 0 }, lastYear: '300' },
    { id: 'B', indicators: { pop: 300, points: 50, grade: 'bad', misused: 3 }, lastYear: '400' },
    { id: 'C', indicators: { pop: 600, points: 70, grade: 'good', misused: 0 }, lastYear: '200' },
  ],
};

describe('one stage vocabulary', () => {
  it('every stage has one id and a name in both languages; the model stages are the pipeline keys that are stages', () => {
    expect(new Set(WATERFALL).size).toBe(WATERFALL.length);
    expect(WATERFALL).toEqual(['formula', 'setAsides', 'points', 'grades', 'negativeList', 'bounds', 'redistribution', 'rounding']);
    expect(STAGE_IDS).toEqual(['setAsides', 'points', 'grades', 'negativeList', 'bounds']);
    for (const s of STAGES) expect(stageName(s.id).en.length * stageName(s.id).zh.length).toBeGreaterThan(0);
    const pipelineKeys = Object.keys(Pipeline.shape);
    for (const id of STAGE_IDS) expect(pipelineKeys).toContain(id);
    const off = Overrides.shape.off.unwrap().element.options;
    expect([...off]).toEqual([...STAGE_IDS]);
  });

  it("a row's stages, the trace's steps and stage statuses use the same ids", async () => {
    const { res, text } = await post('/v1/allocations?explain=true', request);
    expect(res.status).toBe(200);
    const json = JSON.parse(text);
    for (const row of json.rows) {
      expect(Object.keys(row.stages)).toEqual([...WATERFALL]);
      for (const step of row.trace.steps) expect(WATERFALL).toContain(step.stage);
    }
    expect(json.rows[0].stages.setAsides).toBe('100.000000');
    expect(Object.keys(json.trace.pipeline.stages).sort()).toEqual([...STAGE_IDS].sort());
    const steps = new Set(json.rows.flatMap((r: any) => r.trace.steps.map((s: any) => s.stage)));
    for (const id of ['setAsides', 'points', 'grades', 'negativeList', 'bounds']) expect(steps.has(id), id).toBe(true);
  });

  it('the CSV has a stage_<id> column per waterfall step, in order', async () => {
    const { res, text } = await post('/v1/allocations?format=csv', request);
    expect(res.status).toBe(200);
    const header = text
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)[0]
      .split(',');
    const stageHeaders = header.filter((h) => h.startsWith('stage_')).map((h) => h.replace(/ \(.*\)$/, ''));
    expect(stageHeaders).toEqual(WATERFALL.map(stageColumn));
  });

  it('off: [id] switches the stage of that id off, and its status says so', async () => {
    for (const id of STAGE_IDS) {
      const { res, text } = await post('/v1/allocations?explain=true', { ...request, overrides: { off: [id] } });
      expect(res.status, id).toBe(200);
      const json = JSON.parse(text);
      expect(JSON.stringify(json.trace.pipeline.stages[id]), id).toMatch(/switched off/);
      for (const row of json.rows) expect(row.stages[id], `${id} ${row.id}`).toMatch(/^0\.0+$/);
    }
    const { res } = await post('/v1/allocations', { ...request, overrides: { off: ['setAside'] } });
    expect(res.status).toBe(422);
  });
});
