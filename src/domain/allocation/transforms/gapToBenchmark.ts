/** gapToBenchmark: max(0, benchmark − x_i), the distance below a line; above it counts zero. */
import { atScale, pow10 } from '../../../core/money.js';
import { issue } from '../../../messages/index.js';
import { atCommonScale, decimalUnit, nonNegative, readNumbers, withSum } from './column.js';
import type { Transform } from './transform.js';

export const gapToBenchmark = {
  id: 'gapToBenchmark',
  about: { en: 'the distance below a line: max(0, benchmark − x)', zh: '低于基准线的差距：max(0, 基准 − x)' },
  parameters: [
    { name: 'benchmark', type: 'decimal', required: true, about: { en: 'The line (e.g. a provincial average income).', zh: '基准线（如全省平均收入）。' } },
  ],
  prepare(spec, at, issues) {
    if (spec.benchmark === undefined) issues.push(issue(`${at}/benchmark`, 'benchmark-missing'));
    return { benchmark: nonNegative(spec.benchmark, at, 'benchmark', issues) };
  },
  column(ind, factorIndex, regions, issues) {
    const raw = readNumbers(ind, regions, issues);
    if (!raw) return undefined;
    const { xs, scale } = atCommonScale(raw);
    const b = ind.benchmark!;
    const s = Math.max(scale, b.scale);
    const line = atScale(b, s);
    const lift = pow10(s - scale);
    const values = xs.map((x) => {
      const gap = line - x * lift;
      return gap > 0n ? gap : 0n;
    });
    return withSum({ indicator: ind, factorIndex, raw, values, unit: decimalUnit(s), exact: true });
  },
} as const satisfies Transform<'gapToBenchmark'>;
