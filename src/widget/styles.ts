/**
 * The widget's styles, inside its shadow root. Themable from the host page with CSS custom properties:
 * --fa-font, --fa-fg, --fa-bg, --fa-accent, --fa-muted, --fa-border, --fa-positive, --fa-negative, --fa-radius.
 */
import { css } from 'lit';

export const styles = css`
  :host {
    --_font: var(--fa-font, system-ui, -apple-system, 'Segoe UI', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif);
    --_fg: var(--fa-fg, #1f2933);
    --_bg: var(--fa-bg, #ffffff);
    --_accent: var(--fa-accent, #1d5fbf);
    --_muted: var(--fa-muted, #5b6876);
    --_border: var(--fa-border, #d3d9e0);
    --_positive: var(--fa-positive, #146c2e);
    --_negative: var(--fa-negative, #b42318);
    --_radius: var(--fa-radius, 6px);
    display: block;
    container-type: inline-size;
    font-family: var(--_font);
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 12px;
    box-sizing: border-box;
    max-width: 100%;
    line-height: 1.45;
    font-size: 14px;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  h2,
  h3 {
    margin: 0 0 8px;
    font-size: 1rem;
  }
  h3 {
    font-size: 0.95rem;
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
    justify-content: space-between;
    margin-bottom: 8px;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    align-items: center;
  }
  button {
    font: inherit;
    color: var(--_accent);
    background: var(--_bg);
    border: 1px solid var(--_accent);
    border-radius: var(--_radius);
    padding: 4px 10px;
    min-height: 32px;
    cursor: pointer;
  }
  button:hover:not(:disabled) {
    background: color-mix(in srgb, var(--_accent) 10%, var(--_bg));
  }
  button:disabled {
    color: var(--_muted);
    border-color: var(--_border);
    cursor: not-allowed;
  }
  button.primary {
    background: var(--_accent);
    color: var(--_bg);
  }
  /* off (no save token): it must not look like the main action; muted text on the page colour (contrast >= 4.5) */
  button.primary:disabled {
    background: var(--_bg);
    color: var(--_muted);
    border: 1px dashed var(--_border);
  }
  :focus-visible {
    outline: 3px solid color-mix(in srgb, var(--_accent) 70%, transparent);
    outline-offset: 2px;
  }
  [data-part='status'] {
    color: var(--_muted);
    font-size: 0.9em;
  }
  [data-part='status'][data-state='checked'] {
    color: var(--_positive);
  }
  [data-part='status'][data-state='mismatch'],
  [data-part='status'][data-state='error'] {
    color: var(--_negative);
  }
  [data-part='message'] {
    border: 1px solid var(--_negative);
    border-left-width: 4px;
    border-radius: var(--_radius);
    color: var(--_fg);
    background: color-mix(in srgb, var(--_negative) 6%, var(--_bg));
    padding: 8px 10px;
    margin-bottom: 10px;
  }
  [data-part='message']:empty {
    display: none;
  }
  [data-part='message'] p {
    margin: 0 0 4px;
  }
  [data-part='message'] ul {
    margin: 0 0 6px;
    padding-left: 1.2em;
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(200px, 260px) minmax(0, 1fr);
    gap: 16px;
    align-items: start;
  }
  @container (max-width: 720px) {
    .layout {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 8px 10px 10px;
    margin: 0;
    min-width: 0;
  }
  legend {
    font-weight: 600;
    padding: 0 4px;
  }
  .slider {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 2px 8px;
    margin: 6px 0;
  }
  .slider input {
    grid-column: 1 / -1;
    width: 100%;
    accent-color: var(--_accent);
    margin: 0;
    min-height: 24px;
  }
  .slider output {
    font-variant-numeric: tabular-nums;
    font-weight: 600;
  }
  .sum {
    display: flex;
    justify-content: space-between;
    gap: 8px;
    border-top: 1px solid var(--_border);
    padding-top: 6px;
    margin-top: 6px;
  }
  .sum [data-part='weights-sum'] {
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .whatif {
    color: var(--_accent);
    font-size: 0.9em;
    margin: 6px 0 0;
  }
  .save {
    display: grid;
    gap: 4px;
    margin-top: 12px;
  }
  .save input {
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 4px 8px;
    min-height: 32px;
    width: 100%;
  }
  .note {
    color: var(--_muted);
    font-size: 0.85em;
    margin: 0;
  }
  .table-box {
    overflow-x: auto;
    max-width: 100%;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .table-box:focus-visible {
    outline-offset: 0;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-variant-numeric: tabular-nums;
  }
  caption {
    text-align: left;
    padding: 6px 8px;
    color: var(--_muted);
    font-size: 0.9em;
    caption-side: top;
  }
  th,
  td {
    padding: 4px 8px;
    border-bottom: 1px solid var(--_border);
    white-space: nowrap;
  }
  td {
    text-align: right;
  }
  th[scope='row'] {
    text-align: left;
    font-weight: normal;
  }
  thead th {
    text-align: left;
    font-weight: 600;
    padding: 0;
  }
  thead th button {
    border: 0;
    border-radius: 0;
    width: 100%;
    text-align: inherit;
    color: var(--_fg);
    font-weight: 600;
    padding: 6px 8px;
    background: transparent;
    white-space: normal;
    min-width: 4.5em;
  }
  thead th.num,
  thead th.num button {
    text-align: right;
  }
  .arrow {
    color: var(--_muted);
    display: inline-block;
    width: 1em;
    text-align: center;
  }
  tbody tr {
    cursor: pointer;
  }
  tbody tr:hover {
    background: color-mix(in srgb, var(--_accent) 5%, var(--_bg));
  }
  tbody tr[aria-current='true'] {
    background: color-mix(in srgb, var(--_accent) 9%, var(--_bg));
    box-shadow: inset 3px 0 0 var(--_accent);
  }
  .pick {
    border: 0;
    background: transparent;
    color: var(--_fg);
    padding: 0;
    min-height: 0;
    text-align: left;
  }
  .pick {
    display: inline-flex;
    align-items: baseline;
    max-width: 14em;
  }
  /* a long name is cut with an ellipsis (the full name stays in the text for screen readers, and in title) */
  .pick .name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    min-width: 0;
  }
  .pick .id {
    color: var(--_muted);
    font-size: 0.85em;
    margin-left: 4px;
    white-space: nowrap;
  }
  tfoot th,
  tfoot td {
    font-weight: 600;
    border-top: 2px solid var(--_border);
    border-bottom: 0;
  }
  .pos {
    color: var(--_positive);
  }
  .neg {
    color: var(--_negative);
  }
  section {
    margin-top: 16px;
  }
  [data-part='chart'],
  [data-part='waterfall'] {
    width: 100%;
    height: 300px;
  }
  [data-part='chart'][data-what-if] {
    height: 440px;
  }
  [data-part='reason'] {
    margin: 8px 0;
  }
  ol.steps {
    margin: 0;
    padding-left: 1.4em;
    color: var(--_muted);
    font-size: 0.9em;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  @container (max-width: 480px) {
    [data-part='chart'] {
      height: 260px;
    }
    [data-part='chart'][data-what-if] {
      height: 380px;
    }
  }
`;
