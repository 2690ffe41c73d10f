/**
 * The built-in models: the JSON files in models/, bundled into the Worker and checked at start-up by the
 * same schema the API uses (tests/models.test.ts makes sure every file in models/ is listed here).
 */
import sichuan2023 from '../../models/sichuan-2023.json';
import sichuan2024 from '../../models/sichuan-2024.json';
import { Model, prepareModel, PreparedModel } from '../engine/model.js';
import { ModelFile } from './schemas.js';

const files: unknown[] = [sichuan2024, sichuan2023];

export interface CatalogEntry {
  readonly model: Model;
  readonly prepared: PreparedModel;
}

function load(file: unknown): CatalogEntry {
  const model = ModelFile.parse(file) as Model;
  return { model, prepared: prepareModel(model) };
}

const entries = new Map<string, CatalogEntry>(files.map((f) => load(f)).map((e) => [e.model.id, e]));

export function findModel(id: string): CatalogEntry | undefined {
  return entries.get(id);
}

export function listModels(): Model[] {
  return [...entries.values()].map((e) => e.model);
}
