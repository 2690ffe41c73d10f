/** The industry-share check against shares.ts: floors by year and source, exclusions, an empty base, the gap. */
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/core/errors.js';
import { industryShareModel } from '../../src/api/models/catalog.js';
import { checkIndustryShare as checkWith, type IndustryCheckInput } from '../../src/domain/industry-share/check.js';
import { ratio } from '../../src/core/rational.js';
import { floorGap, industryShare } from '../../src/core/shares.js';

/** The floors of the built-in industry-share model (models/industry-share/sichuan.json) where the input gives none. */
const SICHUAN = industryShareModel('sichuan')!.policy;
const checkIndustryShare = (input: IndustryCheckInput, policy = SICHUAN) => checkWith(input, policy);
/** The sichuan policy with the central floor changed (what a request's overrides do). */
const centralPolicy = (central: Partial<typeof SICHUAN.central>) => ({ ...SICHUAN, central: { ...SICHUAN.central, ...central } });

const SEED_004: IndustryCheckInput = {
  year: 2023,
  unit: 'wan',
  basis: 'planned',
  sources: [{ id: 'central' }, { id: 'provincial' }, { id: 'district' }],
  categories: [
    { id: 'industry', amounts: { central: '278.00', provincial: '307.00' } },
    { id: 'infrastructure', amounts: { central: '186.00', provincial: '42.00', district: '185.00' } },
    { id: 'education', amounts: { central: '8.00' } },
    { id: 'finance', amounts: { central: '8.00', provincial: '2.00' } },
    { id: 'management', amounts: { central: '3.00' } },
    { id: 'welfare', amounts: { district: '115.00' } },
  ],
};

const central = (input: IndustryCheckInput, policy = SICHUAN) => checkIndustryShare(input, policy).sources.find((s) => s.id === 'central')!;

