// Umlaut training sessions panel: the sessions the daemon recorded; one shown with its loss and
// accuracy plots, error timeline and error cards, or two compared side by side. Redraws on every
// live update without losing what the user opened, focused or picked (kept with setState).
import type { TrainingEpoch, TrainingSessionDetail } from '../src/lspExt';
import type { PanelData, TrainingUiState } from '../src/panels/messages';
import { basename, button, emptyState, h, loadState, mount, saveState, send } from './common';
import { cards } from './training/cards';
import { kChart, legendKey, Line, lineChart, timelineChart } from './training/charts';
import {
  best, epochScale, EpochScale, findingId, findMetric, formatValue, metricNames, series, sessionEpochs, sortFindings,
  stackTimeline, toNumber,
} from './training/model';
import { compareTable, sessionsTable, statusPill } from './training/sessions';

type TrainingData = Extract<PanelData, { panel: 'training' }>;

const saved = loadState().training;
const ui: TrainingUiState = { selected: saved?.selected ?? [], expanded: saved?.expanded ?? [], focus: saved?.focus ?? null };
const root = h('div', { class: 'training' });
let data: TrainingData | undefined;

function update(patch: Partial<TrainingUiState>): void {
  Object.assign(ui, patch);
  saveState({ training: { ...ui } });
  draw();
}

function select(ids: number[]): void {
  update({ selected: ids, focus: null });
  send({ command: 'selectSessions', ids });
}

