// Umlaut training sessions panel: the sessions the daemon has recorded; refreshes by itself.
import { emptyState, formatTime, h, mount, send, table } from './common';

mount({
  kind: 'training',
  title: 'Training Sessions',
  description: 'Runs streamed to mlide by the training client, with the findings of the dynamic checks.',
  render: ({ result }) => {
    if (result.sessions.length === 0) {
      return emptyState('No training sessions yet',
        'Add the mlide callback (Keras) or training-loop hook (PyTorch) to a training script and run it: the session appears here while it trains.');
    }
    const rows = result.sessions.map((s) => {
      const script = h('a', { href: '#', title: s.script }, s.script);
      script.addEventListener('click', (e) => { e.preventDefault(); send({ command: 'openFile', path: s.script }); });
      const findings = h('span', { class: s.findings > 0 ? 'badge warn' : 'badge' }, s.findings);
      return [s.name, script, formatTime(s.startedAt), h('span', { class: `pill ${s.status}` }, s.status), s.epochs, findings];
    });
    return table(['Session', 'Script', 'Started', 'Status', 'Epochs', 'Findings'], rows, 'Training sessions');
  },
});
