/**
 * The optimizer's own checks on a scenario's plan, beyond the file's expected body (tests/scenarios/run.test.ts):
 * every plan returned is re-checked with exact BigInt fractions straight from the request (not from the engine's
 * reading of it): regions add up to the total in whole granules, within min / max / hold-harmless / growth cap
 * and the group limits, and the objective recomputed from the amounts is the oracle's optimum
 * (`oracle.objectiveExact`, scenarios/oracle/optimize.py); projects are paid in full (or in part when allowed)
 * only by sources that may pay them, within budgets, town caps and industry floors (src/core/shares.ts's
 * industryShare, the one definition), and the plan's value recomputed from the amounts is the oracle's optimum.
 * Rules that cannot all hold are a 422 (code constraints-cannot-hold), one error per rule that must give at its
 * pointer; its text names the oracle's shortfall, its reachable share or its "at most x%".
 */
import { expect } from 'vitest';
import { industryShare } from '../../src/core/shares.js';
import type { ScenarioFile } from '../../src/scenarios/match.js';

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
/** "12.30", 7, "-0.5" or "3/7", exactly. */
const q = (v: string | number): Q => {
  const s = String(v).trim();
  if (s.includes('/')) {
    const [a, b] = s.split('/');
    return Q(BigInt(a), BigInt(b));
  }
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) throw new Error(`not a decimal: ${s}`);
  const frac = m[3] ?? '';
  const n = BigInt(m[2] + frac) * (m[1] ? -1n : 1n);
  return Q(n, 10n ** BigInt(frac.length));
};
const add = (a: Q, b: Q) => Q(a.n * b.d + b.n * a.d, a.d * b.d);
const sub = (a: Q, b: Q) => Q(a.n * b.d - b.n * a.d, a.d * b.d);
const mul = (a: Q, b: Q) => Q(a.n * b.n, a.d * b.d);
const div = (a: Q, b: Q) => Q(a.n * b.d, a.d * b.n);
const cmp = (a: Q, b: Q) => {
  const x = a.n * b.d - b.n * a.d;
  return x < 0n ? -1 : x > 0n ? 1 : 0;
};
const abs = (a: Q) => (a.n < 0n ? Q(-a.n, a.d) : a);
const ZERO = Q(0n);
const ONE = Q(1n);
const sum = (xs: Q[]) => xs.reduce(add, ZERO);
const show = (a: Q) => (a.d === 1n ? `${a.n}` : `${a.n}/${a.d}`);
const isWhole = (a: Q) => a.d === 1n;
/** x rounded half away from zero to 6 places, as the engine writes an objective. */
const round6 = (a: Q): Q => {
  const s = 10n ** 6n;
  const m = abs(a).n * s;
  let r = m / abs(a).d;
  if (2n * (m - r * abs(a).d) >= abs(a).d) r += 1n;
  return Q(a.n < 0n ? -r : r, s);
};

/** "1,234.5万元" / "1,234.5 yuan", as the engine's texts write amounts. */
const money = (amount: string, unit: 'wan' | 'yuan') => {
  const [int, frac] = amount.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac !== undefined ? `.${frac}` : '');
  return unit === 'wan' ? `${grouped}万元` : `${grouped} yuan`;
};

// ------------------------------------------------------------------------------------ kind regions

/** A share as the engine's texts write it: 0.413 → "41.3%". */
const percent = (share: string) => {
  const p = mul(q(share), Q(100n));
  return `${p.d === 1n ? p.n : (Number(p.n) / Number(p.d)).toString()}%`;
};

/** A 422 of rules that cannot all hold: each error at the oracle's pointer, its text saying by how much. */
function checkContradiction(req: any, oracle: any, body: any) {
  const errors: any[] = body.errors;
  const rules: any[] = oracle.relaxations ?? [];
  expect(
    errors.map((e) => e.pointer),
    'one error per rule that must give',
  ).toEqual(rules.map((r) => r.pointer));
  errors.forEach((e, i) => {
    const r = rules[i];
    expect(e.code).toBe('constraints-cannot-hold');
    expect(e.detail_zh, 'the Chinese text').toMatch(/[\u4e00-\u9fff]/);
    if (oracle.shortfall !== undefined && r.pointer === '/total')
      expect(e.detail, 'the shortfall, in the text').toContain(`by ${money(oracle.shortfall, req.unit)}`);
    if (r.atMostPercent !== undefined) expect(e.detail, `${r.pointer}: the "at most" of the text`).toContain(`at most ${r.atMostPercent}%`);
    else if (r.measure === 'share') expect(e.detail, `${r.pointer}: the reachable share, in the text`).toContain(`at most ${percent(r.reachable)}`);
  });
}

