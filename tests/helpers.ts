/** Small builders shared by the tests. */
import { allocate, AllocationResult } from '../src/engine/allocate.js';
import { RegionInput } from '../src/engine/factors.js';
import { FactorSpec, prepareModel } from '../src/engine/model.js';
import { parseDecimal, Unit } from '../src/engine/money.js';

export function model(factors: FactorSpec[], id = 'test') {
  return prepareModel({ id, version: '1', factors });
}

export function run(
  factors: FactorSpec[],
  regions: RegionInput[],
  total: string,
  options: { granularity?: string; unit?: Unit; explain?: boolean } = {},
): AllocationResult {
  return allocate({
    model: model(factors),
    total: parseDecimal(total)!,
    unit: options.unit ?? 'wan',
    granularity: parseDecimal(options.granularity ?? '0.01')!,
    regions,
    explain: options.explain,
  });
}

export function regionsOf(values: Record<string, Record<string, number | string>>): RegionInput[] {
  return Object.entries(values).map(([id, indicators]) => ({ id, indicators }));
}

/** Σ amounts in granules, as an exact integer. */
export function sumGranules(result: AllocationResult, granularity = '0.01'): bigint {
  const g = parseDecimal(granularity)!;
  return result.rows.reduce((s, r) => {
    const a = parseDecimal(r.amount)!;
    const scale = Math.max(a.scale, g.scale);
    return s + (a.coefficient * 10n ** BigInt(scale - a.scale)) / (g.coefficient * 10n ** BigInt(scale - g.scale));
  }, 0n);
}

export const SAMPLE_REQUEST = {
  model: 'sichuan-2024',
  total: '1000.00',
  unit: 'wan',
  granularity: '0.01',
  regions: [
    { id: 'A', name: '甲县', indicators: { keyCounty: 'national', relocation: 1200, poverty: 52000, monitored: 3100, income: 15600, performance: 92 } },
    { id: 'B', name: '乙县', indicators: { keyCounty: 'provincial', relocation: 300, poverty: 31000, monitored: 1800, income: 17300, performance: 85 } },
    { id: 'C', name: '丙县', indicators: { keyCounty: 'other', relocation: 0, poverty: 12000, monitored: 700, income: 19800, performance: 88 } },
  ],
};
