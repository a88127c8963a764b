// The training panel's pure logic: metric series, plot scales and ticks, SVG paths, the error
// timeline's stacking and the findings' order. No DOM here, so the unit tests run it in Node.
import type { MetricValue, TrainingEpoch, TrainingFinding, TrainingSessionDetail } from '../../src/lspExt';

/** The server sends NaN and infinities as strings; everything else missing is undefined. */
export function toNumber(v: MetricValue | null | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return undefined;
}

/** One value of a metric; `value` may be NaN or infinite (drawn as a marker, not a line). */
export interface Point {
  epoch: number;
  value: number;
}

export function series(epochs: TrainingEpoch[], key: string): Point[] {
  const out: Point[] = [];
  for (const e of epochs) {
    const v = toNumber(e.metrics[key]);
    if (v !== undefined) out.push({ epoch: e.epoch, value: v });
  }
  return out;
}

/** The names clients log the four curves under (Keras, Lightning and hand-written loops). */
export const metricNames = {
  loss: ['loss', 'train_loss', 'training_loss'],
  valLoss: ['val_loss', 'validation_loss', 'valid_loss', 'test_loss'],
  accuracy: ['accuracy', 'acc', 'train_accuracy', 'train_acc', 'sparse_categorical_accuracy', 'categorical_accuracy'],
  valAccuracy: ['val_accuracy', 'val_acc', 'validation_accuracy', 'valid_accuracy', 'test_accuracy',
    'val_sparse_categorical_accuracy', 'val_categorical_accuracy'],
} as const;

/** The first candidate name that some epoch logged. */
export function findMetric(epochs: TrainingEpoch[], candidates: readonly string[]): string | undefined {
  return candidates.find((name) => epochs.some((e) => e.metrics[name] !== undefined));
}

const finite = (v: number) => Number.isFinite(v);

/** About `count` round tick values covering [min, max] (steps of 1, 2 or 5 times a power of ten). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!finite(min) || !finite(max)) return [];
  if (min === max) return [min];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  // The multiplier nearest to the raw step on a log scale (thresholds at the geometric means).
  const ratio = raw / power;
  const step = power * (ratio >= Math.sqrt(50) ? 10 : ratio >= Math.sqrt(10) ? 5 : ratio >= Math.sqrt(2) ? 2 : 1);
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
    ticks.push(Number(t.toPrecision(12))); // no 0.30000000000000004
  }
  return ticks;
}

export interface ValueScale {
  kind: 'linear' | 'log';
  domain: [number, number];
  ticks: number[];
  /** Pixel of a finite value (range[0] at domain[0]). */
  map(v: number): number;
}

/**
 * The y scale of a plot over the finite values: linear over round bounds, or logarithmic when
 * every value is positive and they span three decades or more (a diverging loss would
 * otherwise flatten the rest of the curve). `range` is [pixel of the low end, of the high end];
 * `max` extends the domain up to it (accuracies show up to 1).
 */
export function valueScale(values: number[], range: [number, number], opts: { max?: number } = {}): ValueScale {
  const vals = values.filter(finite);
  let lo = vals.length ? Math.min(...vals) : 0;
  let hi = vals.length ? Math.max(...vals) : 1;
  if (lo > 0 && hi / lo >= 1000) {
    const e0 = Math.floor(Math.log10(lo));
    const e1 = Math.ceil(Math.log10(hi));
    const every = Math.max(1, Math.ceil((e1 - e0) / 6));
    const ticks: number[] = [];
    for (let e = e0; e <= e1; e += every) ticks.push(10 ** e);
    const d: [number, number] = [10 ** e0, 10 ** e1];
    const span = e1 - e0;
    return {
      kind: 'log', domain: d, ticks,
      map: (v) => range[0] + ((Math.log10(v) - Math.log10(d[0])) / span) * (range[1] - range[0]),
    };
  }
  if (opts.max !== undefined && hi < opts.max) hi = opts.max;
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  // Round bounds on the tick grid, so the curve never touches an unlabelled edge.
  const rough = niceTicks(lo, hi, 3); // three or four labels: the plots are short
  const step = rough.length > 1 ? rough[1] - rough[0] : hi - lo;
  const round = (v: number) => Number(v.toPrecision(12));
  const d: [number, number] = [round(Math.floor(lo / step + 1e-9) * step), round(Math.ceil(hi / step - 1e-9) * step)];
  const ticks: number[] = [];
  for (let i = 0; d[0] + i * step <= d[1] + step * 1e-9; i++) ticks.push(round(d[0] + i * step));
  return {
    kind: 'linear', domain: d, ticks,
    map: (v) => range[0] + ((v - d[0]) / (d[1] - d[0])) * (range[1] - range[0]),
  };
}

