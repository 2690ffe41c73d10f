/** Messages of the project library's matching (issue 15). */
import type { Catalogue } from './catalogue.js';

export const MATCHING = {} satisfies Catalogue;
