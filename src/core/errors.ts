/**
 * A problem with the scenario that only the engine can see (a factor with no values, an unknown category,
 * floors that cannot be met …). The API turns it into a 422 problem+json; each issue names the field by
 * its JSON pointer in the request and says, in English and Chinese, what is wrong and how to fix it.
 */
export interface Issue {
  /** JSON pointer into the request body, e.g. "/regions/3/indicators/income" */
  readonly path: string;
  /** The stable machine code of the problem (src/messages/): clients may switch on it. */
  readonly code?: string;
  readonly en: string;
  readonly zh: string;
}

export class EngineError extends Error {
  constructor(readonly issues: readonly Issue[]) {
    super(issues.map((i) => `${i.path}: ${i.en}`).join('; '));
    this.name = 'EngineError';
  }
}

/** Escapes one JSON-pointer segment (RFC 6901), so ids with "/" or "~" still point at the right field. */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => '/' + pointerSegment(s)).join('');
}
