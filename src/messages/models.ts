/**
 * Messages of saved models (POST/PUT /v1/models/{kind}, src/api/models/saved*.ts): a province's own models,
 * versioned; the built-in ones (models/<kind>/) stay read-only. An unknown model id, saved or built-in, is
 * the one `unknown-model` of src/messages/common.ts.
 */
import type { Catalogue } from './catalogue.js';

const quote = (value: unknown) => JSON.stringify(String(value));

export const MODELS = {
  'saved-model-id-required': () => ({
    en: 'a saved model needs its id: lowercase letters, digits and hyphens (e.g. "guangyuan-2025"); requests then name it by that id ("model": "guangyuan-2025", or "guangyuan-2025@2" for version 2).',
    zh: '保存的模型需要 id：小写字母、数字和连字符（如 "guangyuan-2025"）；请求中以该 id 引用（"model": "guangyuan-2025"，或 "guangyuan-2025@2" 指定第 2 版）。',
  }),
  'built-in-model-read-only': (p: { kind: string; id: string }) => ({
    en: `${quote(p.id)} is a built-in ${p.kind} model: built-in models are read-only. Save your model under an id of its own (e.g. ${quote(`${p.id}-own`)}).`,
    zh: `${quote(p.id)} 是内置模型，内置模型只读。请以自己的 id 保存模型（如 ${quote(`${p.id}-own`)}）。`,
  }),
  'saved-model-id-mismatch': (p: { path: string; body: string }) => ({
    en: `the model's id ${quote(p.body)} is not the id of the address ${quote(p.path)}; leave it out or make them the same.`,
    zh: `模型 id ${quote(p.body)} 与地址中的 id ${quote(p.path)} 不一致；请省略或使二者相同。`,
  }),
  'unknown-model-version': (p: { kind: string; id: string; version: string; latest: number }) => ({
    en: `the ${p.kind} model ${quote(p.id)} has no version ${quote(p.version)}; its versions are 1 to ${p.latest} (GET /v1/models/${p.kind}/${p.id}/versions).`,
    zh: `模型 ${quote(p.id)} 没有第 ${quote(p.version)} 版；现有版本为 1 至 ${p.latest}（GET /v1/models/${p.kind}/${p.id}/versions）。`,
  }),
} satisfies Catalogue;
