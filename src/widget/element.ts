/**
 * <fund-allocator>: the embeddable allocation calculator (docs: /work/notes/widget-contract.md, README § The widget).
 * Loads a dataset (or a saved scenario, or the `regions` property), computes in the browser with the bundled
 * engine (the server's own code), lets the planner move factor weights that always add up to 100%, checks the
 * result against the service, and shows the table, the charts and one region's waterfall, in Chinese or English.
 */
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import DecimalJs from 'decimal.js';
import type { EChartsType } from 'echarts/core';
import { allocateLocally, type LocalAnswer } from './engine.js';
import { allocationModel } from '../api/models/catalog.js';
import type { Issue } from '../core/errors.js';
import {
  type DatasetAnswer,
  downloadAllocation,
  downloadName,
  type Fetched,
  getDataset,
  getModel,
  getScenario,
  postAllocation,
  type Problem,
  saveScenario,
} from './api.js';
import { amountsOption, createChart, type Palette, waterfallOption } from './chart.js';
import { type Lang, langOf, type MessageKey, t } from './i18n.js';
import { styles } from './styles.js';
import { decimalOf, type Percents, parseWeightsAttribute, percentsOf, rebalance, slidersOf, toFractions } from './weights.js';
import { waterfallSteps } from './waterfall.js';
import { difference, sumOf } from './money.js';

/** A row of the answer, as the table reads it. */
interface Row {
  readonly id: string;
  readonly name: string;
  readonly amount: string;
  readonly share: string;
  readonly sharePercent: string;
  readonly lastYear?: string;
  readonly change?: string;
  readonly changePercent?: string;
  readonly stages?: Record<string, string>;
  readonly trace?: { reason?: { en: string; zh: string }; steps?: { stage: string; amount: string; note?: { en: string; zh: string } }[] };
}

interface Factor {
  readonly id: string;
  readonly title: { zh?: string; en?: string };
  readonly weight: string;
}

/** What a load found: everything a recompute needs. */
interface Loaded {
  /** the request as the service takes it (regions and model by reference where they were), without weight overrides */
  readonly serverBase: Record<string, unknown>;
  /** the same request for the bundled engine: rows inline, a saved model inline */
  readonly localBase: Record<string, unknown>;
  readonly factors: readonly Factor[];
  readonly defaults: Percents;
  readonly label: string;
  readonly fileName: string;
}

type Column = 'region' | 'amount' | 'share' | 'change' | 'baseline';
type SortDir = 'ascending' | 'descending';
type State = 'loading' | 'ready' | 'checked' | 'mismatch' | 'saved' | 'error';

/** A message for the alert box: lines of text, an optional list (issues), and whether Retry helps. */
interface Shown {
  readonly lead: string;
  readonly items: readonly string[];
  readonly retry?: 'load' | 'check';
}

const CHECK_DELAY_MS = 500;
const TRACE_DELAY_MS = 120;
const CHART_PAUSE_MS = 120;

export class FundAllocator extends LitElement {
  static override properties = {
    // HTMLElement.dataset is the data-* map: the dataset attribute is the datasetId property
    datasetId: { type: String, reflect: true, attribute: 'dataset' },
    revision: { type: String, reflect: true },
    scenario: { type: String, reflect: true },
    model: { type: String, reflect: true },
    total: { type: String, reflect: true },
    unit: { type: String, reflect: true },
    weights: { type: String, reflect: true },
    lang: { type: String, reflect: true },
    region: { type: String, reflect: true },
    api: { type: String, reflect: true },
    // a save token: read from the attribute, never written back into the page
    token: { type: String },
    regions: { attribute: false },
    loaded: { state: true },
    sliders: { state: true },
    answer: { state: true },
    baseline: { state: true },
    issues: { state: true },
    shown: { state: true },
    checkState: { state: true },
    savedId: { state: true },
    savedAgain: { state: true },
    sortBy: { state: true },
    selected: { state: true },
    traced: { state: true },
    saveTitle: { state: true },
    busy: { state: true },
  };
  static override styles = styles;

  declare datasetId?: string;
  declare revision?: string;
  declare scenario?: string;
  declare model?: string;
  declare total?: string;
  declare unit?: string;
  declare weights?: string;
  declare lang: string;
  declare region?: string;
  declare api?: string;
  declare token?: string;
  declare regions?: readonly Record<string, unknown>[];

  private loaded?: Loaded;
  private sliders: Percents = {};
  /** exact weights from the attribute or the scenario, used until a slider moves */
  private startWeights?: Record<string, string>;
  private answer?: LocalAnswer;
  private baseline?: LocalAnswer;
  private issues: readonly Issue[] = [];
  private shown?: Shown;
  private checkState: 'idle' | 'checking' | 'checked' | 'mismatch' = 'idle';
  private savedId?: string;
  /** the last save: its request and title, so that saving the same unchanged variant again makes no duplicate */
  private lastSave?: { readonly key: string; readonly id: string };
  private savedAgain = false;
  private sortBy: { column: Column; dir: 'ascending' | 'descending' } | undefined;
  private selected?: string;
  private traced?: Row;
  private saveTitle?: string;
  private busy?: 'csv' | 'xlsx' | 'save';

  private generation = 0;
  private loading = true;
  private loadQueued = false;
  private checkTimer?: ReturnType<typeof setTimeout>;
  private traceTimer?: ReturnType<typeof setTimeout>;
  private checkAbort?: AbortController;
  private chart?: EChartsType;
  private waterfall?: EChartsType;
  private resizer?: ResizeObserver;
  private chartFrame?: number;
  private lastInput = -Infinity;
  private changesFor?: { answer?: LocalAnswer; baseline?: LocalAnswer; changes?: Map<string, string> };
  private labelFor?: { answer?: LocalAnswer; lang: Lang; text: string };
  /** what the charts last drew, so a frame with nothing new draws nothing */
  private drawn: { chart?: unknown[]; shape?: unknown[]; waterfall?: unknown[] } = {};

