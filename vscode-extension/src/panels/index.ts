// Registers the serializers that bring the panels back after a window reload.
import * as vscode from 'vscode';
import { ComparePanel } from './ComparePanel';
import type { WebviewState } from './messages';
import { PanelContext } from './PanelHost';
import { SearchPanel } from './SearchPanel';
import { TrainingPanel } from './TrainingPanel';

export { ComparePanel, SearchPanel, TrainingPanel };
export type { PanelContext, ServerRequests } from './PanelHost';

export function registerPanelSerializers(ctx: PanelContext): vscode.Disposable[] {
  const serializer = (revive: (panel: vscode.WebviewPanel, state: WebviewState | undefined) => void) => ({
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
      revive(panel, state as WebviewState | undefined);
    },
  });
  return [
    vscode.window.registerWebviewPanelSerializer(SearchPanel.viewType, serializer((p) => SearchPanel.revive(p, ctx))),
    vscode.window.registerWebviewPanelSerializer(TrainingPanel.viewType, serializer((p, s) => TrainingPanel.revive(p, ctx, s))),
    vscode.window.registerWebviewPanelSerializer(
      ComparePanel.viewType,
      serializer((p, s) => {
        const data = s?.last?.data;
        ComparePanel.revive(p, ctx, data?.panel === 'compare' ? data.selection : null);
      }),
    ),
  ];
}
