/** checklist: the sum of its items' scores, each item a rule of its own scaled to the item's points. */
import { pointerSegment } from '../../../core/errors.js';
import { issue } from '../../../messages/index.js';
import { approx, div, mul, Q, sum } from '../../../core/rational.js';
import { join } from '../text.js';
import type { Bilingual } from '../types.js';
import { isObject, kindOf, type Measured } from '../values.js';
import { type PreparedRule, type RuleKind, type RuleSpec, ruleKind } from './index.js';
import type { OutOf } from './numeric.js';

export type ItemRuleSpec = Exclude<RuleSpec, { kind: 'checklist' }>;

export interface ChecklistItemSpec {
  readonly id: string;
  readonly title?: Bilingual;
  readonly points: string | number;
  readonly rule: ItemRuleSpec;
}

export interface PreparedItem {
  readonly id: string;
  readonly title?: Bilingual;
  readonly points: Q;
  readonly rule: PreparedRule;
}

export type ChecklistSpec = { readonly kind: 'checklist'; readonly items: readonly ChecklistItemSpec[] } & OutOf;
export type PreparedChecklist = { readonly kind: 'checklist'; readonly items: readonly PreparedItem[] };

const n = (x: Q) => approx(x);

export const checklist: RuleKind<ChecklistSpec, PreparedChecklist> = {
  kind: 'checklist',
  hint: { en: 'one value per item', zh: '每个检查项一个取值' },
  prepare(rule, ctx) {
    const seen = new Set<string>();
    const items = rule.items.map((item, i) => {
      const ip = `${ctx.path}/items/${i}`;
      if (seen.has(item.id)) ctx.report(issue(ip + '/id', 'duplicate-id', { id: JSON.stringify(item.id) }));
      seen.add(item.id);
      const points = ctx.positive(item.points, ip + '/points');
      return { id: item.id, ...(item.title ? { title: item.title } : {}), points, rule: ctx.prepareRule(item.rule, points, ip + '/rule') };
    });
    return { kind: 'checklist', items, ...ctx.own(sum(items.map((i) => i.points)), { en: 'items', zh: '各检查项分值合计' }) };
  },
  read(rule, value, path, ctx) {
    const ids = rule.items.map((i) => i.id);
    if (!isObject(value)) {
      ctx.issues.push(issue(path, 'evaluation-checklist-not-object', { items: ids.map((i) => `"${i}": …`).join(', '), got: kindOf(value) }));
      return undefined;
    }
    const before = ctx.issues.length;
    for (const k of Object.keys(value)) {
      if (!ids.includes(k))
        ctx.issues.push(
          issue(`${path}/${pointerSegment(k)}`, 'evaluation-checklist-unknown-item', { key: k, items: ids.join(', '), itemsZh: ids.join('、') }),
        );
    }
    const items: (readonly [string, Measured])[] = [];
    for (const item of rule.items) {
      const ip = `${path}/${pointerSegment(item.id)}`;
      if (!Object.hasOwn(value, item.id)) {
        const hint = hintOf(item.rule);
        ctx.issues.push(issue(ip, 'evaluation-checklist-item-missing', { hint: hint.en, hintZh: hint.zh }));
        continue;
      }
      const m = ctx.readValue(item.rule, value[item.id], ip);
      if (m) items.push([item.id, m]);
    }
    return ctx.issues.length > before ? undefined : { kind: 'items', items };
  },
  score(rule, m, path, ctx) {
    if (m.kind !== 'items') return undefined;
    const parts: { score: Q; why: Bilingual }[] = [];
    for (const item of rule.items) {
      const mi = m.items.find(([id]) => id === item.id);
      const out = mi && ctx.scoreRule(item.rule, mi[1], `${path}/${pointerSegment(item.id)}`);
      if (!out) return undefined;
      const score = div(mul(out.raw, item.points), item.rule.best);
      const scaled = item.rule.scaled ? ` × ${n(item.points)}/${n(item.rule.best)}` : '';
      const name = item.title ? { en: `${item.id} (${item.title.en})`, zh: item.title.zh } : { en: item.id, zh: item.id };
      parts.push({ score, why: { en: `${name.en}: ${out.why.en}${scaled}`, zh: `${name.zh}：${out.why.zh}${scaled}` } });
    }
    const raw = sum(parts.map((p) => p.score));
    const items = join(parts.map((p) => p.why));
    return {
      raw,
      why: { en: `items [${items.en}] add up to ${n(raw)} of ${n(rule.best)}`, zh: `各项［${items.zh}］合计 ${n(raw)} 分（满分 ${n(rule.best)} 分）` },
    };
  },
};

/** What a missing item asks for: its kind's hint; a choice lists its options. */
function hintOf(rule: PreparedRule): Bilingual {
  if (rule.kind === 'choice') {
    const keys = rule.options.map(([k]) => JSON.stringify(k));
    return { en: 'one of ' + keys.join(', '), zh: keys.join('、') + ' 之一' };
  }
  return ruleKind(rule.kind).hint;
}
