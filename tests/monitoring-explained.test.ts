/**
 * Issue 11: a monitoring answer must not contradict itself.
 * - totals: the execution rate is Σ paid ÷ Σ budget over one named set (the projects that report paid), and
 *   that set's budget is in totals beside the budget of every project (seed 004's fund lines with its three
 *   deviated projects: 1,194.50 of budget in all, 91.84% = 1,041.48 ÷ 1,134.00).
 * - regions: a colour is explained in both languages, and no shown number contradicts it (0.49998 against
 *   the 50% milestone is yellow and shows 49.998%, not 50.00%).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { monitor, prepareMonitoringModel, type MonitoringModel, type ProjectInput } from '../src/domain/monitoring/monitor.js';
import { ratioToText } from '../src/core/money.js';
import { textOnItsSide } from '../src/domain/monitoring/shown.js';
import defaultModel from '../models/monitoring/default.json';
import { app, post, postJson } from './api/request.js';

const MODEL = prepareMonitoringModel(defaultModel as MonitoringModel);

/** Seed 004 table 一(一): six fund lines, each reporting paid. */
const FUND_LINES = [
  { id: 'industry', budget: '585.00', paid: '572.78' },
  { id: 'infrastructure', budget: '413.00', paid: '352.30' },
  { id: 'education', budget: '8.00', paid: '7.35' },
  { id: 'finance', budget: '10.00', paid: '4.22' },
  { id: 'management', budget: '3.00', paid: '0.00' },
  { id: 'welfare', budget: '115.00', paid: '104.83' },
];
/** Seed 004 §五(一): three village projects with their actual amounts, no paid reported. */
const DEVIATED = [
  { id: 'yunwushan-road', budget: '25', actual: '28.23' },
  { id: 'yaquetang-road', budget: '18.5', actual: '26.46' },
  { id: 'beifengyuan-canal', budget: '17', actual: '6.86' },
];

/** A decimal text as an exact fraction, to compare shown numbers exactly. */
function exact(text: string): { num: bigint; den: bigint } {
  const negative = text.startsWith('-');
  const [whole, frac = ''] = text.replace('-', '').split('.');
  const num = BigInt(whole + frac) * (negative ? -1n : 1n);
  return { num, den: 10n ** BigInt(frac.length) };
}
const cmp = (a: { num: bigint; den: bigint }, b: { num: bigint; den: bigint }) => {
  const x = a.num * b.den - b.num * a.den;
  return x < 0n ? -1 : x > 0n ? 1 : 0;
};

