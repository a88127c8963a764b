// Umlaut: training sessions streamed to the daemon. Lists them; refreshes on mlide/sessionChanged.
import * as vscode from 'vscode';
import { listSessions } from '../lspExt';
import type { PanelData } from './messages';
import { PanelContext, PanelHost, webviewOptions } from './PanelHost';

export class TrainingPanel extends PanelHost {
  static readonly viewType = 'mlide.training';
  static current: TrainingPanel | undefined;

  static createOrShow(ctx: PanelContext): TrainingPanel {
    if (TrainingPanel.current) {
      TrainingPanel.current.panel.reveal();
      void TrainingPanel.current.refresh();
      return TrainingPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      TrainingPanel.viewType, 'Training Sessions', vscode.ViewColumn.Active, webviewOptions(ctx.extensionUri));
    return TrainingPanel.revive(panel, ctx);
  }

  static revive(panel: vscode.WebviewPanel, ctx: PanelContext): TrainingPanel {
    TrainingPanel.current = new TrainingPanel(panel, ctx);
    return TrainingPanel.current;
  }

  private constructor(panel: vscode.WebviewPanel, ctx: PanelContext) {
    super(panel, 'training', ctx);
  }

  protected async fetch(): Promise<PanelData> {
    return { panel: 'training', result: await this.ctx.server.request(listSessions, {}) };
  }

  protected override onDispose(): void {
    if (TrainingPanel.current === this) TrainingPanel.current = undefined;
  }
}
