import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { declaredSettingKeys, SettingSource, userSettings } from '../../src/settings';

// A configuration as VS Code layers it: defaults, then user (global), then workspace.
function source(defaults: Record<string, unknown>, global: Record<string, unknown>, workspace: Record<string, unknown>,
                trusted = true, restricted: string[] = []): SettingSource {
  return {
    get: (k) => (trusted || !restricted.includes(k)) && k in workspace ? workspace[k] : k in global ? global[k] : defaults[k],
    inspect: (k) => ({ defaultValue: defaults[k], globalValue: global[k], workspaceValue: workspace[k] }),
  };
}

test('defaults are not sent; set values are, nested, whatever the level', () => {
  const keys = ['checks.maxDropout', 'checks.select', 'training.port', 'logLevel'];
  const config = source({ 'checks.maxDropout': 0.5, 'checks.select': [], 'training.port': 0, logLevel: 'info' },
                        { logLevel: 'debug' }, { 'checks.maxDropout': 0.3 });
  assert.deepEqual(userSettings(config, keys), { checks: { maxDropout: 0.3 }, logLevel: 'debug' });
});

test('a value set to the default is still sent (the user chose it over pyproject.toml)', () => {
  const config = source({ 'checks.maxDropout': 0.5 }, { 'checks.maxDropout': 0.5 }, {});
  assert.deepEqual(userSettings(config, ['checks.maxDropout']), { checks: { maxDropout: 0.5 } });
});

test('in an untrusted workspace a restricted setting takes the trusted value, never the workspace one', () => {
  const config = source({ 'database.path': '' }, {}, { 'database.path': '/tmp/evil.db' }, false, ['database.path']);
  assert.deepEqual(userSettings(config, ['database.path']), { database: { path: '' } });
});

test('the declared keys come from package.json', () => {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));
  const keys = declaredSettingKeys(pkg);
  assert.ok(keys.includes('checks.maxDropout') && keys.includes('training.port'), keys.join(' '));
  assert.ok(keys.every((k) => !k.startsWith('mlide.')));
});
