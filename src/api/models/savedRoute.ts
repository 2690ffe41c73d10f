/**
 * Saved models: a province's own models, of every kind, versioned; the built-in ones stay read-only.
 * - POST /v1/models/{kind} (the id in the body) and PUT /v1/models/{kind}/{id} save a version (write scope).
 *   The model is checked exactly as the same model sent inline in a calculation request is (every issue at
 *   once, pointers under /model), and its id may not be a built-in id of its kind. A model is versioned
 *   append-only: the first save of an id is version 1; a save of an id that exists needs If-Match with its
 *   latest version's ETag ("n"): 428 without one, 412 when stale. The saved body's `version` is the version
 *   number as text ("3"), whatever the body sent, so the answer's provenance names the version stored.
 * - GET /v1/models/{kind}/{id}/versions lists the versions; GET …/versions/{n} answers one.
 *   (GET /v1/models and GET /v1/models/{kind}/{id}, src/api/models/route.ts, answer saved models too.)
 * - DELETE /v1/models/{kind}/{id} is soft: the model leaves the lists and its id no longer resolves, but its
 *   versions stay readable by their pinned address ("id@n", …/versions/{n}) so saved answers re-run; a later
 *   save of the id continues its numbering. Every write is one atomic batch with its audit entry.
 * Private models are visible to their workspace's keys (and admin keys) only; to others they do not exist.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { EngineError, type Issue } from '../../core/errors.js';
import { type Model, prepareModel } from '../../domain/allocation/model.js';
import { issue, message } from '../../messages/index.js';
import { InlineModel } from '../../schema/allocation.js';
import { Problem } from '../../schema/common.js';
import { InlineEvaluationModel } from '../../schema/evaluation.js';
import { InlineIndustryShareModel } from '../../schema/industryShare.js';
import { InlineMonitoringModel } from '../../schema/monitoring.js';
import { InlineRankingModel } from '../../schema/ranking.js';
import { deleteModel, latestModel, modelVersion, modelVersions, type SavedModelRow, saveModelVersion } from '../../store/models.js';
import type { Visibility } from '../../store/schema.js';
import { isUniqueViolation } from '../../store/store.js';
import { actorOf, requireScope, storeOr503, visibleTo, writableBy } from '../access/principal.js';
import { ProjectRulesModelFile } from '../../schema/projects.js';
import { fromZod, invalid, problem, problemResponses, unknownField } from '../problem.js';
import { strictQuery } from '../queryOptions.js';
import { checkIfMatch, etagOf, type Kept, noContent, noneMatch, notModified, staleResponse } from '../revisions.js';
import { findModel, isModelKind, MODEL_KINDS, type ModelKind } from './catalog.js';
import { knownIds, savedModelHash } from './saved.js';

/** The schema an inline model of each kind is checked with in a calculation request. */
const INLINE: Record<ModelKind, z.ZodType> = {
  allocation: InlineModel,
  evaluation: InlineEvaluationModel,
  monitoring: InlineMonitoringModel,
  points: InlineRankingModel,
  'industry-share': InlineIndustryShareModel,
  projects: ProjectRulesModelFile,
};

const MODEL_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const VISIBILITY = z.enum(['public', 'private']);
const isRecord = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

/**
 * A model to save, checked as the route of its kind checks an inline one (the allocation route's whole-model
 * checks too: weights adding up to 1, ids once), plus what saving needs: an id, not a built-in one, the same as
 * the address's (PUT). Every issue at once, under /model. The model as the schema reads it, when valid.
 */
export function checkModelToSave(kind: ModelKind, raw: unknown, pathId?: string): { issues: Issue[]; model?: Record<string, unknown>; id?: string } {
  const issues: Issue[] = [];
  const parsed = INLINE[kind].safeParse(raw);
  if (!parsed.success) issues.push(...fromZod(parsed.error.issues, ['model']));
  const bodyId = isRecord(raw) ? raw.id : undefined;
  let id: string | undefined;
  if (bodyId === undefined) {
    if (pathId === undefined) issues.push(issue('/model/id', 'saved-model-id-required'));
    else if (!MODEL_ID.test(pathId)) issues.push(issue('/model/id', 'bad-model-id'));
    else id = pathId;
  } else if (typeof bodyId === 'string' && MODEL_ID.test(bodyId)) {
    if (pathId !== undefined && bodyId !== pathId) issues.push(issue('/model/id', 'saved-model-id-mismatch', { path: pathId, body: bodyId }));
    else id = bodyId;
  }
  if (id !== undefined && findModel(kind, id)) issues.push(issue('/model/id', 'built-in-model-read-only', { kind, id }));
  if (!parsed.success || id === undefined) return { issues };
  const model = parsed.data as Record<string, unknown>;
  if (kind === 'allocation') {
    try {
      prepareModel({ ...model, id, version: '1' } as Model, '/model');
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      issues.push(...e.issues);
    }
  }
  return issues.length > 0 ? { issues } : { issues, model, id };
}