describe('checkIndustryShare', () => {
  it('seed 004 in 2023: central 278/483 = 57.56% under the 60% policy floor, 11.80万元 short; all sources 51.59%', () => {
    const result = checkIndustryShare(SEED_004);
    expect(result.sources[0]).toMatchObject({
      sharePercent: '57.56%',
      floorPercent: '60.00%',
      floor: '0.600000000000',
      floorFrom: 'centralPolicy',
      pass: false,
      marginPoints: '-2.44',
      gap: '-11.80',
    });
    expect(result.sources[0].reason.en).toContain('= 57.56%, below the 60% floor by 2.44 points: 11.80 万元 more for industry');
    expect(result.sources[0].reason.zh).toContain('低于 60% 的下限 2.44 个百分点');
    expect(result.all).toMatchObject({ industry: '585.00', base: '1134.00', sharePercent: '51.59%', pass: null });
    expect(result.passed).toBe(false);
  });

  it('no central floor before 2023; it rises by the step and stops at the cap', () => {
    expect(central({ ...SEED_004, year: 2021 })).toMatchObject({ floor: null, floorFrom: null, pass: null });
    expect(central({ ...SEED_004, year: 2030 }).floor).toBe('0.600000000000');
    expect(central({ ...SEED_004, year: 2026 }, centralPolicy({ step: ratio('0.05') })).floor).toBe('0.750000000000');
    expect(central({ ...SEED_004, year: 2030 }, centralPolicy({ step: ratio('0.05'), cap: ratio('0.8') })).floor).toBe('0.800000000000');
    expect(central({ ...SEED_004, year: 2021 }, centralPolicy({ startYear: 2020, start: ratio('0.5') }))).toMatchObject({
      floor: '0.500000000000',
      pass: true,
    });
  });

  it("the floors are the policy's (data: an industry-share model), not numbers in the engine", () => {
    const policy = { central: { start: ratio('0.7'), startYear: 2022, step: ratio('0.01'), cap: ratio('0.71') }, provincial: ratio('0.4') };
    const result = checkWith({ ...SEED_004, year: 2024 }, policy);
    expect(result.sources.map((x) => [x.id, x.floor, x.floorFrom])).toEqual([
      ['central', '0.710000000000', 'centralPolicy'],
      ['provincial', '0.400000000000', 'provincialBase'],
      ['district', null, null],
    ]);
    expect(industryShareModel('sichuan')!.model).toMatchObject({ central: { start: '0.6', startYear: 2023, step: '0' }, provincial: { floor: '0.5' } });
  });

  it('a floor given for a source replaces its policy floor', () => {
    expect(central({ ...SEED_004, sources: [{ id: 'central', floor: '0.55' }, { id: 'provincial' }, { id: 'district' }] })).toMatchObject({
      floorFrom: 'given',
      pass: true,
    });
  });

  it("provincial: 50%, or last year's share when higher", () => {
    const prov = (lastYearShare?: string) =>
      checkIndustryShare({ ...SEED_004, sources: [{ id: 'central' }, { id: 'provincial', ...(lastYearShare ? { lastYearShare } : {}) }, { id: 'district' }] })
        .sources[1];
    expect(prov()).toMatchObject({ floor: '0.500000000000', floorFrom: 'provincialBase' });
    expect(prov('0.4')).toMatchObject({ floor: '0.500000000000', floorFrom: 'provincialBase' });
    expect(prov('0.9')).toMatchObject({ floor: '0.900000000000', floorFrom: 'provincialLastYear', pass: false });
    expect(checkIndustryShare(SEED_004, { ...SICHUAN, provincial: ratio('0.9') }).sources[1]).toMatchObject({ floor: '0.900000000000', pass: false });
  });

  it('excluded categories leave the base; a source with nothing in its base meets every floor', () => {
    const result = checkIndustryShare({ ...SEED_004, excludedCategories: ['management', 'education', 'finance', 'infrastructure'] });
    expect(result.sources[0]).toMatchObject({ base: '278.00', sharePercent: '100.00%', pass: true });
    const empty = checkIndustryShare({ ...SEED_004, sources: [...SEED_004.sources, { id: 'city', floor: '0.5' }] });
    expect(empty.sources[3]).toMatchObject({ base: '0.00', share: null, pass: true, marginPoints: null, gap: '0.00' });
  });

  it('names every bad reference at once', () => {
    try {
      checkIndustryShare({
        ...SEED_004,
        industryCategories: ['industri'],
        categories: [...SEED_004.categories, { id: 'industry', amounts: { lottery: '1' } }],
      });
      expect.unreachable();
    } catch (e) {
      expect((e as EngineError).issues.map((i) => [i.path, i.code])).toEqual([
        ['/categories/6/id', 'duplicate-id'],
        ['/categories/6/amounts/lottery', 'unknown-reference'],
        ['/industryCategories/0', 'unknown-reference'],
      ]);
    }
  });
});

describe('shown beside pass/fail', () => {
  it('a share that rounding would carry onto its floor gets more decimals, and so does its margin', () => {
    const input: IndustryCheckInput = {
      year: 2023,
      unit: 'wan',
      basis: 'planned',
      sources: [{ id: 'central' }],
      categories: [
        { id: 'industry', amounts: { central: '59.9996' } },
        { id: 'roads', amounts: { central: '40.0004' } },
      ],
    };
    expect(checkIndustryShare(input).sources[0]).toMatchObject({ pass: false, sharePercent: '59.9996%', marginPoints: '-0.0004', gap: '-0.0004' });
    const above = {
      ...input,
      categories: [
        { id: 'industry', amounts: { central: '60.004' } },
        { id: 'roads', amounts: { central: '39.996' } },
      ],
    };
    expect(checkIndustryShare(above).sources[0]).toMatchObject({ pass: true, sharePercent: '60.00%', marginPoints: '0.00' });
  });
});

describe('shares.ts floorGap', () => {
  it('is industry − floor × base: 0 at the floor, negative below it', () => {
    const rule = { industryCategories: ['i'], excludedCategories: [] };
    const s = industryShare(rule, [
      ['i', { num: 3n, den: 1n }],
      ['o', { num: 2n, den: 1n }],
    ]);
    expect(floorGap(s, { num: 3n, den: 5n })).toEqual({ num: 0n, den: 1n });
    expect(floorGap(s, { num: 7n, den: 10n })).toEqual({ num: -1n, den: 2n });
    expect(floorGap(s, { num: 1n, den: 2n })).toEqual({ num: 1n, den: 2n });
  });
});
