/**
 * The previous report's ranks, which "twice in a row" (连续两次) needs: as published (previous.ranks), or
 * recomputed from the regions' own cumulative figures at the previous report month (default: the month
 * before the report month). A level whose regions do not all have figures that month has no previous ranks.
 */
import { Issue, pointer } from '../../core/errors.js';
import { issue } from '../../messages/index.js';
import { LEVELS, standingsAt } from './progress.js';
import { inBottom } from './ranks.js';
import type { Level, MonitoringInput, Words } from './types.js';
import { own } from '../../core/records.js';

export interface Previous {
  readonly month: number | null;
  readonly from: 'ranks' | 'figures' | null;
  /** by region index; null: not ranked in the previous report */
  readonly ranks: readonly (number | null)[];
  readonly notes: readonly Words[];
}

const LEVEL_WORDS: Record<Level, Words> = { city: { en: 'cities', zh: '市' }, county: { en: 'counties', zh: '县' } };

export function checkPrevious(input: Pick<MonitoringInput, 'previous' | 'month'>): Issue[] {
  const issues: Issue[] = [];
  const p = input.previous;
  if (!p) return issues;
  if (p.month !== undefined && p.month >= input.month) {
    issues.push(issue(pointer('previous', 'month'), 'monitoring-previous-not-before', { month: input.month }));
  }
  return issues;
}

export function previousRanks(input: MonitoringInput): Previous {
  const given = input.previous?.ranks;
  if (given) {
    const ranks = input.regions.map((r) => own(given, r.id) ?? null);
    const missing = ranks.filter((r) => r === null).length;
    const notes: Words[] =
      missing === 0
        ? []
        : [{ en: `${missing} region(s) have no previous rank: they cannot be twice in a row.`, zh: `${missing} 个地区没有上一次排位：不计"连续两次"。` }];
    return { month: input.previous?.month ?? null, from: 'ranks', ranks, notes };
  }
  const month = input.previous?.month ?? input.month - 1;
  if (month < 1) {
    return {
      month: null,
      from: null,
      ranks: input.regions.map(() => null),
      notes: [
        {
          en: 'no previous report in this year (the report month is January): no reminder letters.',
          zh: '本年度无上一次排位（报告月份为1月）：不发提醒敦促函。',
        },
      ],
    };
  }
  const { ranks, complete } = standingsAt(input, month);
  const notes: Words[] = [];
  for (const level of LEVELS) {
    if (complete[level] || !input.regions.some((r) => r.level === level)) continue;
    notes.push({
      en: `not every one of the ${LEVEL_WORDS[level].en} has figures for month ${month}: no previous ranks for them, so no reminder letters; give previous.ranks or the figures.`,
      zh: `部分${LEVEL_WORDS[level].zh}缺少第 ${month} 月数据：无法得到上一次排位，不发提醒敦促函；请提供 previous.ranks 或补充数据。`,
    });
    input.regions.forEach((r, i) => {
      if (r.level === level) ranks[i] = null;
    });
  }
  return { month, from: 'figures', ranks, notes };
}

/** Whether each region is among the bottom N of its level, by the given ranks (null: not ranked → false). */
export function bottomOf(input: MonitoringInput, ranks: readonly (number | null)[], bottom: Readonly<Record<Level, number>>): boolean[] {
  const out = input.regions.map(() => false);
  for (const level of LEVELS) {
    const members = input.regions.flatMap((r, i) => (r.level === level && ranks[i] !== null ? [i] : []));
    inBottom(
      members.map((i) => ranks[i]!),
      bottom[level],
    ).forEach((b, k) => (out[members[k]] = b));
  }
  return out;
}
