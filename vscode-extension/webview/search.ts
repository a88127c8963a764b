// Acumen search panel. What works today: indexing a corpus and its counts. Searching it (by
// libraries, datasets, tasks, code embeddings) arrives with the Acumen engine; the panel says so.
import { button, emptyState, h, mount, notice, send, stat } from './common';

mount({
  kind: 'search',
  title: 'Acumen Search',
  description: 'A corpus of ML projects, indexed by the mlide server.',
  render: ({ status }) => {
    const index = () => send({ command: 'run', id: 'mlide.indexCorpusFolder' });
    return h('div', {},
      notice('Search is not in this build yet',
        'Works now: indexing a folder of ML projects and counting its projects and Python files. '
        + 'Searching the corpus by libraries, datasets, tasks and code embeddings arrives with the Acumen engine.'),
      h('div', { class: 'stats' },
        stat('projects indexed', status.projects),
        stat('Python files', status.files)),
      // The empty state below says it better than the server's message when nothing is indexed.
      status.projects > 0 && h('p', { class: 'message' }, status.message),
      h('p', { class: 'muted' }, 'Index database: ', h('code', {}, status.database)),
      status.projects === 0
        ? emptyState('No corpus indexed yet', 'Pick a folder that holds ML projects (git repositories, notebooks) to index it.',
          button('Index a corpus…', index))
        : h('div', { class: 'toolbar' }, button('Index another folder…', index, true)));
  },
});
