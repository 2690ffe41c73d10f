/**
 * The one stage vocabulary of an allocation: every step of the waterfall from the formula to the amount, in
 * its order, each with one id used everywhere — the model's `pipeline` keys, `overrides.off`, a row's
 * `stages`, the trace's steps and stage statuses, the CSV's `stage_<id>` columns — and its name in both
 * languages. The model's stages (`switchable`) are the ones a model configures and a request may switch
 * off; formula, redistribution and rounding always run.
 * Adding a stage: its entry here, its file in this folder, its step in run.ts.
 */
import type { Text } from '../model.js';

export interface StageEntry<Id extends string = string> {
  readonly id: Id;
  /** a stage of the model's pipeline: configured by the model under this key, switched off by `off` */
  readonly switchable: boolean;
  readonly name: Text;
}

export const STAGES = [
  { id: 'formula', switchable: false, name: { en: 'formula', zh: '因素法测算' } },
  { id: 'setAsides', switchable: true, name: { en: 'set-asides', zh: '切块资金' } },
  { id: 'points', switchable: true, name: { en: 'points', zh: '计分奖惩' } },
  { id: 'grades', switchable: true, name: { en: 'evaluation grades', zh: '绩效等次奖励' } },
  { id: 'negativeList', switchable: true, name: { en: 'negative list', zh: '负面清单扣减' } },
  { id: 'bounds', switchable: true, name: { en: 'floors and caps', zh: '上下限' } },
  { id: 'redistribution', switchable: false, name: { en: 'redistribution', zh: '调剂' } },
  { id: 'rounding', switchable: false, name: { en: 'rounding', zh: '取整' } },
] as const satisfies readonly StageEntry[];

/** Every step of the waterfall, in order: a row's `stages` keys, the trace's steps, the CSV's stage_ columns. */
export type WaterfallStage = (typeof STAGES)[number]['id'];
export const WATERFALL: readonly WaterfallStage[] = STAGES.map((s) => s.id);

/** A stage of the model's pipeline: its key in the model, an id in `overrides.off`. */
export type StageId = Extract<(typeof STAGES)[number], { switchable: true }>['id'];
export const STAGE_IDS: readonly StageId[] = STAGES.filter((s): s is Extract<(typeof STAGES)[number], { switchable: true }> => s.switchable).map((s) => s.id);

/** The CSV/TSV column of a waterfall step. */
export function stageColumn(id: WaterfallStage): string {
  return `stage_${id}`;
}

const BY_ID = new Map<string, StageEntry>(STAGES.map((s) => [s.id, s]));

/** A stage's name in both languages. */
export function stageName(id: WaterfallStage): Text {
  return BY_ID.get(id)!.name;
}
