/**
 * The alerts of seed 003 §二12 and §二3, each naming its subject, the rule, the figures read and the source:
 *
 * - reminderLetter (提醒敦促函): a city among the bottom N cities, or a county among the bottom N counties,
 *   in this report and the previous one (连续两次排名居后5位的市和后20位的县);
 * - amountChange (约谈通知书): a project whose amount (adjusted, else actual) differs from its year's
 *   investment (budget) by at least the threshold, either way (随意调整项目金额达到当年投资额20%以上);
 * - zeroInPlace (约谈通知书): a region whose own funds in place are zero at the end of June (6月底市县两级
 *   衔接资金到位为0); without ownInPlace only a region with nothing in place at all can be seen;
 * - latePayment (warning): a completed project paid more than 30 days after completion, or still unpaid more
 *   than 30 days after it on the report date (项目建设完成后原则上在30日内完成资金支付).
 */
import type { Unit } from '../../core/money.js';
import { abs, cmp, div, mul, percentText, ratio, sub, amountText } from '../../core/rational.js';
import { figures, figuresAt } from './progress.js';
import { effectiveBottom } from './ranks.js';
import { paymentDays } from './projects.js';
import type { Alert, Level, MonitoringInput, Words } from './types.js';
import type { Standings } from './progress.js';
import type { Previous } from './previous.js';

const LEVEL: Record<Level, Words> = { city: { en: 'city', zh: '市' }, county: { en: 'county', zh: '县' } };
const LEVELS_OF: Record<Level, Words> = { city: { en: 'cities', zh: '市' }, county: { en: 'counties', zh: '县' } };

function label(id: string, name?: string): string {
  return name === undefined ? `"${id}"` : `${name} (${id})`;
}

function unitWords(unit: Unit): Words {
  return unit === 'wan' ? { en: '万元', zh: '万元' } : { en: 'yuan', zh: '元' };
}

function sourceOf(input: MonitoringInput, source: string | undefined): string {
  return source ?? `monitoring model ${input.model.model.id ?? '(inline)'}`;
}

export function reminderLetters(
  input: MonitoringInput,
  now: Standings,
  previous: Previous,
  bottomNow: readonly boolean[],
  bottomBefore: readonly boolean[],
): Alert[] {
  const rule = input.model.model.alerts.reminderLetter;
  if (!rule) return [];
  const bottom: Record<Level, number> = { city: rule.bottomCities, county: rule.bottomCounties };
  return input.regions.flatMap((r, i): Alert[] => {
    if (!bottomNow[i] || !bottomBefore[i]) return [];
    const n = effectiveBottom(now.counts[r.level], bottom[r.level]);
    const p = now.progress[i];
    const progress = p === null ? '—' : percentText(p);
    const when =
      previous.month === null
        ? { en: 'the previous report', zh: '上次排位' }
        : { en: `the previous report (month ${previous.month})`, zh: `上次排位（第 ${previous.month} 月）` };
    return [
      {
        rule: 'reminderLetter',
        notice: 'reminderLetter',
        subject: { kind: 'region', id: r.id, ...(r.name !== undefined ? { name: r.name } : {}), level: r.level },
        numbers: {
          rank: now.ranks[i],
          of: now.counts[r.level],
          previousRank: previous.ranks[i],
          previousMonth: previous.month,
          bottom: n,
          progressPercent: p === null ? null : percentText(p),
        },
        source: sourceOf(input, rule.source),
        en: `${LEVEL[r.level].en} ${label(r.id, r.name)} is among the bottom ${n} ${n === 1 ? LEVEL[r.level].en : LEVELS_OF[r.level].en} twice in a row: rank ${now.ranks[i]} of ${now.counts[r.level]} now (progress ${progress}), rank ${previous.ranks[i]} in ${when.en}. Send a reminder letter (提醒敦促函).`,
        zh: `${label(r.id, r.name)}连续两次排名居后 ${n} 位：本次第 ${now.ranks[i]} 位（共 ${now.counts[r.level]} 个${LEVELS_OF[r.level].zh}，支出进度 ${progress}），${when.zh}第 ${previous.ranks[i]} 位。发《提醒敦促函》。`,
      },
    ];
  });
}

