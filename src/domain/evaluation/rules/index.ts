/**
 * The rule kinds of an evaluation model, as a registry: each kind is one object in one file of this folder
 * (rules/<kind>.ts) that says how its rule is checked and compiled (`prepare`), how a measured value is read
 * for it (`read`) and how it is scored (`score`, with its reason in English and Chinese). Adding a kind is a
 * file here, its line in RULES and its member of the two unions below (and its shape in
 * src/schema/evaluation.ts, where the request is validated).
 *
 * The dispatchers below are what the rest of the evaluation calls: prepareRule (prepare.ts), readValue and
 * scoreRule (indicator.ts), each finding the kind in the registry.
 */
import type { Issue } from '../../../core/errors.js';
import type { Q } from '../../../core/rational.js';
import type { Bilingual } from '../types.js';
import type { Measured } from '../values.js';
import { approx, ZERO } from '../../../core/rational.js';
import { checklist, type ChecklistSpec, type PreparedChecklist } from './checklist.js';
import { choice, type ChoiceSpec, type PreparedChoice } from './choice.js';
import { deductions, type DeductionsSpec, type PreparedDeductions } from './deductions.js';
import { linear, type LinearSpec, type PreparedLinear } from './linear.js';
import { occurrences, type OccurrencesSpec, type PreparedOccurrences } from './occurrences.js';
import { proportional, type PreparedProportional, type ProportionalSpec } from './proportional.js';
import { tiers, type PreparedTiers, type TiersSpec } from './tiers.js';
import { yesNo, type PreparedYesNo, type YesNoSpec } from './yesNo.js';

/** Every rule kind, each from its own file. */
export const RULES = [tiers, linear, proportional, deductions, occurrences, yesNo, choice, checklist] as const;

/** A rule as a model writes it. */
export type RuleSpec = TiersSpec | LinearSpec | ProportionalSpec | DeductionsSpec | OccurrencesSpec | YesNoSpec | ChoiceSpec | ChecklistSpec;
export type RuleKindName = RuleSpec['kind'];
/** A rule compiled: exact rationals, and the scale its raw scores are on (0 … best, × points / best). */
export type PreparedRule = Scale &
  (PreparedTiers | PreparedLinear | PreparedProportional | PreparedDeductions | PreparedOccurrences | PreparedYesNo | PreparedChoice | PreparedChecklist);

/** The scale of a rule's raw scores: 0 … best; scaled when best is not the indicator's points. */
export interface Scale {
  readonly best: Q;
  readonly scaled: boolean;
}

/** What a rule's `prepare` may use: where it is, its points, how to report, the shared checks. */
export interface PrepareContext {
  readonly points: Q;
  readonly path: string;
  report(issue: Issue): void;
  /** tiers, choices and checklists carry their own maximum: it must be the points, or be stated as outOf */
  own(natural: Q, what: Bilingual): Scale;
  /** rules scored on the points (or on outOf when given) */
  fixedScale(): Scale;
  /** a decimal the schema has checked, required above 0 (reported at path otherwise) */
  positive(value: string | number, path: string): Q;
  /** a nested rule (a checklist's item) */
  prepareRule(rule: RuleSpec, points: Q, path: string): PreparedRule;
}

/** What a rule's `read` and `score` may use: the issues found, and the dispatchers for nested rules. */
export interface ValueContext {
  readonly issues: Issue[];
  readValue(rule: PreparedRule, value: unknown, path: string): Measured | undefined;
  scoreRule(rule: PreparedRule, m: Measured, path: string): Outcome | undefined;
}

export interface Outcome {
  /** exact, on the rule's scale: 0 … rule.best */
  readonly raw: Q;
  readonly why: Bilingual;
}

/** One rule kind: its name, and how it is prepared, read and scored. */
export interface RuleKind<S extends { readonly kind: string }, P extends { readonly kind: string }> {
  readonly kind: S['kind'];
  /** what a checklist item of this kind asks for when its value is missing */
  readonly hint: Bilingual;
  prepare(spec: S, ctx: PrepareContext): P & Scale;
  read(rule: P & Scale, value: unknown, path: string, ctx: ValueContext): Measured | undefined;
  score(rule: P & Scale, m: Measured, path: string, ctx: ValueContext): Outcome | undefined;
}

type AnyKind = RuleKind<{ kind: string }, { kind: string }>;
const BY_KIND = new Map<string, AnyKind>(RULES.map((r) => [r.kind, r as unknown as AnyKind]));

export function ruleKind(kind: string): AnyKind {
  const found = BY_KIND.get(kind);
  if (!found) throw new RangeError(`no rule kind "${kind}"`); // the schema admits only registered kinds
  return found;
}

export function readValue(rule: PreparedRule, value: unknown, path: string, issues: Issue[]): Measured | undefined {
  return ruleKind(rule.kind).read(rule, value, path, context(issues));
}

export function scoreRule(rule: PreparedRule, m: Measured, path: string, issues: Issue[]): Outcome | undefined {
  // 0 of 0 (no project needed tendering): a rate rule's whenDenominatorZero decides, whatever the kind
  if (m.kind === 'emptyRatio' && 'whenDenominatorZero' in rule) {
    const best = rule.best;
    const full = rule.whenDenominatorZero === 'full';
    return {
      raw: full ? best : ZERO,
      why: full
        ? { en: `0 of 0 (none required): the rule gives full marks, ${approx(best)}`, zh: `0/0（无应办事项）：按规则得满分 ${approx(best)} 分` }
        : { en: '0 of 0 (none required): the rule gives 0', zh: '0/0（无应办事项）：按规则得 0 分' },
    };
  }
  return ruleKind(rule.kind).score(rule, m, path, context(issues));
}

function context(issues: Issue[]): ValueContext {
  return {
    issues,
    readValue: (rule, value, path) => readValue(rule, value, path, issues),
    scoreRule: (rule, m, path) => scoreRule(rule, m, path, issues),
  };
}
