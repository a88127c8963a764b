// Runs in a window whose folder is NOT trusted (Restricted Mode; see run.sh): mlide still checks
// Python source, but loads no model files, and the workspace cannot choose the server binary.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { MlideApi } from '../../src/extension';
import * as ext from '../../src/lspExt';
import { example, waitFor } from './helpers';

suite('mlide in Restricted Mode', () => {
  let api: MlideApi;
  let root: vscode.Uri;

  suiteSetup(async () => {
    root = vscode.workspace.workspaceFolders![0].uri;
    await vscode.window.showTextDocument(vscode.Uri.joinPath(root, example));
    const extension = vscode.extensions.getExtension<MlideApi>('mlide.mlide')!;
    api = await waitFor('activation', () => extension.isActive && extension.exports);
    await api.ready();
  });

  test('the folder is not trusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  test("the workspace's mlide.server.path is ignored: the bundled server runs and checks the code", async () => {
    // run.sh puts "mlide.server.path": "/nonexistent/mlide" into this workspace's settings.
    const written = fs.readFileSync(vscode.Uri.joinPath(root, '.vscode', 'settings.json').fsPath, 'utf8');
    assert.match(written, /"mlide\.server\.path": "\/nonexistent\/mlide"/);
    assert.equal(vscode.workspace.getConfiguration('mlide').get('server.path'), '');
    assert.equal(api.state, 'running');
    assert.ok((await api.request(ext.serverStatus, {})).engines.includes('checks'));
    const uri = vscode.Uri.joinPath(root, example);
    await waitFor('mlide diagnostics', () => vscode.languages.getDiagnostics(uri).some((d) => d.source === 'mlide'));
  });

  test('comparing models and indexing a corpus do nothing', async () => {
    const a = vscode.Uri.joinPath(root, 'models/a.pt').fsPath;
    const b = vscode.Uri.joinPath(root, 'models/b.pt').fsPath;
    assert.equal(await vscode.commands.executeCommand('mlide.compareModels', a, b), undefined);
    assert.equal(api.panels.compare(), undefined);
    assert.equal(await vscode.commands.executeCommand('mlide.indexCorpusFolder', root.fsPath), undefined);
  });

  test('the server is told the workspace is untrusted and refuses to load models', async () => {
    // Asked directly, past the extension's own gate: the server's refusal is the second wall.
    await assert.rejects(api.request(ext.listComparisons, {}), (e: Error & { code?: number }) => {
      assert.equal(e.code, -32803); // RequestFailed
      assert.match(e.message, /needs a trusted workspace/);
      return true;
    });
    // The checks are unaffected.
    assert.ok((await api.request(ext.serverStatus, {})).engines.includes('checks'));
  });
});
