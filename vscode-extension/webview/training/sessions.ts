// The sessions table (pick one to show, a second to compare) and the side-by-side comparison.
import type { TrainingSession, TrainingSessionDetail } from '../../src/lspExt';
import { basename, formatTime, h } from '../common';
import { compareRows, describeEpochs, formatValue, sortFindings } from './model';

export interface SessionsTableOptions {
  sessions: TrainingSession[];
  /** The shown sessions: [0] in full, [1] compared with it. */
  shown: number[];
  onShow(id: number): void;
  onCompare(id: number): void;
}

export function statusPill(status: string): HTMLElement {
  return h('span', { class: `pill ${status}` }, status === 'running' ? 'live' : status);
}

export function sessionsTable(o: SessionsTableOptions): HTMLElement {
  const rows = o.sessions.map((s) => {
    const role = o.shown[0] === s.id ? 'a' : o.shown[1] === s.id ? 'b' : '';
    const compare = h('button', { type: 'button', class: `secondary small${role === 'b' ? ' active' : ''}`,
      title: role === 'b' ? 'Stop comparing' : 'Overlay its curves on the shown session' },
    role === 'b' ? 'Comparing' : 'Compare');
    if (role === 'a') compare.setAttribute('disabled', '');
    compare.addEventListener('click', (e) => { e.stopPropagation(); o.onCompare(s.id); });
    const tr = h('tr', { class: `session-row${role ? ` shown ${role}` : ''}`, tabindex: '0', 'data-session': String(s.id),
      'aria-selected': String(role !== '') },
    h('td', {}, h('span', { class: `swatch ${role ? `series-${role}` : ''}` }), h('strong', {}, s.name)),
    h('td', { title: s.script }, basename(s.script)),
    h('td', {}, formatTime(s.startedAt)),
    h('td', {}, statusPill(s.status)),
    h('td', { class: 'num' }, s.epochs),
    h('td', { class: 'num' }, h('span', { class: s.findings > 0 ? 'badge warn' : 'badge' }, s.findings)),
    h('td', { class: 'num' }, compare));
    tr.addEventListener('click', () => o.onShow(s.id));
    tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') o.onShow(s.id); });
    return tr;
  });
  return h('div', { class: 'sessions-scroll' }, h('table', { class: 'sessions' },
    h('caption', { class: 'visually-hidden' }, 'Training sessions: click one to show it'),
    h('thead', {}, h('tr', {}, ...['Session', 'Script', 'Started', 'Status', 'Epochs', 'Findings', ''].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ...rows)));
}

/** The shown sessions' numbers side by side: status, epochs, last and best metrics, findings. */
export function compareTable(sessions: TrainingSessionDetail[]): HTMLElement {
  const cell = (...c: (Node | string)[]) => h('td', {}, ...c);
  const head = h('tr', {}, h('th', { scope: 'col' }, ''),
    ...sessions.map((s, i) => h('th', { scope: 'col' }, h('span', { class: `swatch series-${i === 0 ? 'a' : 'b'}` }), s.name)));
  const rows: HTMLElement[] = [
    h('tr', {}, h('th', { scope: 'row' }, 'status'), ...sessions.map((s) => cell(statusPill(s.status)))),
    h('tr', {}, h('th', { scope: 'row' }, 'epochs'), ...sessions.map((s) => cell(String(s.epochList.length)))),
  ];
  for (const r of compareRows(sessions)) {
    rows.push(h('tr', {}, h('th', { scope: 'row' }, r.label), ...r.values.map((v) => cell(
      h('span', { class: 'metric' }, formatValue(v.last)),
      v.best && v.best.value !== v.last ? h('span', { class: 'muted' }, ` best ${formatValue(v.best.value)} @ ${v.best.epoch}`) : ''))));
  }
  rows.push(h('tr', {}, h('th', { scope: 'row' }, 'findings'), ...sessions.map((s) => cell(
    s.findingList.length === 0 ? h('span', { class: 'muted' }, 'none') : h('ul', { class: 'finding-list' },
      ...sortFindings(s.findingList).map((f) => h('li', {},
        h('span', { class: `sev-dot sev-${f.severity}`, title: f.severity }), `${f.title} `,
        h('span', { class: 'muted' }, describeEpochs(f.epochs)))))))));
  return h('table', { class: 'compare-table' }, h('caption', { class: 'visually-hidden' }, 'The two sessions side by side'),
    h('thead', {}, head), h('tbody', {}, ...rows));
}