describe('totals: the execution rate and its base are one named set', () => {
  it('seed 004 fund lines and deviated projects: budget 1,194.50 in all, the rate 91.84% over the 6 that report paid (1,134.00)', async () => {
    const { res, json } = await postJson('/v1/monitoring', { year: 2021, month: 12, unit: 'wan', projects: [...FUND_LINES, ...DEVIATED] });
    expect(res.status).toBe(200);
    expect(json.summary).toMatchObject({
      projects: 9,
      budget: '1194.50',
      executionProjects: 6,
      executionBudget: '1134.00',
      paid: '1041.48',
      executionRate: '0.918412698413',
      executionRatePercent: '91.84%',
    });
    // the rate shown is paid ÷ the budget shown beside it, to its 12 decimals
    const { paid, executionBudget } = json.summary;
    const [p, b] = [exact(paid), exact(executionBudget)];
    expect(json.summary.executionRate).toBe(ratioToText(p.num * b.den, p.den * b.num, 12));
    // and a note says, in both languages, which projects the rate leaves out
    const note = json.summary.notes.find((n: any) => n.en.includes('execution rate'));
    expect(note?.en).toBe(
      '3 of 9 projects report no paid amount: the execution rate 91.84% is 1041.48 paid of the 1134.00 budget of the other 6; the budget of all 9 is 1194.50.',
    );
    expect(note?.zh).toBe('9 个项目中有 3 个未报拨付金额：执行率 91.84% 为其余 6 个项目的拨付 1041.48 ÷ 预算 1134.00；全部 9 个项目的预算合计 1194.50。');
  });

  it('every project reporting paid: the two sets are one, and no note', () => {
    const result = monitor({ model: MODEL, year: 2021, month: 12, unit: 'wan', regions: [], projects: FUND_LINES });
    expect(result.totals).toMatchObject({ projects: 6, budget: '1134.00', executionProjects: 6, executionBudget: '1134.00', executionRatePercent: '91.84%' });
    expect(result.notes).toEqual([]);
  });

  it('no project reporting paid: no rate, a base of 0 over 0 projects', () => {
    const result = monitor({ model: MODEL, year: 2021, month: 12, unit: 'wan', regions: [], projects: DEVIATED });
    expect(result.totals).toEqual({
      projects: 3,
      budget: '60.50',
      paid: '0.00',
      executionProjects: 0,
      executionBudget: '0.00',
      executionRate: null,
      executionRatePercent: null,
    });
  });

  it('property: executionRate = paid ÷ executionBudget and executionBudget = Σ budget of the projects that report paid', () => {
    const project = fc.record({
      budget: fc.bigInt({ min: 1n, max: 10n ** 9n }),
      paid: fc.option(fc.bigInt({ min: 0n, max: 10n ** 9n }), { nil: undefined }),
    });
    const cents = (c: bigint) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;
    fc.assert(
      fc.property(fc.array(project, { minLength: 1, maxLength: 30 }), (ps) => {
        const projects: ProjectInput[] = ps.map((p, i) => ({
          id: `P${i}`,
          budget: cents(p.budget),
          ...(p.paid !== undefined ? { paid: cents(p.paid) } : {}),
        }));
        const { totals } = monitor({ model: MODEL, year: 2024, month: 6, unit: 'wan', regions: [], projects });
        const reporting = ps.filter((p) => p.paid !== undefined);
        const base = reporting.reduce((s, p) => s + p.budget, 0n);
        const paid = reporting.reduce((s, p) => s + p.paid!, 0n);
        expect(totals.budget).toBe(cents(ps.reduce((s, p) => s + p.budget, 0n)));
        expect(totals.executionProjects).toBe(reporting.length);
        expect(totals.executionBudget).toBe(cents(base));
        expect(totals.paid).toBe(cents(paid));
        expect(totals.executionRate).toBe(base === 0n ? null : ratioToText(paid, base, 12));
      }),
      { numRuns: 200 },
    );
  });

  it('OpenAPI names the set of each total', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as any;
    const totals = doc.components.schemas.MonitoringSummary;
    expect(totals.properties.budget.description).toMatch(/every project/);
    expect(totals.properties.executionBudget.description).toMatch(/report paid/);
    expect(totals.properties.executionRate.description).toMatch(/paid ÷ executionBudget/);
  });
});

/** One county in June (milestone 50%, yellow from 40%), spent of 1000.00 in place. */
const june = (spent: string) => ({
  year: 2024,
  month: 6,
  unit: 'wan',
  regions: [{ id: 'K', name: '丙县', level: 'county', months: [{ month: 6, inPlace: '1000.00', spent }] }],
});

