/**
 * The trace of an allocation (explain=true): every model parameter read, every indicator's raw and
 * transformed value and share, each factor's share, and the steps from the formula to the rounded amount.
 * Built only on request, so the hot path stays lean.
 */
import type { AllocationRow, AllocationScenario, StageName } from './allocate.js';
import type { PipelineOutcome, StageId } from './pipeline/run.js';
import type { Column } from './factors.js';
import { POINTS_TIE_RULE, POINTS_TIE_RULE_ZH } from './pipeline/points.js';
import {
  Apportionment,
  atScale,
  formatScaled,
  fromGranules,
  pow10,
  ratioFormatter,
  ratioToText,
  SHARE_DECIMALS,
  TIE_BREAK,
  toText,
} from '../../core/money.js';
import { dict } from '../../core/records.js';

export const FORMULA: Reason = {
  en: 'amount_i = total × Σ_f w_f · Σ_k v_fk · t_ifk / Σ_j t_jfk, then rounded to the granularity by the largest-remainder method',
  zh: 'amount_i = 总额 × Σ_f w_f · Σ_k v_fk · t_ifk / Σ_j t_jfk，再按最大余额法取整到分配粒度',
};

/** The largest-remainder tie rule (core/money TIE_BREAK), in both languages. */
export const TIE_BREAK_TEXT: Reason = {
  en: TIE_BREAK,
  zh: '取整后剩余的粒度单位按余数从大到小每个地区一个；余数相同时先给精确份额较大的地区，再按编号（UTF-16 码元顺序，即 JavaScript 的字符串比较）较小者优先。输入顺序不影响结果。',
};

/** Within one factor: the region's share of it and what that share brings. */
export interface FactorTrace {
  /** the region's share of this factor alone (Σ_k v_k · t_ik / S_k) */
  readonly share: string;
  /** that share times the factor weight: the factor's part of the region's overall share */
  readonly weighted: string;
}

export interface IndicatorTrace {
  readonly raw: string;
  readonly transformed: string;
  readonly share: string;
}

export interface Step {
  readonly stage: StageName;
  /** the amount after this step, in the unit */
  readonly amount: string;
  readonly note: Reason;
}

/** How a row's amount came about, in one plain-language sentence, in English and Chinese. */
export interface Reason {
  readonly en: string;
  readonly zh: string;
}

export interface RowTrace {
  readonly reason: Reason;
  readonly factors: Record<string, FactorTrace>;
  readonly indicators: Record<string, Record<string, IndicatorTrace>>;
  readonly steps: Step[];
}

export interface ParameterRead {
  readonly at: string;
  readonly name: string;
  readonly value: unknown;
  readonly source?: string;
}

export interface AllocationTrace {
  readonly formula: Reason;
  readonly model: { id: string; version: string; sources: readonly { ref: string; title?: string; note?: string }[] };
  readonly parameters: ParameterRead[];
  readonly indicators: {
    factor: string;
    indicator: string;
    input: string;
    transform: string;
    effectiveWeight: string;
    sum: string;
    exact: boolean;
  }[];
  readonly rounding: {
    granularity: string;
    /** the total in granules (a count) */
    granules: number;
    /** granules handed out by flooring, before the leftovers (a count) */
    floored: number;
    leftover: number;
    tieBreak: Reason;
    awardedTo: string[];
  };
}

/** Decimals shown for transformed values that are not plain decimals (1/x …). */
const VALUE_DECIMALS = 15;

/** What allocate() already computed and the trace reuses. */
export interface Computed {
  readonly numerators: readonly bigint[];
  readonly split: Apportionment;
  /** formats a numerator over D as an amount in the unit */
  readonly contribution: (numerator: bigint) => string;
  readonly total: string;
  readonly granularity: string;
}

