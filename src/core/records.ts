/**
 * Records keyed by what a planner typed (indicator inputs, grades, source ids, town names, variant names …).
 * A plain object inherits "toString", "valueOf", "constructor", "hasOwnProperty" and "__proto__" from
 * Object.prototype, so `record[key]` with such a key finds a function (or the prototype) where the planner
 * gave nothing, and `record[key] = value` with "__proto__" sets the prototype instead of a field. These ids
 * are ordinary free text here: read user-keyed records with `own` (test one with Object.hasOwn), build the
 * records an answer carries with `dict` (or Object.fromEntries); lookup tables the engine builds itself are Maps.
 */

/** The value `record` itself holds under `key`; never one inherited from Object.prototype. */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** An empty record without a prototype: `out[key] = v` stores any key, "__proto__" included, as a field. */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
