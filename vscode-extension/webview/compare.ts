// IMACS model comparison panel: the chosen pair of classifiers, what the server can compare today
// (its own words, shown first), and the comparisons it has stored.
import { basename, button, emptyState, formatTime, h, mount, notice, send, table } from './common';

mount({
  kind: 'compare',
  title: 'Model Comparison',
  description: 'IMACS: which image regions two classifiers rely on, clustered into visual concepts.',
  render: ({ result, selection }) => {
    const choose = button(selection ? 'Choose other models…' : 'Choose two models…',
      () => send({ command: 'run', id: 'mlide.compareModels' }), selection !== null);
    // Without an engine the server computed nothing: say so before anything else on the page.
    const unavailable = result.available
      ? null
      : notice('Not available in this build', result.message,
        selection ? 'The models below were chosen but not loaded or compared.' : undefined);
    const pair = selection
      ? h('div', {},
        h('h2', {}, result.available ? 'Models' : 'Chosen models'),
        h('div', { class: 'pair' },
          h('div', { class: 'model a', title: selection.modelA }, h('span', { class: 'stat-label' }, 'Model A'), h('strong', {}, basename(selection.modelA)), h('code', {}, selection.modelA)),
          h('div', { class: 'vs' }, 'and'),
          h('div', { class: 'model b', title: selection.modelB }, h('span', { class: 'stat-label' }, 'Model B'), h('strong', {}, basename(selection.modelB)), h('code', {}, selection.modelB))))
      : null;
    const stored = result.comparisons.length > 0
      ? h('div', {}, h('h2', {}, 'Stored comparisons'),
        table(['#', 'Model A', 'Model B', 'Created'],
          result.comparisons.map((c) => [c.id, basename(c.modelA), basename(c.modelB), formatTime(c.createdAt)]), 'Stored comparisons'))
      : result.available
        ? h('div', {}, h('h2', {}, 'Stored comparisons'),
          emptyState('No stored comparisons', 'Comparisons you run are stored in the workspace database and listed here.'))
        : null;
    return h('div', {}, unavailable, pair, h('div', { class: 'toolbar' }, choose), stored);
  },
});
