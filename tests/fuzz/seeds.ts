/**
 * Valid seeds for the fuzzer, the same in Node and in workerd: the golden request bodies under scenarios/
 * (bundled by Vite's import.meta.glob, so no file system is needed inside workerd) and project libraries
 * from the bench generator (bench/portfolio-data.ts), small ones and the two that hung the service
 * (../shared/repro: seed 22 with 26 projects, no solver options; seed 3 with 50 projects, jslp forced).
 */
/// <reference types="vite/client" />
import fc from 'fast-check';
import { portfolioLibrary } from '../../bench/portfolio-data.js';
import { scenarioRoute, type Json } from './generate.js';

const scenarioFiles = import.meta.glob('../../scenarios/**/*.json', { eager: true, import: 'default' }) as Record<
  string,
  { request?: Json; route?: unknown }
>;

/** Request bodies by route, from every scenario file that has one. */
export function scenarioSeeds(): Record<string, Json[]> {
  const byRoute: Record<string, Json[]> = {};
  for (const [file, scenario] of Object.entries(scenarioFiles).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const route = scenarioRoute(file, scenario);
    if (!route || scenario.request === undefined) continue;
    (byRoute[route] ??= []).push(scenario.request);
  }
  return byRoute;
}

/** A bench project library as a POST /v1/optimizations body (undefined fields dropped, as JSON would). */
export function benchPortfolio(projects: number, seed: number, solver?: Json): Json {
  const body = { kind: 'portfolio', ...portfolioLibrary(projects, seed, { townCaps: 'many' }), ...(solver ? { solver } : {}) };
  return JSON.parse(JSON.stringify(body)) as Json;
}

/** The two bodies of ../shared/repro that never answered (issue 10, item 1). */
export const HANG_REPROS: { label: string; body: Json }[] = [
  { label: 'portfolio-26-seed22-auto', body: benchPortfolio(26, 22) },
  { label: 'portfolio-50-jslp-default', body: benchPortfolio(50, 3, { backend: 'jslp' }) },
];

/** A library big enough to run to its time limit: /health is asked while it solves (Node). */
export const LONG_SOLVE = { label: 'portfolio-300-seed1, timeLimitMs 2000', body: benchPortfolio(300, 1, { timeLimitMs: 2000 }) };

/** `count` small generated project libraries (3–30 projects), deterministic for `seed`. */
export function smallPortfolios(count: number, seed: number): { label: string; body: Json }[] {
  const shapes = fc.sample(
    fc.tuple(fc.integer({ min: 3, max: 30 }), fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom(undefined, 'auto', 'jslp', 'highs')),
    { seed, numRuns: count },
  );
  return shapes.map(([n, s, backend]) => ({
    label: `bench portfolio ${n} projects, seed ${s}${backend ? `, backend ${backend}` : ''}`,
    body: benchPortfolio(n, s, backend ? { backend } : undefined),
  }));
}