export function traceRows(
  s: AllocationScenario,
  columns: readonly Column[],
  rows: readonly AllocationRow[],
  c: Computed,
  stepsFor?: (i: number) => Step[],
  reasonFor?: (i: number, row: AllocationRow) => Reason,
): AllocationRow[] {
  const awarded = new Set(c.split.awarded);
  const leftover = c.split.awarded.length;
  const factorShares = s.model.factors.map((_, fi) => withinFactorShares(s, columns, fi));
  const only = s.explainOnly;
  return rows.map((row, i): AllocationRow => {
    if (only && !only([row.id])) return row;
    const indicators = dict<Record<string, IndicatorTrace>>(); // keyed by factor, then indicator id
    for (const col of columns) {
      const raw = col.raw[i];
      (indicators[s.model.factors[col.factorIndex].spec.id] ??= dict())[col.indicator.spec.id] = {
        raw: typeof raw === 'string' ? raw : toText(raw),
        transformed: valueText(col, col.values[i]),
        share: col.sum === 0n ? '0' : ratioToText(col.values[i], col.sum, SHARE_DECIMALS),
      };
    }
    const factors = dict<FactorTrace>();
    s.model.factors.forEach((f, fi) => (factors[f.spec.id] = factorShares[fi](i)));
    const floor = fromGranules(c.split.floors[i], s.granularity);
    const remainder = ratioToText(c.split.remainders[i], c.split.denominator, SHARE_DECIMALS);
    const formula = c.contribution(c.numerators[i]);
    return {
      ...row,
      trace: {
        reason: reasonFor?.(i, row) ?? formulaReason(s, row, formula, c.total, awarded.has(i)),
        factors,
        indicators,
        steps: stepsFor?.(i) ?? [
          {
            stage: 'formula',
            amount: formula,
            note: {
              en: `total ${c.total} × formula share ${row.formulaShare} (exact rational, shown rounded)`,
              zh: `总额 ${c.total} × 因素法份额 ${row.formulaShare}（精确有理数，显示时舍入）`,
            },
          },
          {
            stage: 'rounding',
            amount: row.amount,
            note: awarded.has(i)
              ? {
                  en: `floored to ${floor}; remainder ${remainder} of a granule earned one leftover granule of ${c.granularity}`,
                  zh: `向下取整为 ${floor}；余数 ${remainder} 个粒度单位位居前列，获得一个剩余粒度单位 ${c.granularity}`,
                }
              : {
                  en: `floored to ${floor}; remainder ${remainder} of a granule was not among the ${leftover} largest`,
                  zh: `向下取整为 ${floor}；余数 ${remainder} 个粒度单位未进入最大的 ${leftover} 个`,
                },
          },
        ],
      },
    };
  });
}

/**
 * share_if = Σ_k v_k · t_ik / S_k over the factor's own indicators, as one rational over
 * 10^vs · Π S_k — computed from the columns, so a factor whose weight is 0 still shows its shares.
 * Indicators that are zero everywhere have no share and are left out.
 */
function withinFactorShares(s: AllocationScenario, columns: readonly Column[], fi: number): (i: number) => FactorTrace {
  const factor = s.model.factors[fi];
  const own = columns.filter((c) => c.factorIndex === fi && c.sum > 0n && c.indicator.weight.coefficient > 0n);
  const zero = formatScaled(0n, SHARE_DECIMALS);
  if (own.length === 0) return () => ({ share: zero, weighted: zero });
  let vs = 0;
  for (const c of own) vs = Math.max(vs, c.indicator.weight.scale);
  let product = 1n;
  for (const c of own) product *= c.sum;
  const coef = own.map((c) => (atScale(c.indicator.weight, vs) * product) / c.sum);
  const denominator = pow10(vs) * product;
  const share = ratioFormatter(denominator, SHARE_DECIMALS);
  const w = factor.weight;
  const weighted = w.coefficient === 0n ? () => zero : ratioFormatter(denominator * pow10(w.scale), SHARE_DECIMALS, w.coefficient);
  return (i) => {
    let n = 0n;
    own.forEach((c, k) => (n += coef[k] * c.values[i]));
    return { share: share(n), weighted: weighted(n) };
  };
}

