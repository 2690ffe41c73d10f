/**
 * The ranking as an answer: one row per region (best first; equal composites by id, UTF-16 order), each with
 * its composite per kind and a reason in both languages; the groups' totals; the composite's formula as a
 * sentence with the model's numbers; the tie rule. Pure: amounts are the outcome's granules written out.
 */
import { fromGranules, parseDecimal, ratioOf, Scaled, toGranules, toText, Unit } from '../../core/money.js';
import type { Decimalish } from '../allocation/model.js';
import { POINTS_TIE_RULE, POINTS_TIE_RULE_ZH } from '../allocation/pipeline/points.js';
import type { RankGroupSpec, RankingModel, RankingOutcome, Region } from './ranking.js';

export interface Bilingual {
  readonly en: string;
  readonly zh: string;
}

export interface KindRow {
  readonly events: number;
  readonly points: string;
  readonly counted: string;
  readonly capped: boolean;
}

export interface RankingRow {
  readonly id: string;
  readonly name?: string;
  readonly composite: string;
  readonly rank: number;
  readonly rankFromBottom: number;
  readonly group: 'top' | 'bottom' | 'none';
  readonly penalty: string;
  readonly reward: string;
  readonly events: number;
  readonly kinds: Readonly<Record<string, KindRow>>;
  readonly reason: Bilingual;
}

export interface GroupSummary {
  readonly count: number;
  readonly applied: number;
  readonly members: number;
  readonly amount: { readonly fixed?: string; readonly from?: string; readonly to?: string };
  readonly total: string;
}

export interface RankingSummary {
  readonly regions: number;
  readonly events: number;
  readonly penalties: string;
  readonly rewards: string;
  readonly groups: { readonly bottom: GroupSummary | null; readonly top: GroupSummary | null };
}

export interface RankingAnswer {
  readonly summary: RankingSummary;
  readonly rows: readonly RankingRow[];
  readonly granularity: string;
  readonly formula: Bilingual;
  readonly tieRule: Bilingual;
}

const UNIT_NAME: Record<Unit, Bilingual> = { yuan: { en: 'yuan', zh: '元' }, wan: { en: 'wan', zh: '万元' } };

const text = (x: Decimalish | undefined) => (x === undefined ? undefined : toText(parseDecimal(x)!));
/** UTF-16 code units, as every id order in the service. */
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function rankingAnswer(input: {
  readonly model: RankingModel;
  readonly regions: readonly Region[];
  readonly events: number;
  readonly outcome: RankingOutcome;
  readonly unit: Unit;
  readonly granularity: Scaled;
}): RankingAnswer {
  const { model, outcome, unit, granularity } = input;
  const money = (g: bigint) => fromGranules(g, granularity);
  // a group's amount as it is applied: in the answer's unit, to the nearest granule (as rankByModel pays it),
  // with the granularity's decimals ("400.00" at 0.01; "120.5" wan at a granularity of 100 is "100")
  const applied = (x: Decimalish | undefined) =>
    x === undefined ? undefined : money(toGranules(ratioOf(parseDecimal(x)!), model.unit, unit, granularity, 'nearest'));
  const n = input.regions.length;
  const rows: RankingRow[] = input.regions.map((region, i) => {
    const r = outcome.ranked[i];
    const s = outcome.scores[i];
    const kinds: Record<string, KindRow> = {};
    model.kinds.forEach((k, j) => {
      const ks = s.kinds[j];
      kinds[k.id] = { events: ks.events, points: toText(ks.points), counted: toText(ks.counted), capped: ks.capped };
    });
    const row = {
      id: region.id,
      ...(region.name !== undefined ? { name: region.name } : {}),
      composite: toText(s.composite),
      rank: r.rank,
      rankFromBottom: r.rankFromBottom,
      group: r.group,
      penalty: money(r.penalty),
      reward: money(r.reward),
      events: s.events,
      kinds,
    };
    return { ...row, reason: reasonOf(model, row, n, outcome.size, UNIT_NAME[unit]) };
  });
  const order = rows.map((_, i) => i).sort((a, b) => rows[a].rank - rows[b].rank || byId(rows[a].id, rows[b].id));
  const sum = (pick: (r: (typeof outcome.ranked)[number]) => bigint) => outcome.ranked.reduce((t, r) => t + pick(r), 0n);
  const group = (spec: RankGroupSpec | undefined, side: 'bottom' | 'top'): GroupSummary | null =>
    spec
      ? {
          count: spec.count,
          applied: outcome.size[side],
          members: outcome.ranked.filter((r) => r.group === side).length,
          amount: { fixed: applied(spec.amount.fixed), from: applied(spec.amount.from), to: applied(spec.amount.to) },
          total: money(sum((r) => (side === 'bottom' ? r.penalty : r.reward))),
        }
      : null;
  return {
    summary: {
      regions: n,
      events: input.events,
      penalties: money(sum((r) => r.penalty)),
      rewards: money(sum((r) => r.reward)),
      groups: { bottom: group(model.bottom, 'bottom'), top: group(model.top, 'top') },
    },
    rows: order.map((i) => rows[i]),
    granularity: toText(granularity),
    formula: formulaText(model),
    tieRule: { en: POINTS_TIE_RULE, zh: POINTS_TIE_RULE_ZH },
  };
}

