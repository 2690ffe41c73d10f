/**
 * Scores one rule exactly: the raw score on the rule's own scale (0 … best) and, in English and Chinese,
 * which tier or clause applied and the arithmetic. Scaling to the indicator's points and rounding come after
 * (indicator.ts), so a checklist item and an indicator are scored the same way.
 */
import { Issue, pointerSegment } from '../../core/errors.js';
import type { NumericOptions, PreparedRule } from './prepare.js';
import { approx, clamp, cmp, div, eq, max, min, mul, ONE, percent, q, Q, sub, sum, ZERO } from './rational.js';
import { join, show, tierLabel } from './text.js';
import { inTier } from './tiers.js';
import type { Bilingual } from './types.js';
import type { Measured } from './values.js';

export interface Outcome {
  /** exact, on the rule's scale: 0 … rule.best */
  readonly raw: Q;
  readonly why: Bilingual;
}

const n = (x: Q) => approx(x);

export function scoreRule(rule: PreparedRule, m: Measured, path: string, issues: Issue[]): Outcome | undefined {
  const best = rule.best;
  if (m.kind === 'emptyRatio' && 'whenDenominatorZero' in rule) {
    const full = rule.whenDenominatorZero === 'full';
    return {
      raw: full ? best : ZERO,
      why: full
        ? { en: `0 of 0 (none required): the rule gives full marks, ${n(best)}`, zh: `0/0（无应办事项）：按规则得满分 ${n(best)} 分` }
        : { en: '0 of 0 (none required): the rule gives 0', zh: '0/0（无应办事项）：按规则得 0 分' },
    };
  }
  switch (rule.kind) {
    case 'tiers': {
      if (m.kind !== 'number') return undefined;
      const tier = rule.tiers.find((t) => inTier(t, m.x));
      if (!tier) {
        const labels = rule.tiers.map((t) => tierLabel(t, rule));
        issues.push({
          path,
          en: `${m.shown.en} falls in none of the rule's tiers (${labels.map((l) => l.en).join('; ')}).`,
          zh: `${m.shown.zh} 不属于该规则的任何一档（${labels.map((l) => l.zh).join('；')}）。`,
        });
        return undefined;
      }
      const label = tierLabel(tier, rule);
      return { raw: tier.score, why: { en: `${m.shown.en} is in the tier ${label.en} → ${n(tier.score)}`, zh: `${m.shown.zh} 属于 ${label.zh} 档 → ${n(tier.score)} 分` } };
    }
    case 'linear': {
      if (m.kind === 'number') return linear(rule, best, m.x, m.shown);
      if (m.kind !== 'tranches') return undefined;
      // 按资金量和时长加权: each tranche scored on its own, weighted by its amount
      const parts = m.parts.map((p) => ({ ...p, out: linear(rule, best, p.x, p.shown) }));
      const weight = sum(parts.map((p) => p.amount));
      const raw = div(sum(parts.map((p) => mul(p.amount, p.out.raw))), weight);
      const each = join(parts.map((p) => ({ en: `${n(p.amount)} at ${p.shown.en} → ${n(p.out.raw)}`, zh: `${n(p.amount)}（${p.shown.zh}）→ ${n(p.out.raw)}` })));
      return {
        raw,
        why: {
          en: `weighted by amount over ${parts.length} tranche(s) [${each.en}]: Σ amount × score / Σ amount = ${n(raw)}`,
          zh: `按资金量加权，共 ${parts.length} 笔［${each.zh}］：Σ 金额 × 得分 / Σ 金额 = ${n(raw)}`,
        },
      };
    }
    case 'proportional': {
      if (m.kind !== 'number') return undefined;
      const full = show(rule.full, rule);
      const zero = show(rule.zero, rule);
      if (cmp(m.x, rule.full) >= 0) return { raw: best, why: { en: `${m.shown.en} ≥ ${full.en}: full marks, ${n(best)}`, zh: `${m.shown.zh} ≥ ${full.zh}：得满分 ${n(best)} 分` } };
      if (cmp(m.x, rule.zero) < 0) return { raw: ZERO, why: { en: `${m.shown.en} < ${zero.en}: 0`, zh: `${m.shown.zh} < ${zero.zh}：得 0 分` } };
      const raw = div(mul(best, m.x), rule.full);
      const formula = eq(rule.full, ONE) ? `${n(best)} × ${show(m.x, rule).en}` : `${n(best)} × ${show(m.x, rule).en} / ${full.en}`;
      return {
        raw,
        why: {
          en: `${m.shown.en} is between ${zero.en} and ${full.en}: pro rata ${formula} = ${n(raw)}, ${n(sub(best, raw))} short of full marks`,
          zh: `${m.shown.zh} 在 ${zero.zh} 与 ${full.zh} 之间：按比例 ${formula} = ${n(raw)} 分，比满分少 ${n(sub(best, raw))} 分`,
        },
      };
    }
    case 'deductions': {
      if (m.kind !== 'count') return undefined;
      if (m.n === 0n) return { raw: best, why: { en: `no findings: full marks, ${n(best)}`, zh: `未发现问题：得满分 ${n(best)} 分` } };
      const lost = mul(q(m.n), rule.each);
      const raw = max(ZERO, sub(best, lost));
      const floor = cmp(lost, best) > 0 ? { en: ', not below 0', zh: '，扣完为止' } : { en: '', zh: '' };
      return {
        raw,
        why: {
          en: `${m.n} finding(s) × ${n(rule.each)} = ${n(lost)} deducted from ${n(best)}${floor.en} → ${n(raw)}`,
          zh: `发现 ${m.n} 处 × ${n(rule.each)} = 扣 ${n(lost)} 分（满分 ${n(best)} 分${floor.zh}）→ ${n(raw)} 分`,
        },
      };
    }
    case 'occurrences': {
      if (m.kind !== 'count') return undefined;
      const got = mul(q(m.n), rule.each);
      const raw = min(best, got);
      const cap = cmp(got, best) > 0 ? { en: `, at most ${n(best)}`, zh: `，最多 ${n(best)} 分` } : { en: '', zh: '' };
      return { raw, why: { en: `${m.n} occurrence(s) × ${n(rule.each)} = ${n(got)}${cap.en} → ${n(raw)}`, zh: `${m.n} 次 × ${n(rule.each)} = ${n(got)} 分${cap.zh} → ${n(raw)} 分` } };
    }
    case 'yesNo': {
      if (m.kind !== 'bool') return undefined;
      const earns = m.yes === (rule.award === 'yes');
      const said = m.yes ? { en: 'yes', zh: '是' } : { en: 'no', zh: '否' };
      return { raw: earns ? best : ZERO, why: { en: `${said.en} → ${earns ? n(best) : '0'}`, zh: `${said.zh} → ${earns ? n(best) : '0'} 分` } };
    }
    case 'choice': {
      if (m.kind !== 'option') return undefined;
      const raw = rule.options.find(([k]) => k === m.key)![1];
      return { raw, why: { en: `"${m.key}" → ${n(raw)}`, zh: `"${m.key}" → ${n(raw)} 分` } };
    }
    case 'checklist': {
      if (m.kind !== 'items') return undefined;
      const parts: { score: Q; why: Bilingual }[] = [];
      for (const item of rule.items) {
        const mi = m.items.find(([id]) => id === item.id);
        const out = mi && scoreRule(item.rule, mi[1], `${path}/${pointerSegment(item.id)}`, issues);
        if (!out) return undefined;
        const score = div(mul(out.raw, item.points), item.rule.best);
        const scaled = item.rule.scaled ? { en: ` × ${n(item.points)}/${n(item.rule.best)}`, zh: ` × ${n(item.points)}/${n(item.rule.best)}` } : { en: '', zh: '' };
        const name = item.title ? { en: `${item.id} (${item.title.en})`, zh: item.title.zh } : { en: item.id, zh: item.id };
        parts.push({
          score,
          why: { en: `${name.en}: ${out.why.en}${scaled.en}`, zh: `${name.zh}：${out.why.zh}${scaled.zh}` },
        });
      }
      const raw = sum(parts.map((p) => p.score));
      const items = join(parts.map((p) => p.why));
      return { raw, why: { en: `items [${items.en}] add up to ${n(raw)} of ${n(best)}`, zh: `各项［${items.zh}］合计 ${n(raw)} 分（满分 ${n(best)} 分）` } };
    }
  }
}

