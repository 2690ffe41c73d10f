/** Messages of the project library's projectChecks (issue 15). */
import type { Catalogue } from './catalogue.js';

export const PROJECT_CHECKS = {} satisfies Catalogue;