// ── schemas and examples ──

const Kind = z.string().openapi({ description: `One of ${MODEL_KINDS.join(', ')}.`, example: 'allocation' });
const Id = z.string().openapi({ description: 'The model id: lowercase letters, digits and hyphens.', example: 'guangyuan-2025' });
const Version = z.string().openapi({ description: 'A version number, 1 for the first save.', example: '2' });
const IfMatch = z.object({
  'if-match': z
    .string()
    .optional()
    .openapi({ description: 'The latest version\'s ETag ("2"): needed to save a new version of an id that exists.', example: '"2"' }),
});

/** A small allocation model: one factor of two indicators (the example of every save). */
export const SAVED_MODEL_EXAMPLE = {
  id: 'guangyuan-2025',
  title: { zh: '广元市衔接资金分配模型（2025）', en: 'Guangyuan bridging-fund model (2025)' },
  jurisdiction: '四川省广元市 Guangyuan',
  year: 2025,
  unit: 'wan',
  factors: [
    {
      id: 'need',
      weight: '1',
      indicators: [
        { id: 'poverty', weight: '0.6', transform: 'direct' },
        { id: 'monitored', weight: '0.4', transform: 'direct' },
      ],
    },
  ],
};

/** A saved model as answered: the shape of its kind, as an inline model has it (metadata optional). */
const AnySavedModel = z
  .union([InlineModel, InlineEvaluationModel, InlineMonitoringModel, InlineRankingModel, InlineIndustryShareModel])
  .openapi('AnySavedModel', { description: 'The model as saved, in the shape of its kind; its `version` is the version number as text ("2").' });

const SaveModelRequest = z
  .looseObject({
    model: z.record(z.string(), z.unknown()).openapi({
      description:
        'The model, in the shape of its kind (as GET /v1/models/{kind}/{id} answers one, or as it is sent inline: metadata optional), with an `id` of its own; its `version` is set by the service.',
    }),
    visibility: z
      .string()
      .optional()
      .openapi({
        description: "public (anyone may read and use it) or private (only keys of your workspace); default private, or the model's current one.",
        enum: ['public', 'private'],
        example: 'private',
      }),
  })
  .openapi('SaveModelRequest', { example: { model: SAVED_MODEL_EXAMPLE, visibility: 'private' } });

const SavedModel = z
  .object({
    kind: z.string(),
    id: z.string(),
    version: z.number().int().openapi({ description: 'The version this save made: 1 + the latest.', example: 2 }),
    hash: z.string().openapi({ description: "SHA-256 of the model's canonical JSON: the hash an answer's provenance names.", example: 'sha256:3f…' }),
    visibility: VISIBILITY,
    workspace: z.string(),
    createdAt: z.string().openapi({ description: 'When the id was first saved (version 1).' }),
    createdBy: z.string().nullable(),
    updatedAt: z.string().openapi({ description: 'When this version was saved.' }),
    updatedBy: z.string().nullable(),
    model: AnySavedModel,
  })
  .openapi('SavedModel');

const VersionInfo = z
  .object({
    version: z.number().int(),
    hash: z.string(),
    createdAt: z.string(),
    createdBy: z.string().nullable(),
  })
  .openapi('SavedModelVersion');

const VersionList = z
  .object({ kind: z.string(), id: z.string(), visibility: VISIBILITY, workspace: z.string(), versions: z.array(VersionInfo) })
  .openapi('SavedModelVersions');

const exampleSaved = {
  kind: 'allocation',
  id: 'guangyuan-2025',
  version: 2,
  hash: 'sha256:9c1d5f0e6b2a4c8d7e3f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d',
  visibility: 'private',
  workspace: 'guangyuan',
  createdAt: '2026-03-01T09:00:00.000Z',
  createdBy: 'key_3kq9',
  updatedAt: '2026-03-02T08:15:00.000Z',
  updatedBy: 'key_3kq9',
  model: { ...SAVED_MODEL_EXAMPLE, version: '2' },
};

/** The ETag of every answer of one saved model: its version. */
export const MODEL_ETAG = {
  ETag: { schema: { type: 'string' as const }, description: 'The version, quoted: "2". If-Match on a save, If-None-Match on a read (304).' },
};
export { exampleSaved as SAVED_MODEL_ENVELOPE_EXAMPLE, SavedModel };

