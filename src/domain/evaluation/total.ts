/**
 * The total: the indicators' sum, rescaled to the table's points when some do not apply (sum × 100 /
 * applicable points), plus bonus, minus penalty, not below 0; exact, then shown with the model's rounding.
 */
import { add, approx, cmp, div, max, mul, Q, round, sub, text, ZERO } from '../../core/rational.js';
import { roundingText } from './text.js';
import type { Bilingual, RoundingSpec } from './types.js';

export interface TotalInput {
  readonly points: Q;
  readonly applicablePoints: Q;
  readonly sum: Q;
  readonly notApplicable: number;
  readonly bonus: Q;
  readonly penalty: Q;
  readonly rounding: { readonly places: number; readonly mode: RoundingSpec['mode'] };
}

export interface Total {
  readonly exact: Q;
  readonly shown: Q;
  readonly rescaled?: { readonly total: string; readonly exact: string; readonly reason: Bilingual };
  readonly reason: Bilingual;
}

export function total(t: TotalInput): Total {
  const { places, mode } = t.rounding;
  const rescale = cmp(t.applicablePoints, t.points) < 0;
  const base = rescale ? div(mul(t.sum, t.points), t.applicablePoints) : t.sum;
  const before = sub(add(base, t.bonus), t.penalty);
  const exact = max(ZERO, before);
  const shown = round(exact, places, mode);
  const formula = `${text(t.sum)} × ${text(t.points)} / ${text(t.applicablePoints)} = ${approx(base)}`;

  const steps: Bilingual[] = [
    rescale
      ? {
          en: `${text(t.sum)} of the ${text(t.applicablePoints)} applicable points, rescaled to ${text(t.points)}: ${formula}`,
          zh: `应得 ${text(t.applicablePoints)} 分中得 ${text(t.sum)} 分，折算为 ${text(t.points)} 分制：${formula}`,
        }
      : { en: `the indicators add up to ${text(t.sum)} of ${text(t.points)}`, zh: `各指标得分合计 ${text(t.sum)} 分（满分 ${text(t.points)} 分）` },
  ];
  if (t.bonus.num !== 0n) steps.push({ en: `plus ${text(t.bonus)} bonus`, zh: `加分 ${text(t.bonus)} 分` });
  const floored = cmp(before, ZERO) < 0;
  if (t.penalty.num !== 0n)
    steps.push({ en: `minus ${text(t.penalty)} penalty${floored ? ', not below 0' : ''}`, zh: `扣分 ${text(t.penalty)} 分${floored ? '，最低为 0' : ''}` });
  if (cmp(shown, exact) !== 0) {
    const how = roundingText({ places, mode });
    steps.push({ en: `${how.en}: ${text(shown)}`, zh: `${how.zh}：${text(shown)}` });
  }
  return {
    exact,
    shown,
    ...(rescale
      ? {
          rescaled: {
            total: text(round(base, places, mode)),
            exact: approx(base),
            reason: { en: `${t.notApplicable} indicator(s) do not apply: ${formula}.`, zh: `${t.notApplicable} 项指标不适用：${formula}。` },
          },
        }
      : {}),
    reason: { en: steps.map((s) => s.en).join('; ') + '.', zh: steps.map((s) => s.zh).join('；') + '。' },
  };
}
