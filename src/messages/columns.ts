/**
 * The title of every column a calculation route's table has (src/api/<route>/tables …), in Chinese and
 * English, for the header row of ?format=xlsx: "金额（万元） · amount (wan)". `text` marks a column whose
 * cells stay text in a workbook even when they look like numbers (a region id "510121", a month "2024-06").
 *
 * Columns named by the request or the model (a factor, a fund source, a variant, a ranking's kind) are titled
 * from the model where it has a title, else by their own id (src/api/format/xlsx.ts titleOf).
 * tests/api/formats-xlsx.test.ts walks every route's tables and fails on a column without a title.
 */
import { STAGES } from '../domain/allocation/pipeline/stages.js';

export interface ColumnTitle {
  readonly zh: string;
  readonly en: string;
  readonly text?: true;
}

const t = (zh: string, en: string): ColumnTitle => ({ zh, en });
const text = (zh: string, en: string): ColumnTitle => ({ zh, en, text: true });

export const COLUMN_TITLES: Readonly<Record<string, ColumnTitle>> = Object.assign(Object.create(null) as Record<string, ColumnTitle>, {
  // who a row is
  id: text('编号', 'id'),
  name: text('名称', 'name'),
  name_en: text('英文名称', 'name (English)'),
  path: text('路径', 'path'),
  depth: t('层级', 'depth'),
  level: text('级别', 'level'),
  region: text('地区', 'region'),
  type: text('类型', 'type'),
  kind: text('类别', 'kind'),
  category: text('类别', 'category'),
  group: text('分组', 'group'),
  town: text('乡镇', 'town'),
  village: text('村', 'village'),
  month: text('月份', 'month'),
  rule: text('规则', 'rule'),
  notice: text('通知', 'notice'),
  source: text('来源', 'source'),
  numbers: text('数据', 'numbers'),
  status: text('状态', 'status'),
  reason: text('说明', 'reason'),
  reason_zh: text('说明（中文）', 'reason (Chinese)'),
  // allocations and comparisons
  amount: t('金额', 'amount'),
  share: t('份额', 'share'),
  sharePercent: t('份额百分比', 'share %'),
  formulaShare: t('公式份额', 'formula share'),
  formulaSharePercent: t('公式份额百分比', 'formula share %'),
  rank: t('排名', 'rank'),
  lastYear: t('上年金额', 'last year'),
  change: t('增减', 'change'),
  changePercent: t('增减百分比', 'change %'),
  baseline: t('基准金额', 'baseline'),
  // industry-share check
  industry: t('产业资金', 'industry'),
  base: t('基数', 'base'),
  floor: t('下限比例', 'floor'),
  floorPercent: t('下限百分比', 'floor %'),
  floorFrom: text('下限依据', 'floor from'),
  pass: text('是否达标', 'pass'),
  marginPoints: t('余量（百分点）', 'margin (points)'),
  gap: t('缺口', 'gap'),
  // evaluations
  points: t('分值', 'points'),
  applicablePoints: t('适用分值', 'applicable points'),
  value: t('指标值', 'value'),
  score: t('得分', 'score'),
  deducted: t('扣分', 'deducted'),
  // monitoring
  inPlace: t('到位资金', 'in place'),
  spent: t('支出', 'spent'),
  progress: t('支出进度', 'progress'),
  progressPercent: t('支出进度百分比', 'progress %'),
  milestonePercent: t('序时进度百分比', 'milestone %'),
  gapPoints: t('差距（百分点）', 'gap (points)'),
  of: t('参与排名数', 'of'),
  previousRank: t('上期排名', 'previous rank'),
  bottom: text('是否末位', 'bottom'),
  budget: t('预算', 'budget'),
  adjusted: t('调整后预算', 'adjusted'),
  actual: t('实际支出', 'actual'),
  paid: t('已支付', 'paid'),
  executionRate: t('执行率', 'execution rate'),
  executionRatePercent: t('执行率百分比', 'execution rate %'),
  deviation: t('偏差', 'deviation'),
  deviationPercent: t('偏差百分比', 'deviation %'),
  completed: text('是否完工', 'completed'),
  paidOn: text('支付日期', 'paid on'),
  paymentDays: t('支付天数', 'payment days'),
  // optimizations
  target: t('目标金额', 'target'),
  minimum: t('下限', 'minimum'),
  maximum: t('上限', 'maximum'),
  minimumBy: text('下限依据', 'minimum by'),
  maximumBy: text('上限依据', 'maximum by'),
  at: text('所处约束', 'at'),
  binding: text('是否紧约束', 'binding'),
  chosen: text('是否入选', 'chosen'),
  cost: t('投资额', 'cost'),
  priority: text('优先类别', 'priority'),
  drawingReview: text('是否已审图', 'drawing review'),
  used: t('已用', 'used'),
  unused: t('未用', 'unused'),
  industryShare: t('产业资金占比', 'industry share'),
  industrySharePercent: t('产业资金占比百分比', 'industry share %'),
  budgetBinding: text('预算是否紧约束', 'budget binding'),
  floorBinding: text('下限是否紧约束', 'floor binding'),
  // rankings
  rankFromBottom: t('倒数排名', 'rank from bottom'),
  composite: t('综合得分', 'composite'),
  penalty: t('扣减金额', 'penalty'),
  reward: t('奖励金额', 'reward'),
  events: t('事项数', 'events'),
  // the allocation's waterfall, one column per stage (pipeline/stages.ts): stage_<id>
  ...Object.fromEntries(STAGES.map((s) => [`stage_${s.id}`, t(`${s.name.zh}后`, `after ${s.name.en}`)])),
});

/**
 * The Chinese name of each table ?table can name (and a dataset's kind), for sheet 1's name in a workbook:
 * "分配结果 · rows" beside "摘要 · summary". Each name with its English stays within Excel's 31 characters.
 */
export const TABLE_TITLES: Readonly<Record<string, string>> = Object.assign(Object.create(null) as Record<string, string>, {
  rows: '分配结果',
  regions: '地区',
  projects: '项目',
  alerts: '预警',
  groups: '分组',
  sources: '资金来源',
  indicators: '指标',
  sections: '评价部分',
  adjustments: '加减分',
  flags: '复核标记',
  findings: '核查发现',
});

/** How the header names a unit. */
export const UNIT_TITLES: Readonly<Record<string, { zh: string; en: string }>> = {
  yuan: { zh: '元', en: 'yuan' },
  wan: { zh: '万元', en: 'wan' },
  yi: { zh: '亿元', en: 'yi' },
};
