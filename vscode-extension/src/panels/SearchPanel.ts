// Acumen: search over a corpus of ML projects. Shows the embedding engine's index status for now.
import * as vscode from 'vscode';
import { embeddingStatus } from '../lspExt';
import type { PanelData } from './messages';
import { PanelContext, PanelHost, webviewOptions } from './PanelHost';

export class SearchPanel extends PanelHost {
  static readonly viewType = 'mlide.search';
  static current: SearchPanel | undefined;

  static createOrShow(ctx: PanelContext): SearchPanel {
    if (SearchPanel.current) {
      SearchPanel.current.panel.reveal();
      void SearchPanel.current.refresh();
      return SearchPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      SearchPanel.viewType, 'Acumen Search', vscode.ViewColumn.Active, webviewOptions(ctx.extensionUri));
    return SearchPanel.revive(panel, ctx);
  }

  static revive(panel: vscode.WebviewPanel, ctx: PanelContext): SearchPanel {
    SearchPanel.current = new SearchPanel(panel, ctx);
    return SearchPanel.current;
  }

  private constructor(panel: vscode.WebviewPanel, ctx: PanelContext) {
    super(panel, 'search', ctx);
  }

  protected async fetch(): Promise<PanelData> {
    return { panel: 'search', status: await this.ctx.server.request(embeddingStatus, {}) };
  }

  protected override onDispose(): void {
    if (SearchPanel.current === this) SearchPanel.current = undefined;
  }
}
