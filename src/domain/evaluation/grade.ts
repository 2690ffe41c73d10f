/**
 * The grade: the first band (highest `min` first) whose lower bound the total reaches. Bands are half-open,
 * [min, next band's min): with the default bands 89.5 is 良, since "优 ≥ 90" and "良 80–89" leave 89–90 to 良.
 * basis "exact" compares the exact total, "rounded" the total as shown.
 */
import type { PreparedGrades } from './prepare.js';
import { approx, cmp, Q } from '../../core/rational.js';
import type { Bilingual } from './types.js';

export interface GradeResult {
  readonly grade: string;
  readonly en: string;
  readonly minimum: string;
  readonly basis: 'exact' | 'rounded';
  readonly reason: Bilingual;
}

export function grade(grades: PreparedGrades, basis: 'exact' | 'rounded', exact: Q, shown: Q): GradeResult {
  const total = basis === 'exact' ? exact : shown;
  const i = grades.bands.findIndex((b) => cmp(total, b.min) >= 0);
  const band = grades.bands[i === -1 ? grades.bands.length - 1 : i];
  const upper = i > 0 ? grades.bands[i - 1].min : undefined;
  const range = upper ? `${approx(band.min)} ≤ total < ${approx(upper)}` : `total ≥ ${approx(band.min)}`;
  const rangeZh = upper ? `${approx(band.min)} ≤ 总分 < ${approx(upper)}` : `总分 ≥ ${approx(band.min)}`;
  const on = basis === 'exact' ? { en: 'the exact total', zh: '精确总分' } : { en: 'the total as shown', zh: '显示的总分' };
  return {
    grade: band.grade,
    en: band.en,
    minimum: approx(band.min),
    basis,
    reason: {
      en: `${approx(total)} (${on.en}) is in the band ${range}: ${band.grade} (${band.en}).`,
      zh: `${approx(total)}（${on.zh}）属于 ${rangeZh} 一档：${band.grade}。`,
    },
  };
}
