/**
 * The message catalogue's shape: every text the service says to a planner about a problem is one entry,
 * found by a stable machine code, in English and Chinese. Codes are kebab-case and never reused for
 * another meaning; clients may switch on them.
 */
import type { Issue } from '../core/errors.js';

export interface Message {
  readonly en: string;
  readonly zh: string;
}

/** One part of the catalogue (a feature's messages): code → the message made from its parameters. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry names its own parameters
export type Catalogue = Record<string, (params: any) => Message>;

/** An issue at a JSON pointer, with its code and its message from the catalogue part given. */
export function issueFrom<C extends Catalogue, K extends keyof C & string>(catalogue: C, path: string, code: K, ...params: Parameters<C[K]>): Issue {
  const message = catalogue[code](params[0]);
  return { path, code, en: message.en, zh: message.zh };
}