  constructor() {
    super();
    this.lang = 'zh';
  }

  // ---------------------------------------------------------------- life cycle

  override connectedCallback(): void {
    super.connectedCallback();
    if (typeof ResizeObserver !== 'undefined' && !this.resizer) {
      this.resizer = new ResizeObserver(() => {
        this.queueCharts();
      });
    }
    this.resizer?.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizer?.disconnect();
    clearTimeout(this.checkTimer);
    clearTimeout(this.traceTimer);
    this.checkAbort?.abort();
    this.chart?.dispose();
    this.waterfall?.dispose();
    this.chart = this.waterfall = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const inputs = ['datasetId', 'revision', 'scenario', 'model', 'total', 'unit', 'weights', 'api', 'regions'] as const;
    if (inputs.some((k) => changed.has(k))) this.queueLoad();
    // a token given after a refused read (a private scenario or dataset): try again with it
    else if (changed.has('token') && this.token && !this.loaded && !this.loading) this.queueLoad();
    if (changed.has('region') && this.region && this.answer)
      this.select(this.rows().some((r) => r.id === this.region) ? this.region : (this.rows()[0]?.id ?? this.region));
  }

  protected override updated(): void {
    this.dataset_state();
    this.queueCharts();
  }

  /** Charts are drawn once per frame at most, after the table (a slider's input renders many times a second). */
  private queueCharts(): void {
    if (this.chartFrame !== undefined) return;
    const draw = () => {
      this.chartFrame = undefined;
      // while a slider is being dragged the charts wait for a pause, so each move's frame is the engine and the table
      const wait = this.lastInput + CHART_PAUSE_MS - performance.now();
      if (wait > 0) this.chartFrame = setTimeout(draw, wait) as unknown as number;
      else this.drawCharts();
    };
    this.chartFrame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(draw) : (setTimeout(draw, 16) as unknown as number);
  }

  private queueLoad(): void {
    if (this.loadQueued) return;
    this.loadQueued = true;
    queueMicrotask(() => {
      this.loadQueued = false;
      void this.load();
    });
  }

  private get lng(): Lang {
    return langOf(this.lang);
  }

  private t(key: MessageKey, params?: Readonly<Record<string, string | number>>): string {
    return t(this.lng, key, params);
  }

  /** The service: the api attribute, else where this script came from. */
  private get origin(): string {
    if (this.api) return this.api.replace(/\/+$/, '');
    try {
      return new URL(import.meta.url).origin;
    } catch {
      return location.origin;
    }
  }

  // ---------------------------------------------------------------- loading

  /** Reads the attributes, fetches what they name, and computes; every failure ends as a message. */
  async load(): Promise<void> {
    const generation = ++this.generation;
    const stale = () => generation !== this.generation;
    this.loading = true;
    this.loaded = this.answer = this.baseline = this.traced = undefined;
    this.issues = [];
    this.shown = undefined;
    this.savedId = undefined;
    this.checkState = 'idle';
    this.checkAbort?.abort();
    clearTimeout(this.checkTimer);
    this.removeAttribute('data-saved-id');
    this.requestUpdate();
    try {
      const found = await this.gather();
      if (stale()) return;
      if ('shown' in found) {
        this.loading = false;
        this.shown = found.shown;
        return;
      }
      this.loaded = found.loaded;
      this.startWeights = found.start;
      const order = found.loaded.factors.map((f) => f.id);
      this.sliders = found.start ? slidersOf(found.start, order) : { ...found.loaded.defaults };
      this.loading = false;
      this.baseline = this.run(this.localRequest(undefined))?.answer;
      this.recompute('load');
    } catch (e) {
      if (stale()) return;
      this.loading = false;
      this.shown = { lead: this.t('errorInternal', { message: e instanceof Error ? e.message : String(e) }), items: [], retry: 'load' };
    }
  }

