/**
 * What a transform is: one object in one file of this folder, listed once in index.ts (the registry).
 * It says what it does (en/zh), describes its parameters as plain data (the zod schema builds the
 * Indicator's shape from them; the domain never imports zod), parses and checks them, and computes the
 * indicator's column. Adding a transform = one file here + one line in index.ts.
 */
import type { Issue } from '../../../core/errors.js';
import type { Scaled } from '../../../core/money.js';
import type { Column, RegionInput } from '../factors.js';
import type { Decimalish, IndicatorSpec, PreparedIndicator, Text } from '../model.js';

/**
 * A parameter of a transform, as data. `decimal`: one decimal (string or number); `decimalByCategory`: a
 * map of category → decimal. Parameter names are the contract's (`maximum`, not `max`).
 */
export interface ParameterDescriptor {
  readonly name: TransformParameterName;
  readonly type: 'decimal' | 'decimalByCategory';
  readonly required: boolean;
  readonly about: Text;
}

/** Every parameter name any transform takes (the keys an indicator and an indicator override may carry). */
export type TransformParameterName = 'benchmark' | 'coefficients' | 'default' | 'maximum';

/** A transform's parameters, parsed (what prepare() adds to a PreparedIndicator). */
export interface TransformParameters {
  readonly benchmark?: Scaled;
  readonly coefficients?: ReadonlyMap<string, Scaled>;
  readonly default?: Scaled;
  readonly maximum?: Scaled;
}

export interface Transform<Id extends string = string> {
  readonly id: Id;
  /** what it does, in one line, in both languages */
  readonly about: Text;
  readonly parameters: readonly ParameterDescriptor[];
  /** parses and checks its parameters (presence, sign); pushes an issue per problem at `at`/<name> */
  prepare(spec: IndicatorSpec, at: string, issues: Issue[]): TransformParameters;
  /** reads every region's value and transforms it; an issue per bad value, undefined when there was one */
  column(ind: PreparedIndicator, factorIndex: number, regions: readonly RegionInput[], issues: Issue[]): Column | undefined;
}

/** The raw value of a parameter on an indicator spec, read by its descriptor's name. */
export function parameterValue(spec: IndicatorSpec, name: TransformParameterName): Decimalish | Readonly<Record<string, Decimalish>> | undefined {
  return (spec as unknown as Record<string, Decimalish | Readonly<Record<string, Decimalish>> | undefined>)[name];
}
