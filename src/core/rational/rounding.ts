/**
 * The one list of rounding modes, and rounding a rational to an integer or to a number of decimals.
 *
 * The engine's names are `nearest` (half away from zero), `up` (ceiling) and `down` (floor). The evaluation
 * model's wire vocabulary (schema `EvaluationRounding.mode`, models/evaluation/*.json) writes `nearest` as
 * `halfUp`: `RoundMode` is that spelling, derived from this list, not a second list.
 */
import { pow10 } from '../money/decimal.js';
import { neg, rat, type Ratio } from './ratio.js';

/** The rounding modes: nearest = half away from zero, up = ceiling (toward +∞), down = floor (toward −∞). */
export const ROUNDINGS = ['nearest', 'up', 'down'] as const;
export type Rounding = (typeof ROUNDINGS)[number];

/** How requests and models spell the modes: `halfUp` is `nearest`. */
export const ROUND_MODES = { halfUp: 'nearest', up: 'up', down: 'down' } as const satisfies Record<string, Rounding>;
export type RoundMode = keyof typeof ROUND_MODES;

/** A mode in either spelling, as the engine's name. */
export function rounding(mode: Rounding | RoundMode): Rounding {
  return mode === 'halfUp' ? 'nearest' : mode;
}

/** An integer from a rational: nearest (halves away from zero), up (ceiling) or down (floor). */
export function roundRatio(r: Ratio, mode: Rounding): bigint {
  const { num, den } = r;
  const q = num / den; // truncates toward zero
  const rem = num - q * den;
  if (rem === 0n) return q;
  const floor = rem < 0n ? q - 1n : q;
  if (mode === 'down') return floor;
  if (mode === 'up') return floor + 1n;
  const twice = 2n * (num - floor * den); // in (0, 2·den)
  if (twice > den) return floor + 1n;
  if (twice < den) return floor;
  return num < 0n ? floor : floor + 1n;
}

export function floor(a: Ratio): bigint {
  const q = a.num / a.den;
  return a.num < 0n && q * a.den !== a.num ? q - 1n : q;
}

export function ceil(a: Ratio): bigint {
  return -floor(neg(a));
}

/** x rounded to `places` decimals: half away from zero (nearest / halfUp), floor (down) or ceiling (up). */
export function round(x: Ratio, places: number, mode: Rounding | RoundMode): Ratio {
  const scale = pow10(places);
  return rat(roundRatio({ num: x.num * scale, den: x.den }, rounding(mode)), scale);
}

/** A decimal at least as large as a (rounded toward +∞) with `places` decimals. */
export function toDecimalUp(a: Ratio, places: number): Ratio {
  return round(a, places, 'up');
}
