/** Small builders shared by the tests. */
import { EXAMPLE_REGIONS } from '../src/schema/allocation.js';
import { allocate, AllocationResult } from '../src/domain/allocation/allocate.js';
import { RegionInput } from '../src/domain/allocation/factors.js';
import { FactorSpec, prepareModel } from '../src/domain/allocation/model.js';
import { parseDecimal, Unit } from '../src/core/money.js';

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

/** The AllocationRequest example of /openapi.json: model sichuan-2024, 1000.00 万元, three counties. */
export const SAMPLE_REQUEST = {
  model: 'sichuan-2024',
  total: '1000.00',
  unit: 'wan',
  granularity: '0.01',
  regions: EXAMPLE_REGIONS,
};
