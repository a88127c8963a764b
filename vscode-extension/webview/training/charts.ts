// The training panel's SVG charts: metric curves per epoch and the error timeline. They share
// one x axis (EpochScale over kChart's width), so an epoch sits at the same place in each.
import type { TrainingFinding } from '../../src/lspExt';
import { describeEpochs, EpochScale, formatValue, linePath, Point, Timeline, valueScale } from './model';
import { canvas, s, text, tooltip } from './svg';

/** Chart coordinates (the SVG scales to its container; this is its design width). */
export const kChart = { width: 640, left: 54, right: 16 } as const;
const kPlot = { height: 150, top: 16, bottom: 24 } as const;
/** Dots are drawn while they do not crowd the line. */
const kMaxDots = 60;

export interface Line {
  points: Point[];
  /** A colour class from panel.css (series-a, series-b, ...). */
  cls: string;
  dashed?: boolean;
}

export interface LineChartOptions {
  label: string;
  lines: Line[];
  x: EpochScale;
  /** Epochs to highlight (the focused finding's). */
  highlight: number[];
  /** Extend the y axis up to this (1 for accuracies). */
  yMax?: number;
  /** The tooltip of an epoch's column: every value at that epoch. */
  describe(epoch: number): string;
}

function bands(x: EpochScale, epochs: number[], top: number, bottom: number): SVGElement {
  const g = s('g', { class: 'bands' });
  for (const e of epochs) {
    g.append(s('rect', { x: (x.x(e) - x.band / 2).toFixed(1), y: top, width: x.band.toFixed(1), height: bottom - top, class: 'band' }));
  }
  return g;
}

function epochLabels(x: EpochScale, y: number): SVGElement {
  const g = s('g', { class: 'axis-labels' });
  for (const t of x.ticks) g.append(text(x.x(t), y, String(t), { 'text-anchor': 'middle' }));
  if (x.preX !== undefined) g.append(text(x.preX, y, 'pre', { 'text-anchor': 'middle', class: 'pre-label' }));
  g.append(text(kChart.width - kChart.right, y + 13, 'epoch', { 'text-anchor': 'end', class: 'axis-caption' }));
  return g;
}

/** Curves of one or more metrics; NaN and infinite values show as markers on the top edge. */
export function lineChart(o: LineChartOptions): SVGElement {
  const height = kPlot.height;
  const top = kPlot.top;
  const bottom = height - kPlot.bottom;
  const left = kChart.left;
  const right = kChart.width - kChart.right;
  const svg = canvas(kChart.width, height + 12, o.label, 'line-chart');
  const values = o.lines.flatMap((l) => l.points.map((p) => p.value));
  const y = valueScale(values, [bottom, top], { max: o.yMax });

  const grid = s('g', { class: 'grid' });
  for (const t of y.ticks) {
    const py = y.map(t);
    grid.append(s('line', { x1: left, x2: right, y1: py.toFixed(1), y2: py.toFixed(1) }));
    grid.append(text(left - 6, py + 3.5, formatValue(t), { 'text-anchor': 'end', class: 'tick' }));
  }
  if (y.kind === 'log') grid.append(text(left, top - 6, 'log scale', { class: 'axis-caption' }));
  svg.append(bands(o.x, o.highlight, top, bottom), grid);
  svg.append(s('line', { x1: left, x2: right, y1: bottom, y2: bottom, class: 'axis' }), epochLabels(o.x, bottom + 15));

  if (values.length === 0) {
    svg.append(text((left + right) / 2, (top + bottom) / 2, 'not logged yet', { 'text-anchor': 'middle', class: 'muted-text' }));
  }
  for (const line of o.lines) {
    const d = linePath(line.points, o.x.x, y.map);
    if (d) svg.append(s('path', { d, class: `line ${line.cls}${line.dashed ? ' dashed' : ''}` }));
    const finite = line.points.filter((p) => Number.isFinite(p.value));
    if (finite.length <= kMaxDots) {
      for (const p of finite) {
        svg.append(s('circle', { cx: o.x.x(p.epoch).toFixed(1), cy: y.map(p.value).toFixed(1), r: 2.6,
          class: `dot ${line.cls}${line.dashed ? ' hollow' : ''}` }));
      }
    }
    for (const p of line.points.filter((q) => !Number.isFinite(q.value))) {
      const px = o.x.x(p.epoch);
      svg.append(s('path', { d: `M${(px - 4).toFixed(1)},${top}L${(px + 4).toFixed(1)},${top}L${px.toFixed(1)},${top + 7}Z`,
        class: 'nonfinite' }, tooltip(`${formatValue(p.value)} at epoch ${p.epoch}`)));
    }
  }
  // Hover targets last, on top: one column per epoch, its tooltip lists the values.
  const hits = s('g', { class: 'hits' });
  for (let e = o.x.first; e <= o.x.last; e++) {
    hits.append(s('rect', { x: (o.x.x(e) - o.x.band / 2).toFixed(1), y: top, width: o.x.band.toFixed(1), height: bottom - top,
      class: 'hit' }, tooltip(o.describe(e))));
  }
  svg.append(hits);
  return svg;
}

