// The manifest and the code agree: every contributed command is registered, every setting the
// server reads is declared with a default and a description, and trust-sensitive pieces are gated.
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
  // That the server reads every mlide.checks.* / mlide.training.* setting, with the same
  // defaults, is checked on the server's side (tests/unit/config/SettingsManifestTests.cpp).
  const props = pkg.contributes.configuration.properties;
  for (const key of ['mlide.server.path', 'mlide.trace.server', 'mlide.logLevel', 'mlide.database.path']) {
    assert.ok(key in props, key);
  }
  for (const [key, p] of Object.entries<Record<string, unknown>>(props)) {
    assert.ok('default' in p && p.type && p.markdownDescription, key);
  }
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
