/**
 * The yearly review (seed 003 §9: 已满两年还未实施…及时清除; §12: 随意调整项目金额达到当年投资额20%以上;
 * seed 000: 保留、微调保留、移出). The seed's own facts, the edges worked by hand, and properties checked
 * against an independent oracle (JavaScript's Date for the anniversaries, integer cents for the 20%).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reviewFlags, reviewSummary, wholeYears } from '../../src/domain/projects/review.js';
import type { StoredProject } from '../../src/schema/projects.js';
import { project, SICHUAN } from './checks-fixtures.js';

const flags = (list: StoredProject[], asOf: string) => reviewFlags(list, SICHUAN, asOf, 'wan');

describe('stale: two years in the library without being implemented', () => {
  it('the seed: entered 2023-08-01, still 储备 on 2025-08-31 → stale, suggested remove; entered 2024-01-10 → not', () => {
    const found = flags([project({ id: 'OLD', enteredOn: '2023-08-01' }), project({ id: 'NEW', enteredOn: '2024-01-10' })], '2025-08-31');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ project: 'OLD', flag: 'stale', status: 'reserve', enteredOn: '2023-08-01', years: 2, suggested: 'remove' });
    expect(found[0].en).toMatch(/2 full years on 2025-08-31/);
    expect(found[0].zh).toContain('已满 2 年');
    expect(found[0].zh).toContain('建议：移出');
    expect(found[0].en).toContain('still reserve (储备)');
  });

  it('the same month and day counts: 2023-09-15 is 2 years on 2025-09-15, 1 on 2025-09-14', () => {
    const p = project({ id: 'A', enteredOn: '2023-09-15' });
    expect(flags([p], '2025-09-15').map((f) => f.flag)).toEqual(['stale']);
    expect(flags([p], '2025-09-14')).toEqual([]);
    expect(wholeYears('2023-09-15', '2025-09-14')).toBe(1);
    expect(wholeYears('2025-09-15', '2023-09-15')).toBe(0);
  });

  it('entered on 29 February: the anniversary is 1 March in other years', () => {
    const p = project({ id: 'L', enteredOn: '2024-02-29' });
    expect(flags([p], '2026-02-28')).toEqual([]);
    expect(flags([p], '2026-03-01').map((f) => f.years)).toEqual([2]);
  });

  it('implementing or completed projects are never stale; removed ones are never flagged; planned ones are', () => {
    const old = { enteredOn: '2020-01-01', purpose: 'unrelated' as const };
    const list = [
      project({ id: 'I', status: 'implementing', year: 2021, ...old, purpose: 'consolidation' }),
      project({ id: 'C', status: 'completed', year: 2021, ...old, purpose: 'consolidation' }),
      project({ id: 'X', status: 'removed', ...old }),
      project({ id: 'P', status: 'planned', year: 2024, enteredOn: '2020-01-01' }),
    ];
    expect(flags(list, '2025-08-31').map((f) => [f.project, f.flag, f.suggested])).toEqual([['P', 'stale', 'remove']]);
  });

  it("a stale project planned for this year (or later) is suggested keep: it is in this year's plan", () => {
    const found = flags([project({ id: 'P', status: 'planned', year: 2025, enteredOn: '2022-05-01' })], '2025-08-31');
    expect(found.map((f) => [f.flag, f.suggested, f.years])).toEqual([['stale', 'keep', 3]]);
    expect(found[0].en).toContain('it is in the 2025 plan');
    expect(found[0].zh).toContain('建议：保留');
  });
});

describe('amount-change: 20% of the approved amount', () => {
  const at = (amount: string, approvedAmount: string) => flags([project({ id: 'A', amount, approvedAmount, enteredOn: '2025-01-01' })], '2025-08-31');

  it('20% up or down is flagged (suggested adjust); 19.99% is not', () => {
    expect(at('120', '100')).toMatchObject([{ flag: 'amount-change', change: '20', changePercent: '20.00%', suggested: 'adjust', approvedAmount: '100' }]);
    expect(at('80', '100')).toMatchObject([{ flag: 'amount-change', change: '-20', changePercent: '-20.00%' }]);
    expect(at('119.99', '100')).toEqual([]);
    expect(at('80.01', '100')).toEqual([]);
  });

  it('a change just below 20% is never shown as 20.00% (more decimals instead)', () => {
    const p = project({ id: 'B', amount: '119.995', approvedAmount: '100', enteredOn: '2025-01-01', purpose: 'unrelated' });
    const found = flags([p], '2025-08-31');
    // only the unrelated flag; its row still carries the change, on its side of the limit
    expect(found.map((f) => [f.flag, f.changePercent, f.change])).toEqual([['unrelated', '19.995%', '19.995']]);
  });

  it('no approved amount, or 0, is no flag', () => {
    expect(flags([project({ id: 'A', amount: '500', enteredOn: '2025-01-01' })], '2025-08-31')).toEqual([]);
    expect(at('500', '0')).toEqual([]);
  });

  it('the text names both amounts, the change and the seed', () => {
    const [f] = at('130.5', '100');
    expect(f.en).toContain('(130.5 万元) differs from the approved plan (100 万元) by 30.5 万元, 30.50% of it — at least 20.00%');
    expect(f.zh).toContain('建议：微调保留');
  });
});

describe('unrelated, and a project with several flags', () => {
  it('an unrelated purpose is flagged, suggested remove; flags come in the order stale, amount-change, unrelated', () => {
    const p = project({ id: 'U', purpose: 'unrelated', enteredOn: '2022-01-01', amount: '150', approvedAmount: '100' });
    const found = flags([p, project({ id: 'OK', enteredOn: '2025-01-01' })], '2025-08-31');
    expect(found.map((f) => [f.project, f.flag, f.suggested])).toEqual([
      ['U', 'stale', 'remove'],
      ['U', 'amount-change', 'adjust'],
      ['U', 'unrelated', 'remove'],
    ]);
    expect(found[2].zh).toContain('与衔接推进乡村振兴无关');
    expect(reviewSummary([p, project({ id: 'OK' })], found, '2025-08-31')).toEqual({
      asOf: '2025-08-31',
      projects: 2,
      enteredAfter: 0,
      flagged: 1,
      stale: 1,
      amountChange: 1,
      unrelated: 1,
    });
  });
});

describe('the library as it stood at asOf (audit 15 #14)', () => {
  it('a project entered after asOf is neither flagged nor counted among the projects; it is counted apart', () => {
    const later = project({ id: 'LATER', enteredOn: '2025-09-16', purpose: 'unrelated', amount: '150', approvedAmount: '100' });
    const old = project({ id: 'OLD', enteredOn: '2023-09-15' });
    const onTheDay = project({ id: 'DAY', enteredOn: '2025-09-15', purpose: 'unrelated' });
    const found = flags([old, later, onTheDay], '2025-09-15');
    expect(found.map((f) => [f.project, f.flag])).toEqual([
      ['OLD', 'stale'],
      ['DAY', 'unrelated'],
    ]);
    expect(reviewSummary([old, later, onTheDay], found, '2025-09-15')).toEqual({
      asOf: '2025-09-15',
      projects: 2,
      enteredAfter: 1,
      flagged: 2,
      stale: 1,
      amountChange: 0,
      unrelated: 1,
    });
    // a day later it is in the library, and flagged
    expect(flags([old, later, onTheDay], '2025-09-16').map((f) => f.project)).toContain('LATER');
  });
});

describe('properties', () => {
  const STATUSES = ['reserve', 'planned', 'implementing', 'completed', 'removed'] as const;
  const day = fc
    .date({ min: new Date('2018-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const arbProject = (i: number) =>
    fc
      .record({
        enteredOn: day,
        status: fc.constantFrom(...STATUSES),
        cents: fc.integer({ min: 1, max: 10_000_000 }),
        approvedCents: fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: undefined }),
        unrelated: fc.boolean(),
      })
      .map((r) =>
        project({
          id: `P${i}`,
          enteredOn: r.enteredOn,
          status: r.status,
          year: r.status === 'reserve' || r.status === 'removed' ? undefined : 2020,
          amount: (r.cents / 100).toFixed(2),
          ...(r.approvedCents !== undefined ? { approvedAmount: (r.approvedCents / 100).toFixed(2) } : {}),
          purpose: r.unrelated ? 'unrelated' : 'consolidation',
        }),
      );
  const arbList = fc.integer({ min: 0, max: 10 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbProject(i))));

  it('the flags are those an independent oracle gives (Date anniversaries, integer cents), and do not depend on order', () => {
    fc.assert(
      fc.property(
        arbList.chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }))),
        day,
        ([list, shuffled], asOf) => {
          const expected: string[] = [];
          const [ay, am, ad] = asOf.split('-').map(Number);
          for (const p of list) {
            const [ey, em, ed] = p.enteredOn.split('-').map(Number);
            // removed, or not yet in the library on asOf
            if (p.status === 'removed' || Date.UTC(ey, em - 1, ed) > Date.UTC(ay, am - 1, ad)) continue;
            // entered + 2 years (JS rolls 29 Feb to 1 Mar) on or before asOf
            if ((p.status === 'reserve' || p.status === 'planned') && Date.UTC(ey + 2, em - 1, ed) <= Date.UTC(ay, am - 1, ad))
              expected.push(`${p.id} stale`);
            if (p.approvedAmount !== undefined) {
              const a = BigInt(Math.round(Number(p.amount) * 100));
              const b = BigInt(Math.round(Number(p.approvedAmount) * 100));
              const d = a > b ? a - b : b - a;
              if (b > 0n && 5n * d >= b) expected.push(`${p.id} amount-change`);
            }
            if (p.purpose === 'unrelated') expected.push(`${p.id} unrelated`);
          }
          const got = (ps: StoredProject[]) =>
            flags(ps, asOf)
              .map((f) => `${f.project} ${f.flag}`)
              .sort();
          expect(got(list)).toEqual([...expected].sort());
          expect(got(shuffled)).toEqual(got(list));
        },
      ),
      { numRuns: 300 },
    );
  });
});
