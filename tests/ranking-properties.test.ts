/**
 * Invariants of the points ranking (POST /v1/rankings), on generated models, regions and events (fast-check):
 * the answer does not depend on the order of regions or events; ranks and groups follow the stated tie rule;
 * amounts are the model's, within its range; and the route pays exactly what the allocation pipeline's points
 * stage pays for the same scores (one implementation). Composites and amounts are recomputed here with exact
 * fractions, independently of src/engine.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runRanking as run } from '../src/api/rankings/run.js';
import type { RankingRow, RankingSummary } from '../src/domain/ranking/answer.js';
import type { RankingRequestBody } from '../src/schema/ranking.js';
import { postJson } from './api/request.js';

/** The route's answer with its rows and summary typed as the domain builds them. */
const runRanking = (body: RankingRequestBody) => {
  const answer = run(body);
  return { ...answer, rows: answer.rows as RankingRow[], summary: answer.summary as RankingSummary };
};

// ---------------------------------------------------------------------------------------------------------
// Exact fractions (independent of src/core/money.ts)

interface Q {
  readonly n: bigint;
  readonly d: bigint;
}
const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
};
const Q = (n: bigint, d = 1n): Q => {
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
};
const q = (v: string | number): Q => {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(v));
  if (!m) throw new Error(`not a plain decimal: ${v}`);
  const frac = m[3] ?? '';
  return Q(BigInt(m[2] + frac) * (m[1] ? -1n : 1n), 10n ** BigInt(frac.length));
};
const add = (a: Q, b: Q) => Q(a.n * b.d + b.n * a.d, a.d * b.d);
const mul = (a: Q, b: Q) => Q(a.n * b.n, a.d * b.d);
const cmp = (a: Q, b: Q) => {
  const x = a.n * b.d - b.n * a.d;
  return x < 0n ? -1 : x > 0n ? 1 : 0;
};
const ZERO = Q(0n);
/** x rounded to the nearest 0.01, halves away from zero, as "123.45". */
const cents = (x: Q): string => {
  const c = x.n * 100n;
  const neg = c < 0n;
  const a = neg ? -c : c;
  let r = a / x.d;
  if (2n * (a - r * x.d) >= x.d) r += 1n;
  const s = r.toString().padStart(3, '0');
  return `${neg && r > 0n ? '-' : ''}${s.slice(0, -2)}.${s.slice(-2)}`;
};

// ---------------------------------------------------------------------------------------------------------
// Generators: few distinct point values, so ties (also at the group edges) are common

const KIND_IDS = ['check', 'visit', 'dispatch', 'bulletin'];

const amountArb = fc.oneof(
  fc.integer({ min: 0, max: 500 }).map((x) => ({ fixed: String(x) })),
  fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 500 })).map(([a, b]) => ({ from: String(a), to: String(b) })),
);
const groupArb = fc.option(fc.record({ count: fc.integer({ min: 1, max: 12 }), amount: amountArb }), { nil: undefined });

const kindArb = (id: string) =>
  fc.record(
    {
      id: fc.constant(id),
      weight: fc.constantFrom('0', '0.5', '1', '2'),
      minimum: fc.constantFrom('-8', '-15', '-30'),
      maximum: fc.constantFrom('3', '6'),
    },
    { requiredKeys: ['id'] },
  );

const modelArb = fc.record({
  unit: fc.constant('wan' as const),
  base: fc.constantFrom('100', '60', '0'),
  kinds: fc.tuple(...KIND_IDS.map(kindArb)),
  bottom: groupArb,
  top: groupArb,
});

const regionIds = fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9县]{1,3}$/), { minLength: 1, maxLength: 30 });

const requestArb = fc
  .tuple(modelArb, regionIds)
  .chain(([model, ids]) =>
    fc.record({
      model: fc.constant(model),
      ids: fc.constant(ids),
      events: fc.array(
        fc.record({
          region: fc.constantFrom(...ids),
          kind: fc.constantFrom(...KIND_IDS),
          points: fc.integer({ min: -12, max: 6 }).map((x) => (x % 3 === 0 ? String(x / 3) : (x / 2).toFixed(1))),
        }),
        { maxLength: 60 },
      ),
    }),
  )
  .map(
    ({ model, ids, events }) =>
      ({
        model: { ...model, kinds: [...model.kinds] },
        unit: 'wan',
        regions: ids.map((id) => ({ id })),
        events,
      }) as RankingRequestBody,
  );

