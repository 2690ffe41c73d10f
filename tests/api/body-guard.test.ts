/**
 * The body guard (src/api/bodyGuard.ts): every JSON body is checked once, before any schema, for nesting
 * depth, "__proto__" keys and JSON numbers that no double holds exactly. Each refusal is a 422
 * problem+json naming the place.
 */
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inexact, inexactNumbers, MAX_DEPTH, scanText } from '../../src/api/bodyGuard.js';
import { MAX_BODY_BYTES } from '../../src/api/app.js';
import { SAMPLE_REQUEST } from '../helpers.js';
import { expectProblem, post, postJson } from './request.js';

const sampleText = () => JSON.stringify(SAMPLE_REQUEST);

/** `levels` objects {"a": {"a": … {}}} as text: JSON.stringify itself recurses, so the text is built. */
const nested = (levels: number, key = 'a') => `{"${key}":`.repeat(levels) + '{}' + '}'.repeat(levels);

/** A body text with `json` put in place of the last "}" of the sample: a top-level field added as text. */
const withField = (field: string, json: string, base = sampleText()) => base.slice(0, -1) + `,"${field}":${json}}`;

describe('nesting depth', () => {
  it.each([4_000, 20_000])('a merge patch nested %i levels in overrides.pipeline answers 422 naming the place, not 500', async (levels) => {
    const res = await post('/v1/allocations', withField('overrides', `{"pipeline":${nested(levels)}}`));
    const body = await expectProblem(res, 422);
    expect(body.errors).toHaveLength(1);
    const [error] = body.errors;
    // the root is level 1: the container at level MAX_DEPTH + 1 is named
    expect(error.pointer).toBe('/overrides/pipeline' + '/a'.repeat(MAX_DEPTH - 2));
    expect(error.detail).toContain(`${MAX_DEPTH} levels`);
    expect(error.detail_zh).toContain(`${MAX_DEPTH} 层`);
    expect(error.code).toBe('too-deep');
    expect(body.code).toBe('too-deep');
  });

  it('a variant pipeline patch nested 5,000 levels (compare) answers 422', async () => {
    const text = JSON.stringify({ baseline: SAMPLE_REQUEST, variants: [{ name: 'deep', overrides: { pipeline: { points: 'X' } } }] }).replace(
      '"X"',
      nested(5_000),
    );
    const body = await expectProblem(await post('/v1/allocations/compare', text), 422);
    expect(body.errors[0].pointer).toMatch(/^\/variants\/0\/overrides\/pipeline\/points\/a\/a/);
  });

  it('monitoring overrides nested 5,000 levels answer 422', async () => {
    const monitoring = {
      year: 2024,
      month: 6,
      unit: 'wan',
      regions: [{ id: 'A', level: 'city', months: [{ month: 6, inPlace: '1000.00', spent: '520.00' }] }],
      overrides: { status: 'X' },
    };
    const body = await expectProblem(await post('/v1/monitoring', JSON.stringify(monitoring).replace('"X"', nested(5_000))), 422);
    expect(body.errors[0].pointer).toMatch(/^\/overrides\/status\/a\/a/);
  });

  it('arrays nested 1,000,000 levels (2 MB) answer 422, not 500', async () => {
    const deep = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
    await expectProblem(await post('/v1/allocations', withField('x', deep)), 422);
  });

  it('5 MB of nested arrays answers 422 in well under a second (JSON.parse alone took ~10 s)', async () => {
    const levels = Math.floor((MAX_BODY_BYTES - 100) / 2);
    const t0 = performance.now();
    const body = await expectProblem(await post('/v1/allocations', '['.repeat(levels) + ']'.repeat(levels)), 422);
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(body.errors[0].pointer).toBe('/0'.repeat(MAX_DEPTH));
  });

  it('a too-deep body is refused for its depth even when it is also malformed', async () => {
    const body = await expectProblem(await post('/v1/allocations', '{"a":' + '['.repeat(100)), 422);
    expect(body.errors[0].pointer).toBe('/a' + '/0'.repeat(MAX_DEPTH - 1));
  });

  it('a body exactly at the limit is not refused for its depth', async () => {
    // root (1) → overrides (2) → pipeline (3) → MAX_DEPTH − 3 objects → {} at level MAX_DEPTH
    const res = await post('/v1/allocations', withField('overrides', `{"pipeline":${nested(MAX_DEPTH - 3)}}`));
    const body = await expectProblem(res, 422); // the patch itself is not a pipeline: refused by the schema
    expect(JSON.stringify(body)).not.toContain('levels deep');
  });
});