function focusFinding(id: string, fromTimeline = false): void {
  const expanded = new Set(ui.expanded);
  if (ui.focus === id && !fromTimeline) {
    expanded.delete(id);
    update({ focus: null, expanded: [...expanded] });
    return;
  }
  expanded.add(id);
  update({ focus: id, expanded: [...expanded] });
  if (fromTimeline) {
    root.querySelector(`.card[data-finding="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }
}

function toggleCard(id: string): void {
  const expanded = new Set(ui.expanded);
  if (!expanded.delete(id)) expanded.add(id);
  update({ expanded: [...expanded] });
}

/** Every value logged at an epoch, for the plots' tooltips. */
function describeEpoch(sessions: TrainingSessionDetail[], epoch: number): string {
  const lines = [`epoch ${epoch}`];
  for (const s of sessions) {
    const e: TrainingEpoch | undefined = s.epochList.find((x) => x.epoch === epoch);
    if (sessions.length > 1) lines.push(`${s.name}:${e ? '' : ' not logged'}`);
    else if (!e) lines.push('not logged (yet)');
    if (!e) continue;
    const pad = sessions.length > 1 ? '  ' : '';
    for (const [k, v] of Object.entries(e.metrics)) lines.push(`${pad}${k} ${formatValue(toNumber(v))}`);
    if (e.lr !== null) lines.push(`${pad}lr ${formatValue(toNumber(e.lr))}`);
  }
  return lines.join('\n');
}

function legendItem(cls: string, label: string, kind: 'line' | 'dashed' | 'cell' = 'line'): HTMLElement {
  return h('span', { class: 'legend-item' }, legendKey(cls, kind), label);
}

function chartBlock(title: string, legend: (HTMLElement | string)[], chart: Node): HTMLElement {
  return h('figure', { class: 'chart-block' },
    h('figcaption', {}, h('span', { class: 'chart-title' }, title), h('span', { class: 'legend' }, ...legend)), chart);
}

interface Curve {
  session: TrainingSessionDetail;
  cls: string;
}

/** The loss and accuracy charts, for one session (train / validation colours) or two (one colour each). */
function metricCharts(curves: Curve[], x: EpochScale, highlight: number[]): HTMLElement[] {
  const sessions = curves.map((c) => c.session);
  const single = curves.length === 1;
  const anyEpochs = sessions.some((s) => s.epochList.length > 0);
  const out: HTMLElement[] = [];
  const kinds = [
    { title: 'Loss', train: metricNames.loss, val: metricNames.valLoss, yMax: undefined },
    { title: 'Accuracy', train: metricNames.accuracy, val: metricNames.valAccuracy, yMax: 1 },
  ];
  for (const k of kinds) {
    const lines: Line[] = [];
    const legend: (HTMLElement | string)[] = [];
    for (const c of curves) {
      const trainKey = findMetric(c.session.epochList, k.train);
      const valKey = findMetric(c.session.epochList, k.val);
      if (trainKey) lines.push({ points: series(c.session.epochList, trainKey), cls: single ? 'series-train' : c.cls });
      if (valKey) lines.push({ points: series(c.session.epochList, valKey), cls: single ? 'series-val' : c.cls, dashed: !single });
      if (single) {
        if (trainKey) legend.push(legendItem('series-train', `training (${trainKey})`));
        if (valKey) legend.push(legendItem('series-val', `validation (${valKey})`));
      }
    }
    const logged = lines.some((l) => l.points.length > 0);
    if (!logged && k.title === 'Accuracy' && anyEpochs) continue; // a run that logs no accuracy
    if (!single) {
      legend.push(...curves.map((c) => legendItem(c.cls, c.session.name)), legendItem('plain', 'training'),
        legendItem('plain', 'validation', 'dashed'));
    }
    const chart = lineChart({ label: `${k.title} per epoch`, lines, x, highlight, yMax: k.yMax,
      describe: (e) => describeEpoch(sessions, e) });
    const block = chartBlock(k.title, legend, chart);
    block.classList.add(`chart-${k.title.toLowerCase()}`);
    out.push(block);
  }
  return out;
}

function openScript(path: string, label: string): HTMLElement {
  const a = h('a', { href: '#', title: path, class: 'script-link' }, label);
  a.addEventListener('click', (e) => { e.preventDefault(); send({ command: 'openFile', path }); });
  return a;
}

function chip(label: string, value: string, cls = ''): HTMLElement {
  return h('span', { class: `chip ${cls}` }, h('span', { class: 'chip-label' }, label), h('span', { class: 'chip-value' }, value));
}

/** The epochs to lay out: the logged ones and, when the client said how many, all planned ones, so
 * that a live run's curves grow across the plot instead of stretching. */
function plannedEpochs(d: TrainingSessionDetail): number[] {
  const epochs = sessionEpochs(d);
  const first = epochs.length ? epochs[0] : 0;
  if (d.model.plannedEpochs > 0) epochs.push(first + d.model.plannedEpochs - 1);
  return epochs;
}

function sessionView(d: TrainingSessionDetail): HTMLElement {
  const findings = sortFindings(d.findingList);
  const ids = findings.map((f) => findingId(d.id, f));
  const focus = ui.focus !== null && ids.includes(ui.focus) ? ui.focus : null;
  const timeline = stackTimeline(findings);
  const x = epochScale(plannedEpochs(d), [kChart.left, kChart.width - kChart.right], timeline.hasPre);
  const highlight = focus ? findings[ids.indexOf(focus)].epochs : [];

  const m = d.model;
  const meta = [m.framework, m.modelClass, m.optimizerClass, m.lossClass].filter((v) => v).join(' · ');
  const lossKey = findMetric(d.epochList, metricNames.loss);
  const valLossKey = findMetric(d.epochList, metricNames.valLoss);
  const valAccKey = findMetric(d.epochList, metricNames.valAccuracy) ?? findMetric(d.epochList, metricNames.accuracy);
  const lastOf = (key: string | undefined) => {
    const pts = key ? series(d.epochList, key) : [];
    return pts.length ? pts[pts.length - 1].value : undefined;
  };
  const bestVal = valLossKey ? best(series(d.epochList, valLossKey), true) : undefined;
  const counts = ['critical', 'error', 'warning'].map((sev) => [sev, findings.filter((f) => f.severity === sev).length] as const);
  const done = d.epochList.length;
  const epochsText = m.plannedEpochs ? `${done} of ${m.plannedEpochs} epochs` : `${done} ${done === 1 ? 'epoch' : 'epochs'}`;

  const head = h('div', { class: 'session-head' },
    h('div', { class: 'session-title' }, h('h2', {}, d.name), statusPill(d.status),
      h('span', { class: 'muted' }, epochsText), d.script ? openScript(d.script, basename(d.script)) : null),
    meta ? h('div', { class: 'muted session-meta' }, meta) : null,
    d.statusMessage ? h('div', { class: 'error-box' }, d.statusMessage) : null,
    h('div', { class: 'chips' },
      lossKey ? chip(`last ${lossKey}`, formatValue(lastOf(lossKey))) : null,
      bestVal ? chip(`best ${valLossKey}`, `${formatValue(bestVal.value)} @ ${bestVal.epoch}`) : null,
      valAccKey ? chip(`last ${valAccKey}`, formatValue(lastOf(valAccKey))) : null,
      ...counts.filter(([, n]) => n > 0).map(([sev, n]) => chip(sev, String(n), `sev-${sev}`))));

  const severities = ['critical', 'error', 'warning', 'info', 'hint'].filter((sev) => findings.some((f) => f.severity === sev));
  const timelineLegend = [...severities.map((sev) => legendItem(`sev-${sev}`, sev, 'cell')),
    h('span', { class: 'legend-note' }, 'below the axis: before training and input checks')];
  const charts = h('div', { class: 'charts' },
    ...metricCharts([{ session: d, cls: 'series-a' }], x, highlight),
    chartBlock('Error timeline', timelineLegend,
      timelineChart({ findings, ids, timeline, x, focus, onPick: (id) => focusFinding(id, true) })));
  const side = h('div', { class: 'findings-col' },
    h('h3', {}, 'Findings ', h('span', { class: 'badge' }, findings.length)),
    cards({ findings, ids, expanded: new Set(ui.expanded), focus, onFocus: (id) => focusFinding(id), onToggle: toggleCard }));
  return h('section', { class: 'session', 'data-session': String(d.id) }, head, h('div', { class: 'dash' }, charts, side));
}

function compareView(a: TrainingSessionDetail, b: TrainingSessionDetail): HTMLElement {
  const epochs = [...plannedEpochs(a), ...plannedEpochs(b)];
  const x = epochScale(epochs, [kChart.left, kChart.width - kChart.right], false);
  const head = h('div', { class: 'session-head' },
    h('div', { class: 'session-title' },
      h('h2', {}, h('span', { class: 'swatch series-a' }), a.name, h('span', { class: 'vs' }, ' vs '), h('span', { class: 'swatch series-b' }), b.name),
      button('Stop comparing', () => select([a.id]), true)));
  const charts = h('div', { class: 'charts' }, ...metricCharts([{ session: a, cls: 'series-a' }, { session: b, cls: 'series-b' }], x, []));
  return h('section', { class: 'session compare' }, head, h('div', { class: 'dash' }, charts, h('div', { class: 'findings-col' }, compareTable([a, b]))));
}

function draw(): void {
  if (!data) return;
  const { result } = data;
  const details = data.details ?? []; // a state saved by an older version has none
  const scrolled = root.querySelector('.sessions-scroll')?.scrollTop ?? 0;
  if (result.sessions.length === 0) {
    root.replaceChildren(emptyState('No training sessions yet',
      'Add two lines to a training script (mlide_client.attach(model, optimizer) and run.log(...) per epoch, or the Keras MlideCallback) and run it in a terminal of this window: the session appears here while it trains.'));
    return;
  }
  const shown = details.map((d) => d.id);
  const table = sessionsTable({
    sessions: result.sessions, shown,
    onShow: (id) => { if (shown.length > 1 || shown[0] !== id) select([id]); },
    onCompare: (id) => select(shown[1] === id ? [shown[0]] : [shown[0], id]),
  });
  const view = details.length >= 2 ? compareView(details[0], details[1]) : details.length === 1 ? sessionView(details[0]) : null;
  root.replaceChildren(table, view ?? h('p', { class: 'muted' }, 'Loading the session…'));
  const scroll = root.querySelector('.sessions-scroll');
  if (scroll) scroll.scrollTop = scrolled;
}

mount({
  kind: 'training',
  title: 'Training Sessions',
  description: 'Runs streamed to mlide by the training client: metrics per epoch and the findings of the dynamic checks.',
  render: (d) => {
    data = d;
    draw();
    return root;
  },
});
