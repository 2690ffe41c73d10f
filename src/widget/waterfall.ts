/**
 * A region's waterfall from formula to amount, pure and exact (decimal.js on the answer's strings): the start
 * (formula), each stage that moved the amount (zero steps skipped), and the final amount. `start`/`end` are the
 * running totals before and after a step; the chart draws them, the table of steps reads them.
 */
import DecimalJs from 'decimal.js';

/** The answer's stage order (src/schema/allocation.ts WATERFALL). */
export const STAGES = ['formula', 'setAsides', 'points', 'grades', 'negativeList', 'bounds', 'redistribution', 'rounding'] as const;
export type StageId = (typeof STAGES)[number];

export interface WaterfallStep {
  /** a stage id, or "amount" for the closing bar */
  readonly stage: StageId | 'amount' | string;
  readonly kind: 'start' | 'up' | 'down' | 'total';
  /** what this step adds (the start and the total: their whole value), exact decimal text */
  readonly delta: string;
  readonly start: string;
  readonly end: string;
}

/**
 * The steps of a row's `stages` (an object of decimal strings) ending at `amount`. Stages are taken in the
 * answer's order, then any other stage the answer holds in its own order; a stage that is zero (or absent) is
 * skipped, except formula, which always starts the waterfall. The closing bar is the amount as the answer gives it.
 */
export function waterfallSteps(stages: Readonly<Record<string, string>> | undefined, amount: string): WaterfallStep[] {
  const keys = stages ? [...STAGES.filter((s) => s in stages), ...Object.keys(stages).filter((s) => !(STAGES as readonly string[]).includes(s))] : [];
  const steps: WaterfallStep[] = [];
  let running = new DecimalJs(0);
  for (const stage of keys) {
    const d = exact(stages![stage]);
    if (d === undefined) continue;
    if (stage === 'formula') {
      steps.push({ stage, kind: 'start', delta: d.toFixed(), start: '0', end: d.toFixed() });
      running = d;
      continue;
    }
    if (d.isZero()) continue;
    const end = running.plus(d);
    steps.push({ stage, kind: d.isNegative() ? 'down' : 'up', delta: d.toFixed(), start: running.toFixed(), end: end.toFixed() });
    running = end;
  }
  const total = exact(amount) ?? running;
  steps.push({ stage: 'amount', kind: 'total', delta: total.toFixed(), start: '0', end: total.toFixed() });
  return steps;
}

/** Whether the steps' running total reaches the amount exactly (it does when the answer's stages add up). */
export function reachesAmount(steps: readonly WaterfallStep[]): boolean {
  if (steps.length < 2) return steps.length === 1;
  const last = steps[steps.length - 1];
  const before = steps[steps.length - 2];
  return new DecimalJs(before.end).eq(last.end);
}

function exact(text: unknown): DecimalJs | undefined {
  if (typeof text !== 'string' && typeof text !== 'number') return undefined;
  try {
    const d = new DecimalJs(text);
    return d.isFinite() ? d : undefined;
  } catch {
    return undefined;
  }
}
