// The mlide VS Code extension: starts `mlide serve`, registers the commands and the panels.
// Everything else — checks, fixes, search, attribution — happens in the daemon.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CloseAction,
  DidChangeConfigurationNotification,
  ErrorAction,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  RequestType,
  ServerOptions,
  State,
} from 'vscode-languageclient/node';
import * as ext from './lspExt';
import { ComparePanel, PanelContext, registerPanelSerializers, SearchPanel, TrainingPanel } from './panels';
import { RestartPolicy } from './restartPolicy';
import { chooseServerPath } from './serverPath';
import { declaredSettingKeys, userSettings } from './settings';
import { findPythonClient, kListenerFile, parseListenerFile } from './trainingEnv';

const RULE_SCHEME = 'mlide-rule';

/** What `activate` returns: used by the extension-host tests, stable enough for other extensions. */
export interface MlideApi {
  /** Resolves once the server runs (rejects if it cannot start). */
  ready(): Promise<void>;
  request<P, R>(type: RequestType<P, R, void>, params: P): Promise<R>;
  readonly state: ServerState;
  panels: { search(): SearchPanel | undefined; training(): TrainingPanel | undefined; compare(): ComparePanel | undefined };
  /** The variables new integrated terminals get (from the training listener's discovery file). */
  terminalEnvironment(): Record<string, string>;
}

type ServerState = 'starting' | 'running' | 'restarting' | 'stopped' | 'failed';

/** The settings the user set, as the server reads them: the nested `mlide` section, plain JSON. */
function settingsSnapshot(context: vscode.ExtensionContext): Record<string, unknown> {
  return userSettings(vscode.workspace.getConfiguration('mlide'), declaredSettingKeys(context.extension.packageJSON));
}

class Server implements vscode.Disposable {
  client: LanguageClient | undefined;
  state: ServerState = 'stopped';
  private readonly policy = new RestartPolicy();
  private starting: Promise<void> | undefined;
  private readonly statusItem = vscode.window.createStatusBarItem('mlide.status', vscode.StatusBarAlignment.Right, 100);

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly output: vscode.OutputChannel,
    private readonly onNotification: (client: LanguageClient) => void,
  ) {
    this.statusItem.name = 'mlide';
    this.statusItem.command = 'mlide.showOutput';
    this.statusItem.show();
  }

  ready(): Promise<void> {
    return this.starting ?? Promise.reject(new Error('the mlide server is not started'));
  }

  async request<P, R>(type: RequestType<P, R, void>, params: P): Promise<R> {
    await this.ready();
    if (!this.client?.isRunning()) throw new Error(`the mlide server is ${this.state}`);
    // By method name: a RequestType object from another copy of vscode-jsonrpc (another
    // extension, or the tests) fails the library's instanceof checks on its parameter structure.
    return this.client.sendRequest<R>(type.method, params);
  }

  /** workspace/didChangeConfiguration with the settings the user set (not the library's sync,
   *  which would send every default as if chosen). */
  sendSettings(): void {
    if (!this.client?.isRunning()) return;
    void this.client.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { mlide: settingsSnapshot(this.context) },
    });
  }

  /** (Re)starts the server from scratch: new binary path, settings and trust are read again. */
  restart(): Promise<void> {
    this.policy.reset();
    this.starting = this.stop().then(() => this.start());
    return this.starting;
  }

  private async start(): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const choice = chooseServerPath(vscode.workspace.getConfiguration('mlide').get<string>('server.path', ''), {
      extensionPath: this.context.extensionPath, homeDir: os.homedir(), workspaceFolder: folder,
      platform: process.platform, arch: process.arch,
    });
    if (choice.kind === 'unsupported' || !fs.existsSync(choice.path)) {
      const reason = choice.kind === 'unsupported' ? choice.reason : `no mlide binary at ${choice.path}`;
      this.setState('failed', reason);
      void vscode.window.showErrorMessage(`mlide: ${reason}.`, 'Open Settings').then((pick) => {
        if (pick) void vscode.commands.executeCommand('workbench.action.openSettings', 'mlide.server.path');
      });
      throw new Error(reason);
    }
    if (choice.kind === 'bundled') ensureExecutable(choice.path);
    this.output.appendLine(`[client] starting ${choice.path} serve (${choice.kind})`);
    const serverOptions: ServerOptions = { command: choice.path, args: ['serve'], options: { cwd: folder } };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'python' },
        { scheme: 'untitled', language: 'python' },
      ],
      // Trust rides beside the settings; granting trust restarts the server, which resends it.
      initializationOptions: { ...settingsSnapshot(this.context), [ext.workspaceTrustedOption]: vscode.workspace.isTrusted },
      outputChannel: this.output,
      markdown: { isTrusted: { enabledCommands: ['mlide.showRuleDocumentation'] } },
      errorHandler: {
        error: () => ({ action: ErrorAction.Continue }),
        closed: () => this.onClosed(),
      },
    };
    const client = new LanguageClient('mlide', 'mlide', serverOptions, clientOptions);
    this.client = client;
    client.onDidChangeState((e) => {
      if (e.newState === State.Starting) this.setState('starting');
      if (e.newState === State.Running) this.onRunning(client);
    });
    this.onNotification(client);
    this.setState('starting');
    await client.start();
  }

  private async onClosed() {
    const delay = this.policy.crashed();
    if (delay === undefined) {
      const message = `mlide server stopped after ${this.policy.consecutiveCrashes} crashes in a row; run "mlide: Restart Server" to try again`;
      this.setState('failed', message);
      return { action: CloseAction.DoNotRestart, message };
    }
    this.setState('restarting', `crashed; restarting in ${(delay / 1000).toFixed(1)} s`);
    await new Promise((resolve) => setTimeout(resolve, delay));
    return { action: CloseAction.Restart, handled: true };
  }

  private onRunning(client: LanguageClient): void {
    this.policy.started();
    this.setState('running');
    client.sendRequest(ext.serverStatus, {}).then(
      (s) => this.setState('running', `mlide ${s.version} · engines: ${s.engines.join(', ')}\ndatabase: ${s.databasePath}`),
      (e) => this.output.appendLine(`[client] mlide/serverStatus failed: ${e?.message ?? e}`),
    );
  }

  private setState(state: ServerState, detail?: string): void {
    this.state = state;
    const icon = { starting: '$(sync~spin)', running: '$(beaker)', restarting: '$(sync~spin)', stopped: '$(circle-slash)', failed: '$(error)' }[state];
    this.statusItem.text = `${icon} mlide`;
    this.statusItem.tooltip = `mlide server: ${state}${detail ? `\n${detail}` : ''}\nClick to show the output.`;
    this.statusItem.backgroundColor = state === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    if (detail) this.output.appendLine(`[client] ${state}: ${detail}`);
  }

  private async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) {
      try {
        await client.dispose(2000);
      } catch (e) {
        this.output.appendLine(`[client] stopping the server: ${e instanceof Error ? e.message : e}`);
      }
    }
    this.setState('stopped');
  }

  async dispose(): Promise<void> {
    await this.stop();
    this.statusItem.dispose();
  }
}

