/** coefficient: a category → a coefficient (national key county 1.5, provincial 1.2, other 1.0). */
import type { Issue } from '../../../core/errors.js';
import type { Scaled } from '../../../core/money.js';
import { atScale } from '../../../core/money.js';
import { own } from '../../../core/records.js';
import { issue } from '../../../messages/index.js';
import { decimalUnit, MAX_ISSUES, nonNegative, valuePath, withSum } from './column.js';
import type { Transform } from './transform.js';

export const coefficient = {
  id: 'coefficient',
  about: { en: 'a category → its coefficient (e.g. national key county 1.5)', zh: '类别 → 系数（如国家重点帮扶县 1.5）' },
  parameters: [
    { name: 'coefficients', type: 'decimalByCategory', required: true, about: { en: 'Category → coefficient.', zh: '类别 → 系数。' } },
    {
      name: 'default',
      type: 'decimal',
      required: false,
      about: {
        en: 'The coefficient of a category not in the map; without it an unknown category is an error.',
        zh: '未列出类别的系数；不给出时，未知类别报错。',
      },
    },
  ],
  prepare(spec, at, issues) {
    const map = new Map<string, Scaled>();
    const entries = Object.entries(spec.coefficients ?? {});
    if (entries.length === 0) issues.push(issue(`${at}/coefficients`, 'coefficients-missing'));
    for (const [category, value] of entries) {
      const c = nonNegative(value, at, `coefficients/${category}`, issues);
      if (c) map.set(category, c);
    }
    return { coefficients: map, default: nonNegative(spec.default, at, 'default', issues) };
  },
  column(ind, factorIndex, regions, issues: Issue[]) {
    const map = ind.coefficients!;
    let scale = ind.default?.scale ?? 0;
    for (const c of map.values()) if (c.scale > scale) scale = c.scale;
    const known = [...map.keys()].map((k) => JSON.stringify(k)).join(', ');
    const raw = new Array<string>(regions.length);
    const values = new Array<bigint>(regions.length);
    const before = issues.length;
    for (let i = 0; i < regions.length; i++) {
      const value = own(regions[i].indicators, ind.input);
      const category = value === undefined ? undefined : String(value);
      const c = category === undefined ? ind.default : (map.get(category) ?? ind.default);
      if (c === undefined) {
        if (issues.length < MAX_ISSUES) {
          issues.push(
            value === undefined
              ? issue(valuePath(i, ind.input), 'category-missing', { region: regions[i].id, input: ind.input, known })
              : issue(valuePath(i, ind.input), 'unknown-category', { shown: JSON.stringify(value), input: ind.input, known }),
          );
        }
        continue;
      }
      raw[i] = category ?? '(default)';
      values[i] = atScale(c, scale);
    }
    if (issues.length !== before) return undefined;
    return withSum({ indicator: ind, factorIndex, raw, values, unit: decimalUnit(scale), exact: true });
  },
} as const satisfies Transform<'coefficient'>;
