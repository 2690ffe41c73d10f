/**
 * Per project: execution rate (执行率 = paid ÷ budget) and the deviation of actual from budget (deviation =
 * actual − budget, deviationPercent = deviation ÷ budget: the contract's deviation, a value against its
 * target or budget, not its change against a baseline), exactly; the days from completion to payment.
 * Seed 004: 1,041.48 of 1,134.00 paid = 91.84%; its three village-infrastructure projects deviate +12.92%,
 * +43.03%, −59.65% from plan.
 */
import { Issue, pointer } from '../../core/errors.js';
import { issue } from '../../messages/index.js';
import { dayNumber } from './dates.js';
import { add, amountText, div, percentText, ratio, shareText, sub, ZERO } from '../../core/rational.js';
import type { MonitoringInput, MonitoringResult, ProjectInput, ProjectRow, Words } from './types.js';

/** What the schemas cannot see in the projects: dates after the report date (ids and regions: ./references.ts). */
export function checkProjects(input: MonitoringInput, reportDay: number): Issue[] {
  return input.projects.flatMap((p, i) => checkProject(p, i, reportDay));
}

/** One project's checks (the `i`th of the request), on its own: the route runs it on each project that passed its schema. */
export function checkProject(p: ProjectInput, i: number, reportDay: number): Issue[] {
  const issues: Issue[] = [];
  for (const field of ['completed', 'paidOn'] as const) {
    const day = p[field] === undefined ? undefined : dayNumber(p[field]!);
    if (day !== undefined && day > reportDay) {
      issues.push(issue(pointer('projects', i, field), 'monitoring-date-after-report', { date: p[field]! }));
    }
  }
  return issues;
}

/** Days from completion to payment, or to the report date while payment is outstanding; null: not completed. */
export function paymentDays(p: ProjectInput, reportDay: number): number | null {
  if (p.completed === undefined) return null;
  const done = dayNumber(p.completed)!;
  return (p.paidOn !== undefined ? dayNumber(p.paidOn)! : reportDay) - done;
}

export function projectRow(p: ProjectInput, reportDay: number): ProjectRow {
  const budget = ratio(p.budget);
  const rate = p.paid === undefined ? null : div(ratio(p.paid), budget);
  const deviation = p.actual === undefined ? null : sub(ratio(p.actual), budget);
  const amount = (v: string | number) => amountText(ratio(v));
  return {
    id: p.id,
    ...(p.name !== undefined ? { name: p.name } : {}),
    ...(p.region !== undefined ? { region: p.region } : {}),
    budget: amountText(budget),
    ...(p.adjusted !== undefined ? { adjusted: amount(p.adjusted) } : {}),
    ...(p.actual !== undefined ? { actual: amount(p.actual) } : {}),
    ...(p.paid !== undefined ? { paid: amount(p.paid) } : {}),
    executionRate: rate && shareText(rate),
    executionRatePercent: rate && percentText(rate),
    deviation: deviation && amountText(deviation),
    deviationPercent: deviation && percentText(div(deviation, budget)),
    ...(p.completed !== undefined ? { completed: p.completed } : {}),
    ...(p.paidOn !== undefined ? { paidOn: p.paidOn } : {}),
    paymentDays: paymentDays(p, reportDay),
  };
}

/**
 * Σ paid ÷ Σ budget over the projects that report paid (a project without paid is not yet reported, not 0),
 * with that set's count and budget beside the count and budget of every project, so no total in the answer
 * is read against a rate over another set.
 */
export function projectTotals(projects: readonly ProjectInput[]): MonitoringResult['totals'] {
  let budget = ZERO;
  let executionBudget = ZERO;
  let executionProjects = 0;
  let paid = ZERO;
  for (const p of projects) {
    budget = add(budget, ratio(p.budget));
    if (p.paid === undefined) continue;
    executionProjects += 1;
    executionBudget = add(executionBudget, ratio(p.budget));
    paid = add(paid, ratio(p.paid));
  }
  const rate = executionBudget.num === 0n ? null : div(paid, executionBudget);
  return {
    projects: projects.length,
    budget: amountText(budget),
    paid: amountText(paid),
    executionProjects,
    executionBudget: amountText(executionBudget),
    executionRate: rate && shareText(rate),
    executionRatePercent: rate && percentText(rate),
  };
}

/** When some projects (not all, not none) report paid: which set the execution rate is over, in words. */
export function totalsNote(t: MonitoringResult['totals']): Words[] {
  const left = t.projects - t.executionProjects;
  if (left === 0 || t.executionProjects === 0) return [];
  return [
    {
      en: `${left} of ${t.projects} projects report no paid amount: the execution rate ${t.executionRatePercent} is ${t.paid} paid of the ${t.executionBudget} budget of the other ${t.executionProjects}; the budget of all ${t.projects} is ${t.budget}.`,
      zh: `${t.projects} 个项目中有 ${left} 个未报拨付金额：执行率 ${t.executionRatePercent} 为其余 ${t.executionProjects} 个项目的拨付 ${t.paid} ÷ 预算 ${t.executionBudget}；全部 ${t.projects} 个项目的预算合计 ${t.budget}。`,
    },
  ];
}
