/** Units of money. Every amount travels with its unit. */
import { normalise, type Scaled } from './decimal.js';

/** 元 or 万元 (10,000 yuan). Every amount travels with its unit. */
export type Unit = 'yuan' | 'wan';
export const UNITS: readonly Unit[] = ['yuan', 'wan'];
export const YUAN_PER: Readonly<Record<Unit, bigint>> = { yuan: 1n, wan: 10_000n };

/** Converts an amount between 元 and 万元 exactly (万元 → 元 multiplies by 10,000; the reverse adds 4 decimals). */
export function convert(x: Scaled, from: Unit, to: Unit): Scaled {
  if (from === to) return x;
  if (from === 'wan') return normalise({ coefficient: x.coefficient * YUAN_PER.wan, scale: x.scale });
  return normalise({ coefficient: x.coefficient, scale: x.scale + 4 });
}
