// Entry point VS Code calls in the extension host (extensionTestsPath): runs the mocha suites.
// Results also go to $MLIDE_TEST_REPORT (one line per test) so the harness can show them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const report = process.env.MLIDE_TEST_REPORT;
  const log = (line: string) => {
    console.log(line);
    if (report) fs.appendFileSync(report, line + '\n');
  };
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'dot' });
  // MLIDE_TEST_SUITE=restricted: a window in Restricted Mode runs restricted.test.js alone.
  const restricted = process.env.MLIDE_TEST_SUITE === 'restricted';
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js') && (f === 'restricted.test.js') === restricted);
  for (const f of files.sort()) {
    mocha.addFile(path.join(__dirname, f));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      log(`host tests: ${runner.stats?.passes ?? 0} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} extension-host tests failed`));
      else resolve();
    });
    runner.on('pass', (t) => log(`  ok   ${t.fullTitle()} (${t.duration} ms)`));
    runner.on('fail', (t, err) => log(`  FAIL ${t.fullTitle()}\n       ${String(err?.stack ?? err).split('\n').join('\n       ')}`));
  });
}