const writeProblems = problemResponses(
  {
    'invalid-request': 'The model fails the schema of its kind (every issue, under /model), has no id, or has a built-in id.',
    unauthorized: 'No API key, or not a valid one.',
    forbidden: 'A key without the write scope, or of another workspace.',
    'not-found': 'No such kind of model.',
    'precondition-failed': 'If-Match is not the latest version; or a POST without If-Match of an id that exists (another save made it first).',
    'precondition-required': 'PUT without If-Match, or an If-Match that is not a version\'s ETag ("*", a weak tag).',
    'storage-unavailable': 'This deployment has no database.',
  },
  Problem,
);

const saveResponses = {
  201: {
    description: 'Saved: the new version (ETag "n"; Location its address).',
    headers: MODEL_ETAG,
    content: { 'application/json': { schema: SavedModel, example: exampleSaved } },
  },
  ...writeProblems,
};

const postRoute = createRoute({
  method: 'post',
  path: '/v1/models/{kind}',
  tags: ['Models'],
  summary: 'Save a model of your own (a new id, or a new version of one: If-Match)',
  request: {
    params: z.object({ kind: Kind }),
    headers: IfMatch,
    query: strictQuery({}),
    body: { required: true, content: { 'application/json': { schema: SaveModelRequest, example: { model: SAVED_MODEL_EXAMPLE, visibility: 'private' } } } },
  },
  responses: saveResponses,
});

const putRoute = createRoute({
  method: 'put',
  path: '/v1/models/{kind}/{id}',
  tags: ['Models'],
  summary: 'Save a new version of a saved model of your own (If-Match with the latest version); POST makes a new id',
  request: {
    params: z.object({ kind: Kind, id: Id }),
    headers: IfMatch,
    query: strictQuery({}),
    body: {
      required: true,
      content: { 'application/json': { schema: SaveModelRequest, example: { model: { ...SAVED_MODEL_EXAMPLE, year: 2026 } } } },
    },
  },
  responses: {
    ...saveResponses,
    ...problemResponses({ 'not-found': 'No such kind, or no saved model of that id the caller may see (POST /v1/models/{kind} creates one).' }, Problem),
  },
});

const versionsRoute = createRoute({
  method: 'get',
  path: '/v1/models/{kind}/{id}/versions',
  tags: ['Models'],
  summary: 'The versions of a saved model',
  request: { params: z.object({ kind: Kind, id: Id }), query: strictQuery({}) },
  responses: {
    200: {
      description: 'Every version, oldest first.',
      content: {
        'application/json': {
          schema: VersionList,
          example: {
            kind: 'allocation',
            id: 'guangyuan-2025',
            visibility: 'private',
            workspace: 'guangyuan',
            versions: [
              { version: 1, hash: 'sha256:0a…', createdAt: '2026-03-01T09:00:00.000Z', createdBy: 'key_3kq9' },
              { version: 2, hash: 'sha256:9c…', createdAt: '2026-03-02T08:15:00.000Z', createdBy: 'key_3kq9' },
            ],
          },
        },
      },
    },
    ...problemResponses({ 'not-found': 'No saved model of that id the caller may see.' }, Problem),
  },
});

const versionRoute = createRoute({
  method: 'get',
  path: '/v1/models/{kind}/{id}/versions/{version}',
  tags: ['Models'],
  summary: 'One version of a saved model (what "model": "<id>@<n>" uses)',
  request: { params: z.object({ kind: Kind, id: Id, version: Version }), query: strictQuery({}) },
  responses: {
    200: {
      description: 'The saved model at that version, as a save answers it (ETag "n"; immutable).',
      headers: MODEL_ETAG,
      content: { 'application/json': { schema: SavedModel, example: exampleSaved } },
    },
    304: { description: 'If-None-Match named this version: unchanged.' },
    ...problemResponses({ 'not-found': 'No such model, or no such version of it.' }, Problem),
  },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/v1/models/{kind}/{id}',
  tags: ['Models'],
  summary: 'Delete a saved model (soft: pinned versions stay readable); If-Match optional, checked when sent',
  request: { params: z.object({ kind: Kind, id: Id }), headers: IfMatch, query: strictQuery({}) },
  responses: {
    204: { description: 'Deleted: the model leaves the lists and its id no longer resolves; "<id>@<n>" and …/versions/{n} still answer.' },
    ...problemResponses(
      {
        unauthorized: 'No API key, or not a valid one.',
        forbidden: 'A built-in model, a key without the write scope, or of another workspace.',
        'not-found': 'No saved model of that id the caller may see.',
        'precondition-failed': 'If-Match sent and not the latest version.',
        'precondition-required': 'If-Match sent and not a version\'s ETag ("*", a weak tag).',
        'storage-unavailable': 'This deployment has no database.',
      },
      Problem,
    ),
  },
});

