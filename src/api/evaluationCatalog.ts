/**
 * The built-in evaluation models: the JSON files in models/evaluation/, bundled into the Worker and checked
 * at start-up by the same schema the API uses (tests/evaluation-models.test.ts makes sure every file in
 * models/evaluation/ is listed here).
 */
import seed004Gaoxin2021 from '../../models/evaluation/seed004-gaoxin-2021.json';
import { prepareEvaluationModel, PreparedEvaluationModel } from '../engine/evaluation/prepare.js';
import type { EvaluationModelSpec } from '../engine/evaluation/types.js';
import { EvaluationModelFile, EvaluationModelFileData } from './evaluationSchemas.js';

const files: unknown[] = [seed004Gaoxin2021];

export interface EvaluationCatalogEntry {
  readonly model: EvaluationModelFileData;
  readonly prepared: PreparedEvaluationModel;
}

function load(file: unknown): EvaluationCatalogEntry {
  const model = EvaluationModelFile.parse(file);
  return { model, prepared: prepareEvaluationModel(model as EvaluationModelSpec) };
}

const entries = new Map<string, EvaluationCatalogEntry>(files.map((f) => load(f)).map((e) => [e.model.id, e]));

export function findEvaluationModel(id: string): EvaluationCatalogEntry | undefined {
  return entries.get(id);
}

export function listEvaluationModels(): EvaluationModelFileData[] {
  return [...entries.values()].map((e) => e.model);
}