describe('regions: the colour says why, and no shown number contradicts it', () => {
  it('0.49998 against the 50% milestone: yellow, shown 49.998% and 0.002 points below, with the reason in both languages', async () => {
    const { json } = await postJson('/v1/monitoring', june('499.98'));
    const row = json.rows[0];
    expect(row).toMatchObject({ progress: '0.499980000000', progressPercent: '49.998%', gapPoints: '-0.002', status: 'yellow' });
    expect(row.milestone).toEqual({ month: 6, target: '0.500000000000', targetPercent: '50.00%' });
    expect(row.reason).toEqual({
      en: 'Spent 499.98 of 1000.00 in place = 49.998%: below the 50.00% milestone for the end of June by 0.002 points, within the 10-point yellow band → yellow.',
      zh: '支出 499.98 ÷ 到位资金 1000.00 = 49.998%：低于6月底 50.00% 的序时进度 0.002 个百分点，在 10 个百分点的黄色区间内 → 黄色。',
    });
  });

  it('the CSV row shows the same precision and the reason', async () => {
    const res = await post('/v1/monitoring?format=csv', june('499.98'));
    const lines = new TextDecoder().decode(new Uint8Array(await res.arrayBuffer()).slice(3)).split('\r\n');
    const header = lines[0].split(',');
    expect(header.slice(-2)).toEqual(['reason', 'reason_zh']);
    const cells = lines[1].split(',');
    expect(cells[header.indexOf('progressPercent')]).toBe('49.998%');
    expect(cells[header.indexOf('gapPoints')]).toBe('-0.002');
    expect(lines[1]).toContain('within the 10-point yellow band → yellow.');
  });

  it('green, red, the yellow/red edge, nothing in place, no milestone yet: each says why', async () => {
    const reason = async (body: unknown) => (await postJson('/v1/monitoring', body)).json.rows[0];
    expect((await reason(june('500.00'))).reason.en).toBe(
      'Spent 500.00 of 1000.00 in place = 50.00%: at or above the 50.00% milestone for the end of June by 0.00 points → green.',
    );
    // 39.9999% is below the 40% edge of yellow: red, and shown so (rounded to 2 decimals it would be 40.00%)
    const edge = await reason(june('399.999'));
    expect(edge).toMatchObject({ progressPercent: '39.9999%', gapPoints: '-10.0001', status: 'red' });
    expect(edge.reason.en).toBe(
      'Spent 399.999 of 1000.00 in place = 39.9999%: below the 50.00% milestone for the end of June by 10.0001 points, more than the 10-point yellow band → red.',
    );
    expect(edge.reason.zh).toBe(
      '支出 399.999 ÷ 到位资金 1000.00 = 39.9999%：低于6月底 50.00% 的序时进度 10.0001 个百分点，超出 10 个百分点的黄色区间 → 红色。',
    );
    const empty = await reason({ ...june('0'), regions: [{ id: 'K', level: 'county', months: [{ month: 6, inPlace: '0', spent: '0' }] }] });
    expect(empty.status).toBe('red');
    expect(empty.reason).toEqual({
      en: 'Nothing in place (0.00), so nothing can have been spent, and the 50.00% milestone for the end of June is due → red.',
      zh: '到位资金为 0.00，无从支出，而6月底 50.00% 的序时进度已到期 → 红色。',
    });
    const march = await reason({ ...june('0'), month: 3, regions: [{ id: 'K', level: 'county', months: [{ month: 3, inPlace: '200', spent: '10' }] }] });
    expect(march.reason).toEqual({
      en: 'Spent 10.00 of 200.00 in place = 5.00%: no milestone is due before the end of April → green.',
      zh: '支出 10.00 ÷ 到位资金 200.00 = 5.00%：4月底前没有序时进度要求 → 绿色。',
    });
  });

  it('progress is measured against the allocated funds when the model says so, and the reason says that', async () => {
    const body = { ...june('499.98'), overrides: { progressBase: 'allocated' } };
    body.regions[0] = { ...body.regions[0], allocated: '2000.00' } as any;
    const row = (await postJson('/v1/monitoring', body)).json.rows[0];
    expect(row.reason.en).toMatch(/^Spent 499\.98 of 2000\.00 allocated = 25\.00%: below the 50\.00% milestone/);
    expect(row.reason.zh).toMatch(/^支出 499\.98 ÷ 全年下达资金 2000\.00 = 25\.00%/);
  });

  it('property: the shown progress (share and percent) and gap agree with the colour against the shown milestone and band', () => {
    // spent within a few hundredths of a cent of the 50% and 40% edges, and anywhere
    const spent = fc.oneof(
      fc.bigInt({ min: -300n, max: 300n }).map((d) => 5_000_000_000n + d),
      fc.bigInt({ min: -300n, max: 300n }).map((d) => 4_000_000_000n + d),
      fc.bigInt({ min: 0n, max: 10_000_000_000n }),
    );
    const inPlace = fc.constantFrom(10_000_000_000n, 10_000_000_001n, 9_999_999_999n, 10_000_000_003n);
    const text = (v: bigint) => `${v / 10_000_000n}.${String(v % 10_000_000n).padStart(7, '0')}`;
    fc.assert(
      fc.property(spent, inPlace, (s, p) => {
        if (s > p) return;
        const { regions } = monitor({
          model: MODEL,
          year: 2024,
          month: 6,
          unit: 'wan',
          projects: [],
          regions: [{ id: 'K', level: 'county', months: [{ month: 6, inPlace: text(p), spent: text(s) }] }],
        });
        const row = regions[0];
        expect(row.progressPercent!.endsWith('%') && row.milestone!.targetPercent.endsWith('%')).toBe(true);
        const target = exact(row.milestone!.targetPercent.slice(0, -1));
        const floor = { num: target.num * 10n - 100n * target.den, den: target.den * 10n }; // 10 points below
        const shownPercent = exact(row.progressPercent!.slice(0, -1));
        const shownShare = exact(row.progress!);
        const sharePercent = { num: shownShare.num * 100n, den: shownShare.den };
        const gap = exact(row.gapPoints!);
        for (const shown of [shownPercent, sharePercent]) {
          if (row.status === 'green') expect(cmp(shown, target), row.progressPercent!).toBeGreaterThanOrEqual(0);
          if (row.status === 'yellow') expect([cmp(shown, target), cmp(shown, floor) >= 0], row.progressPercent!).toEqual([-1, true]);
          if (row.status === 'red') expect(cmp(shown, floor), row.progressPercent!).toBe(-1);
        }
        const zero = { num: 0n, den: 1n };
        const minus10 = { num: -10n, den: 1n };
        if (row.status === 'green') expect(cmp(gap, zero), row.gapPoints!).toBeGreaterThanOrEqual(0);
        if (row.status === 'yellow') expect([cmp(gap, zero), cmp(gap, minus10) >= 0], row.gapPoints!).toEqual([-1, true]);
        if (row.status === 'red') expect(cmp(gap, minus10), row.gapPoints!).toBe(-1);
        expect(row.reason.en).toContain(`= ${row.progressPercent}`);
        expect(row.reason.zh).toContain(`= ${row.progressPercent}`);
        expect(row.reason.en).not.toContain('%%');
      }),
      { numRuns: 400 },
    );
  });

  it('textOnItsSide: more decimals only where rounding would reach or cross an edge', () => {
    const r = (num: bigint, den: bigint) => ({ num, den });
    const half = r(1n, 2n);
    const edges = [half, r(2n, 5n)];
    expect(textOnItsSide(r(49_998n, 100_000n), edges, 2, 100n)).toBe('49.998');
    expect(textOnItsSide(r(1n, 2n), edges, 2, 100n)).toBe('50.00');
    expect(textOnItsSide(r(50_004n, 100_000n), edges, 2, 100n)).toBe('50.00'); // above the edge, shown on it: still green
    expect(textOnItsSide(r(49_994n, 100_000n), edges, 2, 100n)).toBe('49.99');
    // beyond the 12 decimals of a share: 0.4999999999999 is not "0.500000000000"
    expect(textOnItsSide(r(4_999_999_999_999n, 10n ** 13n), edges, 12)).toBe('0.4999999999999');
    // a gap of −0.00002 against the edges 0 and −0.10
    expect(textOnItsSide(r(-2n, 100_000n), [r(0n, 1n), r(-1n, 10n)], 2, 100n)).toBe('-0.002');
    // a third is never on an edge of 0.5: two decimals do; with no edges, never more decimals
    expect(textOnItsSide(r(1n, 3n), edges, 2, 100n)).toBe('33.33');
    expect(textOnItsSide(r(49_999_999n, 10n ** 8n), [], 2, 100n)).toBe('50.00');
  });

  it('OpenAPI states the precision rule and the reason', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as any;
    const row = doc.components.schemas.MonitoredRegionRow.properties;
    expect(row.progressPercent.description).toMatch(/more decimals/);
    expect(row.reason.properties.zh).toBeDefined();
  });
});
