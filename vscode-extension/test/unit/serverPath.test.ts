import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseServerPath, ServerPathContext } from '../../src/serverPath';

const ctx: ServerPathContext = {
  extensionPath: '/ext/mlide-0.1.0', homeDir: '/home/u', workspaceFolder: '/ws', platform: 'linux', arch: 'x64',
};

test('empty setting: the bundled binary', () => {
  assert.deepEqual(chooseServerPath('', ctx), { kind: 'bundled', path: '/ext/mlide-0.1.0/server/mlide' });
  assert.deepEqual(chooseServerPath('   ', ctx), { kind: 'bundled', path: '/ext/mlide-0.1.0/server/mlide' });
});

test('empty setting on another platform: unsupported, asks for the setting', () => {
  const r = chooseServerPath('', { ...ctx, platform: 'darwin', arch: 'arm64' });
  assert.equal(r.kind, 'unsupported');
  assert.match((r as { reason: string }).reason, /darwin-arm64.*mlide\.server\.path/);
});

test('absolute, home and workspace-relative settings', () => {
  assert.deepEqual(chooseServerPath('/opt/mlide/bin/mlide', ctx), { kind: 'setting', path: '/opt/mlide/bin/mlide' });
  assert.deepEqual(chooseServerPath('~/bin/mlide', ctx), { kind: 'setting', path: '/home/u/bin/mlide' });
  assert.deepEqual(chooseServerPath('${workspaceFolder}/build/release/mlide', ctx), { kind: 'setting', path: '/ws/build/release/mlide' });
  assert.deepEqual(chooseServerPath('build/../build/dev/mlide', ctx), { kind: 'setting', path: '/ws/build/dev/mlide' });
});

test('relative setting without a folder: unsupported', () => {
  assert.equal(chooseServerPath('build/mlide', { ...ctx, workspaceFolder: undefined }).kind, 'unsupported');
  assert.equal(chooseServerPath('${workspaceFolder}/mlide', { ...ctx, workspaceFolder: undefined }).kind, 'unsupported');
});
