/** Messages of the project library's libraries (issue 15). */
import type { Catalogue } from './catalogue.js';

export const LIBRARIES = {} satisfies Catalogue;
