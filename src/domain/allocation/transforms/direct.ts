/** direct: more → more (脱贫人口, 监测对象 …); the value as given. */
import { atCommonScale, decimalUnit, readNumbers, withSum } from './column.js';
import type { Transform } from './transform.js';

export const direct = {
  id: 'direct',
  about: { en: 'more → more: the value as given', zh: '正向：按原值，越多越多' },
  parameters: [],
  prepare: () => ({}),
  column(ind, factorIndex, regions, issues) {
    const raw = readNumbers(ind, regions, issues);
    if (!raw) return undefined;
    const { xs, scale } = atCommonScale(raw);
    return withSum({ indicator: ind, factorIndex, raw, values: xs, unit: decimalUnit(scale), exact: true });
  },
} as const satisfies Transform<'direct'>;
