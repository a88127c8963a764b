// Error cards: one per finding, collapsed to one line, opened for the full message, the source
// line it is anchored to and the rule's documentation. Clicking a card focuses it: its epochs
// light up in the plots and the timeline.
import type { TrainingFinding } from '../../src/lspExt';
import { basename, button, h, send } from '../common';
import { describeEpochs } from './model';

export interface CardsOptions {
  findings: TrainingFinding[];
  ids: string[];
  expanded: ReadonlySet<string>;
  focus: string | null;
  /** Toggle the focus (click on the card). */
  onFocus(id: string): void;
  /** Toggle open / closed (the chevron). */
  onToggle(id: string): void;
}

const severityLabel: Record<string, string> = { critical: 'Critical', error: 'Error', warning: 'Warning', info: 'Info', hint: 'Hint' };

function card(f: TrainingFinding, id: string, o: CardsOptions): HTMLElement {
  const open = o.expanded.has(id);
  const focused = o.focus === id;
  const chevron = h('button', { type: 'button', class: 'chevron', 'aria-expanded': String(open),
    'aria-label': open ? 'Collapse' : 'Expand', title: open ? 'Collapse' : 'Expand' }, open ? '▾' : '▸');
  chevron.addEventListener('click', (e) => { e.stopPropagation(); o.onToggle(id); });
  const head = h('div', { class: 'card-head', role: 'button', tabindex: '0', 'aria-pressed': String(focused),
    title: focused ? 'Click to clear the highlight' : 'Click to highlight its epochs in the plots' },
  chevron,
  h('span', { class: `sev sev-${f.severity}` }, severityLabel[f.severity] ?? f.severity),
  h('span', { class: 'card-title' }, f.title),
  open ? null : h('span', { class: 'card-line' }, f.message),
  h('span', { class: 'card-epochs' }, describeEpochs(f.epochs)));
  head.addEventListener('click', () => o.onFocus(id));
  head.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); o.onFocus(id); }
  });

  const el = h('article', { class: `card sev-${f.severity}${open ? ' open' : ''}${focused ? ' focus' : ''}`, 'data-finding': id,
    'data-rule': f.rule }, head);
  if (!open) return el;
  const where = f.location ? `${basename(f.location.path)}:${f.location.line}` : null;
  const openButton = f.location
    ? button('Open in editor', () => send({ command: 'openLocation', path: f.location!.path, line: f.location!.line, column: f.location!.column }))
    : null;
  openButton?.setAttribute('title', `${f.location!.path}:${f.location!.line}`);
  openButton?.classList.add('open-in-editor');
  el.append(h('div', { class: 'card-body' },
    h('p', { class: 'card-message' }, f.message),
    h('div', { class: 'card-meta' },
      h('code', {}, f.code), ' ', f.rule,
      where ? ` · on ${f.anchor.replace(/-/g, ' ')}, ${where}` : ' · not anchored to a source line'),
    h('div', { class: 'card-actions' }, openButton,
      button('Explain the rule', () => send({ command: 'showRule', rule: f.code || f.rule }), true))));
  return el;
}

export function cards(o: CardsOptions): HTMLElement {
  if (o.findings.length === 0) {
    return h('p', { class: 'muted no-findings' }, 'No findings so far: the checks run after every epoch.');
  }
  return h('div', { class: 'cards' }, ...o.findings.map((f, i) => card(f, o.ids[i], o)));
}
