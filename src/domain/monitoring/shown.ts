/**
 * Numbers as shown beside a colour. A colour is decided on the exact value; the text is rounded. Where the
 * rounding would carry a value onto or across an edge it was compared with (0.49998 shown as "50.00" beside
 * a yellow against 50%), the text gets as many more decimals as it takes to stay on its side ("49.998").
 */
import type { Ratio } from '../../core/money.js';
import { ratioToText } from '../../core/money.js';
import { cmp } from '../../core/rational.js';

/** `value` × `scale` rounded half away from zero to `places` decimals, as an exact ratio of value's units. */
function rounded(value: Ratio, places: number, scale: bigint): Ratio {
  const den = scale * 10n ** BigInt(places);
  const n = (value.num < 0n ? -value.num : value.num) * den;
  let q = n / value.den;
  if ((n - q * value.den) * 2n >= value.den) q += 1n;
  return { num: value.num < 0n ? -q : q, den };
}

/**
 * A cheap filter: rounding moves a value by at most half a unit of the last place, so a value further than
 * that from every edge stays on its side. Doubles decide only with a wide margin for their error.
 */
function farFromEdges(value: Ratio, edges: readonly Ratio[], places: number, scale: bigint): boolean {
  const x = Number(value.num) / Number(value.den);
  if (!Number.isFinite(x)) return edges.length === 0;
  const half = 0.5 / (Number(scale) * 10 ** places);
  return edges.every((e) => {
    const y = Number(e.num) / Number(e.den);
    return Math.abs(x - y) > half + 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  });
}

/** Below an edge shows below it; on or above it shows on or above it. */
function sameSide(value: Ratio, shown: Ratio, edges: readonly Ratio[]): boolean {
  return edges.every((e) => cmp(value, e) < 0 === cmp(shown, e) < 0);
}

/**
 * `value` × `scale` with `places` decimals, or the fewest more that keep it on its side of every edge
 * (edges in value's units, decimals). A value off every edge is shown on its side once the rounding error is
 * below its distance, and one on an edge once the edge's own decimals are shown; the bound only guards a loop.
 */
export function textOnItsSide(value: Ratio, edges: readonly Ratio[], places: number, scale = 1n): string {
  if (farFromEdges(value, edges, places, scale)) return ratioToText(value.num, value.den, places, scale);
  let p = places;
  while (p < places + 64 && !sameSide(value, rounded(value, p, scale), edges)) p += 1;
  return ratioToText(value.num, value.den, p, scale);
}