/** The composite, recomputed: base + Σ_kinds clamp(weight × Σ points, minimum, maximum). */
function composites(body: RankingRequestBody): Map<string, Q> {
  const model = body.model as Exclude<RankingRequestBody['model'], string>;
  const out = new Map<string, Q>();
  for (const c of body.regions) {
    let total = q(model.base);
    for (const k of model.kinds) {
      const sum = body.events.filter((e) => e.region === c.id && e.kind === k.id).reduce((s, e) => add(s, q(e.points!)), ZERO);
      let counted = mul(q(k.weight ?? '1'), sum);
      if (k.minimum !== undefined && cmp(counted, q(k.minimum)) < 0) counted = q(k.minimum);
      if (k.maximum !== undefined && cmp(counted, q(k.maximum)) > 0) counted = q(k.maximum);
      total = add(total, counted);
    }
    out.set(c.id, total);
  }
  return out;
}

const groupSize = (count: number | undefined, n: number) => (count === undefined ? 0 : Math.min(count, Math.floor(n / 2)));

/** The amount at position p of N, rounded to 0.01: fixed, or from + (to − from)·(p − 1)/(N − 1). */
function amountAt(amount: { fixed?: string | number; from?: string | number; to?: string | number }, p: number, N: number): string {
  if (amount.fixed !== undefined) return cents(q(amount.fixed));
  const from = q(amount.from!);
  const to = q(amount.to ?? amount.from!);
  if (N === 1) return cents(from);
  return cents(add(from, mul(add(to, Q(-from.n, from.d)), Q(BigInt(p - 1), BigInt(N - 1)))));
}

// ---------------------------------------------------------------------------------------------------------

