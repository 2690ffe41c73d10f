/**
 * The GET form's grammar (src/api/sheets/formQuery.ts): a query read into the body it writes, and back.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORM_OPTIONS, formBody, formQuery, valueOf } from '../../src/api/sheets/formQuery.js';
import { CALCULATION_ROUTES } from '../../src/api/references/resolve.js';
import { ALLOCATION_EXAMPLES, COMPARE_EXAMPLES, EVALUATION_EXAMPLES, MONITORING_EXAMPLES } from '../../src/api/examples.js';

const read = (route: string, query: string, settings = {}) => formBody(route, [...new URLSearchParams(query)], settings);
const codes = (f: { issues: readonly { path: string; code?: string }[] }) => f.issues.map((i) => `${i.path} ${i.code}`);

describe('values', () => {
  it.each([
    ['true', true],
    ['false', false],
    ['null', null],
    ['5000', 5000],
    ['-3', -3],
    ['0.5', 0.5],
    ['0.40', '0.40'],
    ['1000.00', '1000.00'],
    ['05', '05'],
    ['5,000', '5,000'],
    ['Infinity', 'Infinity'],
    ['NaN', 'NaN'],
    ['', ''],
    ['"123"', '123'],
    ['[1,"a"]', [1, 'a']],
    ['{"a":{"b":null}}', { a: { b: null } }],
    ['wan', 'wan'],
    ['甲县', '甲县'],
  ])('%s → %j', (raw, value) => {
    expect(valueOf(raw)).toEqual({ value });
  });

  it('JSON that is not, and numbers no double holds, are refused with a reason', () => {
    expect('reason' in valueOf('{"a":')).toBe(true);
    expect('reason' in valueOf('[1e400]')).toBe(true);
    expect('reason' in valueOf('{"__proto__":1}')).toBe(true);
  });
});

describe('a query read as a body', () => {
  it('the README allocation: dataset, numbers, exact decimals, the weights alias, options kept apart', () => {
    const f = read('/v1/allocations', 'dataset=ds_x&model=sichuan-2024&total=5000&unit=wan&weights.policy=0.40&format=csv&key=bfa_1&errors=text');
    expect(f.issues).toEqual([]);
    expect(f.body).toEqual({
      regions: { dataset: 'ds_x' },
      model: 'sichuan-2024',
      total: 5000,
      unit: 'wan',
      overrides: { weights: { policy: '0.40' } },
    });
    expect(f.options).toEqual({ format: 'csv', key: 'bfa_1', errors: 'text' });
  });

  it('revision, regions=<id>@n, projects=, lastYear=, rows= picking the spot', () => {
    expect(read('/v1/allocations', 'dataset=ds_x&revision=3&lastYear=sc_y@2').body).toEqual({
      regions: { dataset: 'ds_x', revision: 3 },
      lastYear: { scenario: 'sc_y', revision: 2 },
    });
    expect(read('/v1/monitoring', 'regions=ds_r@1&projects=ds_p').body).toEqual({
      regions: { dataset: 'ds_r', revision: 1 },
      projects: { dataset: 'ds_p' },
    });
    expect(read('/v1/optimizations', 'dataset=ds_p&rows=projects').body).toEqual({ projects: { dataset: 'ds_p' } });
    expect(read('/v1/allocations/compare', 'dataset=ds_x&lastYear=sc_y&total=1&variants.0.name=a&variants.0.weights.policy=0.4').body).toEqual({
      baseline: { regions: { dataset: 'ds_x' }, lastYear: { scenario: 'sc_y' }, total: 1 },
      variants: [{ name: 'a', overrides: { weights: { policy: 0.4 } } }],
    });
  });

  it("compare: weights.X is the baseline's overrides, baseline.X is explicit, regions= names the baseline's rows", () => {
    expect(read('/v1/allocations/compare', 'weights.policy=0.5&baseline.unit=wan&regions=ds_r@2&variants.1.name=b&variants.0.name=a').body).toEqual({
      baseline: { overrides: { weights: { policy: 0.5 } }, unit: 'wan', regions: { dataset: 'ds_r', revision: 2 } },
      variants: [{ name: 'a' }, { name: 'b' }],
    });
    expect(codes(read('/v1/allocations/compare', 'unit=wan&baseline.unit=yuan'))).toEqual(['?baseline.unit query-names-conflict']);
  });

  it('numeric segments are lists, in order whatever the order of the names', () => {
    const f = read('/v1/allocations', 'regions.1.id=B&regions.0.id=A&regions.0.indicators.poverty=52000&overrides.off.0=setAsides');
    expect(f.issues).toEqual([]);
    expect(f.body).toEqual({ regions: [{ id: 'A', indicators: { poverty: 52000 } }, { id: 'B' }], overrides: { off: ['setAsides'] } });
  });

  it('every problem at once, each naming its ?name (and a conflict both names)', () => {
    const f = read('/v1/allocations', 'total=1&total=2&a.b=1&a=2&regions.0.id=A&regions.2.id=C&x..y=1&v={"a":&dataset=ds&revision=0&rows=people&n.0=1&n.k=2');
    expect(codes(f).sort()).toEqual(
      [
        '?total query-name-repeated',
        '?a query-names-conflict',
        '?x..y query-name-malformed',
        '?v query-value-not-json',
        '?revision query-revision-invalid',
        '?rows query-rows-invalid',
        '?n.k query-names-conflict',
        '?regions.2.id query-index-gap',
      ].sort(),
    );
    expect(f.issues.find((i) => i.path === '?a')!.en).toContain('?a.b');
    const both = read('/v1/allocations', 'regions.0.id=A&dataset=ds');
    expect(codes(both)).toEqual(['?dataset query-names-conflict']);
    expect(both.issues[0].en).toContain('?regions.0.id');
    for (const i of f.issues) expect(i.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('dataset where a route takes no rows, revision alone, a table body and a reference for the same rows', () => {
    expect(codes(read('/v1/evaluations', 'dataset=ds_x'))).toEqual(['?dataset query-no-rows-spot']);
    expect(codes(read('/v1/allocations', 'revision=2'))).toEqual(['?revision query-revision-without-dataset']);
    expect(codes(read('/v1/allocations', 'dataset=ds_x', { rowsTaken: 'regions' }))).toEqual(['?dataset rows-given-twice']);
    expect(codes(read('/v1/allocations', 'regions=ds_x', { rowsTaken: 'regions' }))).toEqual(['?regions rows-given-twice']);
    expect(codes(read('/v1/allocations', 'lastYear=a@b@c'))).toEqual(['?lastYear query-reference-invalid']);
  });

  it('"__proto__" is an own key of the body (the body guard refuses it as an unknown field), never the prototype', () => {
    const f = read('/v1/evaluations', '__proto__.polluted=1&constructor.prototype.x=1');
    expect(Object.hasOwn(f.body, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(f.body)).toBe('{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}');
  });

  it('a list index is bounded', () => {
    expect(codes(read('/v1/allocations', 'regions.10000.id=A'))).toEqual(['?regions.10000.id query-index-too-large']);
  });
});

describe('a body written as a query, and read back', () => {
  const examples: [string, Record<string, unknown>][] = [
    ['/v1/allocations', ALLOCATION_EXAMPLES.sichuan2024.value as Record<string, unknown>],
    ['/v1/allocations/compare', COMPARE_EXAMPLES.whatIf.value as Record<string, unknown>],
    ['/v1/evaluations', EVALUATION_EXAMPLES.seed004.value as Record<string, unknown>],
    ['/v1/monitoring', MONITORING_EXAMPLES.june2024.value as Record<string, unknown>],
    ['/v1/allocations', { model: 'sichuan-2024', total: '5000', unit: 'wan', regions: { dataset: 'ds_x', revision: 2 }, lastYear: { scenario: 'sc_1' } }],
  ];
  it.each(examples)('%s: the example round-trips', (route, body) => {
    const query = new URLSearchParams(formQuery(route, body)).toString();
    expect(read(route, query)).toEqual({ body, options: {}, issues: [] });
  });

  it('the compare example reads as the allocation query plus variants', () => {
    const query = new URLSearchParams(formQuery('/v1/allocations/compare', COMPARE_EXAMPLES.whatIf.value as Record<string, unknown>)).toString();
    expect(query).toContain('model=sichuan-2024&total=1000.00&unit=wan&regions.0.id=A');
    expect(query).toContain('variants.0.weights.policy=0.40');
  });

  const reserved = new Set<string>([...FORM_OPTIONS, 'dataset', 'revision', 'regions', 'projects', 'lastYear', 'weights', '__proto__']);
  const key = fc.string({ minLength: 0, maxLength: 6 }).filter((k) => k !== '__proto__');
  const leaf = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('true', 'null', '5000', '0.40', '"q"', '{', '[1]', '', '1e+21', '-7'));
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, leaf, tie('object'), tie('array')),
    object: fc.dictionary(key, tie('node'), { maxKeys: 4 }),
    array: fc.array(tie('node'), { maxLength: 3 }),
  })).node;
  const body = fc.dictionary(
    key.filter((k) => k !== '' && !k.includes('.') && !/^\d+$/.test(k) && !reserved.has(k)),
    value,
    { minKeys: 1, maxKeys: 5 },
  );

  // inside a comparison, baseline and variants are the top-level names again
  const inner = body.filter((b) => !('baseline' in b) && !('variants' in b));

  it('any body of strings, objects and lists round-trips on every calculation route that takes its top-level names', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CALCULATION_ROUTES.filter((r) => r !== '/v1/allocations/compare')), body, (route, b) => {
        const query = new URLSearchParams(formQuery(route, b)).toString();
        const back = read(route, query);
        expect(back.issues).toEqual([]);
        expect(back.body).toEqual(b);
      }),
      { numRuns: 300 },
    );
  });

  it('and on compare, any baseline and variants', () => {
    fc.assert(
      fc.property(inner, fc.array(inner, { minLength: 1, maxLength: 2 }), (baseline, variants) => {
        const b = { baseline, variants };
        const back = read('/v1/allocations/compare', new URLSearchParams(formQuery('/v1/allocations/compare', b)).toString());
        expect(back.issues).toEqual([]);
        expect(back.body).toEqual(b);
      }),
      { numRuns: 200 },
    );
  });
});
