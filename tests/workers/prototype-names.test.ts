/**
 * Issue 10 items 3 and 5 inside workerd, through the real entry: Object.prototype names are ordinary ids,
 * and a bad decimal inside an inline model is a 422 at its field (tests/api/prototype-names.test.ts and
 * tests/api/inline-models.test.ts sweep every route in Node).
 */
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

const ORIGIN = 'http://allocator.test';

async function post(path: string, body: unknown) {
  const res = await exports.default.fetch(ORIGIN + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, type: res.headers.get('content-type'), json: (await res.json()) as any };
}

describe('Object.prototype names in workerd', () => {
  it('factors, indicator inputs and grades named toString, valueOf, constructor, __proto__ work as ids', async () => {
    const model = {
      factors: [
        { id: 'toString', weight: '0.5', indicators: [{ id: 'valueOf', input: 'constructor', weight: '1', transform: 'direct' }] },
        { id: '__proto__', weight: '0.5', indicators: [{ id: 'hasOwnProperty', input: 'constructor', weight: '1', transform: 'direct' }] },
      ],
      pipeline: { grades: { input: 'valueOf', rewards: { 好: '10' } } },
    };
    const regions = [
      { id: 'toString', indicators: { constructor: 1, valueOf: '__proto__' } },
      { id: '__proto__', indicators: { constructor: 3, valueOf: '好' } },
    ];
    const { status, json } = await post('/v1/allocations?explain=true', { model, total: '100', unit: 'wan', regions });
    expect(status).toBe(200);
    expect(json.rows.map((r: any) => r.id)).toEqual(['toString', '__proto__']);
    expect(Object.keys(json.rows[0].factors)).toEqual(['toString', '__proto__']);
    expect(json.books.rewards.wanted).toBe('10.00');
    expect(Object.prototype.constructor).toBe(Object);
  });

  it('an indicator reading "toString" that a region lacks is a 422 at that region', async () => {
    const model = { factors: [{ id: 'need', weight: '1', indicators: [{ id: 'need', input: 'toString', weight: '1', transform: 'direct' }] }] };
    const { status, type, json } = await post('/v1/allocations', { model, total: '100', unit: 'wan', regions: [{ id: 'A', indicators: {} }] });
    expect(status).toBe(422);
    expect(type).toBe('application/problem+json; charset=utf-8');
    expect(json.errors.map((e: any) => e.pointer)).toEqual(['/regions/0/indicators/toString']);
  });
});

describe('bad decimals in inline models in workerd', () => {
  it('a monitoring override of a milestone target "1e400" is a 422 at /overrides/…, not a 500', async () => {
    const regions = [{ id: 'A', level: 'city', months: [{ month: 6, inPlace: '100', spent: '50' }] }];
    const overrides = { milestones: [{ month: 6, target: '1e400' }] };
    const { status, json } = await post('/v1/monitoring', { year: 2024, month: 6, unit: 'wan', regions, overrides });
    expect(status).toBe(422);
    expect(json.errors.map((e: any) => e.pointer)).toEqual(['/overrides/milestones/0/target']);
  });
});
