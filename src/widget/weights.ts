/**
 * The weight sliders' arithmetic, pure and exact (integers only): whole percents that always add up to 100.
 *
 * rebalance: the moved factor takes its value (a whole number clamped to 0..100); the rest, 100 − value, is
 * shared among the other factors in proportion to their current values and rounded by largest remainder.
 * Tie-break: among equal remainders the earlier factor (in the record's key order, the model's factor order)
 * gets the extra percent first. If the others are all 0 the rest is spread equally (same rounding). With a
 * single factor the sum wins: it stays 100.
 */
import DecimalJs from 'decimal.js';

export type Percents = Record<string, number>;

/** A whole percent in 0..100 from anything a slider or an attribute can give (NaN → 0). */
export function clampPercent(value: number): number {
  if (!Number.isFinite(value)) return 0;
  const n = Math.round(value);
  return n <= 0 ? 0 : n > 100 ? 100 : n; // <= also turns −0 into 0
}

/**
 * Splits `amount` whole units among `parts` (non-negative integers) in proportion, by largest remainder; all
 * parts 0 → equal split. Ties go to the earlier index. The result always adds up to `amount`.
 */
export function largestRemainder(amount: number, parts: readonly number[]): number[] {
  const n = parts.length;
  if (n === 0) return [];
  const base = parts.map((p) => (Number.isFinite(p) && p > 0 ? Math.round(p) : 0));
  let denominator = base.reduce((s, p) => s + p, 0);
  const weights = denominator === 0 ? base.map(() => 1) : base;
  if (denominator === 0) denominator = n;
  // amount ≤ 100 and denominators are sums of percents: every product stays far inside 2^53
  const floors = weights.map((w) => Math.floor((amount * w) / denominator));
  const remainders = weights.map((w) => (amount * w) % denominator);
  let left = amount - floors.reduce((s, f) => s + f, 0);
  const order = weights.map((_, i) => i).sort((a, b) => remainders[b] - remainders[a] || a - b);
  for (const i of order) {
    if (left <= 0) break;
    floors[i] += 1;
    left -= 1;
  }
  return floors;
}

/** Moves one factor to `value` and rebalances the others so the whole is exactly 100 (see the file's comment). */
export function rebalance(weights: Percents, changed: string, value: number): Percents {
  const ids = Object.keys(weights);
  if (!ids.includes(changed)) return normalise(weights);
  if (ids.length === 1) return { [changed]: 100 };
  const v = clampPercent(value);
  const others = ids.filter((id) => id !== changed);
  const shares = largestRemainder(
    100 - v,
    others.map((id) => clampPercent(weights[id])),
  );
  const out: Percents = {};
  for (const id of ids) out[id] = id === changed ? v : shares[others.indexOf(id)];
  return out;
}

/** Any non-negative percents brought to whole percents adding up to 100 (in proportion, largest remainder). */
export function normalise(weights: Percents): Percents {
  const ids = Object.keys(weights);
  const shares = largestRemainder(
    100,
    ids.map((id) => clampPercent(weights[id])),
  );
  return Object.fromEntries(ids.map((id, i) => [id, shares[i]]));
}

/** A percent as the engine's weight: a fraction with 2 decimals ("0.35"). */
export function toFraction(percent: number): string {
  return (clampPercent(percent) / 100).toFixed(2);
}

/** The engine's weights from slider percents: { policy: "0.35", … }. */
export function toFractions(weights: Percents): Record<string, string> {
  return Object.fromEntries(Object.entries(weights).map(([id, p]) => [id, toFraction(p)]));
}

/** A model's factor weights ("0.35", 0.3, "30%") as whole percents adding up to 100 (largest remainder when not whole). */
export function percentsOf(factors: readonly { id: string; weight: unknown }[]): Percents {
  const raw = factors.map((f) => {
    const d = decimalOf(f.weight);
    return d ? d.times(100) : new DecimalJs(0);
  });
  const whole = raw.every((d) => d.isInteger() && d.gte(0) && d.lte(100));
  const sum = raw.reduce((s, d) => s.plus(d), new DecimalJs(0));
  if (whole && sum.eq(100)) return Object.fromEntries(factors.map((f, i) => [f.id, raw[i].toNumber()]));
  // not whole percents: in ten-thousandths of a percent (whole numbers), then largest remainder to 100
  const scaled = raw.map((d) => (d.gt(0) ? Math.min(d.times(10000).round().toNumber(), 1e9) : 0));
  const shares = largestRemainder(100, scaled);
  return Object.fromEntries(factors.map((f, i) => [f.id, shares[i]]));
}

/** "0.35", 0.35, "35%" → an exact decimal, or undefined when it is not a number. */
export function decimalOf(value: unknown): DecimalJs | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? new DecimalJs(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  const percent = s.endsWith('%');
  const body = percent ? s.slice(0, -1).trim() : s;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(body)) return undefined;
  const d = new DecimalJs(body);
  return percent ? d.div(100) : d;
}

export type WeightsAttribute = { readonly ok: true; readonly fractions: Record<string, string> } | { readonly ok: false; readonly bad: readonly string[] };

/**
 * The `weights` attribute: "policy:40%,population:30%,…" or "policy:0.4,…" (also ";" or whitespace between).
 * Each value becomes the exact fraction the engine takes ("40%" → "0.4"); whether they add up to 1 is left to
 * the engine, whose weights-not-one message says it best. Parts that cannot be read are returned as `bad`.
 */
export function parseWeightsAttribute(text: string): WeightsAttribute {
  const fractions: Record<string, string> = {};
  const bad: string[] = [];
  for (const part of text.split(/[,;\s]+/).filter((p) => p !== '')) {
    const at = part.indexOf(':') >= 0 ? part.indexOf(':') : part.indexOf('=');
    const id = at > 0 ? part.slice(0, at).trim() : '';
    const d = at > 0 ? decimalOf(part.slice(at + 1)) : undefined;
    if (!id || !d || d.isNegative()) bad.push(part);
    else fractions[id] = d.toFixed();
  }
  return bad.length > 0 ? { ok: false, bad } : { ok: true, fractions };
}

/** Percents for the sliders from exact fractions (rounded to whole percents; the sum is not forced). */
export function slidersOf(fractions: Record<string, string>, order: readonly string[]): Percents {
  const out: Percents = {};
  for (const id of order) {
    const d = decimalOf(fractions[id]);
    out[id] = d ? clampPercent(d.times(100).toNumber()) : 0;
  }
  return out;
}

/** Same ids, same values. */
export function samePercents(a: Percents, b: Percents): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
