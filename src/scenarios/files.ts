/** Scenario files on disk (Node): a file, or every *.json under a folder, oracles' folders left out. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatProblem, type ScenarioFile } from './match.js';

export function scenarioPaths(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((e) => e.name !== 'oracle' && !e.name.startsWith('.'))
    .flatMap((e) => (e.isDirectory() ? scenarioPaths(join(path, e.name)) : e.name.endsWith('.json') ? [join(path, e.name)] : []))
    .sort();
}

/** A parsed scenario file; throws a one-line reason when it is not one. */
export function loadScenario(path: string): ScenarioFile {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: not JSON (${err instanceof Error ? err.message : err})`);
  }
  const problem = formatProblem(doc);
  if (problem) throw new Error(`${path}: not a scenario file: ${problem}`);
  return doc as ScenarioFile;
}

export const shortName = (path: string, root: string) => relative(root, path);
