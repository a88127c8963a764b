// The environment a training script in the integrated terminal needs to find the daemon's
// training-session listener. The daemon writes `<workspace>/.mlide/listener.json` when its
// listener binds; the Python/C++ clients read MLIDE_TRAINING_ENDPOINT and
// MLIDE_TRAINING_TOKEN_FILE. Pure logic (no vscode import) so it is unit-tested directly.
import * as path from 'node:path';

export const kEndpointVar = 'MLIDE_TRAINING_ENDPOINT';
export const kTokenFileVar = 'MLIDE_TRAINING_TOKEN_FILE';

/** The discovery file, relative to the workspace folder. */
export const kListenerFile = path.join('.mlide', 'listener.json');

export type TrainingEnv = Record<typeof kEndpointVar | typeof kTokenFileVar, string>;

/**
 * Reads the discovery file's text. Accepts `endpoint` ("127.0.0.1:PORT" or a URL) or
 * `host` + `port`, and `tokenFile` / `token_file` (relative paths are taken from the file's
 * folder). Returns undefined for anything malformed, so a half-written file sets nothing.
 */
export function parseListenerFile(text: string, listenerFilePath: string): TrainingEnv | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const o = raw as Record<string, unknown>;

  let endpoint: string | undefined;
  if (typeof o.endpoint === 'string' && o.endpoint.trim() !== '') {
    endpoint = o.endpoint.trim();
  } else if (Number.isInteger(o.port) && (o.port as number) > 0 && (o.port as number) < 65536) {
    const host = typeof o.host === 'string' && o.host !== '' ? o.host : '127.0.0.1';
    endpoint = `${host}:${o.port}`;
  }
  const token = [o.tokenFile, o.token_file].find((t): t is string => typeof t === 'string' && t.trim() !== '');
  if (!endpoint || !token) return undefined;
  return {
    [kEndpointVar]: endpoint,
    [kTokenFileVar]: path.resolve(path.dirname(listenerFilePath), token.trim()),
  };
}

/** Where the Python training client (`mlide_client`) lives, relative to the extension folder. */
export const kClientCandidates = [
  path.join('server', 'clients', 'python'),                   // inside the .vsix
  path.join('..', 'plugins', 'checks', 'clients', 'python'),  // a source checkout (development)
];

/**
 * The first candidate folder that holds `mlide_client/__init__.py`, or undefined. `exists` is
 * injected so the logic is tested without files.
 */
export function findPythonClient(extensionPath: string, exists: (p: string) => boolean): string | undefined {
  for (const c of kClientCandidates) {
    const dir = path.resolve(extensionPath, c);
    if (exists(path.join(dir, 'mlide_client', '__init__.py'))) return dir;
  }
  return undefined;
}
