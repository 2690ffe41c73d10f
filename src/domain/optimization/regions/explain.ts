/**
 * ?explain=true for kind regions solved by the direct method: one plain sentence per amount, in English and
 * Chinese, saying how it came about — the bound that held (and the rule behind it), its target reached to the
 * granule, or its part of the λ fill when the total falls short of the targets or exceeds them.
 */
import { toText } from '../../../core/money.js';
import type { RegionRowTrace } from '../problems.js';
import { toDecimal } from '../../../core/rational.js';
import { capReason, floorReason, type RegionProblem } from './input.js';
import { money, percentText } from './report.js';

/** Each region's trace, in row order, from the amounts (granules) and λ of the partial class (or null). */
export function rowReasons(p: RegionProblem, x: readonly bigint[], lambda: { readonly num: bigint; readonly den: bigint } | null): RegionRowTrace[] {
  const D = p.targetDen;
  const g = toText(p.granularity);
  const lam = lambda ? toDecimal(lambda, 6) : null;
  const trace = (bound: RegionRowTrace['bound'], filled: RegionRowTrace['filled'], reason: RegionRowTrace['reason']): RegionRowTrace => ({
    reason,
    bound,
    filled,
  });
  return x.map((xi, i) => {
    const target = p.targetText[i];
    const t = p.targetNum[i]; // target · D granules
    const dev = xi * D - t;
    const at = (lang: 'en' | 'zh') => money(p, xi, lang);
    const pct = t === 0n ? null : percentText(dev, t) + '%';
    const upper = p.upper[i];
    if (xi === p.lower[i] && (p.lowerBy[i] !== 'zero' || dev > 0n)) {
      const why = floorReason(p, i);
      const above = dev >= 0n; // the floor is at or above the target
      return trace(
        'minimum',
        null,
        above
          ? {
              en: `Target ${target}; its floor ${at('en')} (${why.en}) is above the target, so it gets the floor.`,
              zh: `目标额 ${target}；下限 ${at('zh')}（${why.zh}）高于目标额，按下限安排。`,
            }
          : {
              en: `Target ${target}; the total does not reach every target, and each granule went where it cuts the deviation most (by weight, or relative to the target): this region stays at its floor ${at('en')} (${why.en}).`,
              zh: `目标额 ${target}；总额不足以满足全部目标额，每一粒度都分给最能减少偏差的地区（按权重或相对偏差），该地区保持在下限 ${at('zh')}（${why.zh}）。`,
            },
      );
    }
    if (upper !== undefined && xi === upper) {
      const why = capReason(p, i);
      const below = dev <= 0n; // the cap is at or below the target
      return trace(
        'maximum',
        null,
        below
          ? {
              en: `Target ${target}; its cap ${at('en')} (${why.en}) is below the target, so it gets the cap.`,
              zh: `目标额 ${target}；上限 ${at('zh')}（${why.zh}）低于目标额，按上限安排。`,
            }
          : {
              en: `Target ${target}; the total exceeds the targets, and the surplus fills it up to its cap ${at('en')} (${why.en}).`,
              zh: `目标额 ${target}；总额超过目标额合计，盈余使其达到上限 ${at('zh')}（${why.zh}）。`,
            },
      );
    }
    const absDev = dev < 0n ? -dev : dev;
    if (absDev < D) {
      return trace(
        null,
        'target',
        dev === 0n
          ? { en: `Gets its target ${target} exactly.`, zh: `按目标额 ${target} 足额安排。` }
          : {
              en: `Gets its target ${target}, in whole granules of ${g}: ${at('en')}.`,
              zh: `按目标额 ${target} 安排，按粒度 ${g} 取整为 ${at('zh')}。`,
            },
      );
    }
    const fill = lam
      ? {
          en: ` (λ = ${lam}: amount ≈ λ × target, then whole granules of ${g} by largest remainder)`,
          zh: `（λ = ${lam}：金额 ≈ λ × 目标额，再按粒度 ${g} 以最大余数法取整）`,
        }
      : { en: '', zh: '' };
    if (dev < 0n) {
      return trace(null, 'short', {
        en: `Target ${target}; the total does not reach every target, so the regions within their bounds share what is left in proportion to their targets${fill.en}: it gets ${at('en')}, ${pct} against its target.`,
        zh: `目标额 ${target}；总额不足以满足全部目标额，未受上下限约束的地区按目标额比例分配余下资金${fill.zh}：安排 ${at('zh')}，较目标额 ${pct}。`,
      });
    }
    return trace(null, 'surplus', {
      en: `Target ${target}; the total exceeds the targets, so the regions below their caps share the surplus in proportion to their targets${fill.en}: it gets ${at('en')}, ${pct === null ? 'above a zero target' : `+${pct} against its target`}.`,
      zh: `目标额 ${target}；总额超过目标额合计，未达上限的地区按目标额比例分享盈余${fill.zh}：安排 ${at('zh')}，${pct === null ? '目标额为 0' : `较目标额 +${pct}`}。`,
    });
  });
}