export function checkRegions(file: string, req: any, oracle: any, body: any, status = 200) {
  if (status === 422) return checkContradiction(req, oracle, body);
  const g = q(req.granularity ?? '0.01');
  const rows: any[] = body.rows;
  const amount = new Map<string, Q>(rows.map((r) => [r.id, q(r.amount)]));
  expect(show(sum([...amount.values()])), 'the amounts add up to the total').toBe(show(q(req.total)));
  const hh = req.holdHarmless !== undefined ? q(req.holdHarmless) : undefined;
  const gc = req.growthCap !== undefined ? q(req.growthCap) : undefined;
  const relative = req.deviation === 'relative';
  const terms: Q[] = [];
  for (const r of req.regions) {
    const a = amount.get(r.id)!;
    const where = `${file}: region ${r.id} = ${show(a)}`;
    expect(isWhole(div(a, g)), `${where} is whole granules`).toBe(true);
    expect(cmp(a, ZERO) >= 0, `${where} ≥ 0`).toBe(true);
    if (r.minimum !== undefined) expect(cmp(a, q(r.minimum)) >= 0, `${where} ≥ minimum`).toBe(true);
    if (r.maximum !== undefined) expect(cmp(a, q(r.maximum)) <= 0, `${where} ≤ maximum`).toBe(true);
    if (r.lastYear !== undefined && hh) expect(cmp(a, mul(hh, q(r.lastYear))) >= 0, `${where} ≥ hold-harmless`).toBe(true);
    if (r.lastYear !== undefined && gc) expect(cmp(a, mul(add(ONE, gc), q(r.lastYear))) <= 0, `${where} ≤ growth cap`).toBe(true);
    const row = rows.find((x) => x.id === r.id);
    expect(show(q(row.deviation)), `${where}: deviation = amount − target`).toBe(show(sub(a, q(r.target))));
    const dev = mul(q(r.weight ?? '1'), abs(sub(a, q(r.target))));
    terms.push(relative ? div(dev, q(r.target)) : dev);
  }
  for (const grp of req.groups ?? []) {
    const s = sum(grp.regions.map((id: string) => amount.get(id)!));
    const total = q(req.total);
    if (grp.minimumShare !== undefined) expect(cmp(s, mul(q(grp.minimumShare), total)) >= 0, `group ${grp.id} minimumShare`).toBe(true);
    if (grp.maximumShare !== undefined) expect(cmp(s, mul(q(grp.maximumShare), total)) <= 0, `group ${grp.id} maximumShare`).toBe(true);
    if (grp.minimum !== undefined) expect(cmp(s, q(grp.minimum)) >= 0, `group ${grp.id} minimum`).toBe(true);
    if (grp.maximum !== undefined) expect(cmp(s, q(grp.maximum)) <= 0, `group ${grp.id} maximum`).toBe(true);
  }
  // the plan's objective, recomputed exactly, is the oracle's minimum; the text is it to exactly 6 places
  const objective = sum(terms);
  expect(show(objective), 'objective recomputed from the amounts').toBe(show(q(oracle.objectiveExact)));
  expect(body.summary.objective, 'objective text has exactly 6 decimals').toMatch(/^-?\d+\.\d{6}$/);
  expect(show(q(body.summary.objective)), 'objective text = exact value to 6 places').toBe(show(round6(objective)));
}

// ------------------------------------------------------------------------------------ kinds portfolio, sources

function projectValue(req: any, p: any): Q {
  const m = req.objective?.maximize;
  if (m === 'amount') return q(p.cost);
  if (m === 'count') return ONE;
  return sum(Object.entries<string>(m).map(([k, w]) => mul(q(w), q(p.benefits?.[k] ?? '0'))));
}