/** How a row's composite, rank and amount came about, in both languages. */
function reasonOf(model: RankingModel, row: Omit<RankingRow, 'reason'>, n: number, size: RankingOutcome['size'], unit: Bilingual): Bilingual {
  const parts = model.kinds
    .filter((k) => row.kinds[k.id].events > 0 || row.kinds[k.id].counted !== '0')
    .map((k) => {
      const ks = row.kinds[k.id];
      const w = text(k.weight);
      const weighted = w !== undefined && w !== '1' ? ` × ${w}` : '';
      const cap = ks.capped
        ? {
            en: `, kept within [${text(k.minimum) ?? '−∞'}, ${text(k.maximum) ?? '+∞'}] → ${ks.counted}`,
            zh: `，限定在 [${text(k.minimum) ?? '−∞'}, ${text(k.maximum) ?? '+∞'}] 内 → ${ks.counted}`,
          }
        : { en: '', zh: '' };
      const name = k.title ?? { en: k.id, zh: k.id };
      return {
        en: `${k.id} ${ks.points}${weighted} (${ks.events} event${ks.events === 1 ? '' : 's'})${cap.en}`,
        zh: `${name.zh} ${ks.points}${weighted}（${ks.events} 项）${cap.zh}`,
      };
    });
  const base = text(model.base)!;
  const sum =
    parts.length > 0
      ? { en: `base ${base}; ${parts.map((p) => p.en).join('; ')}`, zh: `基础分 ${base}；${parts.map((p) => p.zh).join('；')}` }
      : { en: `base ${base}, no events`, zh: `基础分 ${base}，无计分事项` };
  const place = {
    en: `rank ${row.rank} of ${n} (${row.rankFromBottom} from the bottom)`,
    zh: `${n} 个地区中排第 ${row.rank} 名（倒数第 ${row.rankFromBottom} 名）`,
  };
  const outcome =
    row.group === 'bottom'
      ? { en: `in the bottom ${size.bottom}: loses ${row.penalty} ${unit.en}`, zh: `位列后 ${size.bottom} 名：扣减 ${row.penalty} ${unit.zh}` }
      : row.group === 'top'
        ? { en: `in the top ${size.top}: gains ${row.reward} ${unit.en}`, zh: `位列前 ${size.top} 名：奖励 ${row.reward} ${unit.zh}` }
        : { en: 'in neither group: no change', zh: '不在奖惩名单内：资金不变' };
  return {
    en: `composite ${row.composite} (${sum.en}); ${place.en}; ${outcome.en}.`,
    zh: `综合得分 ${row.composite}（${sum.zh}）；${place.zh}；${outcome.zh}。`,
  };
}

/** The composite as a sentence, with this model's numbers: base, each kind (with its weight when not 1), caps. */
export function formulaText(model: RankingModel): Bilingual {
  const kinds = model.kinds.map((k) => (k.weight !== undefined && text(k.weight) !== '1' ? `${text(k.weight)} × ${k.id}` : k.id));
  const bounded = model.kinds.filter((k) => k.minimum !== undefined || k.maximum !== undefined);
  const range = (k: RankingModel['kinds'][number]) => `[${text(k.minimum) ?? '−∞'}, ${text(k.maximum) ?? '+∞'}]`;
  const caps = bounded.map((k) => `${k.id} within ${range(k)}`);
  const capsZh = bounded.map((k) => `${k.id} 在 ${range(k)} 内`);
  const base = text(model.base);
  return {
    en:
      `composite = ${base} + ${kinds.join(' + ')}, each kind being the Σ points of the region's events of that kind` +
      (caps.length > 0 ? `, weighted, then kept ${caps.join(', ')}` : '; no caps'),
    zh: `综合得分 = ${base} + ${kinds.join(' + ')}，每类为该地区该类事项分值之和` + (caps.length > 0 ? `，加权后限定 ${capsZh.join('，')}` : '；不设上下限'),
  };
}
