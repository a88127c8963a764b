// Shared by the VS Code test drivers: Debian's chromium through playwright-core, screenshots,
// and a tiny step runner that prints 'N passed, N failed'.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

export function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) args[argv[i].replace(/^--/, '')] = argv[i + 1];
  return args;
}

/** Headless Debian chromium with a fresh profile; no background traffic (the network is closed). */
export async function launchBrowser(profileDir) {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.MLIDE_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-features=Translate,MediaRouter'],
  });
}

/** Logs the page's console errors and crashes into a file under the artifacts folder. */
export function recordConsole(page, file) {
  const out = fs.createWriteStream(file);
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') out.write(`[${m.type()}] ${m.text()}\n`); });
  page.on('pageerror', (e) => out.write(`[pageerror] ${e.stack ?? e}\n`));
  return out;
}

export class Steps {
  constructor(page, artifacts, prefix) {
    this.page = page;
    this.artifacts = artifacts;
    this.prefix = prefix;
    this.n = 0;
    this.passed = 0;
    this.failed = 0;
  }

  async shot(name) {
    const file = path.join(this.artifacts, `${this.prefix}-${String(this.n).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file }).catch(() => undefined);
    return file;
  }

  /** Runs one step; a screenshot is saved either way. Returns false when the step failed. */
  async run(name, fn) {
    this.n += 1;
    const t0 = Date.now();
    try {
      await fn();
      this.passed += 1;
      const file = await this.shot(name);
      console.log(`  ok   ${name} (${Date.now() - t0} ms) -> ${path.basename(file)}`);
      return true;
    } catch (e) {
      this.failed += 1;
      const file = await this.shot(`${name}-FAILED`);
      console.log(`  FAIL ${name} (${Date.now() - t0} ms) -> ${path.basename(file)}\n       ${String(e?.message ?? e).split('\n').join('\n       ')}`);
      return false;
    }
  }

  summary(label) {
    console.log(`${label}: ${this.passed} passed, ${this.failed} failed`);
    return this.failed === 0 ? 0 : 1;
  }
}