export interface EpochScale {
  first: number;
  last: number;
  /** Width of one epoch's slot, in pixels. */
  band: number;
  /** Centre of an epoch's slot. */
  x(epoch: number): number;
  /** Centre of the "before training" slot left of the first epoch; undefined when not shown. */
  preX?: number;
  ticks: number[];
}

/**
 * The shared x axis of the plots and the timeline: one slot per epoch from the first to the
 * last, plus a "before training" slot on the left when some finding has no epoch.
 */
export function epochScale(epochs: number[], range: [number, number], withPre: boolean): EpochScale {
  const first = epochs.length ? Math.min(...epochs) : 0;
  const last = epochs.length ? Math.max(...epochs) : 0;
  const slots = last - first + 1 + (withPre ? 1 : 0);
  const band = (range[1] - range[0]) / slots;
  const offset = withPre ? 1 : 0;
  const x = (e: number) => range[0] + (e - first + offset + 0.5) * band;
  const span = last - first;
  const step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000].find((s) => span / s <= 10) ?? Math.ceil(span / 10);
  const ticks: number[] = [];
  for (let t = Math.ceil(first / step) * step; t <= last; t += step) ticks.push(t);
  if (!ticks.includes(first) && (ticks.length === 0 || (ticks[0] - first) * band > 24)) ticks.unshift(first);
  return { first, last, band, x, preX: withPre ? range[0] + 0.5 * band : undefined, ticks };
}

