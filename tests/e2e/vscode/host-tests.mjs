// Opens the VS Code server (started by run.sh with --enable-smoke-test-driver) in chromium with
// extensionDevelopmentPath/extensionTestsPath, so the mocha suites in
// vscode-extension/out/test/host run inside a real extension host; their exit code comes back
// through window.codeAutomationExit.
//   node host-tests.mjs [--name host] --port P --extension DIR --workspace DIR --artifacts DIR --profile DIR [--timeout S]
import * as path from 'node:path';
import { launchBrowser, parseArgs, recordConsole } from './lib.mjs';

const a = parseArgs(process.argv.slice(2));
const name = a.name ?? 'host';
const timeoutMs = Number(a.timeout ?? 300) * 1000;
const remote = (p) => `vscode-remote://127.0.0.1:${a.port}${p}`;
const payload = [
  ['extensionDevelopmentPath', remote(a.extension)],
  ['extensionTestsPath', remote(path.join(a.extension, 'out/test/host/index.js'))],
];
const url = `http://127.0.0.1:${a.port}/?folder=${encodeURIComponent(a.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

const context = await launchBrowser(a.profile);
const page = context.pages()[0] ?? (await context.newPage());
const log = recordConsole(page, path.join(a.artifacts, `${name}-browser-console.log`));
let resolveExit;
const exit = new Promise((resolve) => { resolveExit = resolve; });
await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
const timer = setTimeout(() => resolveExit('timeout'), timeoutMs);
await page.goto(url);
const code = await exit;
clearTimeout(timer);
await page.screenshot({ path: path.join(a.artifacts, `${name}-00-final.png`) }).catch(() => undefined);
log.end();
await context.close().catch(() => undefined);
if (code !== 0) {
  console.error(code === 'timeout' ? `extension-host tests: no result after ${timeoutMs / 1000} s` : `extension-host tests exited with ${code}`);
  process.exit(1);
}