/** Some unzip paths drop the mode bits of the bundled binary: restore them. */
function ensureExecutable(file: string): void {
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    fs.chmodSync(file, 0o755);
  }
}

/**
 * Keeps MLIDE_TRAINING_ENDPOINT / MLIDE_TRAINING_TOKEN_FILE in new integrated terminals in step
 * with the daemon's discovery file, so `python train.py` there streams to this window's daemon;
 * and puts the bundled Python client on PYTHONPATH, so `import mlide_client` works there.
 */
function watchTrainingListener(context: vscode.ExtensionContext, output: vscode.OutputChannel): vscode.Disposable[] {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const env = context.environmentVariableCollection;
  env.persistent = false; // a stale endpoint from an earlier window must not survive a reload
  env.description = 'Lets training scripts stream their metrics to the mlide server of this window.';
  const client = findPythonClient(context.extensionPath, fs.existsSync);
  const addClient = (): void => { if (client) env.prepend('PYTHONPATH', client + path.delimiter); };
  addClient();
  if (!folder) return [];
  const file = vscode.Uri.joinPath(folder.uri, kListenerFile);
  const update = (): void => {
    fs.readFile(file.fsPath, 'utf8', (err, text) => {
      const vars = err ? undefined : parseListenerFile(text, file.fsPath);
      env.clear();
      addClient();
      if (!vars) return;
      for (const [name, value] of Object.entries(vars)) env.replace(name, value);
      output.appendLine(`[client] training listener: ${Object.entries(vars).map(([k, v]) => `${k}=${v}`).join(' ')}`);
    });
  };
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, kListenerFile));
  update();
  return [watcher, watcher.onDidCreate(update), watcher.onDidChange(update), watcher.onDidDelete(update)];
}

function mlideCodeAtCursor(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const diag = vscode.languages.getDiagnostics(editor.document.uri)
    .find((d) => d.source === 'mlide' && d.range.contains(editor.selection.active));
  const code = typeof diag?.code === 'object' ? diag.code.value : diag?.code;
  return code === undefined ? undefined : String(code);
}

function requireTrust(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(`mlide: ${what} loads files from the workspace, so it needs a trusted workspace.`);
  return false;
}

