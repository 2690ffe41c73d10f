/**
 * The allocation request's common valid shape, checked by hand: a built-in model by id, perhaps stages
 * switched off or weights changed, a total, a unit, a granularity and one level of regions with id, name,
 * indicators and last year's amount. zod walks such a body in ~40 ms at 2,900 regions (more than the
 * engine); this walk takes a few. A region's optional `level` is one of REGION_LEVELS.
 *
 * It answers only "valid, and here is the value zod would give" or "not sure": anything else (an inline
 * model, pipeline patches, two levels, any doubtful field) returns undefined and the request goes to the
 * zod schema, which alone writes error reports. So it can never accept what AllocationRequest refuses;
 * tests/api/allocation-fast-path.test.ts checks that on generated valid and invalid bodies.
 *
 * The bounds below mirror AllocationRequest (src/schema/allocation.ts); a change there that this misses is
 * caught by that test, and the safe direction is always to defer.
 */
import { MAX_REGIONS } from '../../domain/allocation/allocate.js';
import { UNITS } from '../../core/money.js';
import { STAGE_IDS } from '../../domain/allocation/pipeline/run.js';
import { textProblem } from '../../messages/grammar.js';
import { type AllocationRequestBody, REGION_LEVELS } from '../../schema/allocation.js';
import { type DecimalCheck, granule, nonNegative, positive, requestDecimal } from '../../schema/common.js';

type Json = Record<string, unknown>;
type Region = AllocationRequestBody['regions'][number];
type Overrides = NonNullable<AllocationRequestBody['overrides']>;

/** The value AllocationRequest.parse would return for `body`, or undefined when not sure. */
export function fastAllocationRequest(body: unknown): AllocationRequestBody | undefined {
  if (!isRecord(body)) return undefined;
  let model: unknown, overrides: unknown, total: unknown, unit: unknown, granularity: unknown, regions: unknown;
  for (const key in body) {
    const value = body[key];
    if (value === undefined) return undefined;
    switch (key) {
      case 'model':
        model = value;
        break;
      case 'overrides':
        overrides = value;
        break;
      case 'total':
        total = value;
        break;
      case 'unit':
        unit = value;
        break;
      case 'granularity':
        granularity = value;
        break;
      case 'regions':
        regions = value;
        break;
      default:
        return undefined; // an unknown key: zod names it
    }
  }
  if (!plainText(model, 64, 1)) return undefined; // an inline model: zod
  if (!decimal(total, positive) || !UNITS.includes(unit as never)) return undefined;
  if (granularity !== undefined && !decimal(granularity, granule)) return undefined;
  const fastOverrides = overrides === undefined ? undefined : fastOverridesOf(overrides);
  if (fastOverrides === null) return undefined;
  if (!Array.isArray(regions) || regions.length < 1 || regions.length > MAX_REGIONS) return undefined;
  const rows: Region[] = new Array(regions.length);
  const keys = new Set<string>(); // indicator keys already checked: every region repeats the same few
  for (let i = 0; i < regions.length; i++) {
    const region = fastRegion(regions[i], keys);
    if (!region) return undefined;
    rows[i] = region;
  }
  // zod's key order: the schema's, optional keys only when given
  const out = { model } as AllocationRequestBody;
  if (fastOverrides) out.overrides = fastOverrides;
  out.total = total as string | number;
  out.unit = unit as string;
  if (granularity !== undefined) out.granularity = granularity as string | number;
  out.regions = rows;
  return out;
}

/** Overrides of weights and switched-off stages (indicator parameters and pipeline patches go to zod): the value, or null. */
function fastOverridesOf(overrides: unknown): Overrides | null {
  if (!isRecord(overrides)) return null;
  let weights: unknown, off: unknown;
  for (const key in overrides) {
    if (key === 'weights') weights = overrides[key];
    else if (key === 'off') off = overrides[key];
    else return null;
    if (overrides[key] === undefined) return null;
  }
  const out: Overrides = {};
  if (weights !== undefined) {
    if (!isRecord(weights)) return null;
    const copy: Record<string, string | number> = {};
    for (const id in weights) {
      if (id === '__proto__' || !plainText(id, 200, 1) || !decimal(weights[id])) return null;
      copy[id] = weights[id] as string | number;
    }
    out.weights = copy;
  }
  if (off !== undefined) {
    if (!Array.isArray(off) || off.length > 5) return null;
    for (const stage of off) if (!STAGE_IDS.includes(stage)) return null;
    out.off = off.slice();
  }
  return out;
}

/**
 * One top-level region without children, model or overrides, or undefined: the region itself when its keys
 * already come in zod's order (as clients write them: id, name, indicators), else a copy in that order.
 * Its indicators are the received object itself: zod's record keeps the keys in the order received and the
 * values as they are, so a copy would only be garbage (two objects per region, ~6,000 at 2,900 regions).
 */
function fastRegion(region: unknown, keys: Set<string>): Region | undefined {
  if (!isRecord(region)) return undefined;
  let id: unknown, name: unknown, level: unknown, indicators: unknown, lastYear: unknown;
  let rank = 0; // the place in zod's key order of the key before
  let inOrder = true;
  for (const key in region) {
    const value = region[key];
    if (value === undefined) return undefined;
    let place: number;
    switch (key) {
      case 'id':
        id = value;
        place = 1;
        break;
      case 'name':
        name = value;
        place = 2;
        break;
      case 'level':
        level = value;
        place = 3;
        break;
      case 'indicators':
        indicators = value;
        place = 4;
        break;
      case 'lastYear':
        lastYear = value;
        place = 5;
        break;
      default:
        return undefined; // children, model, overrides or an unknown key: zod
    }
    if (place < rank) inOrder = false;
    rank = place;
  }
  if (!plainText(id, 200, 1)) return undefined;
  if (name !== undefined && !plainText(name, 200, 0)) return undefined;
  if (level !== undefined && !REGION_LEVELS.includes(level as never)) return undefined;
  if (lastYear !== undefined && !decimal(lastYear, nonNegative)) return undefined;
  if (!isRecord(indicators)) return undefined;
  for (const key in indicators) {
    const value = indicators[key];
    if (!keys.has(key)) {
      if (key.length > 200 || key === '__proto__' || textProblem(key) !== undefined) return undefined; // the guard refuses "__proto__"
      keys.add(key);
    }
    if (typeof value === 'number' ? !Number.isFinite(value) : !plainText(value, 200, 0)) return undefined;
  }
  const values = indicators as Region['indicators'];
  if (inOrder) return region as Region;
  const out = { id } as Region;
  if (name !== undefined) out.name = name as string;
  if (level !== undefined) out.level = level as Region['level'];
  out.indicators = values;
  if (lastYear !== undefined) out.lastYear = lastYear as string | number;
  return out;
}

/** A plain object as JSON.parse makes it (not an array, not null). */
function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** schemas.plainText(max, min): a string of that length with no control characters, bidi marks or spaces around it. */
function plainText(value: unknown, max: number, min: number): value is string {
  return typeof value === 'string' && value.length >= min && value.length <= max && textProblem(value) === undefined;
}

/** schemas.decimalField: a finite number or a decimal string of at most 64 characters, within `check`'s bound. */
function decimal(value: unknown, check?: DecimalCheck): boolean {
  if (typeof value === 'number' ? !Number.isFinite(value) : typeof value !== 'string' || value.length > 64) return false;
  const x = requestDecimal(value as string | number);
  return x !== undefined && (check === undefined || check(x) === undefined);
}
