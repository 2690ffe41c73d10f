/** The monitoring models (models/monitoring/*.json) are data the service trusts: valid, listed, sourced. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listModels } from '../src/api/models/catalog.js';
import { MonitoringModelFile } from '../src/schema/monitoring.js';

const dir = join(import.meta.dirname, '..', 'models', 'monitoring');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const read = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));

describe('models/monitoring/', () => {
  it('holds at least the default model', () => {
    expect(files).toContain('default.json');
  });

  it.each(files)('%s is valid by the API schema, its id matches its file name, and it names its sources', (file) => {
    const model = MonitoringModelFile.parse(read(file));
    expect(`${model.id}.json`).toBe(file);
    expect(model.sources.length).toBeGreaterThan(0);
    for (const m of model.milestones) expect(m.source, `milestone ${m.month}`).toBeTruthy();
    for (const [rule, spec] of Object.entries(model.alerts)) expect((spec as { source?: string }).source, rule).toBeTruthy();
  });

  it('every file is served by the catalog', () => {
    expect(
      listModels('monitoring')
        .map((m) => `${m.id}.json`)
        .sort(),
    ).toEqual([...files].sort());
  });

  it('default encodes 质效双提方案 §二11/§二12/§二3: 30/50/75% by April/June/September, 100% by December; 5 cities, 20 counties, 20%, June, 30 days', () => {
    const m = MonitoringModelFile.parse(read('default.json'));
    expect(m.milestones.map((x) => [x.month, x.target])).toEqual([
      [4, '0.30'],
      [6, '0.50'],
      [9, '0.75'],
      [12, '1'],
    ]);
    expect(m.status.yellowWithin).toBe('0.10');
    expect(m.progressBase).toBe('inPlace');
    expect(m.alerts).toMatchObject({
      reminderLetter: { bottomCities: 5, bottomCounties: 20, source: '质效双提方案 §二12' },
      amountChange: { threshold: '0.20', source: '质效双提方案 §二12' },
      zeroInPlace: { month: 6, source: '质效双提方案 §二12' },
      latePayment: { days: 30, source: '质效双提方案 §二3' },
    });
  });

  it('an unknown key, months out of order, a falling target or a share above 1 is an error', () => {
    const base = read('default.json');
    expect(MonitoringModelFile.safeParse({ ...base, milestone: [] }).success).toBe(false);
    expect(MonitoringModelFile.safeParse({ ...base, alerts: { ...base.alerts, reminderLeter: {} } }).success).toBe(false);
    const swapped = MonitoringModelFile.safeParse({ ...base, milestones: [base.milestones[1], base.milestones[0]] });
    expect(swapped.success).toBe(false);
    expect(swapped.error!.issues[0].path).toEqual(['milestones', 1, 'month']);
    const falling = MonitoringModelFile.safeParse({
      ...base,
      milestones: [
        { month: 4, target: '0.5' },
        { month: 6, target: '0.3' },
      ],
    });
    expect(falling.error!.issues[0].path).toEqual(['milestones', 1, 'target']);
    expect(MonitoringModelFile.safeParse({ ...base, status: { yellowWithin: '1.2' } }).success).toBe(false);
  });
});