/** Full marks at `full`, zero at `zero`, pro rata between; `full` may lie above or below `zero`. */
function linear(rule: { full: Q; zero: Q } & NumericOptions, best: Q, x: Q, shown: Bilingual): Outcome {
  const full = show(rule.full, rule);
  const zero = show(rule.zero, rule);
  const rising = cmp(rule.full, rule.zero) > 0;
  const towardFull = rising ? cmp(x, rule.full) >= 0 : cmp(x, rule.full) <= 0;
  const towardZero = rising ? cmp(x, rule.zero) <= 0 : cmp(x, rule.zero) >= 0;
  const op = rising ? { full: '≥', zero: '≤' } : { full: '≤', zero: '≥' };
  if (towardFull) return { raw: best, why: { en: `${shown.en} ${op.full} ${full.en}: full marks, ${n(best)}`, zh: `${shown.zh} ${op.full} ${full.zh}：得满分 ${n(best)} 分` } };
  if (towardZero) return { raw: ZERO, why: { en: `${shown.en} ${op.zero} ${zero.en}: 0`, zh: `${shown.zh} ${op.zero} ${zero.zh}：得 0 分` } };
  const raw = clamp(div(mul(best, sub(rule.zero, x)), sub(rule.zero, rule.full)), ZERO, best);
  const b = (y: Q) => (rule.rate ? percent(y) : n(y));
  const formula =
    rule.zero.num !== 0n
      ? `${n(best)} × (${b(rule.zero)} − ${b(x)}) / (${b(rule.zero)} − ${b(rule.full)})`
      : rule.rate && eq(rule.full, ONE)
        ? `${n(best)} × ${b(x)}`
        : `${n(best)} × ${b(x)} / ${b(rule.full)}`;
  return {
    raw,
    why: {
      en: `${shown.en} lies between ${full.en} (full marks) and ${zero.en} (zero): pro rata ${formula} = ${n(raw)}`,
      zh: `${shown.zh} 介于 ${full.zh}（满分）与 ${zero.zh}（0 分）之间：按比例 ${formula} = ${n(raw)} 分`,
    },
  };
}

