/** The ranking models in models/points/ are data the service trusts: each is valid, listed, sourced, and agrees with the allocation model. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RankingModelFile } from '../src/schema/ranking.js';
import { findModel, listModels } from '../src/api/models/catalog.js';
import type { Model } from '../src/domain/allocation/model.js';

const dir = join(import.meta.dirname, '..', 'models', 'points');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const read = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));

describe('models/points/', () => {
  it('has files', () => expect(files.length).toBeGreaterThan(0));

  it.each(files)('%s is valid by the API schema, its id matches its file name, and it cites its sources', (file) => {
    const model = RankingModelFile.parse(read(file));
    expect(`${model.id}.json`).toBe(file);
    expect(model.sources.length).toBeGreaterThan(0);
  });

  it('every file is served by the ranking catalog', () => {
    expect(
      listModels('points')
        .map((m) => `${m.id}.json`)
        .sort(),
    ).toEqual([...files].sort());
  });

  it('an unknown key in a ranking model is an error', () => {
    const data = read(files[0]);
    expect(RankingModelFile.safeParse({ ...data, bases: '100' }).success).toBe(false);
    data.kinds[0].wieght = '1';
    expect(RankingModelFile.safeParse(data).success).toBe(false);
  });

  it('sichuan-county-points encodes 质效双提方案 §二6 and §二12: the four scored kinds and the warnings, base 100, bottom 10 lose 400 → 200万元', () => {
    const m = RankingModelFile.parse(read('sichuan-county-points.json'));
    expect(m.kinds.map((k) => k.id)).toEqual(['check', 'visit', 'dispatch', 'bulletin', 'warning']);
    expect(m.kinds.map((k) => k.title!.zh)).toEqual(['检查发现', '暗访', '调度', '通报', '红黄绿分级预警']);
    expect(m.base).toBe('100');
    expect(m.unit).toBe('wan');
    expect(m.bottom).toEqual({ count: 10, amount: { from: '400', to: '200' } });
    expect(m.sources.map((s) => s.ref)).toEqual(['质效双提方案 §二6', '质效双提方案 §二12']);
  });

  it("sichuan-county-points' groups are the points block of sichuan-2024 (models/allocation/sichuan.json; both must agree)", () => {
    const ranking = RankingModelFile.parse(read('sichuan-county-points.json'));
    const allocation = findModel('allocation', 'sichuan-2024')!.model as Model;
    const points = allocation.pipeline!.points!;
    expect(ranking.top).toEqual(points.top);
    expect(ranking.bottom).toEqual(points.bottom);
    expect(ranking.year).toBe(allocation.year);
  });
});
