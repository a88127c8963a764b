// Umlaut: training sessions streamed to the daemon. Lists them and shows one in full (plots,
// error timeline, error cards), or two side by side; refreshes live on mlide/sessionChanged.
import * as vscode from 'vscode';
import { listSessions, trainingSession } from '../lspExt';
import type { PanelData, WebviewMessage, WebviewState } from './messages';
import { PanelContext, PanelHost, webviewOptions } from './PanelHost';

/** A running session notifies after every committed batch of events: redraw at most this often. */
const kLiveRefreshMs = 250;

export class TrainingPanel extends PanelHost {
  static readonly viewType = 'mlide.training';
  static current: TrainingPanel | undefined;
  /** The sessions the webview asked for; empty: the newest one. */
  private selected: number[] = [];
  private liveTimer: ReturnType<typeof setTimeout> | undefined;

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

  static revive(panel: vscode.WebviewPanel, ctx: PanelContext, state?: WebviewState): TrainingPanel {
    TrainingPanel.current = new TrainingPanel(panel, ctx);
    TrainingPanel.current.selected = state?.training?.selected ?? [];
    return TrainingPanel.current;
  }

  private constructor(panel: vscode.WebviewPanel, ctx: PanelContext) {
    super(panel, 'training', ctx);
  }

  /** mlide/sessionChanged: redraw soon, without the "loading" blink, coalescing bursts. */
  onSessionChanged(): void {
    if (this.liveTimer) return;
    this.liveTimer = setTimeout(() => {
      this.liveTimer = undefined;
      void this.refresh(true);
    }, kLiveRefreshMs);
  }

  protected async fetch(): Promise<PanelData> {
    const result = await this.ctx.server.request(listSessions, {});
    const known = new Set(result.sessions.map((s) => s.id));
    // A selected session that is gone (another database, deleted) falls back to the newest.
    let ids = this.selected.filter((id) => known.has(id));
    if (ids.length === 0 && result.sessions.length > 0) ids = [result.sessions[0].id];
    const details = await Promise.all(ids.map((id) => this.ctx.server.request(trainingSession, { id })));
    return { panel: 'training', result, details };
  }

  protected override onPanelMessage(message: WebviewMessage): void {
    if (message.command !== 'selectSessions') return;
    this.selected = message.ids;
    void this.refresh(true);
  }

  protected override onDispose(): void {
    if (this.liveTimer) clearTimeout(this.liveTimer);
    if (TrainingPanel.current === this) TrainingPanel.current = undefined;
  }
}
