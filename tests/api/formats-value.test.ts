/**
 * ?format=value (issue 13): one cell as bare text. The README's =WEBSERVICE cell gives 530.23; every row's
 * amount is the JSON's; every column's total-row cell is the CSV's; bad requests are 422s with codes, never 5xx.
 */
import DecimalJs from 'decimal.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { valueOf } from '../../src/api/format/value.js';
import { expectProblem, post } from './request.js';
import { README_BODY, type RouteCase, readCsv, routeCases, undefused, withTable } from './formats-fixtures.js';

let cases: RouteCase[];
beforeAll(async () => {
  cases = await routeCases();
});

async function value(path: string, body: unknown): Promise<{ status: number; type: string | null; text: string }> {
  const res = await post(path, body);
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

describe('format=value', () => {
  it('the README: region A, column amount → 530.23, text/plain, no newline; no row → the total 1000.00', async () => {
    expect(await value('/v1/allocations?format=value&region=A&column=amount', README_BODY)).toEqual({
      status: 200,
      type: 'text/plain; charset=utf-8',
      text: '530.23',
    });
    expect((await value('/v1/allocations?format=value&column=amount', README_BODY)).text).toBe('1000.00');
    expect((await value('/v1/allocations?format=value&region=B&column=sharePercent', README_BODY)).text).toBe('30.49%');
    expect((await value('/v1/allocations?format=value&region=C&column=name', README_BODY)).text).toBe('丙县');
  });

  it('every region × amount equals the JSON row, and the total row is the exact sum of the JSON amounts', async () => {
    for (const c of cases.filter((x) => ['/v1/allocations', '/v1/optimizations'].includes(x.path) && x.name !== 'optimizations (sources)')) {
      const json = (await (await post(c.path, c.body)).json()) as { rows: { id: string; amount: string }[] };
      const selector = c.name === 'optimizations (portfolio)' ? 'project' : 'region';
      let sum = new DecimalJs(0);
      for (const row of json.rows) {
        const got = await value(`${c.path}?format=value&${selector}=${encodeURIComponent(row.id)}&column=amount`, c.body);
        expect(got, `${c.name} ${row.id}`).toEqual({ status: 200, type: 'text/plain; charset=utf-8', text: row.amount });
        sum = sum.plus(row.amount);
      }
      if (c.name === 'optimizations (portfolio)') continue; // the projects' amounts are summed, the chosen count is the total of "chosen"
      const total = await value(`${c.path}?format=value&column=amount`, c.body);
      expect(new DecimalJs(total.text).equals(sum), c.name).toBe(true);
    }
  });

  it('every route, table and column: the total-row cell is the CSV total row; where it holds no value (empty, the label), 422 row-required', async () => {
    for (const c of cases) {
      for (const table of c.tables) {
        const csv = readCsv(await (await post(withTable(`${c.path}?format=csv`, table), c.body)).text());
        const xml = await (await post(withTable(`${c.path}?format=xml`, table), c.body)).text();
        const ids = [...xml.matchAll(/<row>(.*?)<\/row>/g)][0]?.[1].match(/<([^/>\s]+)>|<cell column="([^"]*)">/g);
        if (!ids) continue; // an empty table (no row to name columns from)
        const columns = ids.map((t) =>
          t.startsWith('<cell')
            ? t
                .slice(14, -2)
                .replace(/&quot;/g, '"')
                .replace(/&amp;/g, '&')
            : t.slice(1, -1),
        );
        const total = csv[csv.length - 1];
        let refused = 0;
        for (const [j, column] of columns.entries()) {
          const got = await value(withTable(`${c.path}?format=value&column=${encodeURIComponent(column)}`, table), c.body);
          if (total[j] === '' || total[j] === 'total · 合计') {
            refused++;
            expect(got.status, `${c.name} ${table} ${column}`).toBe(422);
            expect(JSON.parse(got.text).code, `${c.name} ${table} ${column}`).toBe('row-required');
            continue;
          }
          expect(got.status, `${c.name} ${table} ${column}`).toBe(200);
          expect(got.text, `${c.name} ${table} ${column}`).toBe(undefused(total[j]));
        }
        expect(refused, `${c.name} ${table}: the label's column at least`).toBeGreaterThan(0);
      }
    }
  });

  it('the first and last rows of monitoring’s regions and projects by ?region / ?project', async () => {
    const c = cases.find((x) => x.path === '/v1/monitoring')!;
    for (const [table, selector] of [
      ['regions', 'region'],
      ['projects', 'project'],
    ] as const) {
      const csv = readCsv(await (await post(`${c.path}?format=csv&table=${table}`, c.body)).text());
      const idAt = csv[0].indexOf('id');
      for (const row of [csv[1], csv[csv.length - 2]]) {
        for (const [j, header] of csv[0].entries()) {
          const column = header.replace(/ \([a-z]+\)$/, '');
          const got = await value(
            `${c.path}?format=value&table=${table}&${selector}=${encodeURIComponent(row[idAt])}&column=${encodeURIComponent(column)}`,
            c.body,
          );
          expect(got.text, `${table} ${row[idAt]} ${column}`).toBe(undefused(row[j]));
        }
      }
    }
  });
});