/** A transformed value as the number it is: plain decimals exactly, others (1/x) to VALUE_DECIMALS places. */
function valueText(c: Column, value: bigint): string {
  const { numerator, denominator } = c.unit;
  const text =
    numerator === 1n && isPowerOfTen(denominator)
      ? formatScaled(value, denominator.toString().length - 1)
      : ratioToText(value * numerator, denominator, VALUE_DECIMALS);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

function isPowerOfTen(x: bigint): boolean {
  return /^10*$/.test(x.toString());
}

export function traceAllocation(
  s: AllocationScenario,
  columns: readonly Column[],
  total: bigint,
  split: Apportionment,
  ids: readonly string[],
): AllocationTrace {
  const m = s.model.model;
  const parameters: ParameterRead[] = [];
  for (const f of s.model.factors) {
    parameters.push({ at: `${f.at}/weight`, name: `${f.spec.id}.weight`, value: toText(f.weight), source: f.spec.source });
    for (const ind of f.indicators) {
      const name = `${f.spec.id}.${ind.spec.id}`;
      const source = ind.spec.source ?? f.spec.source;
      const read = (field: string, value: unknown) => parameters.push({ at: `${ind.at}/${field}`, name: `${name}.${field}`, value, source });
      read('weight', toText(ind.weight));
      read('transform', ind.spec.transform);
      // the parameters its transform declares (the registry, transforms/), as parsed
      for (const p of ind.transform.parameters) {
        const v = ind[p.name];
        if (v && 'coefficient' in v) read(p.name, toText(v));
        else if (v) read(p.name, Object.fromEntries([...v].map(([k, x]) => [k, toText(x)])));
      }
    }
  }
  let floored = 0n;
  for (const f of split.floors) floored += f;
  return {
    formula: FORMULA,
    model: { id: m.id, version: m.version, sources: m.sources ?? [] },
    parameters,
    indicators: columns.map((c) => ({
      factor: s.model.factors[c.factorIndex].spec.id,
      indicator: c.indicator.spec.id,
      input: c.indicator.input,
      transform: c.indicator.spec.transform,
      effectiveWeight: toText(c.indicator.effectiveWeight),
      sum: valueText(c, c.sum),
      exact: c.exact,
    })),
    rounding: {
      granularity: toText(s.granularity),
      granules: Number(total),
      floored: Number(floored),
      leftover: split.awarded.length,
      tieBreak: TIE_BREAK_TEXT,
      awardedTo: split.awarded.map((i) => ids[i]),
    },
  };
}

export interface PipelineTrace {
  readonly stages: Record<StageId, Reason>;
  readonly setAsides: { id: string; kind: string; amount: string; note: Reason; regions: string[] }[];
  readonly points?: { tieRule: Reason; ranking: { id: string; rank: number; rankFromBottom: number; penalty: string; reward: string }[] };
  readonly rewards: { fundedBy: string; wanted: string; paid: string; proRata: boolean };
  readonly bounds: {
    /** the share of its formula amount each free region keeps (1 = no redistribution) */
    readonly lambda: string;
    readonly floors: Record<string, string>;
    readonly caps: Record<string, string>;
    readonly initially: { belowFloor: string[]; aboveCap: string[] };
    readonly cascade: { id: string; bound: 'floor' | 'cap'; atLambda: string }[];
  };
}

/** The waterfall of one region as steps, each with the running amount and what made it. */
export function pipelineSteps(o: PipelineOutcome, row: AllocationRow, i: number): Step[] {
  const stages = row.stages!;
  const places = stages.formula.split('.')[1]?.length ?? 0;
  let running = 0n;
  const steps: Step[] = [];
  const add = (stage: StageName, note: Reason, always = false) => {
    const value = BigInt(stages[stage].replace('.', ''));
    if (value === 0n && !always) return;
    running += value;
    steps.push({ stage, amount: formatScaled(running, places), note });
  };
  add('formula', { en: `formula pool × formula share ${row.formulaShare}`, zh: `因素法资金池 × 因素法份额 ${row.formulaShare}` }, true);
  const gave = o.setAsides.filter((x) => (x.perRegion?.[i] ?? 0n) > 0n).map((x) => `"${x.spec.id}"`);
  add('setAsides', { en: `set-aside ${gave.join(', ')}`, zh: `切块资金 ${gave.join('、')}` });
  const r = o.ranked?.[i];
  if (r) {
    const proRata = o.books.rewardsPaid < o.books.rewardsWanted;
    const bottom = r.penalty > 0n;
    const top = !bottom && r.reward > 0n;
    add('points', {
      en: `points rank ${r.rank} (${r.rankFromBottom} from the bottom): ${bottom ? 'in the bottom group' : top ? 'in the top group' + (proRata ? ' (rewards paid pro rata: not enough funds)' : '') : ''}`,
      zh: `积分排名第 ${r.rank}（倒数第 ${r.rankFromBottom}）：${bottom ? '位于末位组' : top ? '位于前列组' + (proRata ? '（资金不足，奖励按比例发放）' : '') : ''}`,
    });
  }
  add('grades', { en: 'reward for its evaluation grade', zh: '绩效评价等次奖励' });
  add('negativeList', { en: 'money spent on the negative list, deducted amount for amount', zh: '负面清单支出，按金额等额扣减' });
  const floor = o.bounds.state[i] === 'floor';
  add('bounds', {
    en: floor ? `held at its floor (${o.floorWhy(i)})` : `held at its cap (${o.capWhy(i)})`,
    zh: floor ? `保持在下限（${o.floorWhyZh(i)}）` : `保持在上限（${o.capWhyZh(i)}）`,
  });
  const lambda = ratioToText(o.bounds.p * o.D, o.bounds.q, SHARE_DECIMALS);
  add('redistribution', {
    en: `formula part × λ = ${lambda} (money moved by floors, caps or unspent funds)`,
    zh: `因素法部分 × λ = ${lambda}（因上下限或未用资金而调整的金额）`,
  });
  const leftover = o.split.awarded.includes(i);
  add(
    'rounding',
    {
      en: `to the granularity by largest remainder${leftover ? ': earned one leftover granule' : ''}`,
      zh: `按最大余额法取整到分配粒度${leftover ? '：获得一个剩余粒度单位' : ''}`,
    },
    true,
  );
  return steps;
}

/**
 * The pipeline's stage statuses (pipeline/run.ts writes them in English) with their Chinese twin: each
 * clause the pipeline writes has its translation here; a clause not known keeps its English in zh too
 * (tests/api/allocations.test.ts holds that the sample model's statuses come in Chinese). Better still: pipeline/run.ts writing {en, zh} itself.
 */
const STAGE_CLAUSES: [RegExp, (...m: string[]) => string][] = [
  [/^switched off in this request$/, () => '本次请求已关闭此环节'],
  [/^not in the model$/, () => '模型未设此环节'],
  [/^(\d+) set-aside\(s\)$/, (n) => `${n} 项切块资金`],
  [/^bottom (\d+) lose, top (\d+) gain$/, (a, b) => `末位 ${a} 名扣减，前列 ${b} 名奖励`],
  [/^no region has "(.*)": not applied$/, (x) => `没有地区提供 "${x}"：未执行`],
  [/^rewards for grades (.*)$/, (x) => `按绩效等次奖励：${x}`],
  [/^misused amounts deducted, amount for amount$/, () => '违规使用金额等额扣减'],
  [/^minimum (.*)$/, (x) => `最低额 ${x}`],
  [/^hold-harmless (.*) of last year$/, (x) => `保底：不低于上年的 ${x}`],
  [/^maximum (.*)$/, (x) => `最高额 ${x}`],
  [/^growth cap (.*) over last year$/, (x) => `增幅上限：比上年增长不超过 ${x}`],
  [/^no bound applies to this request \(no last-year amounts given\)$/, () => '本次请求无上下限适用（未提供上年金额）'],
  [/^protected regions get at least the average of the others$/, () => '受保护地区至少获得其他地区的平均额'],
  [
    /^protected regions lifted to the others' average \((.*) granules\), never above their own cap$/,
    (x) => `受保护地区提高到其他地区的平均额（${x} 个粒度单位），但不超过其自身上限`,
  ],
];

/** One stage status in both languages: its clauses ("; ") translated one by one, the points tie rule as the rule's own Chinese. */
export function stageStatus(en: string): Reason {
  // the tie rule has semicolons of its own: it is taken whole
  const rule = en.endsWith(POINTS_TIE_RULE);
  const head = rule ? en.slice(0, en.length - POINTS_TIE_RULE.length).replace(/; $/, '') : en;
  const clauses = head.split('; ').map((clause) => {
    for (const [re, zh] of STAGE_CLAUSES) {
      const m = re.exec(clause);
      if (m) return zh(...m.slice(1));
    }
    return clause;
  });
  if (rule) clauses.push(POINTS_TIE_RULE_ZH);
  return { en, zh: clauses.filter((c) => c !== '').join('；') };
}

function stagesApplied(applied: Record<StageId, string>): Record<StageId, Reason> {
  return Object.fromEntries(Object.entries(applied).map(([id, text]) => [id, stageStatus(text)])) as Record<StageId, Reason>;
}

export function pipelineTrace(o: PipelineOutcome, s: AllocationScenario, money: (granules: bigint) => string): PipelineTrace {
  const ids = s.regions.map((r) => r.id);
  const bound = (xs: readonly (bigint | undefined)[], skip: (x: bigint) => boolean) =>
    Object.fromEntries(xs.flatMap((x, i) => (x === undefined || skip(x) ? [] : [[ids[i], money(x)]])));
  return {
    stages: stagesApplied(o.applied),
    setAsides: o.setAsides.map((x) => ({
      id: x.spec.id,
      kind: x.kind,
      amount: money(x.granules),
      note: x.note,
      regions: x.recipients.map((i) => ids[i]),
    })),
    ...(o.ranked
      ? {
          points: {
            tieRule: { en: POINTS_TIE_RULE, zh: POINTS_TIE_RULE_ZH },
            ranking: o.ranked.map((r, i) => ({
              id: ids[i],
              rank: r.rank,
              rankFromBottom: r.rankFromBottom,
              penalty: money(r.penalty),
              reward: money(r.reward),
            })),
          },
        }
      : {}),
    rewards: {
      fundedBy: s.model.model.pipeline?.rewardsFundedBy ?? 'deductions',
      wanted: money(o.books.rewardsWanted),
      paid: money(o.books.rewardsPaid),
      proRata: o.books.rewardsPaid < o.books.rewardsWanted,
    },
    bounds: {
      lambda: ratioToText(o.bounds.p * o.D, o.bounds.q, SHARE_DECIMALS),
      floors: bound(o.floors, (x) => x === 0n),
      caps: bound(o.caps, () => false),
      initially: { belowFloor: o.bounds.initially.floor.map((i) => ids[i]), aboveCap: o.bounds.initially.cap.map((i) => ids[i]) },
      cascade: o.bounds.cascade.map((e) => ({ id: ids[e.index], bound: e.bound, atLambda: ratioToText(e.lambda.num * o.D, e.lambda.den, SHARE_DECIMALS) })),
    },
  };
}

// ------------------------------------------------------------------------------------ plain-language reasons

const UNIT_ZH: Record<string, string> = { wan: '万元', yuan: '元' };
/** The unit in English text: 万元 as the optimizer and the checks write it (one spelling everywhere), yuan as is. */
const UNIT_EN: Record<string, string> = { wan: '万元', yuan: 'yuan' };

/** "甲县 (A)" or "A". */
function who(row: AllocationRow): { en: string; zh: string } {
  return row.name ? { en: `${row.name} (${row.id})`, zh: `${row.name}（${row.id}）` } : { en: row.id, zh: row.id };
}

/** Each factor's part of the formula amount: "population 22.222222 + income 24.000000". */
function factorParts(s: AllocationScenario, row: AllocationRow): { en: string; zh: string } {
  const en: string[] = [];
  const zh: string[] = [];
  for (const f of s.model.factors) {
    if (f.weight.coefficient === 0n) continue;
    const value = row.factors[f.spec.id];
    en.push(`${f.spec.title?.en ?? f.spec.id} ${value}`);
    zh.push(`${f.spec.title?.zh ?? f.spec.id} ${value}`);
  }
  return { en: en.join(' + '), zh: zh.join(' + ') };
}

/** The opening of every reason: who gets how much, and its share of the total. */
function opening(s: AllocationScenario, row: AllocationRow, total: string): { en: string; zh: string } {
  const name = who(row);
  return {
    en: `${name.en} gets ${row.amount} ${UNIT_EN[s.unit] ?? s.unit}, ${row.sharePercent} of the total ${total}`,
    zh: `${name.zh}分得 ${row.amount} ${UNIT_ZH[s.unit] ?? s.unit}，占总额 ${total} 的 ${row.sharePercent}`,
  };
}

/** The factor method alone: the formula amount from its factors, then the rounding. */
function formulaReason(s: AllocationScenario, row: AllocationRow, formula: string, total: string, awarded: boolean): Reason {
  const open = opening(s, row, total);
  const parts = factorParts(s, row);
  const g = toText(s.granularity);
  return {
    en:
      `${open.en}: the factor method gives ${formula} (its formula share ${row.formulaShare} of ${total}: ${parts.en}), ` +
      (awarded
        ? `rounded to ${g} with one leftover granule, as its remainder was among the largest.`
        : `rounded down to ${g}, as its remainder was not among the largest.`),
    zh:
      `${open.zh}：因素法计算为 ${formula}（因素法份额 ${row.formulaShare} × ${total}：${parts.zh}），` +
      (awarded ? `按 ${g} 取整，余数位居前列，多得一个取整单位。` : `按 ${g} 向下取整，余数未进入前列。`),
  };
}

/** A signed stage line: "+20.000000", "-10.000000". */
function signed(text: string): string {
  return text.startsWith('-') ? text : `+${text}`;
}

const isZero = (text: string) => /^-?0(?:\.0*)?$/.test(text);

/**
 * The pipeline's reason for region i: the formula's part of the pool, then each stage that moved its amount
 * (set-asides, points, grade, negative list, floor or cap, redistribution), then the rounding.
 */
export function pipelineReason(s: AllocationScenario, o: PipelineOutcome, row: AllocationRow, i: number, total: string, pool: string): Reason {
  const st = row.stages!;
  const open = opening(s, row, total);
  const parts = factorParts(s, row);
  const en: string[] = [];
  const zh: string[] = [];
  if (!isZero(st.setAsides)) {
    const ids = o.setAsides.filter((x) => (x.perRegion?.[i] ?? 0n) > 0n).map((x) => `"${x.spec.id}"`);
    en.push(`set-aside ${ids.join(', ')} ${signed(st.setAsides)}`);
    zh.push(`切块资金 ${ids.join('、')} ${signed(st.setAsides)}`);
  }
  const r = o.ranked?.[i];
  if (r && !isZero(st.points)) {
    const group = r.group === 'bottom' ? { en: 'in the bottom group', zh: '位于末位组' } : { en: 'in the top group', zh: '位于前列组' };
    const proRata = o.books.rewardsPaid < o.books.rewardsWanted && r.reward > 0n;
    en.push(`points ${signed(st.points)} (score rank ${r.rank} of ${s.regions.length}, ${group.en}${proRata ? ', rewards paid pro rata' : ''})`);
    zh.push(`积分 ${signed(st.points)}（得分排名第 ${r.rank} / ${s.regions.length}，${group.zh}${proRata ? '，奖励按比例支付' : ''}）`);
  }
  if (!isZero(st.grades)) {
    en.push(`evaluation grade ${signed(st.grades)}`);
    zh.push(`考核等次 ${signed(st.grades)}`);
  }
  if (!isZero(st.negativeList)) {
    en.push(`negative list ${signed(st.negativeList)} (money spent on the negative list, deducted amount for amount)`);
    zh.push(`负面清单 ${signed(st.negativeList)}（违规使用资金等额扣减）`);
  }
  if (!isZero(st.bounds)) {
    const floor = o.bounds.state[i] === 'floor';
    en.push(`${floor ? `raised to its floor (${o.floorWhy(i)})` : `held at its cap (${o.capWhy(i)})`} ${signed(st.bounds)}`);
    zh.push(`${floor ? `提高到下限（${o.floorWhyZh(i)}）` : `限制在上限（${o.capWhyZh(i)}）`} ${signed(st.bounds)}`);
  }
  if (!isZero(st.redistribution)) {
    en.push(`redistribution ${signed(st.redistribution)} (money moved by other regions' floors and caps or unspent funds)`);
    zh.push(`调剂 ${signed(st.redistribution)}（因其他地区的下限、上限或未用资金而调整）`);
  }
  const awarded = o.split.awarded.includes(i);
  const g = toText(s.granularity);
  en.push(`rounding to ${g} ${signed(st.rounding)}${awarded ? ' (one leftover granule)' : ''}`);
  zh.push(`按 ${g} 取整 ${signed(st.rounding)}${awarded ? '（多得一个取整单位）' : ''}`);
  const after = pool === total ? '' : ' left after set-asides';
  return {
    en: `${open.en}: the factor method gives ${st.formula} (its formula share ${row.formulaShare} of the pool ${pool}${after}: ${parts.en}); ${en.join('; ')}.`,
    zh: `${open.zh}：因素法计算为 ${st.formula}（因素法份额 ${row.formulaShare} × ${pool === total ? '' : '切块后的'}资金池 ${pool}：${parts.zh}）；${zh.join('；')}。`,
  };
}
