/**
 * Every text the widget shows, in Chinese and English. `{name}` marks a value put in by t(); both languages of a
 * key take the same values (tests/widget/i18n.test.ts checks the keys and the placeholders).
 */
export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];

const en = {
  title: 'Fund allocation',
  loading: 'Loading…',
  computed: 'Computed in your browser',
  checking: 'Checking with the service…',
  checked: 'Checked by the service ✓',
  mismatch: 'The service gave a different result: the figures shown are the browser’s; reload the page to use a newer widget.',
  notChecked: 'Not checked by the service: {reason}',
  saved: 'Saved as scenario {id}',
  unknownLang: 'The lang attribute must be zh or en, not “{value}”; showing Chinese.',
  alreadySaved: 'Already saved as {id}: nothing changed since (change a weight to save another variant)',
  whatIf: 'What-if: the weights differ from the model’s',
  weights: 'Factor weights',
  weightsSum: 'Sum',
  weightValue: '{value}%',
  reset: 'Reset to the model’s weights',
  caption: '{total} {unit} for {count} regions (model {model})',
  region: 'Region',
  amount: 'Amount ({unit})',
  share: 'Share',
  change: 'Change vs last year',
  baseline: 'Change vs model weights',
  totalRow: 'Total',
  sortBy: 'Sort by {column}',
  showWaterfall: ': show how it gets its amount',
  chartLabel: 'Bar chart of the amounts of {count} regions in {unit}: highest {maxName} {max}, lowest {minName} {min}.',
  changeChartLabel: 'Bar chart of each region’s change against the model’s weights in {unit}: largest gain {upName} {up}, largest loss {downName} {down}.',
  chartAmount: 'Amount',
  chartChange: 'Change vs model weights',
  waterfallTitle: 'From formula to amount: {name}',
  waterfallLabel: 'Waterfall chart for {name}: {steps}.',
  waterfallSteps: 'Steps',
  unknownRegion: 'The region attribute names “{region}”, which is not in this table; showing {name} instead.',
  stage_formula: 'Formula',
  stage_setAsides: 'Set-asides',
  stage_points: 'Points',
  stage_grades: 'Grades',
  stage_negativeList: 'Negative list',
  stage_bounds: 'Floors and caps',
  stage_redistribution: 'Redistribution',
  stage_rounding: 'Rounding',
  stage_amount: 'Amount',
  downloadCsv: 'Download CSV',
  downloadXlsx: 'Download XLSX',
  save: 'Save as scenario',
  saveTitle: 'Scenario title',
  saveNeedsToken: 'Saving needs a short-lived save token from the page that embeds this widget; none was given.',
  saveDefaultTitle: '{dataset}: weights {weights}',
  switchLang: '中文',
  switchLangLabel: '切换到中文 (switch to Chinese)',
  retry: 'Retry',
  unitWan: '10k yuan',
  unitYuan: 'yuan',
  errorNetwork: 'Cannot reach the service at {api}. Check the connection and try again.',
  errorNetworkCors:
    'Cannot reach the service at {api}: either it is down or unreachable (check the connection and retry), or this page’s origin {origin} is not in the service’s CORS_ORIGINS (its operator must add it; retrying will not help then).',
  errorHttp: 'The service answered {status} for {what}.',
  errorBadAnswer: 'The service sent an answer that could not be read ({what}).',
  errorNoSource: 'Nothing to allocate: set the dataset attribute (or scenario, or the regions property).',
  errorNoTotal: 'The total is missing: set the total attribute (e.g. total="5000").',
  errorWeightsAttribute: 'The weights attribute could not be read at: {parts}. Write it as policy:40%,population:30% or policy:0.4,population:0.3.',
  errorUnknownFactor: 'The weights attribute names {ids}, which the model {model} does not have; its factors are {known}.',
  errorScenarioRoute: 'Scenario {id} was saved for {route}; this widget shows /v1/allocations scenarios only.',
  errorLastYearReference:
    'Scenario {id} takes last year’s amounts from another scenario, which the widget cannot read in the browser; open its result at /v1/scenarios/{id}/result instead.',
  errorRevision: 'The revision attribute must be a whole number from 1, not “{value}”.',
  errorUnit: 'The unit attribute must be wan or yuan, not “{value}”.',
  errorEngine: 'The figures cannot be computed:',
  errorDownload: 'The download failed:',
  errorSave: 'Saving failed:',
  errorInternal: 'The widget hit an unexpected error: {message}',
} as const;

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  title: '资金分配',
  loading: '正在加载…',
  computed: '已在浏览器中计算',
  checking: '正在与服务器核对…',
  checked: '与服务器结果一致 ✓',
  mismatch: '服务器的结果与此处不同：当前显示的是浏览器的计算结果；请刷新页面以使用新版组件。',
  notChecked: '未经服务器核对：{reason}',
  saved: '已保存为情景 {id}',
  unknownLang: 'lang 属性应为 zh 或 en，而不是“{value}”；现以中文显示。',
  alreadySaved: '已保存为 {id}：此后未作改动（调整权重后可另存一个方案）',
  whatIf: '假设分析：权重与模型不同',
  weights: '因素权重',
  weightsSum: '合计',
  weightValue: '{value}%',
  reset: '恢复模型权重',
  caption: '{count} 个地区分配 {total} {unit}（模型 {model}）',
  region: '地区',
  amount: '金额（{unit}）',
  share: '占比',
  change: '较上年增减',
  baseline: '较模型权重增减',
  totalRow: '合计',
  sortBy: '按{column}排序',
  showWaterfall: '：查看金额构成',
  chartLabel: '{count} 个地区金额柱状图（{unit}）：最高 {maxName} {max}，最低 {minName} {min}。',
  changeChartLabel: '各地区较模型权重增减柱状图（{unit}）：增加最多 {upName} {up}，减少最多 {downName} {down}。',
  chartAmount: '金额',
  chartChange: '较模型权重增减',
  waterfallTitle: '从因素法到分配金额：{name}',
  waterfallLabel: '{name}的瀑布图：{steps}。',
  waterfallSteps: '步骤',
  unknownRegion: 'region 属性指定的地区“{region}”不在本表中；改为显示 {name}。',
  stage_formula: '因素法',
  stage_setAsides: '切块资金',
  stage_points: '计分制',
  stage_grades: '评价等级',
  stage_negativeList: '负面清单',
  stage_bounds: '上下限',
  stage_redistribution: '调剂',
  stage_rounding: '取整',
  stage_amount: '分配金额',
  downloadCsv: '下载 CSV',
  downloadXlsx: '下载 XLSX',
  save: '保存为情景',
  saveTitle: '情景名称',
  saveNeedsToken: '保存需要嵌入本组件的页面提供的短期保存令牌；当前没有令牌。',
  saveDefaultTitle: '{dataset}：权重 {weights}',
  switchLang: 'English',
  switchLangLabel: 'Switch to English（切换到英文）',
  retry: '重试',
  unitWan: '万元',
  unitYuan: '元',
  errorNetwork: '无法连接服务 {api}。请检查网络后重试。',
  errorNetworkCors:
    '无法连接服务 {api}：可能是服务已停止或无法访问（请检查网络后重试），也可能是本页面的来源 {origin} 不在服务的 CORS_ORIGINS 中（需由服务管理员添加；此时重试无效）。',
  errorHttp: '服务对{what}返回了 {status}。',
  errorBadAnswer: '服务返回的内容无法读取（{what}）。',
  errorNoSource: '没有可分配的数据：请设置 dataset 属性（或 scenario 属性，或 regions 属性）。',
  errorNoTotal: '缺少总额：请设置 total 属性（例如 total="5000"）。',
  errorWeightsAttribute: 'weights 属性无法读取：{parts}。请写成 policy:40%,population:30% 或 policy:0.4,population:0.3。',
  errorUnknownFactor: 'weights 属性中的 {ids} 不是模型 {model} 的因素；其因素为 {known}。',
  errorScenarioRoute: '情景 {id} 保存的是 {route} 的请求；本组件只显示 /v1/allocations 情景。',
  errorLastYearReference: '情景 {id} 的上年金额引用了另一个情景，浏览器中无法读取；请打开 /v1/scenarios/{id}/result 查看其结果。',
  errorRevision: 'revision 属性应为从 1 开始的整数，而不是“{value}”。',
  errorUnit: 'unit 属性应为 wan 或 yuan，而不是“{value}”。',
  errorEngine: '无法计算：',
  errorDownload: '下载失败：',
  errorSave: '保存失败：',
  errorInternal: '组件发生意外错误：{message}',
};

export const MESSAGES: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { en, zh };

/** A text in `lang` with its `{placeholders}` filled in (a missing value leaves the placeholder visible). */
export function t(lang: Lang, key: MessageKey, params: Readonly<Record<string, string | number>> = {}): string {
  const text = (MESSAGES[lang] ?? MESSAGES.zh)[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The language an attribute asks for: en when it starts with "en", else zh (the default). */
export function langOf(value: string | null | undefined): Lang {
  return typeof value === 'string' && value.trim().toLowerCase().startsWith('en') ? 'en' : 'zh';
}

/** The placeholders of a text, in order of first appearance. */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))];
}
