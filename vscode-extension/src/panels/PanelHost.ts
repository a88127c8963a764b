// Base of the three panel hosts: one webview panel, a strict CSP, typed messages, and data from
// one typed mlide/* request. Subclasses say which request and keep their singleton.
import * as vscode from 'vscode';
import type { RequestType } from 'vscode-languageclient';
import { makeNonce, panelHtml } from './html';
import { HostMessage, PanelData, PanelKind, parseWebviewMessage, WebviewMessage } from './messages';

/** The one channel to the daemon: typed custom requests over the language client. */
export interface ServerRequests {
  request<P, R>(type: RequestType<P, R, void>, params: P): Promise<R>;
}

export interface PanelContext {
  extensionUri: vscode.Uri;
  server: ServerRequests;
}

/** The only folder a webview may load from: the bundled browser scripts and styles. */
export function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return { enableScripts: true, localResourceRoots: [webviewRoot(extensionUri)] };
}

export abstract class PanelHost implements vscode.Disposable {
  /** The last message posted to the webview (read by the extension-host tests). */
  lastMessage: HostMessage | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private generation = 0;

  protected constructor(
    readonly panel: vscode.WebviewPanel,
    readonly kind: PanelKind,
    protected readonly ctx: PanelContext,
  ) {
    panel.webview.options = webviewOptions(ctx.extensionUri);
    const root = webviewRoot(ctx.extensionUri);
    panel.webview.html = panelHtml({
      title: panel.title,
      cspSource: panel.webview.cspSource,
      nonce: makeNonce(),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, `${kind}.js`)).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, 'panel.css')).toString(),
    });
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    panel.webview.onDidReceiveMessage((raw) => this.onMessage(parseWebviewMessage(raw)), null, this.disposables);
  }

  /**
   * Asks the server again and posts the answer (or the error) to the webview. `quiet` skips the
   * "loading" message (live updates would otherwise blink the status line).
   */
  async refresh(quiet = false): Promise<void> {
    const generation = ++this.generation;
    if (!quiet) await this.post({ command: 'loading' });
    let message: HostMessage;
    try {
      message = { command: 'data', data: await this.fetch(), receivedAt: new Date().toISOString() };
    } catch (e) {
      message = { command: 'error', message: e instanceof Error ? e.message : String(e) };
    }
    if (generation === this.generation) {
      await this.post(message);
    }
  }

  protected abstract fetch(): Promise<PanelData>;

  protected onDispose(): void {}

  /** Messages only this panel understands (the base handles the shared ones). */
  protected onPanelMessage(_message: WebviewMessage): void {}

  private async post(message: HostMessage): Promise<void> {
    this.lastMessage = message;
    await this.panel.webview.postMessage(message);
  }

  private onMessage(message: WebviewMessage | undefined): void {
    switch (message?.command) {
      case 'ready':
      case 'refresh':
        void this.refresh();
        break;
      case 'openFile':
        void vscode.window.showTextDocument(vscode.Uri.file(message.path), { preview: true });
        break;
      case 'run':
        void vscode.commands.executeCommand(message.id);
        break;
      case 'openLocation': {
        // Next to the panel, so that it stays in view while the user walks through findings.
        const at = new vscode.Position(message.line - 1, message.column - 1);
        const beside = this.panel.viewColumn === vscode.ViewColumn.One;
        vscode.window.showTextDocument(vscode.Uri.file(message.path), {
          selection: new vscode.Range(at, at),
          viewColumn: beside ? vscode.ViewColumn.Beside : vscode.ViewColumn.One,
        }).then(undefined, (e) => vscode.window.showErrorMessage(`mlide: cannot open ${message.path}: ${e}`));
        break;
      }
      case 'showRule':
        void vscode.commands.executeCommand('mlide.showRuleDocumentation', message.rule);
        break;
      default:
        if (message) this.onPanelMessage(message); // malformed messages (undefined) are dropped
    }
  }

  dispose(): void {
    this.generation++;
    this.onDispose();
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}
