/**
 * The one catalogue of built-in models, every kind: the JSON files in models/<kind>/, bundled into the Worker
 * (wrangler bundles JSON imports) and checked at start-up by the schema each kind's route uses. A file with
 * dated values (models/allocation/sichuan.json) gives one model per edition (sichuan-2023, sichuan-2024).
 * tests/models.test.ts makes sure every file in models/ is listed here.
 */
import sichuanAllocation from '../../../models/allocation/sichuan.json';
import seed004Gaoxin2021 from '../../../models/evaluation/seed004-gaoxin-2021.json';
import sichuanIndustryShare from '../../../models/industry-share/sichuan.json';
import defaultMonitoring from '../../../models/monitoring/default.json';
import sichuanCountyPoints from '../../../models/points/sichuan-county-points.json';
import sichuanProjects from '../../../models/projects/sichuan.json';
import type { Issue } from '../../core/errors.js';
import { issue } from '../../messages/index.js';
import { ModelMetadata } from '../../schema/common.js';
import { prepareEvaluationModel, type PreparedEvaluationModel } from '../../domain/evaluation/prepare.js';
import type { EvaluationModelSpec } from '../../domain/evaluation/types.js';
import { Model, prepareModel, PreparedModel } from '../../domain/allocation/model.js';
import type { MonitoringModel } from '../../domain/monitoring/monitor.js';
import type { IndustrySharePolicy } from '../../core/shares.js';
import { EvaluationModelFile, type EvaluationModelFileData } from '../../schema/evaluation.js';
import { MonitoringModelFile } from '../../schema/monitoring.js';
import { RankingModelFile, type RankingModelFileData } from '../../schema/ranking.js';
import { ModelFile } from '../../schema/allocation.js';
import { ProjectRulesModelFile, type ProjectRulesModel } from '../../schema/projects.js';
import { isDatedFile, materialise } from './dated.js';
import { IndustryShareModelFile, industrySharePolicyOf, type IndustryShareModelData } from './industryShare.js';