/** An SVG path through the finite points; a non-finite value breaks the line. */
export function linePath(points: Point[], x: (e: number) => number, y: (v: number) => number): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (!finite(p.value)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${x(p.epoch).toFixed(1)},${y(p.value).toFixed(1)}`;
    pen = true;
  }
  return d;
}

/** A metric value for people: NaN and ±Inf by name, three significant digits otherwise. */
export function formatValue(v: number | undefined): string {
  if (v === undefined) return '–';
  if (Number.isNaN(v)) return 'NaN';
  if (!finite(v)) return v > 0 ? '+Inf' : '−Inf';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(2).replace('e+', 'e');
  return String(Number(v.toPrecision(3)));
}

/** "epoch 3", "epochs 2–4, 7", "before training". */
export function describeEpochs(epochs: number[]): string {
  if (epochs.length === 0) return 'before training';
  const parts: string[] = [];
  for (let i = 0; i < epochs.length; ) {
    let j = i;
    while (j + 1 < epochs.length && epochs[j + 1] === epochs[j] + 1) j++;
    parts.push(j > i ? `${epochs[i]}–${epochs[j]}` : String(epochs[i]));
    i = j + 1;
  }
  return `${epochs.length === 1 ? 'epoch' : 'epochs'} ${parts.join(', ')}`;
}

const severityRank: Record<string, number> = { critical: 0, error: 1, warning: 2, info: 3, hint: 4 };

/** Most severe first, then the earliest (findings before training first), then by code. */
export function sortFindings(findings: TrainingFinding[]): TrainingFinding[] {
  const firstEpoch = (f: TrainingFinding) => (f.epochs.length ? f.epochs[0] : -Infinity);
  return [...findings].sort((a, b) =>
    (severityRank[a.severity] ?? 9) - (severityRank[b.severity] ?? 9) ||
    firstEpoch(a) - firstEpoch(b) ||
    a.code.localeCompare(b.code) || a.key.localeCompare(b.key));
}

/** Stable across refreshes of one session: what the panel remembers expanded or selected. */
export function findingId(sessionId: number, f: TrainingFinding): string {
  return `${sessionId}/${f.rule}/${f.key}`;
}

/**
 * Rules that judge the data going into the model: the client measures the first batch of an
 * epoch before the model's forward pass, so what they find was there before training stepped.
 */
export const inputRules: ReadonlySet<string> = new Set(['input-not-normalized', 'nan-in-input', 'image-layout']);

/** Drawn below the timeline's axis: seen before training, or in the inputs before the step. */
export function isPreTraining(f: TrainingFinding): boolean {
  return f.epochs.length === 0 || inputRules.has(f.rule);
}

export interface TimelineCell {
  /** Index into the findings as given. */
  finding: number;
  /** An epoch, or 'pre' for the "before training" slot. */
  epoch: number | 'pre';
  /** 0 next to the axis, growing away from it. */
  level: number;
  below: boolean;
}

export interface Timeline {
  cells: TimelineCell[];
  /** The highest stack above and below the axis. */
  above: number;
  below: number;
  /** Some finding has no epoch: the axis needs its "before training" slot. */
  hasPre: boolean;
}

/**
 * Stacks the findings per epoch like a bar chart: each finding adds one cell at each of its
 * epochs, in the order given (pass them sorted: the most severe lands next to the axis).
 * Training findings stack upwards, pre-training ones (see isPreTraining) downwards.
 */
export function stackTimeline(findings: TrainingFinding[]): Timeline {
  const heights = new Map<string, number>();
  const cells: TimelineCell[] = [];
  let above = 0;
  let below = 0;
  findings.forEach((f, i) => {
    const under = isPreTraining(f);
    const slots: (number | 'pre')[] = f.epochs.length ? f.epochs : ['pre'];
    for (const epoch of slots) {
      const k = `${under ? 'b' : 'a'}:${epoch}`;
      const level = heights.get(k) ?? 0;
      heights.set(k, level + 1);
      cells.push({ finding: i, epoch, level, below: under });
      if (under) below = Math.max(below, level + 1);
      else above = Math.max(above, level + 1);
    }
  });
  return { cells, above, below, hasPre: findings.some((f) => f.epochs.length === 0) };
}

/** Every epoch a session's plots and timeline must show: logged ones and the findings' ones. */
export function sessionEpochs(s: TrainingSessionDetail): number[] {
  const set = new Set<number>(s.epochList.map((e) => e.epoch));
  for (const f of s.findingList) for (const e of f.epochs) set.add(e);
  return [...set].sort((a, b) => a - b);
}

/** The best value of a metric and its epoch (lowest for losses, highest otherwise). */
export function best(points: Point[], lowerIsBetter: boolean): Point | undefined {
  let out: Point | undefined;
  for (const p of points) {
    if (!finite(p.value)) continue;
    if (!out || (lowerIsBetter ? p.value < out.value : p.value > out.value)) out = p;
  }
  return out;
}

/** One row of the side-by-side comparison: a metric's last and best values per session. */
export interface CompareRow {
  label: string;
  values: { last?: number; best?: Point }[];
}

export function compareRows(sessions: TrainingSessionDetail[]): CompareRow[] {
  const rows: CompareRow[] = [];
  const kinds: [string, readonly string[], boolean][] = [
    ['training loss', metricNames.loss, true],
    ['validation loss', metricNames.valLoss, true],
    ['training accuracy', metricNames.accuracy, false],
    ['validation accuracy', metricNames.valAccuracy, false],
  ];
  for (const [label, names, lower] of kinds) {
    const values = sessions.map((s) => {
      const key = findMetric(s.epochList, names);
      if (!key) return {};
      const pts = series(s.epochList, key);
      return { last: pts.length ? pts[pts.length - 1].value : undefined, best: best(pts, lower) };
    });
    if (values.some((v) => v.last !== undefined)) rows.push({ label, values });
  }
  return rows;
}
