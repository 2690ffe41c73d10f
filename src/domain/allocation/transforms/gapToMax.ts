/** gapToMax: max_j x_j − x_i, the distance below the best-off region. */
import { atCommonScale, decimalUnit, readNumbers, withSum } from './column.js';
import type { Transform } from './transform.js';

export const gapToMax = {
  id: 'gapToMax',
  about: { en: 'the distance below the highest value: max − x', zh: '与最高值之差：最高值 − x' },
  parameters: [],
  prepare: () => ({}),
  column(ind, factorIndex, regions, issues) {
    const raw = readNumbers(ind, regions, issues);
    if (!raw) return undefined;
    const { xs, scale } = atCommonScale(raw);
    let max = 0n;
    for (const x of xs) if (x > max) max = x;
    return withSum({ indicator: ind, factorIndex, raw, values: xs.map((x) => max - x), unit: decimalUnit(scale), exact: true });
  },
} as const satisfies Transform<'gapToMax'>;