/** The kinds of model, each a folder of models/. */
export const MODEL_KINDS = ['allocation', 'evaluation', 'monitoring', 'points', 'industry-share', 'projects'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/** What GET /v1/models lists of each model. */
export interface ModelSummary {
  readonly kind: ModelKind;
  readonly id: string;
  readonly version: string;
  readonly title: { readonly zh: string; readonly en: string };
  readonly jurisdiction: string;
  readonly year: number;
  /** the file it comes from, models/<kind>/<file>.json */
  readonly file: string;
}

export const DEFAULT_MONITORING_MODEL = 'default';
export const DEFAULT_INDUSTRY_SHARE_MODEL = 'sichuan';
/** The project-rules model a library uses when it names none (models/projects/sichuan.json). */
export const DEFAULT_PROJECTS_MODEL = 'sichuan';

interface Loaded<T, P> {
  readonly summary: ModelSummary;
  /** the model as data: what GET /v1/models/<kind>/<id> answers */
  readonly model: T;
  readonly prepared: P;
}

/** The models of one file: itself, or one per edition when its values are dated. */
function modelsOf(file: unknown): { data: unknown; file: string }[] {
  if (isDatedFile(file)) return file.editions.map((e) => ({ data: materialise(file, e), file: file.id }));
  return [{ data: file, file: (file as { id: string }).id }];
}

/** Every model of every kind carries the shared metadata (schema/common.ts ModelMetadata): checked here, whatever its kind's schema says. */
function checkMetadata(kind: ModelKind, model: object): void {
  const fields = Object.keys(ModelMetadata.shape);
  const meta = Object.fromEntries(Object.entries(model).filter(([k]) => fields.includes(k)));
  const checked = ModelMetadata.safeParse(meta);
  if (!checked.success) throw new Error(`models/${kind}/${(model as { id?: string }).id}: metadata ${JSON.stringify(checked.error.issues)}`);
}

function load<T extends { id?: string; version?: string; title?: ModelSummary['title']; jurisdiction?: string; year?: number }, P>(
  kind: ModelKind,
  files: unknown[],
  parse: (data: unknown) => T,
  prepare: (model: T) => P,
): Map<string, Loaded<T, P>> {
  const out = new Map<string, Loaded<T, P>>();
  for (const { data, file } of files.flatMap(modelsOf)) {
    const model = parse(data);
    checkMetadata(kind, model);
    const summary = {
      kind,
      id: model.id!,
      version: model.version!,
      title: model.title!,
      jurisdiction: model.jurisdiction!,
      year: model.year!,
      file: `models/${kind}/${file}.json`,
    };
    if (out.has(summary.id)) throw new Error(`models/${kind}: "${summary.id}" twice`);
    out.set(summary.id, { summary, model, prepared: prepare(model) });
  }
  return out;
}

const allocation = load('allocation', [sichuanAllocation], (d) => ModelFile.parse(d) as Model, prepareModel);
const evaluation = load(
  'evaluation',
  [seed004Gaoxin2021],
  (d) => EvaluationModelFile.parse(d),
  (m) => prepareEvaluationModel(m as EvaluationModelSpec),
);
const monitoring = load(
  'monitoring',
  [defaultMonitoring],
  (d) => MonitoringModelFile.parse(d) as MonitoringModel,
  () => null,
);
const points = load(
  'points',
  [sichuanCountyPoints],
  (d) => RankingModelFile.parse(d),
  () => null,
);
const industryShare = load('industry-share', [sichuanIndustryShare], (d) => IndustryShareModelFile.parse(d), industrySharePolicyOf);
const projects = load(
  'projects',
  [sichuanProjects],
  (d) => ProjectRulesModelFile.parse(d),
  () => null,
);

const byKind: Record<ModelKind, Map<string, Loaded<unknown, unknown>>> = {
  allocation,
  evaluation,
  monitoring,
  points,
  'industry-share': industryShare,
  projects,
};

export function isModelKind(kind: string): kind is ModelKind {
  return (MODEL_KINDS as readonly string[]).includes(kind);
}

/** Every built-in model of one kind, or of every kind. */
export function listModels(kind?: ModelKind): ModelSummary[] {
  return (kind ? [kind] : MODEL_KINDS).flatMap((k) => [...byKind[k].values()].map((e) => e.summary));
}

/** One model as data (what GET /v1/models/<kind>/<id> answers), or undefined. */
export function findModel(kind: ModelKind, id: string): { summary: ModelSummary; model: unknown } | undefined {
  const entry = byKind[kind].get(id);
  return entry && { summary: entry.summary, model: entry.model };
}

export const allocationModel = (id: string): { model: Model; prepared: PreparedModel } | undefined => allocation.get(id);
export const evaluationModel = (id: string): { model: EvaluationModelFileData; prepared: PreparedEvaluationModel } | undefined => evaluation.get(id);
export const monitoringModel = (id: string): MonitoringModel | undefined => monitoring.get(id)?.model;
export const pointsModel = (id: string): RankingModelFileData | undefined => points.get(id)?.model;
export const industryShareModel = (id: string): { model: IndustryShareModelData; policy: IndustrySharePolicy } | undefined => {
  const e = industryShare.get(id);
  return e && { model: e.model, policy: e.prepared };
};

/** A project-rules model (the library's entry review, dynamic management, plan review and matching), or undefined. */
export const projectsModel = (id: string): ProjectRulesModel | undefined => projects.get(id)?.model;

/**
 * The one "unknown model" issue (code unknown-model, message from the catalogue), for every kind and every
 * place a model id is read: a request's `model` (a 422 at that pointer) and GET /v1/models/<kind>/<id> (a 404
 * with the same words). The id is quoted with JSON.stringify so control characters in it stay visible.
 */
export function unknownModel(kind: ModelKind, id: string, path = '/model'): Issue {
  return issue(path, 'unknown-model', { kind, id, known: listModels(kind).map((m) => m.id) });
}
