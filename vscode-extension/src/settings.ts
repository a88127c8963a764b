// The settings sent to the server: only those the user set (user, workspace or folder settings).
// VS Code fills in every declared default otherwise, and a default sent as if chosen would hide
// the project's pyproject.toml `[tool.mlide]` values, which the server applies under the
// editor settings.

/** The part of vscode.WorkspaceConfiguration this needs (so the tests need no VS Code). */
export interface SettingSource {
  /** The effective value; honours workspace trust for restricted settings. */
  get(key: string): unknown;
  inspect(key: string):
    | { defaultValue?: unknown; globalValue?: unknown; workspaceValue?: unknown; workspaceFolderValue?: unknown }
    | undefined;
}

/** The keys under `mlide.` that package.json declares ("checks.maxDropout", ...). */
export function declaredSettingKeys(packageJson: unknown): string[] {
  const props = (packageJson as { contributes?: { configuration?: { properties?: object } } })?.contributes
    ?.configuration?.properties ?? {};
  return Object.keys(props)
    .filter((k) => k.startsWith('mlide.'))
    .map((k) => k.slice('mlide.'.length));
}

/** The `keys` the user set, nested as the server reads them: {checks: {maxDropout: 0.3}}. */
export function userSettings(config: SettingSource, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const where = config.inspect(key);
    const set = where !== undefined &&
      [where.globalValue, where.workspaceValue, where.workspaceFolderValue].some((v) => v !== undefined);
    const value = set ? config.get(key) : undefined;
    if (value === undefined) continue;
    const parts = key.split('.');
    let node = out;
    for (const part of parts.slice(0, -1)) {
      if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]] = JSON.parse(JSON.stringify(value));
  }
  return out;
}