export interface TimelineOptions {
  findings: TrainingFinding[];
  ids: string[];
  timeline: Timeline;
  x: EpochScale;
  focus: string | null;
  onPick(id: string): void;
}

/** Findings stacked per epoch: training findings above the axis, pre-training ones below. */
export function timelineChart(o: TimelineOptions): SVGElement {
  const gap = 2;
  // At least two rows each side (room for the lane labels); tall stacks get thinner cells so the
  // chart stays about the same height.
  const lanes = (n: number) => Math.max(2, n);
  const cell = Math.max(4, Math.min(12, Math.floor(84 / Math.max(lanes(o.timeline.above), lanes(o.timeline.below))) - gap));
  const top = 8;
  const axisY = top + lanes(o.timeline.above) * (cell + gap) + 2;
  const bottom = axisY + lanes(o.timeline.below) * (cell + gap) + 4;
  const height = bottom + 28;
  const left = kChart.left;
  const right = kChart.width - kChart.right;
  const svg = canvas(kChart.width, height, 'Error timeline: findings per epoch', 'timeline');

  const focused = o.focus === null ? -1 : o.ids.indexOf(o.focus);
  if (focused >= 0) svg.append(bands(o.x, o.findings[focused].epochs, top - 4, bottom));
  if (focused >= 0 && o.findings[focused].epochs.length === 0 && o.x.preX !== undefined) {
    svg.append(s('rect', { x: (o.x.preX - o.x.band / 2).toFixed(1), y: top - 4, width: o.x.band.toFixed(1), height: bottom - top + 4, class: 'band' }));
  }
  svg.append(
    s('rect', { x: left, y: axisY + 1, width: right - left, height: bottom - axisY - 1, class: 'pre-lane' }),
    s('line', { x1: left, x2: right, y1: axisY, y2: axisY, class: 'axis' }),
    text(left - 6, axisY - 4, 'training', { 'text-anchor': 'end', class: 'lane-label' }),
    text(left - 6, axisY + 12, 'before', { 'text-anchor': 'end', class: 'lane-label' }),
    epochLabels(o.x, bottom + 14));

  const width = Math.max(2, Math.min(o.x.band - 2, 18));
  for (const c of o.timeline.cells) {
    const f = o.findings[c.finding];
    const cx = c.epoch === 'pre' ? o.x.preX ?? left : o.x.x(c.epoch);
    const cy = c.below ? axisY + gap + c.level * (cell + gap) : axisY - (c.level + 1) * (cell + gap);
    const state = focused < 0 ? '' : c.finding === focused ? ' focus' : ' dim';
    const r = s('rect', { x: (cx - width / 2).toFixed(1), y: cy.toFixed(1), width: width.toFixed(1), height: cell, rx: 1.5,
      class: `cell sev-${f.severity}${state}`, 'data-finding': o.ids[c.finding] },
    tooltip(`${f.title} (${f.code}), ${c.epoch === 'pre' ? 'before training' : `epoch ${c.epoch}`}; ${describeEpochs(f.epochs)}`));
    r.addEventListener('click', () => o.onPick(o.ids[c.finding]));
    svg.append(r);
  }
  if (o.findings.length === 0) {
    svg.append(text((left + right) / 2, axisY - 4, 'no findings', { 'text-anchor': 'middle', class: 'muted-text' }));
  }
  return svg;
}

/** A legend key drawn like the chart draws the series: a line (solid or dashed) or a cell. */
export function legendKey(cls: string, kind: 'line' | 'dashed' | 'cell'): SVGElement {
  const svg = s('svg', { class: 'key', width: 18, height: 10, viewBox: '0 0 18 10', 'aria-hidden': 'true' });
  svg.append(kind === 'cell'
    ? s('rect', { x: 4, y: 0.5, width: 9, height: 9, rx: 1.5, class: `cell ${cls}` })
    : s('line', { x1: 1, x2: 17, y1: 5, y2: 5, class: `line ${cls}${kind === 'dashed' ? ' dashed' : ''}` }));
  return svg;
}
