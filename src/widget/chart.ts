/**
 * The widget's charts (ECharts, only the parts used: bar chart, grid, tooltip, legend, aria, canvas renderer,
 * registered once). The options are built from the answer's exact strings; numbers are used only to draw.
 */
import { use, init, type EChartsType } from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { WaterfallStep } from './waterfall.js';

let registered = false;
function register(): void {
  if (registered) return;
  use([BarChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, CanvasRenderer]);
  registered = true;
}

export interface Palette {
  readonly fg: string;
  readonly muted: string;
  readonly accent: string;
  readonly positive: string;
  readonly negative: string;
  readonly border: string;
  readonly font: string;
}

export interface AmountBar {
  readonly id: string;
  readonly name: string;
  readonly amount: string;
  /** change against the model's weights (what-if mode only) */
  readonly change?: string;
}

/** An ECharts instance on `el` (canvas: a 183-bar chart redraws within a frame where SVG did not). */
export function createChart(el: HTMLElement): EChartsType {
  register();
  return init(el, undefined, { renderer: 'canvas' });
}

type Option = Parameters<EChartsType['setOption']>[0];

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Bars of the amounts per region; with changes (what-if), a second grid below with the change per region. */
export function amountsOption(
  bars: readonly AmountBar[],
  labels: { amount: string; change: string; description: string },
  palette: Palette,
  narrow: boolean,
): Option {
  const whatIf = bars.some((b) => b.change !== undefined);
  const names = bars.map((b) => b.name);
  // a long region name is cut with an ellipsis so it cannot squash the bars (the tooltip has the full name)
  const axisLabel = {
    color: palette.muted,
    fontFamily: palette.font,
    rotate: narrow || bars.length > 12 ? 45 : 0,
    interval: bars.length > 40 ? 'auto' : 0,
    width: narrow ? 56 : 80,
    overflow: 'truncate' as const,
    ellipsis: '…',
  };
  const grids = whatIf
    ? [
        { left: 56, right: 12, top: 28, height: '36%' },
        { left: 56, right: 12, top: '58%', bottom: narrow ? 64 : 56 },
      ]
    : [{ left: 56, right: 12, top: 28, bottom: narrow ? 64 : 56 }];
  const xAxis = grids.map((_, i) => ({
    type: 'category' as const,
    data: names,
    gridIndex: i,
    axisLabel: whatIf && i === 0 ? { show: false } : axisLabel,
    axisLine: { lineStyle: { color: palette.border } },
  }));
  const yAxis = grids.map((_, i) => ({
    type: 'value' as const,
    gridIndex: i,
    axisLabel: { color: palette.muted, fontFamily: palette.font },
    splitLine: { lineStyle: { color: palette.border, opacity: 0.5 } },
  }));
  const exact = new Map(bars.map((b, i) => [i, b]));
  const series: Record<string, unknown>[] = [
    {
      name: labels.amount,
      type: 'bar',
      xAxisIndex: 0,
      yAxisIndex: 0,
      data: bars.map((b) => Number(b.amount)),
      itemStyle: { color: palette.accent },
    },
  ];
  if (whatIf)
    series.push({
      name: labels.change,
      type: 'bar',
      xAxisIndex: 1,
      yAxisIndex: 1,
      itemStyle: { color: palette.positive },
      data: bars.map((b) => {
        const v = Number(b.change ?? '0');
        return { value: v, itemStyle: { color: v < 0 ? palette.negative : palette.positive } };
      }),
    });
  return {
    animation: false,
    textStyle: { fontFamily: palette.font, color: palette.fg },
    aria: { enabled: true, label: { description: labels.description } },
    legend: whatIf ? { top: 0, textStyle: { color: palette.fg, fontFamily: palette.font } } : { show: false },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const list = (Array.isArray(params) ? params : [params]) as { dataIndex: number; seriesIndex: number; seriesName: string }[];
        const b = exact.get(list[0]?.dataIndex ?? -1);
        if (!b) return '';
        const lines = [`<b>${escapeHtml(b.name)}</b> (${escapeHtml(b.id)})`, `${escapeHtml(labels.amount)}: ${b.amount}`];
        if (b.change !== undefined) lines.push(`${escapeHtml(labels.change)}: ${b.change}`);
        return lines.join('<br>');
      },
    },
    grid: grids,
    xAxis,
    yAxis,
    series,
  } as Option;
}

/** The waterfall of one region: an invisible base and the visible step (up, down, start and total bars). */
export function waterfallOption(
  steps: readonly WaterfallStep[],
  stageLabel: (stage: string) => string,
  description: string,
  palette: Palette,
  narrow: boolean,
): Option {
  const base = steps.map((s) => (s.kind === 'start' || s.kind === 'total' ? 0 : Math.min(Number(s.start), Number(s.end))));
  const size = steps.map((s) => Math.abs(Number(s.delta)));
  const color = (s: WaterfallStep) => (s.kind === 'up' ? palette.positive : s.kind === 'down' ? palette.negative : palette.accent);
  return {
    animation: false,
    textStyle: { fontFamily: palette.font, color: palette.fg },
    aria: { enabled: true, label: { description } },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const list = (Array.isArray(params) ? params : [params]) as { dataIndex: number }[];
        const s = steps[list[0]?.dataIndex ?? -1];
        if (!s) return '';
        const sign = s.kind === 'up' ? '+' : '';
        return `<b>${escapeHtml(stageLabel(s.stage))}</b><br>${s.kind === 'up' || s.kind === 'down' ? `${sign}${s.delta} → ${s.end}` : s.end}`;
      },
    },
    grid: { left: 56, right: 12, top: 16, bottom: narrow ? 72 : 40 },
    xAxis: {
      type: 'category',
      data: steps.map((s) => stageLabel(s.stage)),
      axisLabel: { color: palette.muted, fontFamily: palette.font, interval: 0, rotate: narrow ? 40 : 0 },
      axisLine: { lineStyle: { color: palette.border } },
    },
    yAxis: {
      type: 'value',
      axisLabel: { color: palette.muted, fontFamily: palette.font },
      splitLine: { lineStyle: { color: palette.border, opacity: 0.5 } },
    },
    series: [
      { type: 'bar', stack: 'w', silent: true, itemStyle: { color: 'transparent' }, emphasis: { disabled: true }, data: base },
      {
        type: 'bar',
        stack: 'w',
        // a step too small to see at this scale (rounding, a small redistribution) still gets a visible bar, its label kept
        barMinHeight: 4,
        data: steps.map((s, i) => ({ value: size[i], itemStyle: { color: color(s) } })),
        label: {
          show: !narrow,
          position: 'top',
          color: palette.fg,
          fontFamily: palette.font,
          formatter: (p: { dataIndex: number }) => signed(steps[p.dataIndex]),
        },
      },
    ],
  } as Option;
}

function signed(s: WaterfallStep | undefined): string {
  if (!s) return '';
  const short = shortNumber(s.delta);
  return s.kind === 'up' ? `+${short}` : short;
}

/** A label for a bar (display only; the exact value is in the tooltip and the words): 2 decimals, or 2 significant digits when smaller. */
export function shortNumber(text: string): string {
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  if (n === 0 || Math.abs(n) >= 0.01) return n.toFixed(2);
  return String(Number(n.toPrecision(2)));
}