export function checkFunding(file: string, req: any, oracle: any, body: any, status = 200) {
  if (status === 422) return checkContradiction(req, oracle, body);
  const g = q(req.granularity ?? '0.01');
  const sourceIds: string[] = req.sources.map((s: any) => s.id);
  const industry: string[] = req.industryCategories ?? ['industry'];
  const rule = { industryCategories: industry, excludedCategories: req.excludedCategories ?? [] };
  const rows: any[] = body.rows;
  expect(
    rows.map((r) => r.id),
    'projects in request order',
  ).toEqual(req.projects.map((p: any) => p.id));

  // each project: paid in full (or in part when allowed), only by sources that may pay it
  const paid = new Map<string, Q>(sourceIds.map((s) => [s, ZERO]));
  const byCategory = new Map<string, [string, Q][]>(sourceIds.map((s) => [s, []]));
  const towns = new Map<string, Q>();
  const funded = new Map<string, Q>();
  req.projects.forEach((p: any, i: number) => {
    const row = rows[i];
    const where = `${file}: project ${p.id}`;
    const a = q(row.amount);
    const cost = q(p.cost);
    funded.set(p.id, a);
    const may = (p.sources ?? sourceIds).filter((s: string) => !(req.sources.find((x: any) => x.id === s).forbiddenCategories ?? []).includes(p.category));
    let parts = ZERO;
    for (const [s, v] of Object.entries<string>(row.bySource)) {
      expect(may, `${where} is paid by ${s}, which may not pay it`).toContain(s);
      expect(isWhole(div(q(v), g)) && cmp(q(v), ZERO) > 0, `${where}: ${s} pays whole granules`).toBe(true);
      parts = add(parts, q(v));
      paid.set(s, add(paid.get(s)!, q(v)));
      byCategory.get(s)!.push([p.category, q(v)]);
    }
    expect(show(parts), `${where}: its sources add up to its amount`).toBe(show(a));
    expect(row.chosen, `${where}: chosen ⇔ amount > 0`).toBe(cmp(a, ZERO) > 0);
    expect(cmp(a, cost) <= 0, `${where}: at most its cost`).toBe(true);
    if (req.kind === 'sources' || p.mandatory) expect(show(a), `${where} is funded in full`).toBe(show(cost));
    else if (!p.partial) expect(cmp(a, ZERO) === 0 || cmp(a, cost) === 0, `${where}: all or nothing`).toBe(true);
    if (p.town !== undefined) towns.set(p.town, add(towns.get(p.town) ?? ZERO, a));
  });

  // each source: within its budget, on or above its industry floor
  for (const s of req.sources) {
    const row = body.sources.find((x: any) => x.id === s.id);
    const used = paid.get(s.id)!;
    expect(show(q(row.used)), `${file}: ${s.id} used = Σ of what it pays`).toBe(show(used));
    expect(cmp(used, q(s.budget)) <= 0, `${file}: ${s.id} within its budget`).toBe(true);
    expect(show(q(row.unused)), `${file}: ${s.id} unused`).toBe(show(sub(q(s.budget), used)));
    if (s.floor !== undefined) {
      const share = industryShare(
        rule,
        byCategory.get(s.id)!.map(([c, v]) => [c, { num: v.n, den: v.d }] as const),
      );
      if (share.share) {
        expect(cmp(Q(share.share.num, share.share.den), q(s.floor)) >= 0, `${file}: ${s.id} on or above its industry floor`).toBe(true);
      }
    }
  }
  for (const [town, cap] of Object.entries<string>(req.townCaps ?? {})) {
    expect(cmp(towns.get(town) ?? ZERO, q(cap)) <= 0, `${file}: town ${town} within its cap`).toBe(true);
  }

  // the plan's value, recomputed exactly, is the oracle's optimum
  if (oracle.objective) {
    const mode = oracle.objective.mode;
    const weights: Record<string, string> = req.objective.priorityWeights ?? {};
    const valueOf = (p: any) => mul(projectValue(req, p), div(funded.get(p.id)!, q(p.cost)));
    const weighted = (p: any) => (mode === 'weighted' && p.priority !== undefined ? mul(valueOf(p), q(weights[String(p.priority)] ?? '1')) : valueOf(p));
    expect(show(sum(req.projects.map(weighted))), `objective (${mode}) recomputed from the plan`).toBe(oracle.objective.exact);
    expect(body.summary.objective, 'objective text has exactly 6 decimals').toMatch(/^-?\d+\.\d{6}$/);
    expect(show(q(body.summary.objective)), 'objective text = exact value to 6 places').toBe(show(round6(q(oracle.objective.exact))));
  }
  if (oracle.priorityStages) {
    const stages = oracle.priorityStages.map((st: any) => {
      const members = req.projects.filter((p: any) => (p.priority ?? null) === st.priority);
      return show(sum(members.map((p: any) => mul(projectValue(req, p), div(funded.get(p.id)!, q(p.cost))))));
    });
    expect(stages, 'value of each priority class recomputed from the plan').toEqual(oracle.priorityStages.map((s: any) => s.exact));
  }
}

/**
 * The optimizer's variants of a file: each backend forced, or the direct method's problem through the LP
 * (the same minimum; amounts compared only when the oracle says the optimum is unique). A 422 of rules that
 * cannot all hold is the same whatever solves it.
 */
export function optimizationVariants(doc: ScenarioFile): [string, ScenarioFile][] {
  const req = doc.request as any;
  const body = doc.expected!.body as any;
  const direct =
    req.kind === 'regions' && (doc.expected!.status === 200 ? body.summary.method === 'direct' : req.groups === undefined && req.method !== 'lp');
  if (!direct) {
    return (['jslp', 'highs'] as const).map((backend) => [`backend ${backend}`, { ...doc, request: { ...req, solver: { ...req.solver, backend } } }]);
  }
  if (doc.expected!.status !== 200) return [['method lp', { ...doc, request: { ...req, method: 'lp' } }]];
  const unique = doc.oracle?.optimalVectors === '1';
  const rows = body.rows.map(({ amount, ...row }: any) => (unique && amount !== undefined ? { ...row, amount } : row));
  return [
    [
      'method lp',
      { ...doc, request: { ...req, method: 'lp' }, expected: { ...doc.expected!, body: { ...body, summary: { ...body.summary, method: 'milp' }, rows } } },
    ],
  ];
}
