// The UI test: code-server (started by run.sh with the packaged .vsix installed) in headless
// chromium, driven as a person would: open the example, see the squiggle and the Problems entries,
// hover, Ctrl+. to fix, open every panel from the command palette, reload the page with a panel
// open. A screenshot per step.
//   node ui-test.mjs --port P --workspace DIR --artifacts DIR --profile DIR [--file keras_mnist.py]
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchBrowser, parseArgs, recordConsole, Steps } from './lib.mjs';

const a = parseArgs(process.argv.slice(2));
const file = a.file ?? 'keras_mnist.py';
const SUPPRESS = /suppress|ignore|noqa|disable/i;

const context = await launchBrowser(a.profile);
const page = context.pages()[0] ?? (await context.newPage());
page.setDefaultTimeout(30_000);
const log = recordConsole(page, path.join(a.artifacts, 'ui-browser-console.log'));
const steps = new Steps(page, a.artifacts, 'ui');

const editor = page.locator('.editor-group-container.active .monaco-editor').first();
const squiggles = editor.locator('.squiggly-warning, .squiggly-error');
const editorText = () => editor.locator('.view-lines').innerText();
/** The newest webview's document (panels and the markdown preview are webviews). */
const webview = () => page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');

async function palette(title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

async function closeAllEditors() {
  await palette('View: Close All Editors');
  await page.locator('.editor-group-container.active iframe.webview').waitFor({ state: 'detached' }).catch(() => undefined);
}

async function squiggleCenter() {
  // Monaco re-renders decorations (after Escape, a re-publish): the element found first may be
  // replaced before it is measured, so measure a visible one, a few times if need be.
  let box = null;
  for (let attempt = 0; attempt < 5 && !box; attempt++) {
    await squiggles.first().waitFor({ state: 'visible' });
    box = await squiggles.first().boundingBox();
    if (!box) await page.waitForTimeout(100);
  }
  if (!box) throw new Error('the squiggle has no box');
  return { x: box.x + Math.min(box.width / 2, 40), y: box.y + box.height / 2 };
}

let textBefore = '';
let failed = false;

failed ||= !(await steps.run('workbench-loaded', async () => {
  await page.goto(`http://127.0.0.1:${a.port}/?folder=${encodeURIComponent(a.workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: file }).first().waitFor({ timeout: 60_000 });
}));

failed ||= !(await steps.run('example-open-with-squiggle', async () => {
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: file }).first().dblclick();
  await editor.waitFor();
  await squiggles.first().waitFor({ timeout: 60_000 });
  const status = page.locator('.statusbar-item', { hasText: 'mlide' });
  await status.first().waitFor();
}));

await steps.run('problems-panel', async () => {
  await page.keyboard.press('Control+Shift+M');
  const rows = page.locator('.markers-panel .monaco-list-row');
  await rows.first().waitFor();
  const text = (await rows.allInnerTexts()).join('\n');
  if (!/ML\d{3}/.test(text)) throw new Error(`no mlide code in the Problems panel: ${text.slice(0, 400)}`);
  if (!/mlide/.test(text)) throw new Error('the Problems entries do not name mlide as their source');
  await page.mouse.move(900, 300); // no explorer tooltip in the screenshot
});

await steps.run('hover-explains-rule', async () => {
  await editor.click(); // focus the editor, not the panel
  const { x, y } = await squiggleCenter();
  await page.mouse.move(x, y - 2);
  await page.mouse.move(x, y);
  const hover = page.locator('.monaco-hover:not(.hidden)').first();
  await hover.waitFor({ state: 'visible' });
  // VS Code's own marker hover already shows the code; these come only from the server's hover
  // (lsp-server/server/Hover.cpp): the `ML201 · missing-softmax · mlide (Error)` line and a
  // heading of the rule's page.
  await page.waitForFunction(() => {
    const text = [...document.querySelectorAll('.monaco-hover:not(.hidden)')].map((e) => e.textContent).join('\n');
    return /ML\d{3} · [a-z0-9-]+ · mlide \(/.test(text) && /Why is this bad\?/.test(text);
  });
});

await steps.run('ctrl-dot-shows-fixes', async () => {
  await page.keyboard.press('Escape');
  textBefore = await editorText();
  const { x, y } = await squiggleCenter();
  await page.mouse.click(x, y);
  await page.keyboard.press('Control+.');
  await page.locator('.action-widget .monaco-list-row.action').first().waitFor({ state: 'visible' });
});

await steps.run('quick-fix-applied', async () => {
  const rows = page.locator('.action-widget .monaco-list-row.action');
  const titles = await rows.allInnerTexts();
  const i = titles.findIndex((t) => !SUPPRESS.test(t));
  if (i < 0) throw new Error(`only suppressions offered: ${titles.join(' | ')}`);
  console.log(`       applying "${titles[i].trim()}"`);
  await rows.nth(i).click();
  await page.waitForFunction(
    ([before]) => document.querySelector('.editor-group-container.active .monaco-editor .view-lines')?.innerText !== before,
    [textBefore]);
  await page.mouse.move(5, 5);
});

await steps.run('acumen-search-panel', async () => {
  await closeAllEditors();
  await palette('mlide: Open Acumen Search');
  await webview().locator('h1', { hasText: 'Acumen Search' }).waitFor();
  await webview().locator('.stat-label', { hasText: 'projects indexed' }).waitFor();
  await webview().locator('.notice', { hasText: 'arrives with the Acumen engine' }).waitFor();
});

await steps.run('acumen-search-panel-after-reload', async () => {
  // The panel comes back after a reload: its serializer revives it, and the webview shows the
  // state it saved (then the server's fresh answer). Reloaded through VS Code, which stores the
  // editor layout before the page goes (a bare page.reload() can beat that write and come back
  // with an older layout).
  const reloaded = page.waitForEvent('load', { timeout: 60_000 });
  await palette('Developer: Reload Window');
  await reloaded;
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.tabs-container .tab', { hasText: 'Acumen Search' }).first().waitFor({ timeout: 60_000 });
  await webview().locator('h1', { hasText: 'Acumen Search' }).waitFor({ timeout: 60_000 });
  await webview().locator('.stat-label', { hasText: 'projects indexed' }).waitFor();
  await webview().locator('.status', { hasText: 'Updated' }).waitFor();
});

await steps.run('training-sessions-panel', async () => {
  await closeAllEditors();
  await palette('mlide: Open Training Sessions');
  await webview().locator('h1', { hasText: 'Training Sessions' }).waitFor();
  await webview().locator('table, .empty').first().waitFor();
});

// --- the training panel, with real PyTorch runs streamed to the daemon code-server started ---------
const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const trainScript = path.join(a.workspace, 'train_panel.py');
/** The line the input-not-normalized finding is anchored to (where the inputs are built). */
let inputsLine = 0;

/** Runs tests/e2e/vscode/fixtures/train_panel.py in the workspace, found by the discovery file. */
function train(name, ...args) {
  const discovery = JSON.parse(fs.readFileSync(path.join(a.workspace, '.mlide', 'listener.json'), 'utf8'));
  fs.copyFileSync(path.join(repoRoot, 'tests/e2e/vscode/fixtures/train_panel.py'), trainScript);
  inputsLine = fs.readFileSync(trainScript, 'utf8').split('\n').findIndex((l) => l.includes('# unscaled unless')) + 1;
  const child = spawn(process.env.MLIDE_TEST_PYTHON ?? '/usr/bin/python3', [trainScript, name, ...args], {
    cwd: a.workspace, stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, MLIDE_TRAINING_ENDPOINT: discovery.endpoint,
      MLIDE_TRAINING_TOKEN_FILE: path.resolve(a.workspace, '.mlide', discovery.tokenFile),
      PYTHONPATH: path.join(repoRoot, 'plugins/checks/clients/python') },
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => child.on('exit', (code) =>
    code === 0 ? resolve() : reject(new Error(`train_panel.py ${name}: exit ${code}: ${stderr.slice(-800)}`))));
}

const countOf = async (locator, n, what) => {
  const got = await locator.count();
  if (got !== n) throw new Error(`${what}: ${got}, expected ${n}`);
};

await steps.run('training-panel-live-run', async () => {
  // The panel at the size it opens with: the whole editor area (no Problems panel below).
  if (await page.locator('.part.panel').isVisible()) await palette('View: Hide Panel');
  const view = webview();
  const run = train('unscaled-run', '--delay', '0.4');
  run.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
  // No refresh: mlide/sessionChanged brings the run in while it trains.
  await view.locator('.session-head h2', { hasText: 'unscaled-run' }).waitFor({ timeout: 60_000 });
  const card = view.locator('.card[data-rule="input-not-normalized"]');
  await card.locator('.card-head').waitFor({ timeout: 30_000 });
  await card.locator('.card-head').click(); // opened and focused while the run goes on
  await steps.shot('training-panel-mid-run');
  await run;
  await view.locator('.session-title .pill.finished').waitFor({ timeout: 30_000 });
  // Every epoch arrived, and the live redraws kept the card open and focused.
  await countOf(view.locator('.chart-loss circle.dot'), 32, 'loss and val_loss points');
  await countOf(view.locator('.chart-accuracy circle.dot'), 32, 'accuracy and val_accuracy points');
  await view.locator('.card.open.focus[data-rule="input-not-normalized"]').waitFor();
  await countOf(view.locator('.chart-loss .band'), 16, 'highlighted epochs of the focused finding');
  await countOf(view.locator('.timeline .cell.focus'), 16, 'its cells below the timeline axis');
  await view.locator('.card[data-rule="overfitting"]').waitFor();
});

await steps.run('training-panel-open-in-editor', async () => {
  await webview().locator('.card.focus button.open-in-editor').click();
  await page.locator('.tabs-container .tab', { hasText: 'train_panel.py' }).first().waitFor();
  await page.locator('.statusbar-item', { hasText: new RegExp(`Ln ${inputsLine}, Col 1\\b`) }).first().waitFor();
});

await steps.run('training-panel-timeline-pick', async () => {
  // Close the script: the panel gets the whole width back.
  const tab = page.locator('.tabs-container .tab', { hasText: 'train_panel.py' });
  await tab.hover();
  await tab.locator('.tab-actions .action-label').first().click();
  await page.locator('.tabs-container .tab', { hasText: 'train_panel.py' }).waitFor({ state: 'detached' });
  const view = webview();
  await view.locator('.timeline .cell.sev-warning').first().click();
  await view.locator('.card.open.focus.sev-warning').waitFor();
  const bands = await view.locator('.chart-loss .band').count();
  if (bands < 1 || bands >= 16) throw new Error(`${bands} highlighted epochs for the picked warning`);
});

await steps.run('training-panel-compare', async () => {
  await train('scaled-run', '--scaled');
  const view = webview();
  await view.locator('.session-head h2', { hasText: 'scaled-run' }).waitFor({ timeout: 30_000 }); // follows the newest run
  await view.locator('.session-row', { hasText: 'unscaled-run' }).locator('button', { hasText: 'Compare' }).click();
  await view.locator('.session.compare').waitFor();
  await countOf(view.locator('.chart-loss path.line'), 4, 'training and validation loss of both runs');
  const legend = await view.locator('.chart-loss .legend').innerText();
  if (!legend.includes('scaled-run') || !legend.includes('unscaled-run')) throw new Error(`legend: ${legend}`);
});

/** Switches between the light and dark theme; returns the class of the new one. */
async function toggleTheme() {
  const dark = await page.locator('.monaco-workbench.vs-dark').count();
  await palette('Preferences: Toggle between Light/Dark Themes');
  const now = dark ? 'vs' : 'vs-dark';
  await page.locator(`.monaco-workbench.${now}`).waitFor();
  await page.waitForTimeout(500); // the webview picks the new theme variables up
  return now;
}

await steps.run('training-panel-compare-other-theme', async () => {
  console.log(`       theme now ${await toggleTheme()}`);
});

await steps.run('training-panel-other-theme', async () => {
  const view = webview();
  await view.locator('button', { hasText: 'Stop comparing' }).click();
  await view.locator('.session:not(.compare)').waitFor();
  await view.locator('.card[data-rule="overfitting"] .card-head').click();
  await view.locator('.card.open.focus[data-rule="overfitting"]').waitFor();
});

await steps.run('training-panel-theme-back', async () => {
  await toggleTheme();
});

await steps.run('compare-models-panel', async () => {
  await closeAllEditors();
  await palette('mlide: Compare Two Models');
  for (const [which, model] of [['model A', 'a.pt'], ['model B', 'b.pt']]) {
    // The second picker reuses the first one's widget: wait for its title, or the click can land
    // on a row of the list being replaced.
    await page.locator('.quick-input-title', { hasText: which }).waitFor();
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: model });
    await row.first().waitFor();
    await row.first().click();
  }
  await webview().locator('h1', { hasText: 'Model Comparison' }).waitFor();
  await webview().locator('.model.b', { hasText: 'b.pt' }).waitFor();
  // The server has no attribution engine yet: its own words, not an empty history.
  await webview().locator('.notice', { hasText: 'not in this build yet; nothing was computed' }).waitFor();
  if (await webview().locator('.empty, table').count()) throw new Error('the panel lists comparisons no engine made');
});

await steps.run('rule-documentation', async () => {
  await closeAllEditors();
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: file }).first().dblclick();
  await squiggles.first().waitFor();
  const { x, y } = await squiggleCenter();
  await page.mouse.click(x, y);
  await palette('mlide: Show Rule Documentation');
  const input = page.locator('.quick-input-widget input');
  await page.waitForFunction(() => /ML\d{3}/.test(document.querySelector('.quick-input-widget input')?.value ?? ''));
  const code = await input.inputValue();
  await page.keyboard.press('Enter');
  await webview().locator('h1', { hasText: code }).first().waitFor();
});

await steps.run('restart-server', async () => {
  await palette('mlide: Restart Server');
  // Back to the example (the rule page is in front): the restarted server lints it again.
  await page.locator('.tabs-container .tab', { hasText: file }).first().click();
  await page.locator('.statusbar-item', { hasText: 'mlide' }).first().waitFor();
  await squiggles.first().waitFor();
  await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel .monaco-list-row', { hasText: /ML\d{3}/ }).first().waitFor();
});

log.end();
await context.close().catch(() => undefined);
process.exit(steps.summary('VS Code UI test') || (failed ? 1 : 0));
