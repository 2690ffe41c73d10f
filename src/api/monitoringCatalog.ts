/**
 * The built-in monitoring models: the JSON files in models/monitoring/, bundled into the Worker and checked
 * at start-up by the schema the API uses (tests/monitoring-models.test.ts makes sure every file is listed).
 */
import defaultModel from '../../models/monitoring/default.json';
import type { MonitoringModel } from '../engine/monitor.js';
import { MonitoringModelFile } from './monitoringSchemas.js';

const files: unknown[] = [defaultModel];

const models = new Map<string, MonitoringModel>(
  files.map((f) => MonitoringModelFile.parse(f) as MonitoringModel).map((m) => [m.id!, m]),
);

export const DEFAULT_MONITORING_MODEL = 'default';

export function findMonitoringModel(id: string): MonitoringModel | undefined {
  return models.get(id);
}

export function listMonitoringModels(): MonitoringModel[] {
  return [...models.values()];
}
