/**
 * Why a region has its colour, in plain words (English and Chinese), with the numbers exactly as the row
 * shows them: "Spent 499.98 of 1000.00 in place = 49.998%: below the 50.00% milestone for the end of June
 * by 0.002 points, within the 10-point yellow band → yellow."
 */
import type { ProgressBase } from './model.js';
import type { Status, Words } from './types.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const COLOUR_ZH: Record<Status, string> = { green: '绿色', yellow: '黄色', red: '红色' };

export interface ColourFacts {
  readonly status: Status;
  readonly progressBase: ProgressBase;
  /** spent and the progress base, as the row shows them */
  readonly spent: string;
  readonly base: string;
  /** as the row shows them; null: nothing in the base */
  readonly progressPercent: string | null;
  readonly gapPoints: string | null;
  /** the milestone in force, or null (then `firstMonth` is the first one's month, if any) */
  readonly milestone: { readonly month: number; readonly targetPercent: string } | null;
  readonly firstMonth: number | null;
  /** the yellow band in points ("10") */
  readonly yellowPoints: string;
}

export function colourReason(f: ColourFacts): Words {
  const baseEn = f.progressBase === 'allocated' ? 'allocated' : 'in place';
  const baseZh = f.progressBase === 'allocated' ? '全年下达资金' : '到位资金';
  const colour = { en: `→ ${f.status}.`, zh: `→ ${COLOUR_ZH[f.status]}。` };
  const m = f.milestone;
  const due = m && { en: `the ${m.targetPercent} milestone for the end of ${MONTHS[m.month - 1]}`, zh: `${m.month}月底 ${m.targetPercent} 的序时进度` };

  if (f.progressPercent === null) {
    const head = { en: `Nothing ${baseEn} (${f.base}), so nothing can have been spent`, zh: `${baseZh}为 ${f.base}，无从支出` };
    if (due && f.status === 'red') return { en: `${head.en}, and ${due.en} is due ${colour.en}`, zh: `${head.zh}，而${due.zh}已到期 ${colour.zh}` };
    if (due) return { en: `${head.en}, and ${due.en} asks for no spending ${colour.en}`, zh: `${head.zh}，而${due.zh}不要求支出 ${colour.zh}` };
    return { en: `${head.en}; ${nothingDue(f).en} ${colour.en}`, zh: `${head.zh}；${nothingDue(f).zh} ${colour.zh}` };
  }

  const head = { en: `Spent ${f.spent} of ${f.base} ${baseEn} = ${f.progressPercent}`, zh: `支出 ${f.spent} ÷ ${baseZh} ${f.base} = ${f.progressPercent}` };
  if (!due) return { en: `${head.en}: ${nothingDue(f).en} ${colour.en}`, zh: `${head.zh}：${nothingDue(f).zh} ${colour.zh}` };
  if (f.status === 'green') {
    return {
      en: `${head.en}: at or above ${due.en} by ${f.gapPoints} points ${colour.en}`,
      zh: `${head.zh}：达到${due.zh}，高出 ${f.gapPoints} 个百分点 ${colour.zh}`,
    };
  }
  const below = f.gapPoints!.replace(/^-/, '');
  const band =
    f.status === 'yellow'
      ? { en: `within the ${f.yellowPoints}-point yellow band`, zh: `在 ${f.yellowPoints} 个百分点的黄色区间内` }
      : f.yellowPoints === '0'
        ? { en: 'and the model has no yellow band', zh: '模型未设黄色区间' }
        : { en: `more than the ${f.yellowPoints}-point yellow band`, zh: `超出 ${f.yellowPoints} 个百分点的黄色区间` };
  return {
    en: `${head.en}: below ${due.en} by ${below} points, ${band.en} ${colour.en}`,
    zh: `${head.zh}：低于${due.zh} ${below} 个百分点，${band.zh} ${colour.zh}`,
  };
}

/** Before the first milestone (or with none in the model). */
function nothingDue(f: ColourFacts): Words {
  if (f.firstMonth === null) return { en: 'the model sets no milestone', zh: '模型未设序时进度要求' };
  return { en: `no milestone is due before the end of ${MONTHS[f.firstMonth - 1]}`, zh: `${f.firstMonth}月底前没有序时进度要求` };
}
