/** Messages of POST /v1/evaluations and the evaluation models (models/evaluation/). */
import type { Catalogue } from './catalogue.js';

export const EVALUATION = {} satisfies Catalogue;