describe('format=value: the column by the name a sheet shows', () => {
  it('its CSV header, XLSX header, Chinese title (with or without the unit) or English title: the same cell as its id', async () => {
    const want = (await value('/v1/allocations?format=value&region=A&column=amount', README_BODY)).text;
    expect(want).toBe('530.23');
    for (const name of ['amount (wan)', 'amount(wan)', 'Amount', '金额', '金额（万元）', '金额(万元)', '金额（万元） · amount (wan)']) {
      const got = await value(`/v1/allocations?format=value&region=A&column=${encodeURIComponent(name)}`, README_BODY);
      expect(got, name).toEqual({ status: 200, type: 'text/plain; charset=utf-8', text: want });
    }
    // a factor by its model's title, as the workbook's header writes it; the total row by the Chinese title
    const policy = (await value('/v1/allocations?format=value&region=A&column=policy', README_BODY)).text;
    expect((await value(`/v1/allocations?format=value&region=A&column=${encodeURIComponent('政策因素（万元）')}`, README_BODY)).text).toBe(policy);
    expect((await value(`/v1/allocations?format=value&column=${encodeURIComponent('金额')}`, README_BODY)).text).toBe('1000.00');
  });

  it('a name two columns share, or none has, is 422 unknown-column listing the ids', async () => {
    const monitoring = cases.find((x) => x.path === '/v1/monitoring')!;
    for (const [path, body, name] of [
      ['/v1/allocations?region=A', README_BODY, '金额（元）'],
      ['/v1/allocations?region=A', README_BODY, 'amount (yuan)'],
      ['/v1/monitoring?table=projects', monitoring.body, '类别'], // category and kind are both 类别
    ] as const) {
      const p = await expectProblem(await post(`${path}&format=value&column=${encodeURIComponent(name)}`, body), 422, ['?column']);
      expect(p.errors[0].code, name).toBe('unknown-column');
      expect(p.errors[0].detail, name).toMatch(/its columns are id, /);
    }
  });
});

describe('format=value: a column whose total row holds no value needs a row', () => {
  it('allocations name, rank, id; monitoring and evaluations text columns: 422 row-required, not an empty 200', async () => {
    const monitoring = cases.find((x) => x.path === '/v1/monitoring')!;
    const evaluations = cases.find((x) => x.path === '/v1/evaluations')!;
    for (const [path, body, column] of [
      ['/v1/allocations', README_BODY, 'name'],
      ['/v1/allocations', README_BODY, 'rank'],
      ['/v1/allocations', README_BODY, 'id'],
      ['/v1/monitoring', monitoring.body, 'id'],
      ['/v1/monitoring', monitoring.body, 'name'],
      ['/v1/evaluations', evaluations.body, 'id'],
    ] as const) {
      const p = await expectProblem(await post(`${path}?format=value&column=${column}`, body), 422, ['?column']);
      expect(p.errors[0].code, `${path} ${column}`).toBe('row-required');
    }
    // with a row it is that row's cell
    expect((await value('/v1/allocations?format=value&region=A&column=rank', README_BODY)).text).toBe('1');
  });
});

