/**
 * Messages of POST /v1/optimizations (src/domain/optimization): what the engine finds wrong with a request
 * of kind regions, portfolio or sources. Rules that cannot all hold answer the shared code constraints-cannot-hold
 * (src/messages/common.ts), as on every route.
 * Values echoed are passed as the request wrote them (`shown`: already JSON-quoted where text).
 */
import type { Catalogue } from './catalogue.js';

type Words = { readonly en: string; readonly zh: string };

export const OPTIMIZATION = {
  // ── numbers the engine reads (a non-API caller may send anything) ──
  'optimization-not-a-decimal': (p: { what?: Words; shown: string }) => ({
    en: `${p.what ? `${p.what.en} ` : ''}must be a decimal number, not ${p.shown}.`,
    zh: `${p.what ? p.what.zh : ''}必须是十进制数字，而不是 ${p.shown}。`,
  }),
  'optimization-must-be-positive': (p: { what?: Words; shown: string }) => ({
    en: `${p.what ? `${p.what.en} ` : ''}must be a number above 0, not ${p.shown}.`,
    zh: `${p.what ? p.what.zh : ''}必须是大于 0 的数，而不是 ${p.shown}。`,
  }),
  'optimization-must-not-be-negative': (p: { what?: Words; shown: string }) => ({
    en: `${p.what ? `${p.what.en} ` : ''}must be a number of at least 0, not ${p.shown}.`,
    zh: `${p.what ? p.what.zh : ''}必须是不小于 0 的数，而不是 ${p.shown}。`,
  }),
  'optimization-share-out-of-range': (p: { what: Words; shown: string }) => ({
    en: `${p.what.en} is a share between 0 and 1 (e.g. "0.6" or "60%"), not ${p.shown}.`,
    zh: `${p.what.zh}应为 0 到 1 之间的比例（如 "0.6" 或 "60%"），而不是 ${p.shown}。`,
  }),
  'optimization-table-for-kind': (p: { table: string; kind: string; tables: string }) => ({
    en: `kind ${p.kind} has no table ${p.table}: its tables are ${p.tables} (kind regions: regions, groups; kinds portfolio and sources: projects, sources).`,
    zh: `kind ${p.kind} 没有 ${p.table} 表：可选的表为 ${p.tables}（kind regions：regions、groups；kind portfolio 和 sources：projects、sources）。`,
  }),
  // ── solver options ──
  'optimization-work-limit-jslp': () => ({
    en: 'javascript-lp-solver has no work limits: use backend "highs" or "auto" with workLimit.',
    zh: 'javascript-lp-solver 不支持工作量限制：使用 workLimit 时请选 "highs" 或 "auto"。',
  }),
  'optimization-unit': () => ({ en: 'must be "yuan" or "wan".', zh: '必须是 "yuan"（元）或 "wan"（万元）。' }),
  'optimization-granularity': (p: { shown: string }) => ({
    en: `the granularity must be a decimal greater than 0, not ${p.shown}.`,
    zh: `分配粒度必须是大于 0 的十进制数，而不是 ${p.shown}。`,
  }),

  // ── kind regions ──
  'optimization-deviation': () => ({ en: 'must be "absolute" or "relative".', zh: '必须是 "absolute"（绝对偏差）或 "relative"（相对偏差）。' }),
  'optimization-method': () => ({ en: 'must be "auto", "direct" or "lp".', zh: '必须是 "auto"、"direct" 或 "lp"。' }),
  'optimization-no-regions': () => ({ en: 'give at least one region.', zh: '请至少提供一个地区。' }),
  'optimization-too-many-regions': (p: { most: number; got?: number; lp?: { directMost: number } }) =>
    p.lp
      ? {
          en: `the LP handles at most ${p.most} regions (got ${p.got}); remove the group limits (and method "lp") to use the direct algorithm, which handles ${p.lp.directMost}.`,
          zh: `线性规划最多处理 ${p.most} 个地区（实际 ${p.got} 个）；去掉分组限制（及 method "lp"）即可使用直接算法，最多 ${p.lp.directMost} 个。`,
        }
      : { en: `at most ${p.most} regions per request.`, zh: `每次请求最多 ${p.most} 个地区。` },
  'optimization-region-id-missing': () => ({ en: 'a region needs an id (non-empty text).', zh: '地区需要一个 id（非空文本）。' }),
  'optimization-relative-zero-target': () => ({
    en: 'relative deviation divides by the target, so every target must be above 0; use absolute deviation or give this region a target.',
    zh: '相对偏差要除以目标额，所以每个目标额都必须大于 0；请改用绝对偏差，或为该地区给出目标额。',
  }),
  'optimization-bounds-crossed': (p: { id: string; floor: string; floorWhy: Words; cap: string; capWhy: Words; granularity: string }) => ({
    en: `region "${p.id}": its floor ${p.floor} (${p.floorWhy.en}) is above its cap ${p.cap} (${p.capWhy.en}), in whole granules of ${p.granularity}; lower the floor or raise the cap.`,
    zh: `地区 "${p.id}"：下限 ${p.floor}（${p.floorWhy.zh}）高于上限 ${p.cap}（${p.capWhy.zh}）（按粒度 ${p.granularity} 取整）；请降低下限或提高上限。`,
  }),
  'optimization-direct-with-groups': () => ({
    en: 'the direct method handles per-region bounds and the total only; group limits need "lp" (or "auto").',
    zh: '直接算法只处理各地区的上下限和总额；分组限制需要 "lp"（或 "auto"）。',
  }),
  'optimization-groups-not-a-list': () => ({ en: 'must be a list of groups.', zh: '必须是分组列表。' }),
  'optimization-group-id-missing': () => ({ en: 'a group needs an id.', zh: '分组需要一个 id。' }),
  'optimization-group-empty': () => ({ en: 'a group needs at least one region.', zh: '分组至少需要一个地区。' }),
  'optimization-group-limits-crossed': (p: {
    group: string;
    floor: string;
    floorGiven: string;
    floorAmount: string;
    cap: string;
    capGiven: string;
    capAmount: string;
  }) => ({
    en: `group "${p.group}": its ${p.floor} ${p.floorGiven} needs at least ${p.floorAmount}, above its ${p.cap} ${p.capGiven} (at most ${p.capAmount}); no amount meets both.`,
    zh: `分组 "${p.group}"：${p.floor} ${p.floorGiven} 要求至少 ${p.floorAmount}，高于 ${p.cap} ${p.capGiven}（至多 ${p.capAmount}）；没有金额能同时满足。`,
  }),

  // ── kinds portfolio and sources ──
  'optimization-no-sources': () => ({ en: 'at least one fund source is needed.', zh: '至少需要一个资金来源。' }),
  'optimization-too-many-sources': (p: { most: number; got?: number }) =>
    p.got === undefined
      ? { en: `at most ${p.most} fund sources.`, zh: `资金来源最多 ${p.most} 个。` }
      : { en: `at most ${p.most} fund sources, not ${p.got}.`, zh: `资金来源最多 ${p.most} 个，而不是 ${p.got} 个。` },
  'optimization-too-many-projects': (p: { most: number; got?: number }) =>
    p.got === undefined
      ? { en: `at most ${p.most} projects per request.`, zh: `每次请求最多 ${p.most} 个项目。` }
      : { en: `at most ${p.most} projects, not ${p.got}.`, zh: `项目最多 ${p.most} 个，而不是 ${p.got} 个。` },
  'optimization-measure-reserved': (p: { name: string }) => ({
    en: `"${p.name}" is reserved: summary.totals reports the funded ${p.name === 'fundedProjectEquivalents' ? 'project equivalents' : p.name} under this name${p.name === 'fundedProjectEquivalents' ? '' : ` and objective.maximize "${p.name}" means it`}; rename the measure (e.g. "${p.name}Measure").`,
    zh: `"${p.name}" 为保留名：summary.totals 以该名报告已安排的${p.name === 'amount' ? '金额' : p.name === 'count' ? '项目数' : '折算项目数'}${p.name === 'fundedProjectEquivalents' ? '' : `，objective.maximize "${p.name}" 亦指此项`}；请为该效益指标改名（如 "${p.name}Measure"）。`,
  }),
  'optimization-category-in-both-lists': (p: { category: string }) => ({
    en: `"${p.category}" is listed both as industry and as left out of the share's base; keep it in one list.`,
    zh: `"${p.category}" 同时被列为产业类和不计入比例基数的类别；请只保留在一个列表中。`,
  }),
  'optimization-project-unpayable': (p: { id: string; category: string; mustFund: 'all' | 'mandatory' }) => {
    const why = p.mustFund === 'all' ? { en: 'it must be funded', zh: '该项目必须安排资金' } : { en: 'it is mandatory', zh: '该项目为必须安排项目' };
    return {
      en: `project "${p.id}": ${why.en}, but no fund source may pay for it (its sources, less those whose negative list has category "${p.category}", leave none).`,
      zh: `项目 "${p.id}"：${why.zh}，但没有资金来源可以支付（其可用资金来源中，负面清单含类别 "${p.category}" 的除外后，已无来源）。`,
    };
  },
  'optimization-priority': (p: { shown: string }) => ({
    en: `a priority class is 1, 2 or 3 ("三个优先"), not ${p.shown}.`,
    zh: `优先级只能是 1、2 或 3（"三个优先"），而不是 ${p.shown}。`,
  }),
  'optimization-maximize-empty': () => ({
    en: 'name at least one benefit measure to maximise, or "amount" or "count".',
    zh: '请至少指定一个要最大化的效益指标，或 "amount"、"count"。',
  }),
  'optimization-measure-unknown': (p: { measure: string }) => ({
    en: `no project has the benefit measure "${p.measure}"; give it in the projects' benefits or drop it here.`,
    zh: `没有项目填写效益指标 "${p.measure}"；请在项目效益中填写或从此处删除。`,
  }),
  'optimization-priorities': (p: { shown: string }) => ({
    en: `priorities are "lexicographic", "weighted" or "none", not ${p.shown}.`,
    zh: `优先级方式只能是 "lexicographic"、"weighted" 或 "none"，而不是 ${p.shown}。`,
  }),
  'optimization-priority-weight-class': (p: { key: string }) => ({
    en: `priority weights are given for classes "1", "2" and "3", not "${p.key}".`,
    zh: `优先级权重只能针对类别 "1"、"2"、"3"，而不是 "${p.key}"。`,
  }),
} satisfies Catalogue;
