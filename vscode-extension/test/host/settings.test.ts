// Settings end to end in a real extension host: only the settings the user set reach the
// server, so the workspace's pyproject.toml [tool.mlide] applies where nothing is set, a set
// value wins over it, and mlide.checks.enable turns the checks off and on.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MlideApi } from '../../src/extension';
import { codeOf, example, mlideDiagnostics, waitFor } from './helpers';

const codesOf = (uri: vscode.Uri) => mlideDiagnostics(uri).map(codeOf);

suite('mlide settings', () => {
  let doc: vscode.TextDocument;
  let pyproject: string;
  const config = () => vscode.workspace.getConfiguration('mlide');
  const target = vscode.ConfigurationTarget.Workspace;

  suiteSetup(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    pyproject = path.join(folder.uri.fsPath, 'pyproject.toml');
    assert.ok(!fs.existsSync(pyproject), 'the scratch workspace has no pyproject.toml of its own');
    doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, example));
    await vscode.window.showTextDocument(doc);
    const api = await waitFor('activation', () => vscode.extensions.getExtension<MlideApi>('mlide.mlide')?.exports);
    await api.ready();
  });

  suiteTeardown(async () => {
    fs.rmSync(pyproject, { force: true });
    for (const key of ['checks.ignore', 'checks.enable', 'logLevel']) await config().update(key, undefined, target);
  });

  test('a setting left at its default does not hide [tool.mlide]; a setting the user sets wins', async () => {
    const code = await waitFor('diagnostics', () => codesOf(doc.uri)[0]);
    fs.writeFileSync(pyproject, `[tool.mlide]\nignore = ["${code}"]\n`);
    // Any change of an mlide setting makes the server check the open files again.
    await config().update('logLevel', 'debug', target);
    await waitFor(`${code} ignored through pyproject.toml`, () => !codesOf(doc.uri).includes(code));
    await config().update('checks.ignore', [], target);
    await waitFor(`${code} back: an explicit empty ignore list wins`, () => codesOf(doc.uri).includes(code));
    await config().update('checks.ignore', undefined, target);
    await waitFor(`${code} ignored again once the setting is reset`, () => !codesOf(doc.uri).includes(code));
    fs.rmSync(pyproject);
    await config().update('logLevel', undefined, target);
    await waitFor(`${code} back without pyproject.toml`, () => codesOf(doc.uri).includes(code));
  });

  test('mlide.checks.enable turns the checks off and on', async () => {
    const before = await waitFor('diagnostics', () => codesOf(doc.uri).length > 0 && codesOf(doc.uri));
    await config().update('checks.enable', false, target);
    await waitFor('no mlide diagnostics', () => codesOf(doc.uri).length === 0);
    await config().update('checks.enable', undefined, target);
    await waitFor('the diagnostics back', () => codesOf(doc.uri).length === before.length);
  });
});
