// IMACS: comparing two image classifiers. Shows the chosen pair and the stored comparisons.
// Only created in a trusted workspace (the command that opens it is gated).
import * as vscode from 'vscode';
import { listComparisons } from '../lspExt';
import type { CompareSelection, PanelData } from './messages';
import { PanelContext, PanelHost, webviewOptions } from './PanelHost';

export class ComparePanel extends PanelHost {
  static readonly viewType = 'mlide.compare';
  static current: ComparePanel | undefined;
  private selection: CompareSelection | null = null;

  static createOrShow(ctx: PanelContext, selection?: CompareSelection): ComparePanel {
    const host = ComparePanel.current;
    if (host) {
      if (selection) host.selection = selection;
      host.panel.reveal();
      void host.refresh();
      return host;
    }
    const panel = vscode.window.createWebviewPanel(
      ComparePanel.viewType, 'Model Comparison', vscode.ViewColumn.Active, webviewOptions(ctx.extensionUri));
    return ComparePanel.revive(panel, ctx, selection); // the webview's 'ready' triggers the first request
  }

  static revive(panel: vscode.WebviewPanel, ctx: PanelContext, selection?: CompareSelection | null): ComparePanel {
    ComparePanel.current = new ComparePanel(panel, ctx);
    ComparePanel.current.selection = selection ?? null;
    return ComparePanel.current;
  }

  private constructor(panel: vscode.WebviewPanel, ctx: PanelContext) {
    super(panel, 'compare', ctx);
  }

  protected async fetch(): Promise<PanelData> {
    const result = await this.ctx.server.request(listComparisons, {});
    return { panel: 'compare', result, selection: this.selection };
  }

  protected override onDispose(): void {
    if (ComparePanel.current === this) ComparePanel.current = undefined;
  }
}