describe('format=value: what it refuses', () => {
  it('no ?column: 422 column-required; an unknown one: 422 unknown-column listing the columns', async () => {
    const none = await expectProblem(await post('/v1/allocations?format=value', README_BODY), 422, ['?column']);
    expect(none.errors[0].code).toBe('column-required');
    const bad = await expectProblem(await post('/v1/allocations?format=value&column=amount%20(yuan)', README_BODY), 422, ['?column']);
    expect(bad.errors[0].code).toBe('unknown-column');
    expect(bad.errors[0].detail).toContain('id, name, amount, share');
  });

  it('a region not in the request: 422 unknown-region naming the ones there are; a project: unknown-project', async () => {
    const r = await expectProblem(await post('/v1/allocations?format=value&region=Z&column=amount', README_BODY), 422, ['?region']);
    expect(r.errors[0].code).toBe('unknown-region');
    expect(r.errors[0].detail).toContain('A, B, C');
    const rankings = cases.find((x) => x.path === '/v1/rankings')!;
    const r2 = await expectProblem(await post('/v1/rankings?format=value&region=nowhere&column=rank', rankings.body), 422, ['?region']);
    expect(r2.errors[0].code).toBe('unknown-region');
    const monitoring = cases.find((x) => x.path === '/v1/monitoring')!;
    const p = await expectProblem(await post('/v1/monitoring?format=value&table=projects&project=nothing&column=budget', monitoring.body), 422, ['?project']);
    expect(p.errors[0].code).toBe('unknown-project');
  });

  it('?column with another format, ?project where rows are no projects, both selectors at once: 422s with codes', async () => {
    for (const query of ['?column=amount', '?format=csv&column=amount', '?format=xlsx&column=amount']) {
      const b = await expectProblem(await post(`/v1/allocations${query}`, README_BODY), 422, ['?column']);
      expect(b.errors[0].code, query).toBe('column-needs-value');
    }
    const p = await expectProblem(await post('/v1/allocations?format=value&project=A&column=amount', README_BODY), 422, ['?project']);
    expect(p.errors[0].code).toBe('unknown-query-parameter');
    const monitoring = cases.find((x) => x.path === '/v1/monitoring')!;
    const both = await expectProblem(await post('/v1/monitoring?format=value&region=a&project=b&column=budget', monitoring.body), 422, ['?project']);
    expect(both.errors[0].code).toBe('one-row-selector');
    const evaluations = cases.find((x) => x.path === '/v1/evaluations')!;
    const e = await expectProblem(await post('/v1/evaluations?format=value&region=a&column=score', evaluations.body), 422, ['?region']);
    expect(e.errors[0].code).toBe('unknown-query-parameter');
    const trace = await expectProblem(await post('/v1/allocations?format=value&explain=true&column=amount', README_BODY), 422, ['?explain']);
    expect(trace.errors[0].code).toBe('trace-json-only');
  });

  it('any ?column, ?region, ?project on any route: a 200 or a 4xx problem, never a 5xx (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...cases),
        fc.option(fc.oneof(fc.constantFrom('amount', 'id', 'name', 'total', '__proto__', 'toString', 'rank'), fc.string({ maxLength: 20 })), {
          nil: undefined,
        }),
        fc.option(fc.oneof(fc.constantFrom('A', 'B', 'a', '__proto__', ''), fc.string({ maxLength: 20 })), { nil: undefined }),
        fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
        async (c, column, region, project) => {
          const q = new URLSearchParams({ format: 'value' });
          if (column !== undefined) q.set('column', column);
          if (region !== undefined) q.set('region', region);
          if (project !== undefined) q.set('project', project);
          const res = await post(`${c.path}?${q}`, c.body);
          expect(res.status === 200 || (res.status >= 400 && res.status < 500), `${c.name}?${q} → ${res.status}`).toBe(true);
          if (res.status !== 200) expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
          else expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('valueOf: rows of a two-level table, and tables without a total row', () => {
  const columns = [{ id: 'depth' }, { id: 'path' }, { id: 'id' }, { id: 'amount' }];
  const rows = [
    ['1', 'c1', 'c1', '10.00'],
    ['2', 'c1/x', 'x', '4.00'],
    ['2', 'c1/y', 'y', '6.00'],
    ['1', 'c2', 'c2', '5.00'],
    ['2', 'c2/x', 'x', '5.00'],
  ];
  const table = { columns, rows, total: ['total · 合计', '', '', '15.00'] };
  it('"city/county" picks one row; a county id two cities share is a 422 ambiguous-row naming both; a unique id is found', () => {
    expect(valueOf(table, { column: 'amount', region: 'c2/x' })).toEqual({ value: '5.00' });
    expect(valueOf(table, { column: 'amount', region: 'y' })).toEqual({ value: '6.00' });
    const both = valueOf(table, { column: 'amount', region: 'x' });
    expect('issues' in both && both.issues[0]).toMatchObject({ path: '?region', code: 'ambiguous-row' });
    expect('issues' in both && both.issues[0].en).toContain('c1/x, c2/x');
    expect(valueOf(table, { column: 'amount' })).toEqual({ value: '15.00' });
  });
  it('without a total row: a number column is summed exactly, a text column needs a row', () => {
    const plain = {
      columns: [{ id: 'id', text: true }, { id: 'v' }],
      rows: [
        ['a', '0.10'],
        ['b', '0.20'],
        ['c', ''],
      ],
    };
    expect(valueOf(plain, { column: 'v' })).toEqual({ value: '0.30' });
    const text = valueOf(plain, { column: 'id' });
    expect('issues' in text && text.issues[0].code).toBe('row-required');
    expect(valueOf(plain, { column: 'v', project: 'c' })).toEqual({ value: '' });
    const p = valueOf(plain, { column: 'v', project: 'd' });
    expect('issues' in p && p.issues[0]).toMatchObject({ path: '?project', code: 'unknown-project' });
  });
});
