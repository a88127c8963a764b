// IMACS model comparison panel: the chosen pair of classifiers and the comparisons already stored.
import { button, emptyState, formatTime, h, mount, send, table } from './common';

const basename = (p: string): string => p.split(/[\\/]/).pop() ?? p;

mount({
  kind: 'compare',
  title: 'Model Comparison',
  description: 'Which image regions two classifiers rely on, clustered into visual concepts.',
  render: ({ result, selection }) => {
    const choose = button(selection ? 'Choose other models…' : 'Choose two models…',
      () => send({ command: 'run', id: 'mlide.compareModels' }), selection !== null);
    const pair = selection
      ? h('div', { class: 'pair' },
        h('div', { class: 'model a', title: selection.modelA }, h('span', { class: 'stat-label' }, 'Model A'), h('strong', {}, basename(selection.modelA)), h('code', {}, selection.modelA)),
        h('div', { class: 'vs' }, 'vs'),
        h('div', { class: 'model b', title: selection.modelB }, h('span', { class: 'stat-label' }, 'Model B'), h('strong', {}, basename(selection.modelB)), h('code', {}, selection.modelB)))
      : null;
    const stored = result.comparisons.length === 0
      ? emptyState('No stored comparisons', 'Comparisons you run are stored in the workspace database and listed here.')
      : table(['#', 'Model A', 'Model B', 'Created'],
        result.comparisons.map((c) => [c.id, basename(c.modelA), basename(c.modelB), formatTime(c.createdAt)]), 'Stored comparisons');
    return h('div', {}, pair, h('div', { class: 'toolbar' }, choose), h('h2', {}, 'Stored comparisons'), stored);
  },
});