// ── handlers ──

const kindOr404 = (c: Context, kind: string): Response | undefined =>
  isModelKind(kind) ? undefined : problem(c, 'not-found', message('unknown-model-kind', { shown: JSON.stringify(kind), kinds: MODEL_KINDS }));

/** The 404 of a model the caller cannot see: the one unknown-model message, its known ids the caller's. */
async function unknown404(c: Context, kind: ModelKind, id: string, put = false): Promise<Response> {
  const known = await knownIds(c.get('store'), c.get('principal'), kind);
  return problem(c, 'not-found', message('unknown-model', { kind, id, known, ...(put ? { put } : {}) }));
}

/** The latest row of a saved model the caller may see (deleted ones too, when `deleted`), else undefined. */
async function visibleLatest(c: Context, kind: ModelKind, id: string, deleted = false): Promise<SavedModelRow | undefined> {
  const store = c.get('store');
  if (!store || !MODEL_ID.test(id)) return undefined;
  const row = await latestModel(store.db, kind, id);
  if (!row || !visibleTo(c.get('principal'), row) || (row.deleted_at && !deleted)) return undefined;
  return row;
}

const kept = (row: { id: string; version: number }): Kept => ({ resource: 'model', id: row.id, head: row.version });

/** The envelope of one saved model's version: what POST, PUT and every GET of one answer. */
async function envelope(c: Context, row: SavedModelRow) {
  const first = row.version === 1 ? row : await modelVersion(c.get('store')!.db, row.kind, row.id, 1);
  return {
    kind: row.kind,
    id: row.id,
    version: row.version,
    hash: row.hash,
    visibility: row.visibility,
    workspace: row.workspace,
    createdAt: first?.created_at ?? row.created_at,
    createdBy: first?.created_by ?? row.created_by,
    updatedAt: row.created_at,
    updatedBy: row.created_by,
    model: JSON.parse(row.body) as Record<string, unknown>,
  };
}

/** A saved model's version as answered (the envelope), its version as ETag; 304 when If-None-Match names it. */
async function modelAnswer(c: Context, row: SavedModelRow): Promise<Response> {
  if (noneMatch(c, row.version)) return notModified(row.version);
  c.header('etag', etagOf(row.version));
  return c.json(await envelope(c, row), 200);
}

/** GET /v1/models/{kind}/{id} of a saved model: its latest version, or the one 404 (route.ts asks it for ids that are not built-in). */
export async function savedModelOr404(c: Context, kind: ModelKind, id: string): Promise<Response> {
  const row = await visibleLatest(c, kind, id);
  return row ? modelAnswer(c, row) : unknown404(c, kind, id);
}

