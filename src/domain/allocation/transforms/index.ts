/**
 * The transforms registry: how an indicator's raw values become the values a factor share is taken of.
 * Each transform is one object in one file of this folder; this list is the one place that names them
 * (the model's checks, the column computation, the zod Indicator union and the OpenAPI list all read it).
 * Adding a transform = one file + one line here.
 */
import { coefficient } from './coefficient.js';
import { direct } from './direct.js';
import { gapToBenchmark } from './gapToBenchmark.js';
import { gapToMax } from './gapToMax.js';
import { reciprocal } from './reciprocal.js';
import { score } from './score.js';
import type { Transform } from './transform.js';

export const TRANSFORMS = [direct, score, reciprocal, gapToMax, gapToBenchmark, coefficient] as const;

/** A transform's id, as a model names it. */
export type TransformId = (typeof TRANSFORMS)[number]['id'];
export const TRANSFORM_IDS: readonly TransformId[] = TRANSFORMS.map((t) => t.id);

const BY_ID = new Map<string, Transform>(TRANSFORMS.map((t) => [t.id, t]));

/** The transform of an id (a model checked by the schema names only registered ones). */
export function transformOf(id: string): Transform | undefined {
  return BY_ID.get(id);
}

export type { ParameterDescriptor, Transform, TransformParameterName, TransformParameters } from './transform.js';
