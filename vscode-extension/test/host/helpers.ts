// Shared by the extension-host suites (index.ts runs only the *.test.js files).
import * as vscode from 'vscode';

/** The example the tests open (run.sh passes it; examples/README.md lists what each one finds). */
export const example = process.env.MLIDE_TEST_FILE ?? 'keras_mnist.py';

export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 20_000, pollMs = 100): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

export const mlideDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'mlide');
export const codeOf = (d: vscode.Diagnostic) => String(typeof d.code === 'object' ? d.code.value : d.code);