async function save(c: Context, kindText: string, pathId: string | undefined): Promise<Response> {
  const bad = kindOr404(c, kindText);
  if (bad) return bad;
  const kind = kindText as ModelKind;
  const denied = requireScope(c, 'write', { en: 'Saving a model', zh: '保存模型' });
  if (denied) return denied;
  const got = storeOr503(c);
  if ('response' in got) return got.response;
  const { store } = got;
  const who = c.get('principal');
  const body = (await c.req.json()) as Record<string, unknown>;
  const issues: Issue[] = [];
  for (const key of Object.keys(body)) if (key !== 'model' && key !== 'visibility') issues.push({ path: `/${key}`, ...unknownField(key) });
  let visibility: Visibility | undefined;
  if (body.visibility !== undefined) {
    const v = VISIBILITY.safeParse(body.visibility);
    if (v.success) visibility = v.data;
    else issues.push(...fromZod(v.error.issues, ['visibility']));
  }
  const checked = checkModelToSave(kind, body.model, pathId);
  issues.push(...checked.issues);
  if (issues.length > 0 || !checked.model || !checked.id) return invalid(c, issues);
  const id = checked.id;

  const latest = await latestModel(store.db, kind, id);
  if (latest && !writableBy(who, latest)) {
    return problem(c, 'forbidden', message('other-workspace', { resource: 'model', id, workspace: who.kind === 'key' ? who.workspace : '' }));
  }
  const live = latest && !latest.deleted_at && visibleTo(who, latest) ? latest : undefined;
  const ifMatch = c.req.header('if-match');
  const head = latest?.version ?? 0;
  // PUT changes a model that exists (POST makes one); a deleted one is unknown, as everywhere
  if (pathId !== undefined && !live) return unknown404(c, kind, id, true);
  if (live) {
    // POST without If-Match means "a new id": one that exists is a create that lost (412); PUT needs If-Match (428)
    if (pathId === undefined && ifMatch === undefined) return staleResponse(c, kept(live), undefined);
    const matched = checkIfMatch(c, kept(live), true)!;
    if ('response' in matched) return matched.response;
  } else if (ifMatch !== undefined) {
    return staleResponse(c, { resource: 'model', id, head }, ifMatch);
  }
  const version = head + 1;
  const saved = { ...checked.model, id, version: String(version) };
  const text = JSON.stringify(saved);
  const hash = await savedModelHash(saved);
  let row: SavedModelRow;
  try {
    row = await saveModelVersion(store, {
      kind,
      id,
      version,
      workspace: latest?.workspace ?? (who.kind === 'key' ? who.workspace : ''),
      visibility: visibility ?? live?.visibility ?? 'private',
      body: text,
      hash,
      actor: actorOf(who),
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    // another save of this id got there first: the version this one meant to write exists now
    const now = (await latestModel(store.db, kind, id))?.version ?? version;
    return staleResponse(c, { resource: 'model', id, head: now }, ifMatch);
  }
  c.header('etag', etagOf(version));
  c.header('location', `/v1/models/${kind}/${id}/versions/${version}`);
  return c.json(await envelope(c, row), 201);
}

export function savedModelRoutes(app: OpenAPIHono): void {
  app.openapi(postRoute, (async (c: Context) => save(c, c.req.param('kind') ?? '', undefined)) as never);
  app.openapi(putRoute, (async (c: Context) => save(c, c.req.param('kind') ?? '', c.req.param('id'))) as never);

  app.openapi(versionsRoute, (async (c: Context) => {
    const { kind, id } = { kind: c.req.param('kind') ?? '', id: c.req.param('id') ?? '' };
    const bad = kindOr404(c, kind);
    if (bad) return bad;
    const latest = await visibleLatest(c, kind as ModelKind, id);
    if (!latest) return unknown404(c, kind as ModelKind, id);
    const rows = await modelVersions(c.get('store')!.db, kind, id);
    return c.json({
      kind,
      id,
      visibility: latest.visibility,
      workspace: latest.workspace,
      versions: rows.map((r) => ({ version: r.version, hash: r.hash, createdAt: r.created_at, createdBy: r.created_by })),
    });
  }) as never);

  app.openapi(versionRoute, (async (c: Context) => {
    const { kind, id, version } = { kind: c.req.param('kind') ?? '', id: c.req.param('id') ?? '', version: c.req.param('version') ?? '' };
    const bad = kindOr404(c, kind);
    if (bad) return bad;
    // a pinned version stays readable after a delete (saved answers name it)
    const latest = await visibleLatest(c, kind as ModelKind, id, true);
    if (!latest) return unknown404(c, kind as ModelKind, id);
    const n = /^[1-9]\d{0,8}$/.test(version) ? Number(version) : undefined;
    const row = n === undefined ? undefined : n === latest.version ? latest : await modelVersion(c.get('store')!.db, kind, id, n);
    if (!row) return problem(c, 'not-found', message('unknown-model-version', { kind, id, version, latest: latest.version }));
    return modelAnswer(c, row);
  }) as never);

  app.openapi(deleteRoute, (async (c: Context) => {
    const { kind, id } = { kind: c.req.param('kind') ?? '', id: c.req.param('id') ?? '' };
    const bad = kindOr404(c, kind);
    if (bad) return bad;
    if (findModel(kind as ModelKind, id)) return problem(c, 'forbidden', message('built-in-model-read-only', { kind, id }));
    const denied = requireScope(c, 'write', { en: 'Deleting a model', zh: '删除模型' });
    if (denied) return denied;
    const got = storeOr503(c);
    if ('response' in got) return got.response;
    const who = c.get('principal');
    const latest = await visibleLatest(c, kind as ModelKind, id);
    if (!latest) return unknown404(c, kind as ModelKind, id);
    if (!writableBy(who, latest)) {
      return problem(c, 'forbidden', message('other-workspace', { resource: 'model', id, workspace: who.kind === 'key' ? who.workspace : '' }));
    }
    const matched = checkIfMatch(c, kept(latest), false);
    if (matched && 'response' in matched) return matched.response;
    await deleteModel(got.store, {
      kind,
      id,
      version: latest.version,
      workspace: latest.workspace,
      hash: latest.hash,
      actor: actorOf(who),
    });
    return noContent();
  }) as never);
}