export function amountChanges(input: MonitoringInput): Alert[] {
  const rule = input.model.model.alerts.amountChange;
  const threshold = input.model.amountChange;
  if (!rule || !threshold) return [];
  const unit = unitWords(input.unit);
  return input.projects.flatMap((p): Alert[] => {
    const now = p.adjusted ?? p.actual;
    if (now === undefined) return [];
    const budget = ratio(p.budget);
    const change = sub(ratio(now), budget);
    if (cmp(abs(change), mul(threshold, budget)) < 0) return [];
    const from = p.adjusted !== undefined ? 'adjusted' : 'actual';
    const pct = percentText(div(change, budget));
    const signed = change.num > 0n ? `+${pct}` : pct;
    const [b, a, t] = [amountText(budget), amountText(ratio(now)), percentText(threshold)];
    const what = from === 'adjusted' ? { en: 'adjusted', zh: '调整为' } : { en: 'actually used', zh: '实际使用' };
    return [
      {
        rule: 'amountChange',
        notice: 'interviewNotice',
        subject: { kind: 'project', id: p.id, ...(p.name !== undefined ? { name: p.name } : {}) },
        numbers: { budget: b, amount: a, amountFrom: from, change: amountText(change), changePercent: pct, thresholdPercent: t },
        source: sourceOf(input, rule.source),
        en: `project ${label(p.id, p.name)}: ${what.en} ${a} ${unit.en} against a year's investment of ${b} ${unit.en} (${signed}), a change of at least ${t}. Send an interview notice (约谈通知书).`,
        zh: `项目${label(p.id, p.name)}：当年投资额 ${b} ${unit.zh}，${what.zh} ${a} ${unit.zh}（${signed}），调整金额达到当年投资额 ${t} 以上。发《约谈通知书》。`,
      },
    ];
  });
}

export function zeroInPlace(input: MonitoringInput): { alerts: Alert[]; notes: Words[] } {
  const rule = input.model.model.alerts.zeroInPlace;
  if (!rule || input.month < rule.month) return { alerts: [], notes: [] };
  const m = rule.month;
  let missing = 0;
  let totalOnly = 0;
  const alerts = input.regions.flatMap((r): Alert[] => {
    const f = figuresAt(r, m);
    if (!f) {
      missing += 1;
      return [];
    }
    const { inPlace, ownInPlace } = figures(f);
    // all funds in place zero ⇒ own funds zero; own funds zero inside a positive total needs ownInPlace
    const own = ownInPlace ?? (inPlace.num === 0n ? inPlace : undefined);
    if (own === undefined) totalOnly += 1;
    if (own === undefined || own.num !== 0n) return [];
    const read = ownInPlace
      ? { en: 'its own funds in place were', zh: '本级衔接资金到位' }
      : { en: 'its funds in place (all levels) were', zh: '衔接资金到位（含各级）' };
    return [
      {
        rule: 'zeroInPlace',
        notice: 'interviewNotice',
        subject: { kind: 'region', id: r.id, ...(r.name !== undefined ? { name: r.name } : {}), level: r.level },
        numbers: { month: m, inPlace: amountText(inPlace), ownInPlace: ownInPlace ? amountText(ownInPlace) : null },
        source: sourceOf(input, rule.source),
        en: `${LEVEL[r.level].en} ${label(r.id, r.name)}: ${read.en} zero at the end of month ${m}. Send an interview notice (约谈通知书).`,
        zh: `${label(r.id, r.name)}：${m}月底${read.zh}为 0。发《约谈通知书》。`,
      },
    ];
  });
  const notes: Words[] = [];
  if (missing > 0) {
    notes.push({
      en: `${missing} region(s) have no figures for month ${m}: the zero-funds rule could not check them.`,
      zh: `${missing} 个地区缺少第 ${m} 月数据：无法检查"到位为0"规则。`,
    });
  }
  if (totalOnly > 0) {
    notes.push({
      en: `${totalOnly} region(s) give no ownInPlace for month ${m}: with funds in place from other levels, their own funds being zero cannot be seen; give ownInPlace.`,
      zh: `${totalOnly} 个地区未提供第 ${m} 月的本级到位资金（ownInPlace）：在有其他层级资金到位时无法判断本级资金是否为 0；请提供 ownInPlace。`,
    });
  }
  return { alerts, notes };
}

export function latePayments(input: MonitoringInput, reportDate: string, reportDay: number): Alert[] {
  const rule = input.model.model.alerts.latePayment;
  if (!rule) return [];
  return input.projects.flatMap((p): Alert[] => {
    const days = paymentDays(p, reportDay);
    if (days === null || days <= rule.days) return [];
    const paid = p.paidOn !== undefined;
    return [
      {
        rule: 'latePayment',
        notice: 'warning',
        subject: { kind: 'project', id: p.id, ...(p.name !== undefined ? { name: p.name } : {}) },
        numbers: { completed: p.completed!, paidOn: p.paidOn ?? null, reportDate, days, limitDays: rule.days },
        source: sourceOf(input, rule.source),
        en: paid
          ? `project ${label(p.id, p.name)} was completed on ${p.completed} and paid on ${p.paidOn}, ${days} days later (limit ${rule.days}).`
          : `project ${label(p.id, p.name)} was completed on ${p.completed} and is still unpaid ${days} days later on ${reportDate} (limit ${rule.days}).`,
        zh: paid
          ? `项目${label(p.id, p.name)}于 ${p.completed} 完工，${p.paidOn} 完成支付，历时 ${days} 天（应在 ${rule.days} 日内）。`
          : `项目${label(p.id, p.name)}于 ${p.completed} 完工，截至 ${reportDate} 已 ${days} 天仍未完成支付（应在 ${rule.days} 日内）。`,
      },
    ];
  });
}
