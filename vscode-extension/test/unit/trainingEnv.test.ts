import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { findPythonClient, kEndpointVar, kTokenFileVar, parseListenerFile } from '../../src/trainingEnv';

const file = '/ws/.mlide/listener.json';

test('endpoint and absolute token file are passed through', () => {
  const env = parseListenerFile(JSON.stringify({ endpoint: '127.0.0.1:40123', tokenFile: '/run/t/token' }), file);
  assert.deepEqual(env, { [kEndpointVar]: '127.0.0.1:40123', [kTokenFileVar]: '/run/t/token' });
});

test('host + port, and a token file relative to the discovery file', () => {
  const env = parseListenerFile(JSON.stringify({ host: '127.0.0.1', port: 5555, token_file: 'token' }), file);
  assert.deepEqual(env, { [kEndpointVar]: '127.0.0.1:5555', [kTokenFileVar]: '/ws/.mlide/token' });
  const noHost = parseListenerFile(JSON.stringify({ port: 7, tokenFile: 'tok' }), file);
  assert.equal(noHost?.[kEndpointVar], '127.0.0.1:7');
});

test('malformed or incomplete files set nothing', () => {
  for (const text of ['', '{', 'null', '[]', '"x"', '{}', '{"endpoint":"h:1"}', '{"tokenFile":"t"}',
    '{"port":0,"tokenFile":"t"}', '{"port":70000,"tokenFile":"t"}', '{"port":"1","tokenFile":"t"}',
    '{"endpoint":"  ","tokenFile":"t"}', '{"endpoint":"h:1","tokenFile":""}']) {
    assert.equal(parseListenerFile(text, file), undefined, text);
  }
});

test('the Python client: the bundled copy first, then a source checkout, else none', () => {
  const has = (...files: string[]) => (p: string) => files.includes(p);
  const bundled = '/ext/server/clients/python/mlide_client/__init__.py';
  const checkout = '/plugins/checks/clients/python/mlide_client/__init__.py';
  assert.equal(findPythonClient('/ext', has(bundled, checkout)), '/ext/server/clients/python');
  assert.equal(findPythonClient('/ext', has(checkout)), '/plugins/checks/clients/python');
  assert.equal(findPythonClient('/ext', has('/ext/server/clients/python/mlide_client')), undefined);
});
