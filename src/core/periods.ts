/**
 * When a scored event happened: an ISO date ("2024-05-15"), or a period — a year ("2024"), a half
 * ("2024-H1"), a quarter ("2024-Q2") or a month ("2024-05"). Each is the span of days it covers, written as
 * ISO dates, which order correctly as plain strings.
 */
export interface Span {
  /** first day, YYYY-MM-DD */
  readonly from: string;
  /** last day, YYYY-MM-DD */
  readonly to: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const YEAR = /^(\d{4})$/;
const HALF = /^(\d{4})-H([12])$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const MONTH = /^(\d{4})-(\d{2})$/;

export const PERIOD_FORMS = '"2024" (year), "2024-H1" (half), "2024-Q2" (quarter) or "2024-05" (month)';

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Months m1…m2 of a year as a span. */
function months(year: number, m1: number, m2: number): Span {
  return { from: `${year}-${pad(m1)}-01`, to: `${year}-${pad(m2)}-${pad(daysIn(year, m2))}` };
}

/** A real calendar date (no 2024-02-30, no 2024/05/01), years 1000–9999. */
export function isIsoDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
}

/** The days a period covers, or undefined when the text is not one of the period forms. */
export function periodSpan(text: string): Span | undefined {
  let m = YEAR.exec(text);
  if (m) return Number(m[1]) >= 1000 ? months(Number(m[1]), 1, 12) : undefined;
  m = HALF.exec(text);
  if (m) return Number(m[1]) >= 1000 ? months(Number(m[1]), m[2] === '1' ? 1 : 7, m[2] === '1' ? 6 : 12) : undefined;
  m = QUARTER.exec(text);
  if (m) {
    const q = Number(m[2]);
    return Number(m[1]) >= 1000 ? months(Number(m[1]), 3 * q - 2, 3 * q) : undefined;
  }
  m = MONTH.exec(text);
  if (m) {
    const month = Number(m[2]);
    return Number(m[1]) >= 1000 && month >= 1 && month <= 12 ? months(Number(m[1]), month, month) : undefined;
  }
  return undefined;
}

/** Whether `inner` lies wholly within `outer`. */
export function within(inner: Span, outer: Span): boolean {
  return inner.from >= outer.from && inner.to <= outer.to;
}
