/** How bounds, tiers and rounding are written in reasons, the same way in English and Chinese. */
import type { NumericOptions } from './rules/numeric.js';
import type { PreparedTier } from './tiers.js';
import { approx, percent, Q } from '../../core/rational.js';
import type { Bilingual, RoundingSpec } from './types.js';

/** A bound or value in the rule's terms: a rate as a percentage, a number with its unit. */
export function show(x: Q, rule: NumericOptions): Bilingual {
  if (rule.rate) return { en: percent(x), zh: percent(x) };
  const n = approx(x);
  return rule.unit ? { en: `${n} ${rule.unit.en}`, zh: `${n}${rule.unit.zh}` } : { en: n, zh: n };
}

/** "80% ≤ x < 90%", "= 100%", "≥ 90%", "< 80%": which values a tier holds. */
export function tierLabel(t: PreparedTier, rule: NumericOptions): Bilingual {
  const lo = t.min && show(t.min, rule);
  const hi = t.max && show(t.max, rule);
  const ge = t.minInclusive ? '≤' : '<';
  const le = t.maxInclusive ? '≤' : '<';
  if (lo && hi && t.min!.num * t.max!.den === t.max!.num * t.min!.den) return { en: `= ${lo.en}`, zh: `= ${lo.zh}` };
  if (lo && hi) return { en: `${lo.en} ${ge} x ${le} ${hi.en}`, zh: `${lo.zh} ${ge} x ${le} ${hi.zh}` };
  if (lo) return { en: `${t.minInclusive ? '≥' : '>'} ${lo.en}`, zh: `${t.minInclusive ? '≥' : '>'} ${lo.zh}` };
  if (hi) return { en: `${t.maxInclusive ? '≤' : '<'} ${hi.en}`, zh: `${t.maxInclusive ? '≤' : '<'} ${hi.zh}` };
  return { en: 'any value', zh: '任意取值' };
}

const MODE: Record<RoundingSpec['mode'], Bilingual> = {
  halfUp: { en: 'half up', zh: '四舍五入' },
  down: { en: 'down', zh: '向下舍去' },
  up: { en: 'up', zh: '向上进位' },
};

/** "rounded half up to 1 decimal" / "四舍五入保留 1 位小数". */
export function roundingText(r: { places: number; mode: RoundingSpec['mode'] }): Bilingual {
  if (r.places === 0) return { en: `rounded ${MODE[r.mode].en} to a whole number`, zh: `${MODE[r.mode].zh}取整` };
  return { en: `rounded ${MODE[r.mode].en} to ${r.places} decimal${r.places > 1 ? 's' : ''}`, zh: `${MODE[r.mode].zh}保留 ${r.places} 位小数` };
}

export function join(parts: readonly Bilingual[], en = '; ', zh = '；'): Bilingual {
  return { en: parts.map((p) => p.en).join(en), zh: parts.map((p) => p.zh).join(zh) };
}
