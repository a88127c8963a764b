// Acumen search panel. Today: the corpus index status; the table and map arrive with the engine.
import { button, emptyState, h, mount, send, stat } from './common';

mount({
  kind: 'search',
  title: 'Acumen Search',
  description: 'Search a corpus of ML projects by what they do: libraries, datasets, tasks and code embeddings.',
  render: ({ status }) => {
    const index = () => send({ command: 'run', id: 'mlide.indexCorpusFolder' });
    return h('div', {},
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
