// Runs inside a real VS Code extension host (the server that code-server bundles), against the
// real `mlide serve`, on a scratch copy of examples/ (see tests/e2e/vscode/run.sh).
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { MlideApi } from '../../src/extension';
import * as ext from '../../src/lspExt';
import type { HostMessage } from '../../src/panels/messages';
import { parseListenerFile } from '../../src/trainingEnv';
import { codeOf, example, mlideDiagnostics, waitFor } from './helpers';

/** A line in the harness's report (artifacts/host-tests.txt), for figures worth keeping. */
function report(line: string): void {
  console.log(line);
  if (process.env.MLIDE_TEST_REPORT) fs.appendFileSync(process.env.MLIDE_TEST_REPORT, `  # ${line}\n`);
}

const dataOf = (m: HostMessage | undefined) => (m?.command === 'data' ? m.data : undefined);

/** The pids of `mlide` processes this extension host started. */
function childServerPids(): number[] {
  return fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).flatMap((p) => {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const [, comm, rest] = /^\d+ \((.*)\) (.*)$/s.exec(stat) ?? [];
      return comm === 'mlide' && Number(rest.split(' ')[1]) === process.pid ? [Number(p)] : [];
    } catch {
      return [];
    }
  });
}

suite('mlide extension', () => {
  let api: MlideApi;
  let doc: vscode.TextDocument;

  suiteSetup(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, example));
    await vscode.window.showTextDocument(doc);
    const extension = vscode.extensions.getExtension<MlideApi>('mlide.mlide');
    assert.ok(extension, 'the extension is installed');
    api = await waitFor('activation on a Python file', () => extension.isActive && extension.exports);
    await api.ready();
  });

  test('activates on a Python file and the server answers mlide/serverStatus', async () => {
    assert.equal(api.state, 'running');
    const status = await api.request(ext.serverStatus, {});
    assert.match(status.version, /\d+\.\d+/);
    assert.ok(status.engines.includes('checks'), `engines: ${status.engines}`);
    assert.ok(status.openDocuments >= 1);
    assert.ok(['utf-16', 'utf-8', 'utf-32'].includes(status.positionEncoding));
  });

  test('diagnostics for the example arrive with mlide codes, links and severities', async () => {
    const diags = await waitFor('mlide diagnostics', () => mlideDiagnostics(doc.uri).length > 0 && mlideDiagnostics(doc.uri));
    for (const d of diags) {
      assert.match(codeOf(d), /^ML\d{3}$/);
      assert.match(d.message, /^(Critical|Error|Warning):/);
      // The rule pages ship next to the binary when the tree has them (docs/rules/): then every
      // code links to its page (codeDescription.href), a file that exists.
      if (process.env.MLIDE_TEST_RULE_DOCS === '1') {
        assert.ok(typeof d.code === 'object', `${codeOf(d)} has no codeDescription`);
        const target = (d.code as { target: vscode.Uri }).target;
        assert.equal(target.scheme, 'file');
        assert.ok(fs.existsSync(target.fsPath), `the rule page ${target.fsPath} exists`);
      }
    }
  });

  test('hover on a finding explains the rule', async () => {
    const d = mlideDiagnostics(doc.uri)[0];
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, d.range.start);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    // Only the server's hover has these (VS Code's own marker hover shows the message and code):
    // the `ML201` · `missing-softmax` line from Hover.cpp, and a heading of the rule's page.
    assert.match(text, new RegExp(`\`${codeOf(d)}\` · \`[a-z0-9-]+\` · mlide \\((Critical|Error|Warning)\\)`),
      `hover names ${codeOf(d)} and its rule: ${text.slice(0, 300)}`);
    assert.match(text, /^## Why is this bad\?$/m, `hover carries the rule page: ${text.slice(0, 300)}`);
  });

  test('the preferred quick fix applies and changes the document', async () => {
    const d = mlideDiagnostics(doc.uri).find((x) => x.severity <= vscode.DiagnosticSeverity.Warning)!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.isPreferred && a.edit) ?? actions.find((a) => a.edit && !/suppress|ignore|noqa/i.test(a.title));
    assert.ok(fix?.edit, `a quick fix with an edit among: ${actions.map((a) => a.title).join(' | ')}`);
    const before = doc.getText();
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.notEqual(doc.getText(), before);
    await waitFor(`${codeOf(d)} to go away after the fix`,
      () => !mlideDiagnostics(doc.uri).some((x) => codeOf(x) === codeOf(d) && x.range.start.line === d.range.start.line));
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal(doc.getText(), before);
  });

  test('edit to diagnostics round trip, as the editor sees it (latency reported)', async () => {
    const d = await waitFor('a finding', () => mlideDiagnostics(doc.uri).find((x) => x.severity <= vscode.DiagnosticSeverity.Warning));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.isPreferred && a.edit) ?? actions.find((a) => a.edit && !/suppress|ignore|noqa/i.test(a.title));
    assert.ok(fix?.edit);
    const before = doc.getText();
    const present = () => mlideDiagnostics(doc.uri).some((x) => codeOf(x) === codeOf(d) && x.range.start.line === d.range.start.line);
    const samples: number[] = [];
    for (let round = 0; round < 3; round++) {
      let t0 = Date.now();
      assert.ok(await vscode.workspace.applyEdit(fix.edit)); // the finding goes away ...
      await waitFor('the fixed finding to go', () => !present(), 10_000, 5);
      samples.push(Date.now() - t0);
      const undo = new vscode.WorkspaceEdit();
      undo.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), before);
      t0 = Date.now();
      assert.ok(await vscode.workspace.applyEdit(undo)); // ... and comes back with the bug
      await waitFor('the finding to come back', present, 10_000, 5);
      samples.push(Date.now() - t0);
    }
    await vscode.commands.executeCommand('workbench.action.files.revert');
    samples.sort((a, b) => a - b);
    report(`edit -> diagnostics in the editor: median ${samples[samples.length >> 1]} ms, max ${samples.at(-1)} ms over ${samples.length} edits (${codeOf(d)})`);
  });

  test('a suppression action and a source.fixAll.mlide action are offered', async () => {
    const d = await waitFor('diagnostics again', () => mlideDiagnostics(doc.uri)[0]);
    const quick = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    assert.ok(quick.some((a) => /suppress|ignore|noqa/i.test(a.title)), quick.map((a) => a.title).join(' | '));
    const all = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider', doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), ext.fixAllKind);
    assert.ok(all.some((a) => a.kind?.value === ext.fixAllKind), all.map((a) => a.kind?.value).join(' | '));
  });

  test('a notebook in the workspace gets mlide diagnostics on its cells', async function () {
    const [notebookUri] = await vscode.workspace.findFiles('*.ipynb', undefined, 1);
    if (!notebookUri) this.skip(); // the examples have no notebook
    const notebook = await vscode.workspace.openNotebookDocument(notebookUri);
    await vscode.window.showNotebookDocument(notebook);
    const cellDiags = () => notebook.getCells().flatMap((c) => mlideDiagnostics(c.document.uri));
    const diags = await waitFor('diagnostics on a notebook cell', () => cellDiags().length > 0 && cellDiags());
    assert.ok(diags.every((d) => /^ML\d{3}$/.test(codeOf(d))), diags.map(codeOf).join(' '));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.window.showTextDocument(doc);
  });

  test('settings reach the server on change (mlide.checks.ignore)', async () => {
    const code = codeOf(await waitFor('diagnostics', () => mlideDiagnostics(doc.uri)[0]));
    const config = vscode.workspace.getConfiguration('mlide');
    await config.update('checks.ignore', [code], vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor(`${code} ignored`, () => !mlideDiagnostics(doc.uri).some((x) => codeOf(x) === code));
    } finally {
      await config.update('checks.ignore', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor(`${code} back`, () => mlideDiagnostics(doc.uri).some((x) => codeOf(x) === code));
  });

  test('mlide.showRuleDocumentation answers with the rule text', async () => {
    const code = codeOf(mlideDiagnostics(doc.uri)[0]);
    const rule = await vscode.commands.executeCommand<ext.RuleDocumentation>('mlide.showRuleDocumentation', code);
    assert.equal(rule.code, code);
    assert.ok(rule.title.length > 0 && rule.markdown.length > 50);
    await assert.rejects(api.request(ext.ruleDocumentation, { rule: 'no-such-rule' }));
  });

  for (const [command, panel] of [['mlide.openSearch', 'search'], ['mlide.openTrainingSessions', 'training']] as const) {
    test(`${command} opens the ${panel} panel with the server's answer`, async () => {
      await vscode.commands.executeCommand(command);
      const host = await waitFor('the panel', () => api.panels[panel]());
      const data = await waitFor('the server answer in the panel', () => dataOf(host.lastMessage));
      assert.equal(data.panel, panel);
    });
  }

  test('mlide.compareModels opens the comparison panel for two models', async () => {
    const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    await vscode.commands.executeCommand('mlide.compareModels', `${root}/models/a.pt`, `${root}/models/b.pt`);
    const host = await waitFor('the panel', () => api.panels.compare());
    const data = await waitFor('the server answer', () => dataOf(host.lastMessage));
    assert.ok(data.panel === 'compare' && data.selection?.modelA.endsWith('a.pt') && Array.isArray(data.result.comparisons));
    // No attribution engine is built in: the server says so instead of an empty history.
    assert.equal(data.result.available, false);
    assert.match(data.result.message, /not in this build yet; nothing was computed/);
  });

  test('mlide.indexCorpusFolder indexes a folder through the server', async () => {
    const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const result = await vscode.commands.executeCommand<ext.IndexCorpusResult>('mlide.indexCorpusFolder', root);
    assert.ok(result && typeof result.projects === 'number', JSON.stringify(result));
  });

  test('integrated terminals get the training listener from .mlide/listener.json', async () => {
    const root = vscode.workspace.workspaceFolders![0].uri;
    const file = vscode.Uri.joinPath(root, '.mlide', 'listener.json');
    const before = fs.existsSync(file.fsPath) ? fs.readFileSync(file.fsPath) : undefined;
    try {
      await vscode.workspace.fs.writeFile(file, Buffer.from(JSON.stringify({ endpoint: '127.0.0.1:4242', tokenFile: 'e2e-token' })));
      const env = await waitFor('the terminal environment',
        () => api.terminalEnvironment().MLIDE_TRAINING_ENDPOINT === '127.0.0.1:4242' && api.terminalEnvironment());
      assert.equal(env.MLIDE_TRAINING_TOKEN_FILE, `${root.fsPath}/.mlide/e2e-token`);
      // ...and `import mlide_client` works there: the client's folder is on PYTHONPATH.
      const clientDir = (env.PYTHONPATH ?? '').split(':')[0];
      assert.ok(fs.existsSync(`${clientDir}/mlide_client/__init__.py`), `PYTHONPATH=${env.PYTHONPATH}`);
    } finally {
      if (before) fs.writeFileSync(file.fsPath, before);
      else fs.rmSync(file.fsPath, { force: true });
    }
    if (!before) await waitFor('the variables to go with the file', () => !api.terminalEnvironment().MLIDE_TRAINING_ENDPOINT);
  });

  test('the training panel shows a real run: its epochs, metrics and findings on source lines', async function () {
    this.timeout(120_000);
    // A real PyTorch run through the Python client, against the listener of the daemon this
    // extension started, found through its discovery file as the client itself would.
    const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const discovery = `${root}/.mlide/listener.json`;
    const listener = await waitFor('the training listener', () =>
      fs.existsSync(discovery) && parseListenerFile(fs.readFileSync(discovery, 'utf8'), discovery), 30_000);
    const extensionPath = vscode.extensions.getExtension('mlide.mlide')!.extensionPath;
    const script = `${root}/train_panel.py`;
    fs.copyFileSync(`${extensionPath}/../tests/e2e/vscode/fixtures/train_panel.py`, script);
    await vscode.commands.executeCommand('mlide.openTrainingSessions');
    const host = await waitFor('the panel', () => api.panels.training());
    const python = process.env.MLIDE_TEST_PYTHON ?? '/usr/bin/python3';
    const child = spawn(python, [script, 'host-run', '--epochs', '8'], {
      cwd: root, stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...listener, PYTHONPATH: `${extensionPath}/../plugins/checks/clients/python` },
    });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(status, 0, `the training script failed: ${stderr}`);
    // No refresh from here: mlide/sessionChanged brings the run into the open panel.
    const training = () => { const d = dataOf(host.lastMessage); return d?.panel === 'training' ? d : undefined; };
    const shown = await waitFor('the finished run in the panel', () => {
      const d = training()?.details[0];
      return d?.name === 'host-run' && d.status === 'finished' && d;
    }, 30_000).catch((e) => {
      throw new Error(`${e.message}; the panel shows ${JSON.stringify(training()?.result.sessions)}`);
    });
    assert.deepEqual(shown.epochList.map((e) => e.epoch), [0, 1, 2, 3, 4, 5, 6, 7]);
    for (const e of shown.epochList) {
      for (const k of ['loss', 'val_loss', 'accuracy', 'val_accuracy']) assert.equal(typeof e.metrics[k], 'number', `${k} at ${e.epoch}`);
    }
    const unscaled = shown.findingList.find((f) => f.rule === 'input-not-normalized');
    assert.ok(unscaled, `findings: ${shown.findingList.map((f) => f.rule)}`);
    assert.equal(unscaled.title, 'Input values look unscaled');
    assert.ok(unscaled.epochs.includes(0));
    assert.equal(unscaled.location?.path, script);
    const scaleLine = fs.readFileSync(script, 'utf8').split('\n').findIndex((l) => l.includes('# unscaled unless --scaled')) + 1;
    assert.equal(unscaled.location?.line, scaleLine, 'anchored on the line that builds the inputs');
  });

  test('mlide.showOutput runs', async () => {
    await vscode.commands.executeCommand('mlide.showOutput');
  });

  test('mlide.restartServer restarts, and a crashed server is restarted', async () => {
    await vscode.commands.executeCommand('mlide.restartServer');
    assert.equal(api.state, 'running');
    const [pid] = await waitFor('the server process', () => childServerPids().length === 1 && childServerPids());
    process.kill(pid, 'SIGKILL');
    await waitFor('a new server process', () => childServerPids().some((p) => p !== pid) && api.state === 'running', 30_000);
    const status = await api.request(ext.serverStatus, {});
    assert.ok(status.version);
    await waitFor('diagnostics after the restart', () => mlideDiagnostics(doc.uri).length > 0);
  });
});
