/**
 * The evaluation models (models/evaluation/*.json) are data the service trusts: each is valid by the API's
 * schema, its points add up to 100 (checked here in plain BigInt, apart from the engine), its ids are unique,
 * every indicator states its rule, rounding, reading and source, and the catalog serves every file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listModels } from '../src/api/models/catalog.js';
import { EvaluationModelFile } from '../src/schema/evaluation.js';
import { fromZod } from '../src/api/problem.js';
import { parseDecimal } from '../src/core/money.js';

const dir = join(import.meta.dirname, '..', 'models', 'evaluation');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const read = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));

/** Decimal text as micro-points (BigInt), for sums that cannot drift. */
const micro = (x: string | number) => {
  const d = parseDecimal(x)!;
  expect(d.scale).toBeLessThanOrEqual(6);
  return d.coefficient * 10n ** BigInt(6 - d.scale);
};
const POINTS_100 = 100_000_000n;

describe('models/evaluation/', () => {
  it('has model files', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s is valid by the API schema and its id matches its file name', (file) => {
    const parsed = EvaluationModelFile.safeParse(read(file));
    expect(parsed.success, parsed.success ? '' : JSON.stringify(fromZod(parsed.error.issues))).toBe(true);
    expect(`${parsed.data!.id}.json`).toBe(file);
    expect(parsed.data!.sources.length).toBeGreaterThan(0);
  });

  it.each(files)('%s: points add up to 100, each level and group to its parts', (file) => {
    const m = read(file);
    let total = 0n;
    for (const level of m.levels) {
      let levelSum = 0n;
      for (const group of level.groups) {
        const groupSum = group.indicators.reduce((s: bigint, i: any) => s + micro(i.points), 0n);
        expect(groupSum, `${level.id}/${group.id}`).toBe(micro(group.points));
        levelSum += micro(group.points);
      }
      expect(levelSum, level.id).toBe(micro(level.points));
      total += micro(level.points);
    }
    expect(total).toBe(POINTS_100);
  });

  it.each(files)('%s: ids are unique (levels, groups, indicators, bonus/penalty items; checklist items within their list)', (file) => {
    const m = read(file);
    const ids = [
      ...m.levels.map((l: any) => l.id),
      ...m.levels.flatMap((l: any) => l.groups.map((g: any) => g.id)),
      ...m.levels.flatMap((l: any) => l.groups.flatMap((g: any) => g.indicators.map((i: any) => i.id))),
      ...(m.adjustments ?? []).map((a: any) => a.id),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    for (const i of m.levels.flatMap((l: any) => l.groups.flatMap((g: any) => g.indicators))) {
      if (i.rule.kind === 'checklist') {
        const items = i.rule.items.map((x: any) => x.id);
        expect(new Set(items).size, i.id).toBe(items.length);
      }
    }
  });

  it.each(files)('%s: every indicator states its rounding, its reading of the rule and its source', (file) => {
    const m = read(file);
    for (const i of m.levels.flatMap((l: any) => l.groups.flatMap((g: any) => g.indicators))) {
      expect(i.rounding, i.id).toBeDefined();
      expect(i.reading?.en?.length, i.id).toBeGreaterThan(10);
      expect(i.reading?.zh, i.id).toMatch(/[\u4e00-\u9fff]/);
      expect(i.source, i.id).toBeTruthy();
    }
  });

  it('every file is served by the catalog', () => {
    expect(
      listModels('evaluation')
        .map((m) => `${m.id}.json`)
        .sort(),
    ).toEqual([...files].sort());
  });

  it('an unknown key in a model file is an error', () => {
    const m = read(files[0]);
    expect(EvaluationModelFile.safeParse({ ...m, grade: {} }).success).toBe(false);
    m.levels[0].groups[0].indicators[0].rule.kinds = 'tiers';
    expect(EvaluationModelFile.safeParse(m).success).toBe(false);
  });

  it('a model whose points do not add up fails the schema at the field', () => {
    const m = read(files[0]);
    m.levels[0].groups[0].indicators[0].points = '5';
    const parsed = EvaluationModelFile.safeParse(m);
    expect(parsed.success).toBe(false);
    const pointers = fromZod(parsed.error!.issues).map((i) => i.path);
    expect(pointers).toContain('/levels/0/groups/0/points');
  });
});

describe("seed004-gaoxin-2021 encodes seed 004's table", () => {
  const m = read('seed004-gaoxin-2021.json');
  const indicators = m.levels.flatMap((l: any) => l.groups.flatMap((g: any) => g.indicators));
  const byId = Object.fromEntries(indicators.map((i: any) => [i.id, i]));

  it('decision 20, process 45, effect 35; seven groups; 25 third-level indicators', () => {
    expect(m.levels.map((l: any) => [l.title.zh, l.points])).toEqual([
      ['决策', '20'],
      ['过程', '45'],
      ['效益', '35'],
    ]);
    expect(m.levels.flatMap((l: any) => l.groups.map((g: any) => [g.title.zh, g.points]))).toEqual([
      ['项目立项', '7'],
      ['绩效目标', '9'],
      ['资金分配', '4'],
      ['资金管理', '25'],
      ['项目实施', '20'],
      ['项目产出', '15'],
      ['项目效果', '20'],
    ]);
    expect(indicators).toHaveLength(25);
  });

  it('the inconsistent rules are scaled to the points and say so', () => {
    expect(byId.fundSupervision.rule).toMatchObject({ kind: 'checklist', outOf: '2' });
    expect(byId.progress.rule).toMatchObject({ kind: 'tiers', outOf: '2' });
    expect(byId.tendering.rule).toMatchObject({ kind: 'linear', outOf: '2', whenDenominatorZero: 'full' });
    for (const id of ['fundSupervision', 'progress', 'tendering']) expect(byId[id].reading.en).toMatch(/scaled/);
  });

  it('the inverted 目标完成率 thresholds are read the sensible way: 0 → 5, (0, 10%] → 4, … > 30% → 0', () => {
    expect(byId.targetCompletion.rule.tiers.map((t: any) => t.score)).toEqual(['5', '4', '3', '2', '0']);
    expect(byId.targetCompletion.reading.en).toMatch(/inverted/);
  });

  it('the execution rate is pro rata above 85%, its deduction rounded half up to 1 decimal', () => {
    expect(byId.executionRate.rule).toEqual({ kind: 'proportional', rate: true, full: '1', zero: '0.85' });
    expect(byId.executionRate.rounding).toEqual({ places: 1, mode: 'halfUp', of: 'deduction' });
  });
});
