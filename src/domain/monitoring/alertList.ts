/** Every alert of a report, rule by rule in a fixed order, subjects in request order within a rule. */
import { amountChanges, latePayments, reminderLetters, zeroInPlace } from './alerts.js';
import type { Previous } from './previous.js';
import type { Standings } from './progress.js';
import type { Alert, MonitoringInput, Words } from './types.js';

export interface AlertContext {
  readonly now: Standings;
  readonly previous: Previous;
  readonly bottomNow: readonly boolean[];
  readonly bottomBefore: readonly boolean[];
  readonly reportDate: string;
  readonly reportDay: number;
}

export function alertsOf(input: MonitoringInput, ctx: AlertContext): { alerts: Alert[]; notes: Words[] } {
  const zero = zeroInPlace(input);
  return {
    alerts: [
      ...reminderLetters(input, ctx.now, ctx.previous, ctx.bottomNow, ctx.bottomBefore),
      ...amountChanges(input),
      ...zero.alerts,
      ...latePayments(input, ctx.reportDate, ctx.reportDay),
    ],
    notes: zero.notes,
  };
}
