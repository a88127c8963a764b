// Which mlide binary to start. Pure logic (no vscode import) so it is unit-tested directly.
import * as path from 'node:path';

export interface ServerPathContext {
  extensionPath: string;
  homeDir: string;
  /** First workspace folder, if any: relative settings resolve against it. */
  workspaceFolder: string | undefined;
  platform: NodeJS.Platform;
  arch: string;
}

export type ServerPathChoice =
  | { kind: 'setting'; path: string }
  | { kind: 'bundled'; path: string }
  | { kind: 'unsupported'; reason: string };

/** The path of the binary the .vsix bundles (linux-x64 builds only). */
export function bundledServerPath(extensionPath: string): string {
  return path.join(extensionPath, 'server', 'mlide');
}

/**
 * Resolves the `mlide.server.path` setting: empty means the bundled binary; `~` and
 * `${workspaceFolder}` are expanded; a relative path is taken from the first workspace folder.
 */
export function chooseServerPath(setting: string, ctx: ServerPathContext): ServerPathChoice {
  const raw = setting.trim();
  if (raw === '') {
    if (ctx.platform !== 'linux' || ctx.arch !== 'x64') {
      return {
        kind: 'unsupported',
        reason: `the bundled mlide binary is built for linux-x64, not ${ctx.platform}-${ctx.arch}; set mlide.server.path`,
      };
    }
    return { kind: 'bundled', path: bundledServerPath(ctx.extensionPath) };
  }
  let p = raw;
  if (p === '~' || p.startsWith('~/')) {
    p = path.join(ctx.homeDir, p.slice(1));
  }
  if (p.includes('${workspaceFolder}')) {
    if (ctx.workspaceFolder === undefined) {
      return { kind: 'unsupported', reason: `mlide.server.path uses \${workspaceFolder} but no folder is open` };
    }
    p = p.split('${workspaceFolder}').join(ctx.workspaceFolder);
  }
  if (!path.isAbsolute(p)) {
    if (ctx.workspaceFolder === undefined) {
      return { kind: 'unsupported', reason: `mlide.server.path is relative (${raw}) but no folder is open` };
    }
    p = path.join(ctx.workspaceFolder, p);
  }
  return { kind: 'setting', path: path.normalize(p) };
}
