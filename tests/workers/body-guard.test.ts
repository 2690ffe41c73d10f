/**
 * The body guard inside workerd, through the real entry: a merge patch nested past the Worker's own stack
 * (~6,200 levels overflowed it) and numbers no double holds answer 422 problem+json naming the place, with
 * the catalogue's code.
 */
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_REGIONS } from '../../src/schema/allocation.js';

const post = (path: string, body: string) =>
  exports.default.fetch('http://allocator.test' + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

const EXAMPLE = JSON.stringify({ model: 'sichuan-2024', total: '1000.00', unit: 'wan', granularity: '0.01', regions: EXAMPLE_REGIONS });
const nested = (levels: number) => '{"a":'.repeat(levels) + '{}' + '}'.repeat(levels);

async function problemAt(res: Response, pointer: RegExp) {
  expect(res.status).toBe(422);
  expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  const body = (await res.json()) as { errors: { pointer: string; code: string; detail: string; detail_zh: string }[] };
  expect(body.errors[0].pointer).toMatch(pointer);
  expect(body.errors[0].detail_zh).toMatch(/[\u4e00-\u9fff]/);
  return body.errors[0];
}

describe('body guard in workerd', () => {
  it('a pipeline patch nested 10,000 levels answers 422, not 500', async () => {
    const res = await post('/v1/allocations', EXAMPLE.slice(0, -1) + `,"overrides":{"pipeline":${nested(10_000)}}}`);
    const error = await problemAt(res, /^\/overrides\/pipeline(\/a){62}$/);
    expect(error.detail).toContain('64 levels');
    expect(error.code).toBe('too-deep');
  });

  it('a JSON number 1e-400 is refused, not read as 0', async () => {
    const res = await post('/v1/allocations', EXAMPLE.replace('"total":"1000.00"', '"total":1e-400'));
    const error = await problemAt(res, /^\/total$/);
    expect(error.detail).toContain('read as 0');
    expect(error.code).toBe('inexact-number');
  });
});
