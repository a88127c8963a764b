// Messages between a panel's host (extension) and its webview, shared by both bundles.
// Type-only imports: the webview bundle pulls in no extension code.
import type { EmbeddingStatus, ListComparisonsResult, ListSessionsResult, TrainingSessionDetail } from '../lspExt';

export type PanelKind = 'search' | 'training' | 'compare';

export interface CompareSelection {
  modelA: string;
  modelB: string;
}

/** What a panel shows: the server's answer to the panel's first request. */
export type PanelData =
  | { panel: 'search'; status: EmbeddingStatus }
  | { panel: 'training'; result: ListSessionsResult; details: TrainingSessionDetail[] }
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
  | { command: 'run'; id: WebviewRunnableCommand }
  | { command: 'openLocation'; path: string; line: number; column: number }
  | { command: 'showRule'; rule: string }
  | { command: 'selectSessions'; ids: number[] };

/** The most sessions the training panel shows at once (one, or two side by side). */
export const maxSelectedSessions = 2;

/** What the training panel remembers across refreshes and reloads. */
export interface TrainingUiState {
  /** The sessions shown, the first one in full; empty: follow the newest session. */
  selected: number[];
  /** Finding ids (model.ts findingId) whose cards are open. */
  expanded: string[];
  /** The finding whose epochs are highlighted. */
  focus: string | null;
}

/** What a webview keeps with setState, so a reloaded panel shows its last answer at once. */
export interface WebviewState {
  last?: Extract<HostMessage, { command: 'data' }>;
  training?: TrainingUiState;
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
    case 'openLocation':
      return typeof m.path === 'string' && m.path.length > 0 && isLine(m.line) && isLine(m.column)
        ? { command: 'openLocation', path: m.path, line: m.line, column: m.column }
        : undefined;
    case 'showRule':
      return typeof m.rule === 'string' && /^[A-Za-z0-9-]{1,64}$/.test(m.rule) ? { command: 'showRule', rule: m.rule } : undefined;
    case 'selectSessions': {
      if (!Array.isArray(m.ids)) return undefined;
      const ids = [...new Set(m.ids)];
      return ids.length <= maxSelectedSessions && ids.every((id) => Number.isSafeInteger(id) && id > 0)
        ? { command: 'selectSessions', ids: ids as number[] }
        : undefined;
    }
    default:
      return undefined;
  }
}

const isLine = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 1;
