import { LitElement, html, css } from 'lit';
import { allocateLocally, type LocalAnswer } from './engine.js';

interface Row {
  id: string;
  name: string;
  amount: string;
  sharePercent: string;
}

/** <fund-allocator>: minimal first version (table from a dataset); the full element follows. */
export class FundAllocator extends LitElement {
  static override properties = {
    dataset: { type: String, reflect: true },
    total: { type: String, reflect: true },
    model: { type: String, reflect: true },
    unit: { type: String, reflect: true },
    api: { type: String },
    answer: { state: true },
    problem: { state: true },
  };
  static override styles = css`
    :host { display: block; font-family: system-ui, sans-serif; }
  `;
  dataset = '';
  total = '';
  model = '';
  unit = 'wan';
  api = '';
  answer: LocalAnswer | undefined;
  problem = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const origin = this.api || new URL(import.meta.url).origin;
    const res = await fetch(`${origin}/v1/datasets/${encodeURIComponent(this.dataset)}`, { headers: { accept: 'application/json' } });
    const ds = (await res.json()) as { model: string; rows: unknown[] };
    const out = allocateLocally({ model: this.model || ds.model, total: this.total, unit: this.unit, regions: ds.rows });
    if (out.ok) this.answer = out.answer;
    else this.problem = out.issues.map((i) => i.en).join('; ');
  }

  override render() {
    const rows = (this.answer?.rows ?? []) as Row[];
    return html`<div role="alert" data-part="message">${this.problem}</div>
      <table data-part="table">
        <tbody>
          ${rows.map((r) => html`<tr data-region=${r.id}><th>${r.name}</th><td data-column="amount">${r.amount}</td><td data-column="share">${r.sharePercent}</td></tr>`)}
        </tbody>
      </table>`;
  }
}
