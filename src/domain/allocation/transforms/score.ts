/** score: plain points, more → more, optionally bounded by `maximum` (a score above it is refused). */
import { issue } from '../../../messages/index.js';
import { atCommonScale, compareScaled, decimalUnit, nonNegative, readNumbers, type Refuse, withSum } from './column.js';
import type { Transform } from './transform.js';

const aboveMaximum: Refuse = (x, ind, at, shown) =>
  ind.maximum !== undefined && compareScaled(x, ind.maximum) > 0
    ? issue(at(), 'score-above-max', { shown: shown(), max: String(ind.spec.maximum) })
    : undefined;

export const score = {
  id: 'score',
  about: { en: 'points, more → more, at most `maximum` when given', zh: '分值：越高越多，给出 `maximum` 时不得超过' },
  parameters: [{ name: 'maximum', type: 'decimal', required: false, about: { en: 'The highest valid score.', zh: '最高有效分值。' } }],
  prepare: (spec, at, issues) => ({ maximum: nonNegative(spec.maximum, at, 'maximum', issues) }),
  column(ind, factorIndex, regions, issues) {
    const raw = readNumbers(ind, regions, issues, ind.maximum !== undefined ? aboveMaximum : undefined);
    if (!raw) return undefined;
    const { xs, scale } = atCommonScale(raw);
    return withSum({ indicator: ind, factorIndex, raw, values: xs, unit: decimalUnit(scale), exact: true });
  },
} as const satisfies Transform<'score'>;
