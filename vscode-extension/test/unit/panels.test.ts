import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentSecurityPolicy, makeNonce, panelHtml } from '../../src/panels/html';
import { parseWebviewMessage } from '../../src/panels/messages';

test('CSP: nothing by default, scripts only by nonce, styles and images only from the webview source', () => {
  const csp = contentSecurityPolicy('https://file+.vscode-resource.vscode-cdn.net', 'abc');
  const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
  assert.deepEqual(directives['default-src'], ["'none'"]);
  assert.deepEqual(directives['script-src'], ["'nonce-abc'"]);
  assert.deepEqual(directives['style-src'], ['https://file+.vscode-resource.vscode-cdn.net']);
  assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval') && !csp.includes('*'));
});

test('panel HTML: the one script carries the nonce; attribute values are escaped', () => {
  const html = panelHtml({ title: 'A <b>"x"</b>', cspSource: 'src', nonce: 'n0nce', scriptUri: 'u/search.js', styleUri: 'u/panel.css' });
  assert.equal(html.match(/<script/g)?.length, 1);
  assert.match(html, /<script nonce="n0nce" src="u\/search.js"><\/script>/);
  assert.ok(html.includes('A &#60;b&#62;&#34;x&#34;&#60;/b&#62;'));
  assert.ok(!/https?:\/\//.test(html), 'no remote resources');
});

test('nonces are fresh and long', () => {
  const a = makeNonce();
  assert.notEqual(a, makeNonce());
  assert.ok(a.length >= 24);
});

test('webview messages are validated', () => {
  assert.deepEqual(parseWebviewMessage({ command: 'ready', extra: 1 }), { command: 'ready' });
  assert.deepEqual(parseWebviewMessage({ command: 'openFile', path: '/ws/train.py' }), { command: 'openFile', path: '/ws/train.py' });
  assert.deepEqual(parseWebviewMessage({ command: 'run', id: 'mlide.compareModels' }), { command: 'run', id: 'mlide.compareModels' });
  for (const bad of [null, 'ready', 42, {}, { command: 'openFile' }, { command: 'openFile', path: 7 },
    { command: 'run', id: 'workbench.action.terminal.new' }, { command: 'eval', code: 'x' }]) {
    assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
  }
});

test('training panel messages are validated: source locations, rules, at most two sessions', () => {
  assert.deepEqual(parseWebviewMessage({ command: 'openLocation', path: '/ws/train.py', line: 12, column: 5 }),
    { command: 'openLocation', path: '/ws/train.py', line: 12, column: 5 });
  assert.deepEqual(parseWebviewMessage({ command: 'showRule', rule: 'ML303' }), { command: 'showRule', rule: 'ML303' });
  assert.deepEqual(parseWebviewMessage({ command: 'selectSessions', ids: [3, 1, 3] }), { command: 'selectSessions', ids: [3, 1] });
  assert.deepEqual(parseWebviewMessage({ command: 'selectSessions', ids: [] }), { command: 'selectSessions', ids: [] });
  for (const bad of [{ command: 'openLocation', path: '/ws/train.py', line: 0, column: 1 },
    { command: 'openLocation', path: '/ws/train.py', line: '3', column: 1 }, { command: 'openLocation', line: 3, column: 1 },
    { command: 'showRule', rule: '../../etc' }, { command: 'showRule' },
    { command: 'selectSessions', ids: [1, 2, 3] }, { command: 'selectSessions', ids: [1.5] }, { command: 'selectSessions', ids: '1' }]) {
    assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
  }
});