describe('"__proto__" keys are unknown fields, wherever they are', () => {
  it.each([
    ['top level', (t: string) => withField('__proto__', '{"total": "1"}', t), '/__proto__'],
    ['in a region', (t: string) => t.replace('"id":"A"', '"__proto__":{},"id":"A"'), '/regions/0/__proto__'],
    ['in indicators', (t: string) => t.replace('"poverty":52000', '"poverty":52000,"__proto__":1'), '/regions/0/indicators/__proto__'],
    ['spelled with \\u escapes', (t: string) => t.replace('"poverty":52000', '"poverty":52000,"\\u005f_pro\\u0074o__":1'), '/regions/0/indicators/__proto__'],
  ])('%s', async (_, edit, where) => {
    const text = edit(sampleText());
    expect(text).toMatch(/_pro(to|\\u0074o)__/);
    const body = await expectProblem(await post('/v1/allocations', text), 422, [where]);
    expect(body.errors.find((e: any) => e.pointer === where).detail).toMatch(/unknown field "__proto__"/);
    expect(body.errors.find((e: any) => e.pointer === where).code).toBe('unknown-field');
  });

  it('"constructor" and "toString" stay ordinary keys of a record', async () => {
    const portfolio = {
      kind: 'portfolio',
      unit: 'wan',
      sources: [{ id: 'central', budget: '300.00' }],
      projects: [
        { id: 'P01', cost: '120.00', category: 'industry', town: 'T1', benefits: { constructor: '800', toString: '1' } },
        { id: 'P02', cost: '90.00', category: 'industry', town: 'T2', benefits: { constructor: '1500', toString: '1' } },
      ],
      objective: { maximize: { constructor: '1' } },
    };
    const { res, json } = await postJson('/v1/optimizations', portfolio);
    expect(res.status, JSON.stringify(json)).toBe(200);
  });
});

describe('JSON numbers that no double holds are refused, never rounded', () => {
  it.each([
    ['1e-400', 'total', '/total', '0'],
    ['1e400', 'total', '/total', 'Infinity'],
    ['-1e400', 'total', '/total', 'Infinity'],
    ['12345678901234567891', 'total', '/total', '12345678901234567000'],
    ['9007199254740993', 'total', '/total', '9007199254740992'],
    ['0.1000000000000000055511151231257827', 'total', '/total', '0.1'],
  ])('%s', async (literal, field, where, asRead) => {
    const text = sampleText().replace('"total":"1000.00"', `"${field}":${literal}`);
    const body = await expectProblem(await post('/v1/allocations', text), 422, [where]);
    const error = body.errors.find((e: any) => e.pointer === where);
    expect(error.detail).toContain(`read as ${asRead}`);
    expect(error.detail).toMatch(/decimal string/);
    expect(error.code).toBe('inexact-number');
  });

  it('names the place of a number deep in the body (arrays, escaped keys)', async () => {
    const text = sampleText().replace('"poverty":31000', '"poverty":1e-999').replace('"monitored":700', '"mon/itored~\\"x":12345678901234567891');
    const body = await expectProblem(await post('/v1/allocations', text), 422);
    expect(body.errors.map((e: any) => e.pointer)).toEqual(['/regions/1/indicators/poverty', '/regions/2/indicators/mon~1itored~0"x']);
  });

  it('numbers a double holds pass: 1e3, 1.5E+2, 0.1, 15 digits, -0', () => {
    for (const ok of ['1e3', '1.5E+2', '0.1', '123456789012345', '-0', '0e999', '5e-324', '1.7976931348623157e308', '100000000000000000000']) {
      expect(inexact(ok), ok).toBeUndefined();
    }
  });

  it('property: the rule is Decimal(literal) = Decimal(String(Number(literal)))', () => {
    const literal = fc
      .tuple(
        fc.boolean(),
        fc.stringMatching(/^[1-9]\d{0,24}$/),
        fc.option(fc.stringMatching(/^\d{1,24}$/), { nil: undefined }),
        fc.option(fc.integer({ min: -400, max: 400 }), { nil: undefined }),
      )
      .map(([neg, int, frac, exp]) => `${neg ? '-' : ''}${int}${frac === undefined ? '' : '.' + frac}${exp === undefined ? '' : 'e' + exp}`);
    fc.assert(
      fc.property(literal, (lit) => {
        const d = Number(lit);
        const exact = Number.isFinite(d) && new Decimal(lit).eq(new Decimal(String(d)));
        expect(inexact(lit) === undefined, lit).toBe(exact);
      }),
      { numRuns: 3000 },
    );
  });

  it('property: whatever JSON.stringify writes passes the scanner', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(inexactNumbers(JSON.stringify(v))).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('the one pass over the text lets ordinary requests skip the number scan, and never misses a risky number', () => {
    expect(scanText(sampleText()).risky).toBe(false);
    expect(scanText('{"id":"12345678901234567891","x":"1e400"}').risky).toBe(false); // strings are not numbers
    for (const risky of ['1e-400', '-1E5', '12345678901234567891', '9007199254740993', '0.1000000000000000055', '123456789.1234567']) {
      expect(scanText(`{"a":"\\"","x":[1,${risky}]}`), risky).toEqual({ tooDeep: false, risky: true });
    }
  });
});
