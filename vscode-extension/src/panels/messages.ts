// Messages between a panel's host (extension) and its webview, shared by both bundles.
// Type-only imports: the webview bundle pulls in no extension code.
import type { EmbeddingStatus, ListComparisonsResult, ListSessionsResult } from '../lspExt';

export type PanelKind = 'search' | 'training' | 'compare';

export interface CompareSelection {
  modelA: string;
  modelB: string;
}

/** What a panel shows: the server's answer to the panel's first request. */
export type PanelData =
  | { panel: 'search'; status: EmbeddingStatus }
  | { panel: 'training'; result: ListSessionsResult }
  | { panel: 'compare'; result: ListComparisonsResult; selection: CompareSelection | null };

/** Host → webview. */
export type HostMessage =
  | { command: 'loading' }
  | { command: 'data'; data: PanelData; receivedAt: string }
  | { command: 'error'; message: string };

/** Commands a webview may ask the host to run (a closed list). */
export const webviewRunnableCommands = ['mlide.indexCorpusFolder', 'mlide.compareModels'] as const;
export type WebviewRunnableCommand = (typeof webviewRunnableCommands)[number];

/** Webview → host. */
export type WebviewMessage =
  | { command: 'ready' }
  | { command: 'refresh' }
  | { command: 'openFile'; path: string }
  | { command: 'run'; id: WebviewRunnableCommand };

/** What a webview keeps with setState, so a reloaded panel shows its last answer at once. */
export interface WebviewState {
  last?: Extract<HostMessage, { command: 'data' }>;
}

/** Validates a message that came from a webview (never trust its shape). */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.command) {
    case 'ready':
    case 'refresh':
      return { command: m.command };
    case 'openFile':
      return typeof m.path === 'string' && m.path.length > 0 ? { command: 'openFile', path: m.path } : undefined;
    case 'run':
      return (webviewRunnableCommands as readonly unknown[]).includes(m.id)
        ? { command: 'run', id: m.id as WebviewRunnableCommand }
        : undefined;
    default:
      return undefined;
  }
}
