// The manifest and the code agree: every contributed command is registered, every setting the
// server reads is declared once with a default, and trust-sensitive pieces are gated.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const extensionSource = fs.readFileSync(path.join(root, 'src/extension.ts'), 'utf8');

test('every contributed command is registered by the extension, and only those', () => {
  const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
  const registered = [...extensionSource.matchAll(/command\('([\w.]+)'/g)].map((m) => m[1]).sort();
  assert.deepEqual(registered, contributed);
});

test('settings are declared with type, default and description', () => {
  const props = pkg.contributes.configuration.properties;
  const expected = [
    'mlide.server.path', 'mlide.trace.server', 'mlide.logLevel', 'mlide.checks.enable', 'mlide.checks.select',
    'mlide.checks.ignore', 'mlide.checks.maxDropout', 'mlide.checks.learningRateMin', 'mlide.checks.learningRateMax',
    'mlide.checks.valAccuracyLimit', 'mlide.database.path', 'mlide.training.port',
  ];
  assert.deepEqual(Object.keys(props).sort(), expected.sort());
  for (const [key, p] of Object.entries<Record<string, unknown>>(props)) {
    assert.ok('default' in p && p.type && p.markdownDescription, key);
  }
  assert.equal(props['mlide.checks.maxDropout'].default, 0.5);
  assert.equal(props['mlide.checks.learningRateMin'].default, 1e-7);
  assert.equal(props['mlide.checks.learningRateMax'].default, 1e-2);
  assert.equal(props['mlide.checks.valAccuracyLimit'].default, 0.95);
});

test('restricted mode: limited support, binary and database paths restricted, model commands gated', () => {
  const trust = pkg.capabilities.untrustedWorkspaces;
  assert.equal(trust.supported, 'limited');
  assert.deepEqual(trust.restrictedConfigurations.sort(), ['mlide.database.path', 'mlide.server.path']);
  for (const id of ['mlide.compareModels', 'mlide.indexCorpusFolder']) {
    const c = pkg.contributes.commands.find((x: { command: string }) => x.command === id);
    assert.equal(c.enablement, 'isWorkspaceTrusted', id);
  }
});

test('dependencies are pinned to exact versions', () => {
  for (const [name, v] of Object.entries<string>({ ...pkg.dependencies, ...pkg.devDependencies })) {
    assert.match(v, /^\d+\.\d+\.\d+$/, name);
  }
});
