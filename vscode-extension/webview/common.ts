// Shared by the three panel bundles: the VS Code webview API, state, and DOM helpers that only
// ever set text (server strings never become HTML).
import type { HostMessage, PanelData, WebviewMessage, WebviewState } from '../src/panels/messages';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): WebviewState | undefined;
  setState(state: WebviewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();

export const send = (message: WebviewMessage): void => vscode.postMessage(message);

/** The webview's saved state (survives hiding the panel and reloading the window). */
export const loadState = (): WebviewState => vscode.getState() ?? {};
/** Saves some keys of the state, keeping the others. */
export const saveState = (patch: Partial<WebviewState>): void => vscode.setState({ ...loadState(), ...patch });

type Child = Node | string | number | null | undefined | false;

/** Creates an element; strings become text nodes. */
export function h(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function button(label: string, onClick: () => void, secondary = false): HTMLElement {
  const b = h('button', { type: 'button', class: secondary ? 'secondary' : '' }, label);
  b.addEventListener('click', onClick);
  return b;
}

export function table(columns: string[], rows: Child[][], caption: string): HTMLElement {
  return h('table', {},
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))));
}

export function stat(label: string, value: Child): HTMLElement {
  return h('div', { class: 'stat' }, h('div', { class: 'stat-value' }, value), h('div', { class: 'stat-label' }, label));
}

export function emptyState(title: string, text: string, action?: HTMLElement): HTMLElement {
  return h('div', { class: 'empty' }, h('h2', {}, title), h('p', {}, text), action ?? null);
}

/** A prominent note about what the server can do now (not an error: nothing failed). */
export function notice(title: string, text: string, detail?: string): HTMLElement {
  return h('div', { class: 'notice', role: 'note' }, h('strong', {}, title), h('p', {}, text), detail ? h('p', { class: 'muted' }, detail) : null);
}

/** The file name of a path, '/' or '\\' separated. */
export const basename = (p: string): string => p.split(/[\\/]/).pop() ?? p;

export function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

export interface PanelView<K extends PanelData['panel']> {
  kind: K;
  title: string;
  description: string;
  render(data: Extract<PanelData, { panel: K }>): HTMLElement;
}

/** Mounts a panel: header, status line, body; shows the saved answer at once, then asks again. */
export function mount<K extends PanelData['panel']>(view: PanelView<K>): void {
  const app = document.getElementById('app')!;
  const status = h('span', { class: 'status', role: 'status' });
  const body = h('section', { class: 'body' });
  app.replaceChildren(
    h('header', {},
      h('div', {}, h('h1', {}, view.title), h('p', { class: 'description' }, view.description)),
      h('div', { class: 'actions' }, status, button('Refresh', () => send({ command: 'refresh' }), true))),
    body);

  const show = (message: HostMessage): void => {
    switch (message.command) {
      case 'loading':
        status.textContent = 'Asking the mlide server…';
        status.className = 'status busy';
        break;
      case 'error':
        status.textContent = 'The server did not answer';
        status.className = 'status error';
        body.replaceChildren(h('div', { class: 'error-box', role: 'alert' }, h('strong', {}, 'Error: '), message.message));
        break;
      case 'data':
        if (message.data.panel !== view.kind) return;
        status.textContent = `Updated ${formatTime(message.receivedAt)}`;
        status.className = 'status';
        body.replaceChildren(view.render(message.data as Extract<PanelData, { panel: K }>));
        saveState({ last: message });
        break;
    }
  };

  const saved = vscode.getState()?.last;
  if (saved) show(saved);
  window.addEventListener('message', (e: MessageEvent<HostMessage>) => show(e.data));
  send({ command: 'ready' });
}