  private async gather(): Promise<{ loaded: Loaded; start?: Record<string, string> } | { shown: Shown }> {
    const api = this.origin;
    const token = this.token?.trim() || undefined;
    const fail = (lead: string, items: readonly string[] = [], retry?: 'load'): { shown: Shown } => ({ shown: { lead, items, retry } });
    const problem = (p: Problem, what: string): { shown: Shown } => ({ shown: this.describe(p, what) });

    const unit = this.unit?.trim() || undefined;
    if (unit !== undefined && unit !== 'wan' && unit !== 'yuan') return fail(this.t('errorUnit', { value: unit }));
    let revision: number | undefined;
    if (this.revision !== undefined && this.revision !== null && this.revision.trim() !== '') {
      if (!/^[1-9]\d{0,8}$/.test(this.revision.trim())) return fail(this.t('errorRevision', { value: this.revision }));
      revision = Number(this.revision.trim());
    }

    // the request as saved or as the attributes make it, regions by reference where they came by one
    let request: Record<string, unknown> = {};
    let rows: readonly Record<string, unknown>[] | undefined;
    let label = '';
    let fileName = 'allocation';
    let datasetModel: string | undefined;
    if (Array.isArray(this.regions)) {
      rows = this.regions;
      request.regions = rows;
      label = this.t('title');
    } else if (this.scenario?.trim()) {
      const id = this.scenario.trim();
      const got = await getScenario(api, id, token);
      if (!got.ok) return problem(got.problem, `scenario ${id}`);
      if (got.value.route !== '/v1/allocations') return fail(this.t('errorScenarioRoute', { id, route: got.value.route }));
      request = { ...got.value.request };
      if (request.lastYear && typeof request.lastYear === 'object' && !Array.isArray(request.lastYear)) return fail(this.t('errorLastYearReference', { id }));
      label = got.value.title ?? id;
      fileName = id;
      const ref = request.regions;
      if (ref && typeof ref === 'object' && !Array.isArray(ref) && typeof (ref as { dataset?: unknown }).dataset === 'string') {
        const r = ref as { dataset: string; revision?: number };
        const ds = await getDataset(api, r.dataset, r.revision, token);
        if (!ds.ok) return problem(ds.problem, `dataset ${r.dataset}`);
        rows = ds.value.rows;
        request.regions = { dataset: r.dataset, revision: ds.value.revision };
      } else if (Array.isArray(ref)) rows = ref as Record<string, unknown>[];
    } else if (this.datasetId?.trim()) {
      const id = this.datasetId.trim();
      const ds: Fetched<DatasetAnswer> = await getDataset(api, id, revision, token);
      if (!ds.ok) return problem(ds.problem, `dataset ${id}`);
      rows = ds.value.rows;
      request.regions = { dataset: id, revision: ds.value.revision };
      datasetModel = ds.value.model;
      label = ds.value.title ?? id;
      fileName = id;
    } else return fail(this.t('errorNoSource'));

    // the attributes win over the saved request
    const model: unknown = this.model?.trim() || request.model || datasetModel;
    if (model !== undefined) request.model = model;
    if (this.total?.trim()) request.total = this.total.trim();
    if (unit) request.unit = unit;
    else if (request.unit === undefined) request.unit = 'wan';

    // the model: built into the bundle, inline in the request, or saved on the service
    let localModel: unknown = model;
    let spec: { factors: readonly unknown[] } | undefined;
    if (typeof model === 'string') {
      const built = allocationModel(model);
      if (built) spec = built.model;
      else {
        const got = await getModel(api, model, token);
        if (!got.ok) return problem(got.problem, `model ${model}`);
        spec = got.value;
        localModel = got.value;
      }
    } else if (model && typeof model === 'object' && Array.isArray((model as { factors?: unknown }).factors)) spec = model as { factors: readonly unknown[] };
    const factors: Factor[] = (spec?.factors ?? [])
      .filter((f): f is { id: string; title?: { zh?: string; en?: string }; weight: unknown } => !!f && typeof (f as { id?: unknown }).id === 'string')
      .map((f) => ({ id: f.id, title: f.title ?? {}, weight: String(f.weight) }));

    // starting weights: the attribute, else the scenario's own overrides
    let start: Record<string, string> | undefined;
    const overrides = (request.overrides && typeof request.overrides === 'object' ? { ...(request.overrides as Record<string, unknown>) } : {}) as Record<
      string,
      unknown
    >;
    if (overrides.weights && typeof overrides.weights === 'object') {
      start = Object.fromEntries(Object.entries(overrides.weights as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    }
    if (this.weights?.trim()) {
      const parsed = parseWeightsAttribute(this.weights);
      if (!parsed.ok) return fail(this.t('errorWeightsAttribute', { parts: parsed.bad.join(', ') }));
      start = parsed.fractions;
    }
    if (start) {
      // factors the model lacks, named before the engine's pointer into an override nobody wrote by hand
      const known = new Set(factors.map((f) => f.id));
      const unknown = Object.keys(start).filter((k) => !known.has(k));
      if (factors.length > 0 && unknown.length > 0)
        return fail(
          this.t('errorUnknownFactor', { ids: unknown.join(', '), model: String(typeof model === 'string' ? model : ''), known: [...known].join(', ') }),
        );
      // a factor left out keeps the model's weight, as the service does
      const full: Record<string, string> = {};
      for (const f of factors) full[f.id] = start[f.id] ?? f.weight;
      start = factors.length > 0 ? full : start;
    }
    delete overrides.weights;
    if (Object.keys(overrides).length > 0) request.overrides = overrides;
    else delete request.overrides;

    const local: Record<string, unknown> = { ...request, model: localModel };
    if (rows) local.regions = rows;
    return {
      loaded: { serverBase: request, localBase: local, factors, defaults: percentsOf(factors), label, fileName },
      start,
    };
  }

  // ---------------------------------------------------------------- computing

  /** The weights the request sends now: undefined when they are the model's own. */
  private currentWeights(): Record<string, string> | undefined {
    const l = this.loaded;
    if (!l) return undefined;
    const w = this.startWeights ?? toFractions(this.sliders);
    const same = l.factors.every((f) => {
      const a = decimalOf(w[f.id]);
      const b = decimalOf(f.weight);
      return a !== undefined && b !== undefined && a.eq(b);
    });
    return same && Object.keys(w).length === l.factors.length ? undefined : w;
  }

  private withWeights(base: Record<string, unknown>, weights: Record<string, string> | undefined): Record<string, unknown> {
    if (!weights) return base;
    const overrides = { ...((base.overrides as Record<string, unknown> | undefined) ?? {}), weights };
    return { ...base, overrides };
  }

  private localRequest(weights: Record<string, string> | undefined): Record<string, unknown> {
    return this.withWeights(this.loaded!.localBase, weights);
  }

  /** The request as the service takes it (by reference): for the check, the downloads and saving. */
  serverRequest(): Record<string, unknown> | undefined {
    return this.loaded ? this.withWeights(this.loaded.serverBase, this.currentWeights()) : undefined;
  }

  private run(request: unknown, options?: { explain?: boolean; region?: string }): { answer?: LocalAnswer; issues: readonly Issue[] } | undefined {
    try {
      const out = allocateLocally(request, options);
      return out.ok ? { answer: out.answer, issues: [] } : { issues: out.issues };
    } catch (e) {
      this.shown = { lead: this.t('errorInternal', { message: e instanceof Error ? e.message : String(e) }), items: [] };
      return undefined;
    }
  }

  /** Computes the current weights in the browser (synchronously) and schedules the trace and the service's check. */
  private recompute(cause: 'load' | 'input' | 'reset', started = performance.now()): void {
    if (!this.loaded) return;
    const out = this.run(this.localRequest(this.currentWeights()));
    const ms = performance.now() - started;
    this.answer = out?.answer;
    this.issues = out?.issues ?? [];
    if (out && out.issues.length === 0 && this.shown?.retry !== 'load') this.shown = undefined;
    this.savedId = undefined;
    this.savedAgain = false;
    this.removeAttribute('data-saved-id');
    const rows = this.rows();
    if (rows.length > 0 && (!this.selected || !rows.some((r) => r.id === this.selected))) {
      this.selected = this.region && rows.some((r) => r.id === this.region) ? this.region : rows[0].id;
    }
    const summary = this.answer?.summary as { total?: string; sum?: string } | undefined;
    this.dispatchEvent(
      new CustomEvent('fund-allocator:recomputed', {
        detail: { ms, weights: this.currentWeights() ?? toFractions(this.sliders), total: summary?.total ?? null, sum: summary?.sum ?? null, cause },
        bubbles: true,
        composed: true,
      }),
    );
    clearTimeout(this.traceTimer);
    if (cause === 'input') this.traceTimer = setTimeout(() => this.trace(), TRACE_DELAY_MS);
    else this.trace();
    this.scheduleCheck(cause === 'load' ? 0 : CHECK_DELAY_MS);
  }

  /** The selected region's explanation (its trace), from the engine with explain on for that region only. */
  private trace(): void {
    if (!this.answer || !this.selected || !this.loaded) {
      this.traced = undefined;
      return;
    }
    const out = this.run(this.localRequest(this.currentWeights()), { explain: true, region: this.selected });
    this.traced = ((out?.answer?.rows ?? []) as Row[]).find((r) => r.id === this.selected);
  }

  private scheduleCheck(delay: number): void {
    clearTimeout(this.checkTimer);
    this.checkAbort?.abort();
    if (!this.answer) {
      this.checkState = 'idle';
      return;
    }
    this.checkState = 'checking';
    this.checkTimer = setTimeout(() => void this.check(), delay);
  }

  /** POSTs the same request by reference and compares rows and summary byte for byte. */
  private async check(): Promise<void> {
    const request = this.serverRequest();
    const local = this.answer;
    if (!request || !local) return;
    const abort = new AbortController();
    this.checkAbort = abort;
    const got = await postAllocation(this.origin, request, abort.signal, this.token?.trim() || undefined);
    if (abort.signal.aborted || local !== this.answer) return;
    if (!got.ok) {
      if (got.problem.kind === 'aborted') return;
      this.checkState = 'idle';
      const d = this.describe(got.problem, 'POST /v1/allocations');
      this.shown = { lead: this.t('notChecked', { reason: d.lead }), items: d.items, retry: 'check' };
      return;
    }
    const same = JSON.stringify(got.value.rows) === JSON.stringify(local.rows) && JSON.stringify(got.value.summary) === JSON.stringify(local.summary);
    if (this.shown?.retry === 'check') this.shown = undefined;
    this.checkState = same ? 'checked' : 'mismatch';
  }

  // ---------------------------------------------------------------- events

  private onSlider(id: string, e: Event): void {
    const started = performance.now();
    this.lastInput = started;
    const value = Number((e.target as HTMLInputElement).value);
    this.sliders = rebalance(this.sliders, id, value);
    this.startWeights = undefined;
    this.recompute('input', started);
  }

  private onReset(): void {
    if (!this.loaded) return;
    const started = performance.now();
    this.sliders = { ...this.loaded.defaults };
    this.startWeights = undefined;
    this.recompute('reset', started);
  }

  private select(id: string): void {
    if (this.selected === id) return;
    this.selected = id;
    clearTimeout(this.traceTimer);
    this.trace();
  }

  private onSort(column: Column): void {
    // names A→Z first; amounts, shares and changes largest first (what a planner looks for), then the other way
    const first: SortDir = column === 'region' ? 'ascending' : 'descending';
    const other: SortDir = first === 'ascending' ? 'descending' : 'ascending';
    const dir = this.sortBy?.column === column && this.sortBy.dir === first ? other : first;
    this.sortBy = { column, dir };
  }

  private onLang(): void {
    this.lang = this.lng === 'zh' ? 'en' : 'zh';
  }

  private onRetry(): void {
    if (this.shown?.retry === 'check') {
      this.shown = undefined;
      this.scheduleCheck(0);
    } else void this.load();
  }

  private async onDownload(format: 'csv' | 'xlsx'): Promise<void> {
    const request = this.serverRequest();
    if (!request || this.busy) return;
    this.busy = format;
    const got = await downloadAllocation(this.origin, request, format, 'allocation', this.token?.trim() || undefined);
    this.busy = undefined;
    if (!got.ok) {
      if (got.problem.kind === 'aborted') return;
      const d = this.describe(got.problem, `POST /v1/allocations?format=${format}`);
      this.shown = { lead: `${this.t('errorDownload')} ${d.lead}`, items: d.items };
      return;
    }
    const url = URL.createObjectURL(got.value.blob);
    const a = document.createElement('a');
    a.href = url;
    // the same name for both formats (the service's own names differ): allocation-<dataset or "regions">-<date>
    a.download = downloadName(this.loaded?.fileName, format);
    a.rel = 'noopener';
    a.style.display = 'none';
    this.renderRoot.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  private async onSave(): Promise<void> {
    const request = this.serverRequest();
    const token = this.token?.trim();
    if (!request || !token || this.busy) return;
    const key = JSON.stringify({ title: this.currentTitle(), request });
    if (this.lastSave?.key === key) {
      // the same variant, unchanged since it was saved: say where it is instead of making a duplicate
      this.savedId = this.lastSave.id;
      this.savedAgain = true;
      this.setAttribute('data-saved-id', this.lastSave.id);
      return;
    }
    this.busy = 'save';
    const got = await saveScenario(this.origin, token, { title: this.currentTitle(), route: '/v1/allocations', request });
    this.busy = undefined;
    if (!got.ok) {
      const d = this.describe(got.problem, 'POST /v1/scenarios');
      this.shown = { lead: `${this.t('errorSave')} ${d.lead}`, items: d.items };
      return;
    }
    if (this.shown && !this.shown.retry) this.shown = undefined;
    this.savedId = got.value.id;
    this.savedAgain = false;
    this.lastSave = { key, id: got.value.id };
    this.setAttribute('data-saved-id', got.value.id);
    this.dispatchEvent(new CustomEvent('fund-allocator:saved', { detail: { id: got.value.id }, bubbles: true, composed: true }));
  }

  private currentTitle(): string {
    if (this.saveTitle?.trim()) return this.saveTitle.trim();
    const w = this.loaded?.factors.map((f) => `${f.title[this.lng] ?? f.id} ${this.sliders[f.id] ?? 0}%`).join(this.lng === 'zh' ? '、' : ', ') ?? '';
    return this.t('saveDefaultTitle', { dataset: this.loaded?.label ?? '', weights: w });
  }

  // ---------------------------------------------------------------- words

  /** A problem from the service (or the network) in the current language. */
  private describe(p: Problem, what: string): Shown {
    switch (p.kind) {
      case 'network':
        return { lead: this.t(crossOrigin(p.api) ? 'errorNetworkCors' : 'errorNetwork', { api: p.api, origin: pageOrigin() }), items: [], retry: 'load' };
      case 'bad-answer':
        return { lead: this.t('errorBadAnswer', { what: p.what }), items: [], retry: 'load' };
      case 'aborted':
        return { lead: '', items: [] };
      case 'http': {
        const lead = p.detail ? p.detail[this.lng] : this.t('errorHttp', { status: p.status, what });
        const items = p.errors.length > 1 ? p.errors.map((e) => (e.pointer ? `${e.pointer}: ` : '') + e[this.lng]) : [];
        return { lead, items, retry: p.status >= 500 || p.status === 429 ? 'load' : undefined };
      }
    }
  }

  private stage(stage: string): string {
    const key = `stage_${stage}` as MessageKey;
    const text = t(this.lng, key);
    return text === key || text === undefined ? stage : text;
  }

  private unitText(): string {
    const unit = (this.answer?.unit ?? this.loaded?.serverBase.unit ?? 'wan') as string;
    return unit === 'yuan' ? this.t('unitYuan') : this.t('unitWan');
  }

  private state(): State {
    if (this.loading) return 'loading';
    if (this.shown?.lead || this.issues.length > 0 || !this.answer) return 'error';
    if (this.savedId) return 'saved';
    if (this.checkState === 'mismatch') return 'mismatch';
    if (this.checkState === 'checked') return 'checked';
    return 'ready';
  }

  private dataset_state(): void {
    const s = this.state();
    if (this.getAttribute('data-state') !== s) this.setAttribute('data-state', s);
  }

  // ---------------------------------------------------------------- table data

  private rows(): Row[] {
    return ((this.answer?.rows ?? []) as Row[]).filter((r) => r && typeof r.id === 'string');
  }

  /** amount − the baseline's amount per region (exact), when the weights differ from the model's. */
  private baselineChanges(): Map<string, string> | undefined {
    // memo per answer: the table, both charts and their labels ask for it in the same frame
    const memo = this.changesFor;
    if (memo && memo.answer === this.answer && memo.baseline === this.baseline) return memo.changes;
    const changes = this.computeChanges();
    this.changesFor = { answer: this.answer, baseline: this.baseline, changes };
    return changes;
  }

  private computeChanges(): Map<string, string> | undefined {
    if (!this.currentWeights() || !this.baseline || !this.answer) return undefined;
    const before = new Map(((this.baseline.rows ?? []) as Row[]).map((r) => [r.id, r.amount]));
    const out = new Map<string, string>();
    for (const r of this.rows()) {
      const b = before.get(r.id);
      if (b !== undefined) out.set(r.id, difference(r.amount, b));
    }
    return out;
  }

  private sorted(rows: Row[], changes: Map<string, string> | undefined): Row[] {
    const s = this.sortBy;
    if (!s) return rows;
    const key = (r: Row): DecimalJs | undefined => {
      const v = s.column === 'amount' ? r.amount : s.column === 'share' ? r.share : s.column === 'change' ? r.change : changes?.get(r.id);
      return v === undefined ? undefined : decimalOf(v);
    };
    const sign = s.dir === 'ascending' ? 1 : -1;
    const collator = new Intl.Collator(this.lng === 'zh' ? 'zh-Hans-CN' : 'en', { numeric: true });
    return [...rows].sort((a, b) => {
      if (s.column === 'region') return sign * (collator.compare(a.name, b.name) || collator.compare(a.id, b.id));
      const ka = key(a);
      const kb = key(b);
      if (!ka || !kb) return ka ? -1 : kb ? 1 : 0; // rows without a value go last either way
      return sign * ka.cmp(kb);
    });
  }

  // ---------------------------------------------------------------- rendering

  protected override render(): TemplateResult {
    const state = this.state();
    const factors = this.loaded?.factors ?? [];
    return html`<div role="region" aria-labelledby="fa-heading">
      <div class="bar">
        <h2 id="fa-heading">${this.loaded?.label || this.t('title')}</h2>
        <div class="actions">
          <span data-part="status" data-state=${state} role="status" aria-live="polite">${this.statusText(state)}</span>
          <button type="button" data-action="lang" lang=${this.lng === 'zh' ? 'en' : 'zh'} aria-label=${this.t('switchLangLabel')} @click=${this.onLang}>
            ${this.t('switchLang')}
          </button>
        </div>
      </div>
      <div data-part="message" role="alert">${this.messageContent()}</div>
      ${
        this.loaded
          ? html`<div class="layout">
              <div>${this.renderWeights(factors)} ${this.renderActions()}</div>
              <div>${this.renderTable()}</div>
            </div>
            ${this.renderCharts()}`
          : nothing
      }
    </div>`;
  }

  private statusText(state: State): string {
    switch (state) {
      case 'loading':
        return this.t('loading');
      case 'checked':
        return this.t('checked');
      case 'mismatch':
        return this.t('mismatch');
      case 'saved':
        return this.t(this.savedAgain ? 'alreadySaved' : 'saved', { id: this.savedId ?? '' });
      case 'ready':
        return this.checkState === 'checking' ? this.t('checking') : this.t('computed');
      default:
        return '';
    }
  }

  private messageContent(): TemplateResult | typeof nothing {
    const parts: TemplateResult[] = [];
    if (this.shown?.lead) {
      parts.push(
        html`<p>${this.shown.lead}</p>${this.shown.items.length > 0 ? html`<ul>${this.shown.items.map((i) => html`<li>${i}</li>`)}</ul>` : nothing}${
          this.shown.retry ? html`<button type="button" data-action="retry" @click=${this.onRetry}>${this.t('retry')}</button>` : nothing
        }`,
      );
    }
    if (this.issues.length > 0) {
      const noTotal = this.issues.some((i) => i.path === '/total') && !this.total?.trim() && this.loaded?.serverBase.total === undefined;
      parts.push(
        html`<p>${noTotal ? this.t('errorNoTotal') : this.t('errorEngine')}</p>
          <ul>
            ${this.issues.map((i) => html`<li>${fieldOf(i.path)}${i[this.lng]}</li>`)}
          </ul>`,
      );
    }
    const lang = this.lang?.trim();
    if (lang && !/^(zh|en)/i.test(lang)) parts.push(html`<p data-part="lang-note">${this.t('unknownLang', { value: lang })}</p>`);
    return parts.length > 0 ? html`${parts}` : nothing;
  }

  private renderWeights(factors: readonly Factor[]): TemplateResult {
    const sum = factors.reduce((s, f) => s + (this.sliders[f.id] ?? 0), 0);
    const whatIf = this.currentWeights() !== undefined;
    return html`<fieldset>
      <legend>${this.t('weights')}</legend>
      ${factors.map((f) => {
        const v = this.sliders[f.id] ?? 0;
        const id = `w-${f.id}`;
        const text = this.t('weightValue', { value: v });
        return html`<div class="slider">
          <label for=${id}>${f.title[this.lng] ?? f.title.zh ?? f.id}</label>
          <output for=${id} aria-hidden="true">${text}</output>
          <input
            id=${id}
            type="range"
            min="0"
            max="100"
            step="1"
            .value=${String(v)}
            data-factor=${f.id}
            aria-valuetext=${text}
            @input=${(e: Event) => this.onSlider(f.id, e)}
          />
        </div>`;
      })}
      <div class="sum">
        <span>${this.t('weightsSum')}</span>
        <span data-part="weights-sum" class=${sum === 100 ? '' : 'neg'}>${sum}%</span>
      </div>
      ${whatIf ? html`<p class="whatif">${this.t('whatIf')}</p>` : nothing}
      <div class="actions" style="margin-top:8px">
        <button type="button" data-action="reset" @click=${this.onReset} ?disabled=${!whatIf}>${this.t('reset')}</button>
      </div>
    </fieldset>`;
  }

  private renderActions(): TemplateResult {
    const hasToken = !!this.token?.trim();
    const ok = !!this.answer;
    return html`<div class="save">
      <div class="actions">
        <button type="button" data-action="csv" ?disabled=${!ok || this.busy === 'csv'} @click=${() => this.onDownload('csv')}>${this.t('downloadCsv')}</button>
        <button type="button" data-action="xlsx" ?disabled=${!ok || this.busy === 'xlsx'} @click=${() => this.onDownload('xlsx')}>${this.t('downloadXlsx')}</button>
      </div>
      <label for="fa-title">${this.t('saveTitle')}</label>
      <input
        id="fa-title"
        type="text"
        .value=${this.saveTitle ?? this.currentTitle()}
        ?disabled=${!hasToken}
        @input=${(e: Event) => (this.saveTitle = (e.target as HTMLInputElement).value)}
      />
      <div class="actions">
        <button
          type="button"
          class="primary"
          data-action="save"
          ?disabled=${!hasToken || !ok || this.busy === 'save'}
          aria-describedby=${hasToken ? nothing : 'fa-save-why'}
          @click=${this.onSave}
        >
          ${this.t('save')}
        </button>
      </div>
      ${hasToken ? nothing : html`<p class="note" id="fa-save-why">${this.t('saveNeedsToken')}</p>`}
    </div>`;
  }

  private renderTable(): TemplateResult | typeof nothing {
    if (!this.answer) return nothing;
    const changes = this.baselineChanges();
    const all = this.rows();
    const rows = this.sorted(all, changes);
    const hasChange = all.some((r) => r.change !== undefined);
    const unit = this.unitText();
    const summary = this.answer.summary as { total?: string; sum?: string };
    const head = (column: Column, label: string, num: boolean) => {
      const sort = this.sortBy?.column === column ? this.sortBy.dir : 'none';
      const arrow = sort === 'ascending' ? '▲' : sort === 'descending' ? '▼' : '↕';
      return html`<th scope="col" class=${num ? 'num' : ''} aria-sort=${sort} data-column=${column}>
        <button type="button" data-sort=${column} @click=${() => this.onSort(column)}>
          ${label}\u00a0<span class="arrow" aria-hidden="true">${arrow}</span>
        </button>
      </th>`;
    };
    const cls = (v: string | undefined) => (v === undefined ? '' : v.startsWith('-') ? 'neg' : decimalOf(v)?.isZero() ? '' : 'pos');
    const totals = {
      share: sumOf(all.map((r) => r.share)),
      change: hasChange && all.every((r) => r.change !== undefined) ? sumOf(all.map((r) => r.change!)) : undefined,
      lastYear: hasChange && all.every((r) => r.lastYear !== undefined) ? sumOf(all.map((r) => r.lastYear!)) : undefined,
      baseline: changes ? sumOf([...changes.values()]) : undefined,
    };
    const changePercentTotal =
      totals.change && totals.lastYear && !new DecimalJs(totals.lastYear).isZero()
        ? new DecimalJs(totals.change).div(totals.lastYear).times(100).toFixed(2) + '%'
        : undefined;
    const model = this.answer.model;
    return html`<div class="table-box" tabindex="0" role="region" aria-labelledby="fa-caption">
      <table data-part="table">
        <caption id="fa-caption">
          ${this.t('caption', { total: summary.total ?? '', unit, count: all.length, model: `${model.id} ${model.version}` })}
        </caption>
        <thead>
          <tr>
            ${head('region', this.t('region'), false)} ${head('amount', this.t('amount', { unit }), true)} ${head('share', this.t('share'), true)}
            ${hasChange ? head('change', this.t('change'), true) : nothing} ${changes ? head('baseline', this.t('baseline'), true) : nothing}
          </tr>
        </thead>
        <tbody>
          ${rows.map((r) => {
            const current = r.id === this.selected;
            const delta = changes?.get(r.id);
            return html`<tr data-region=${r.id} aria-current=${current ? 'true' : 'false'} @click=${() => this.select(r.id)}>
              <th scope="row" data-column="region">
                <button type="button" class="pick" title=${`${r.name} (${r.id})`} aria-pressed=${current ? 'true' : 'false'}>
                  <span class="name">${r.name}</span> <span class="id">${r.id}</span><span class="visually-hidden">${this.t('showWaterfall')}</span>
                </button>
              </th>
              <td data-column="amount">${r.amount}</td>
              <td data-column="share">${r.sharePercent}</td>
              ${
                hasChange
                  ? html`<td data-column="change" class=${cls(r.change)}>${r.change ?? ''}${
                      r.changePercent ? html`<span class="note" data-column="change-percent"> (${r.changePercent})</span>` : nothing
                    }</td>`
                  : nothing
              }
              ${changes ? html`<td data-column="baseline" class=${cls(delta)}>${delta ?? ''}</td>` : nothing}
            </tr>`;
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">${this.t('totalRow')}</th>
            <td data-column="amount">${summary.sum ?? ''}</td>
            <td data-column="share">${totals.share ? new DecimalJs(totals.share).times(100).toFixed(2) + '%' : ''}</td>
            ${
              hasChange
                ? html`<td data-column="change" class=${cls(totals.change)}>${totals.change ?? ''}${
                    changePercentTotal ? html`<span class="note" data-column="change-percent"> (${changePercentTotal})</span>` : nothing
                  }</td>`
                : nothing
            }
            ${changes ? html`<td data-column="baseline">${totals.baseline ?? ''}</td>` : nothing}
          </tr>
        </tfoot>
      </table>
    </div>`;
  }

  /** `region` names a region the table does not have: say so (the first row's waterfall shows instead). */
  private unknownRegionNote(): TemplateResult | typeof nothing {
    const wanted = this.region?.trim();
    if (!wanted || this.rows().some((r) => r.id === wanted)) return nothing;
    const first = this.rows()[0];
    if (!first) return nothing;
    return html`<p data-part="region-note" class="note" role="status">${this.t('unknownRegion', { region: wanted, name: `${first.name} (${first.id})` })}</p>`;
  }

  private renderCharts(): TemplateResult | typeof nothing {
    if (!this.answer) return nothing;
    const whatIf = this.baselineChanges() !== undefined;
    const row = this.rows().find((r) => r.id === this.selected);
    const traced = this.traced?.id === this.selected ? this.traced : undefined;
    const reason = traced?.trace?.reason?.[this.lng];
    return html`<section>
        <div data-part="chart" role="img" aria-label=${this.chartLabel()} ?data-what-if=${whatIf}></div>
      </section>
      ${
        row
          ? html`<section>
              ${this.unknownRegionNote()}
              <h3 id="fa-waterfall-title">${this.t('waterfallTitle', { name: `${row.name} (${row.id})` })}</h3>
              <div data-part="waterfall" role="img" aria-label=${this.waterfallLabel(row)}></div>
              <p data-part="reason">${reason ?? ''}</p>
              ${
                traced?.trace?.steps?.length
                  ? html`<ol class="steps" aria-label=${this.t('waterfallSteps')}>
                      ${traced.trace.steps.map((s) => html`<li>${this.stage(s.stage)}: ${s.amount}${s.note ? html` — ${s.note[this.lng]}` : nothing}</li>`)}
                    </ol>`
                  : nothing
              }
            </section>`
          : nothing
      }`;
  }

  private chartLabel(): string {
    const memo = this.labelFor;
    if (memo && memo.answer === this.answer && memo.lang === this.lng) return memo.text;
    const text = this.computeChartLabel();
    this.labelFor = { answer: this.answer, lang: this.lng, text };
    return text;
  }

  private computeChartLabel(): string {
    const rows = this.rows();
    if (rows.length === 0) return '';
    let max = rows[0];
    let min = rows[0];
    for (const r of rows) {
      if (new DecimalJs(r.amount).gt(max.amount)) max = r;
      if (new DecimalJs(r.amount).lt(min.amount)) min = r;
    }
    let text = this.t('chartLabel', { count: rows.length, unit: this.unitText(), maxName: max.name, max: max.amount, minName: min.name, min: min.amount });
    const changes = this.baselineChanges();
    if (changes && changes.size > 0) {
      const list = [...changes.entries()];
      let up = list[0];
      let down = list[0];
      for (const e of list) {
        if (new DecimalJs(e[1]).gt(up[1])) up = e;
        if (new DecimalJs(e[1]).lt(down[1])) down = e;
      }
      const name = (id: string) => rows.find((r) => r.id === id)?.name ?? id;
      text += ' ' + this.t('changeChartLabel', { unit: this.unitText(), upName: name(up[0]), up: up[1], downName: name(down[0]), down: down[1] });
    }
    return text;
  }

  private waterfallLabel(row: Row): string {
    const steps = waterfallSteps(row.stages, row.amount);
    const words = steps
      .map((s) => `${this.stage(s.stage)} ${s.kind === 'up' ? '+' : ''}${s.kind === 'start' || s.kind === 'total' ? s.end : s.delta}`)
      .join(', ');
    return this.t('waterfallLabel', { name: `${row.name} (${row.id})`, steps: words });
  }

  private palette(): Palette {
    const cs = getComputedStyle(this);
    const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
    return {
      fg: v('--_fg', '#1f2933'),
      muted: v('--_muted', '#5b6876'),
      accent: v('--_accent', '#1d5fbf'),
      positive: v('--_positive', '#146c2e'),
      negative: v('--_negative', '#b42318'),
      border: v('--_border', '#d3d9e0'),
      font: v('--_font', 'sans-serif'),
    };
  }

  /** Draws (or redraws) the charts after a render; ECharts keeps its own DOM inside the two boxes. */
  private drawCharts(): void {
    const root = this.renderRoot as ShadowRoot | undefined;
    if (!root) return;
    const box = root.querySelector<HTMLElement>('[data-part="chart"]');
    const wbox = root.querySelector<HTMLElement>('[data-part="waterfall"]');
    if (!box || !this.answer) {
      this.chart?.dispose();
      this.chart = undefined;
    }
    if (!wbox) {
      this.waterfall?.dispose();
      this.waterfall = undefined;
    }
    if (!this.answer) return;
    const narrow = this.clientWidth > 0 && this.clientWidth < 520;
    const palette = this.palette();
    try {
      if (box && box.clientWidth > 0) {
        if (this.chart && this.chart.getDom() !== box) {
          this.chart.dispose();
          this.chart = undefined;
        }
        if (!this.chart) this.drawn.chart = undefined;
        this.chart ??= createChart(box);
        const changes = this.baselineChanges();
        const key = [this.answer, changes, this.lng, narrow, box.clientWidth, box.clientHeight];
        if (!sameList(this.drawn.chart, key)) {
          const resized = !this.drawn.chart || this.drawn.chart[4] !== key[4] || this.drawn.chart[5] !== key[5];
          // same shape as last time (a slider moved): only the bars' data is merged in, a fraction of a full draw
          const shape = [changes !== undefined, this.lng, narrow, this.rows().length];
          const sameShape = !!this.drawn.chart && sameList(this.drawn.shape, shape) && !resized;
          this.drawn.chart = key;
          this.drawn.shape = shape;
          const bars = this.rows().map((r) => ({ id: r.id, name: r.name, amount: r.amount, change: changes?.get(r.id) }));
          const option = amountsOption(
            bars,
            { amount: this.t('chartAmount'), change: this.t('chartChange'), description: this.chartLabel() },
            palette,
            narrow,
          );
          if (resized) this.chart.resize();
          if (sameShape) {
            const { series, aria, tooltip, xAxis } = option as { series: unknown; aria: unknown; tooltip: unknown; xAxis: unknown };
            this.chart.setOption({ series, aria, tooltip, xAxis } as Parameters<EChartsType['setOption']>[0]);
          } else this.chart.setOption(option, { notMerge: true });
          // ECharts' aria writes its label on the box; keep the role and our words
          box.setAttribute('role', 'img');
          box.setAttribute('aria-label', this.chartLabel());
        }
      }
      const row = this.rows().find((r) => r.id === this.selected);
      if (wbox && row && wbox.clientWidth > 0) {
        if (this.waterfall && this.waterfall.getDom() !== wbox) {
          this.waterfall.dispose();
          this.waterfall = undefined;
        }
        if (!this.waterfall) this.drawn.waterfall = undefined;
        this.waterfall ??= createChart(wbox);
        const wkey = [row, this.lng, narrow, wbox.clientWidth, wbox.clientHeight];
        if (sameList(this.drawn.waterfall, wkey)) return;
        const wresized = !this.drawn.waterfall || this.drawn.waterfall[3] !== wkey[3] || this.drawn.waterfall[4] !== wkey[4];
        this.drawn.waterfall = wkey;
        const label = this.waterfallLabel(row);
        if (wresized) this.waterfall.resize();
        this.waterfall.setOption(
          waterfallOption(waterfallSteps(row.stages, row.amount), (s) => this.stage(s), label, palette, narrow),
          { notMerge: true },
        );
        wbox.setAttribute('role', 'img');
        wbox.setAttribute('aria-label', label);
      }
    } catch (e) {
      // a chart that cannot draw leaves the table and the words; say why
      this.shown = { lead: this.t('errorInternal', { message: e instanceof Error ? e.message : String(e) }), items: [] };
    }
  }
}

/** The attribute an engine issue is about, as a prefix ("total: "), from its JSON pointer into the request. */
export function fieldOf(path: string): string {
  if (path === '/total') return 'total: ';
  if (path === '/unit') return 'unit: ';
  if (path === '/model' || path.startsWith('/model/')) return 'model: ';
  if (path.startsWith('/overrides/weights')) return 'weights: ';
  if (path.startsWith('/regions/')) return `regions${path.slice('/regions'.length)}: `;
  return path ? `${path}: ` : '';
}

function sameList(a: readonly unknown[] | undefined, b: readonly unknown[]): boolean {
  return !!a && a.length === b.length && a.every((v, i) => v === b[i]);
}

/** This page's origin (location.origin), or '' where there is none. */
function pageOrigin(): string {
  return typeof location === 'undefined' ? '' : location.origin;
}

/** The service is at another origin than this page: a refused fetch may be CORS as much as a service that is down. */
function crossOrigin(api: string): boolean {
  try {
    return new URL(api).origin !== pageOrigin();
  } catch {
    return false;
  }
}