async function pickModel(label: string): Promise<string | undefined> {
  const found = await vscode.workspace.findFiles('**/*.{pt,pth,ptl,torchscript}', '**/node_modules/**', 200);
  const browse = { label: '$(folder-opened) Browse…', path: '' };
  // Sorted: findFiles has no order, and the two pickers should list the models the same way.
  const models = found.map((u) => ({ label: vscode.workspace.asRelativePath(u), path: u.fsPath }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const items = [...models, browse];
  const pick = await vscode.window.showQuickPick(items, { title: `Compare two models: ${label}`, placeHolder: 'A TorchScript classifier' });
  if (pick !== browse) return pick?.path;
  const uris = await vscode.window.showOpenDialog({ title: label, canSelectMany: false, filters: { 'TorchScript models': ['pt', 'pth', 'ptl', 'torchscript'] } });
  return uris?.[0]?.fsPath;
}

export async function activate(context: vscode.ExtensionContext): Promise<MlideApi> {
  const output = vscode.window.createOutputChannel('mlide');
  const server = (current = new Server(context, output, (client) =>
    client.onNotification(ext.sessionChanged, () => TrainingPanel.current?.onSessionChanged())));
  const panels: PanelContext = { extensionUri: context.extensionUri, server };
  const ruleDocs = new Map<string, string>();
  const command = (id: string, run: (...args: any[]) => unknown) => vscode.commands.registerCommand(id, run);

  context.subscriptions.push(
    output,
    ...registerPanelSerializers(panels),
    vscode.workspace.registerTextDocumentContentProvider(RULE_SCHEME, {
      provideTextDocumentContent: (uri) => ruleDocs.get(uri.path) ?? '',
    }),
    command('mlide.openSearch', () => SearchPanel.createOrShow(panels)),
    command('mlide.openTrainingSessions', () => TrainingPanel.createOrShow(panels)),
    command('mlide.compareModels', async (modelA?: string, modelB?: string) => {
      if (!requireTrust('Comparing models')) return undefined;
      modelA ??= await pickModel('model A');
      if (modelA) modelB ??= await pickModel('model B');
      if (!modelA || !modelB) return undefined;
      return ComparePanel.createOrShow(panels, { modelA, modelB });
    }),
    command('mlide.indexCorpusFolder', async (folder?: string) => {
      if (!requireTrust('Indexing a corpus')) return undefined;
      folder ??= (await vscode.window.showOpenDialog({
        title: 'Index a corpus: a folder of ML projects', canSelectFolders: true, canSelectFiles: false,
        openLabel: 'Index', defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      }))?.[0]?.fsPath;
      if (!folder) return undefined;
      const args: ext.IndexCorpusArgs = { folder };
      const result = (await server.request(ExecuteCommandRequest.type,
        { command: ext.Commands.indexCorpus, arguments: [args] })) as ext.IndexCorpusResult | null;
      void vscode.window.showInformationMessage(
        `mlide: indexed ${folder}` + (result ? ` (${result.projects} projects, ${result.files} files).` : '.'));
      void SearchPanel.current?.refresh();
      return result;
    }),
    command('mlide.showRuleDocumentation', async (rule?: string) => {
      rule ??= await vscode.window.showInputBox({
        title: 'mlide rule documentation', prompt: 'A rule code (ML201) or slug (missing-softmax)',
        value: mlideCodeAtCursor() ?? '',
      });
      if (!rule?.trim()) return undefined;
      const doc = await server.request(ext.ruleDocumentation, { rule: rule.trim() });
      const path = `/${doc.code}.md`;
      ruleDocs.set(path, doc.markdown.startsWith('#') ? doc.markdown : `# ${doc.code} ${doc.rule}: ${doc.title}\n\n${doc.markdown}`);
      const uri = vscode.Uri.from({ scheme: RULE_SCHEME, path });
      await vscode.commands.executeCommand('markdown.showPreview', uri);
      return doc;
    }),
    command('mlide.restartServer', () => server.restart()),
    command('mlide.showOutput', () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('mlide.server.path')) void server.restart().catch(() => undefined);
      else if (e.affectsConfiguration('mlide')) server.sendSettings();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void server.restart().catch(() => undefined)),
    ...watchTrainingListener(context, output),
  );

  server.restart().catch((e) => output.appendLine(`[client] ${e instanceof Error ? e.message : e}`));
  return {
    ready: () => server.ready(),
    request: (type, params) => server.request(type, params),
    get state() { return server.state; },
    panels: { search: () => SearchPanel.current, training: () => TrainingPanel.current, compare: () => ComparePanel.current },
    terminalEnvironment: () => {
      const vars: Record<string, string> = {};
      context.environmentVariableCollection.forEach((name, m) => { vars[name] = m.value; });
      return vars;
    },
  };
}

let current: Server | undefined;

/** VS Code waits for this promise: the daemon gets its shutdown/exit before the host goes. */
export function deactivate(): Promise<void> | undefined {
  const server = current;
  current = undefined;
  return server?.dispose();
}