describe('the points ranking, on generated regions and events', () => {
  it('does not depend on the order of regions or events', () => {
    fc.assert(
      fc.property(
        requestArb.chain((body) =>
          fc.tuple(
            fc.constant(body),
            fc.shuffledSubarray(body.regions, { minLength: body.regions.length, maxLength: body.regions.length }),
            fc.shuffledSubarray(body.events, { minLength: body.events.length, maxLength: body.events.length }),
          ),
        ),
        ([body, regions, events]) => {
          expect(JSON.stringify(runRanking({ ...body, regions, events }))).toBe(JSON.stringify(runRanking(body)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('composites are base + Σ clamp(weight × Σ points); equal composites share rank, position and group; a tie at an edge brings all in', () => {
    fc.assert(
      fc.property(requestArb, (body) => {
        const result = runRanking(body);
        const model = body.model as Exclude<RankingRequestBody['model'], string>;
        const comp = composites(body);
        const n = body.regions.length;
        const [bottomN, topN] = [groupSize(model.bottom?.count, n), groupSize(model.top?.count, n)];
        expect(result.summary.groups.bottom?.applied ?? 0).toBe(bottomN);
        expect(result.summary.groups.top?.applied ?? 0).toBe(topN);
        for (const row of result.rows) {
          const mine = comp.get(row.id)!;
          expect(cmp(q(row.composite), mine), `composite of ${row.id}`).toBe(0);
          const higher = [...comp.values()].filter((x) => cmp(x, mine) > 0).length;
          const lower = [...comp.values()].filter((x) => cmp(x, mine) < 0).length;
          expect(row.rank).toBe(1 + higher);
          expect(row.rankFromBottom).toBe(1 + lower);
          // in a group iff its shared position is within N; in both (a tie across the middle) means neither
          const inTop = row.rank <= topN;
          const inBottom = row.rankFromBottom <= bottomN;
          expect(row.group).toBe(inTop === inBottom ? 'none' : inTop ? 'top' : 'bottom');
        }
        // equal composites are treated alike in everything but their id
        const seen = new Map<string, string>();
        for (const row of result.rows) {
          const key = `${comp.get(row.id)!.n}/${comp.get(row.id)!.d}`;
          const same = JSON.stringify([row.rank, row.rankFromBottom, row.group, row.penalty, row.reward]);
          expect(seen.get(key) ?? same).toBe(same);
          seen.set(key, same);
        }
        // rows are best first, equal composites by id
        for (let i = 1; i < result.rows.length; i++) {
          const [a, b] = [result.rows[i - 1], result.rows[i]];
          expect(a.rank < b.rank || (a.rank === b.rank && a.id < b.id)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('penalties and rewards are the model’s amounts at each position, within its range, and 0 outside the groups', () => {
    fc.assert(
      fc.property(requestArb, (body) => {
        const result = runRanking(body);
        const model = body.model as Exclude<RankingRequestBody['model'], string>;
        const n = body.regions.length;
        const range = (a: { fixed?: string | number; from?: string | number; to?: string | number }) =>
          a.fixed !== undefined ? [q(a.fixed), q(a.fixed)] : [q(a.from!), q(a.to ?? a.from!)].sort(cmp);
        let penalties = ZERO;
        let rewards = ZERO;
        for (const row of result.rows) {
          penalties = add(penalties, q(row.penalty));
          rewards = add(rewards, q(row.reward));
          if (row.group === 'bottom') {
            const [lo, hi] = range(model.bottom!.amount);
            expect(cmp(q(row.penalty), lo) >= 0 && cmp(q(row.penalty), hi) <= 0, `penalty ${row.penalty} of ${row.id} in range`).toBe(true);
            expect(row.penalty).toBe(amountAt(model.bottom!.amount, row.rankFromBottom, groupSize(model.bottom!.count, n)));
          } else expect(row.penalty).toBe('0.00');
          if (row.group === 'top') {
            const [lo, hi] = range(model.top!.amount);
            expect(cmp(q(row.reward), lo) >= 0 && cmp(q(row.reward), hi) <= 0, `reward ${row.reward} of ${row.id} in range`).toBe(true);
            expect(row.reward).toBe(amountAt(model.top!.amount, row.rank, groupSize(model.top!.count, n)));
          } else expect(row.reward).toBe('0.00');
        }
        expect(cents(penalties)).toBe(result.summary.penalties);
        expect(cents(rewards)).toBe(result.summary.rewards);
      }),
      { numRuns: 200 },
    );
  });

  it('the route pays what the allocation pipeline’s points stage pays for the same scores (one implementation)', async () => {
    await fc.assert(
      fc.asyncProperty(
        requestArb.map((body) => ({ ...body, model: { ...(body.model as object), base: '1000' } }) as RankingRequestBody),
        async (body) => {
          const model = body.model as Exclude<RankingRequestBody['model'], string>;
          fc.pre(model.bottom !== undefined || model.top !== undefined);
          const ranking = await postJson('/v1/rankings', body);
          expect(ranking.res.status).toBe(200);
          const composite = new Map<string, string>(ranking.json.rows.map((r: any) => [r.id, r.composite]));
          const allocation = await postJson('/v1/allocations?explain=true', {
            model: {
              factors: [{ id: 'need', weight: '1', indicators: [{ id: 'pop', weight: '1', transform: 'direct' }] }],
              unit: 'wan',
              pipeline: { points: { input: 'points', bottom: model.bottom, top: model.top } },
            },
            total: '100000',
            unit: 'wan',
            regions: body.regions.map((c) => ({ id: c.id, indicators: { pop: 1, points: composite.get(c.id)! } })),
          });
          expect(allocation.res.status, JSON.stringify(allocation.json)).toBe(200);
          const byId = new Map<string, any>(allocation.json.trace.pipeline.points.ranking.map((r: any) => [r.id, r]));
          for (const row of ranking.json.rows) {
            const p = byId.get(row.id);
            expect([row.rank, row.rankFromBottom, row.penalty, row.reward], row.id).toEqual([p.rank, p.rankFromBottom, p.penalty, p.reward]);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
