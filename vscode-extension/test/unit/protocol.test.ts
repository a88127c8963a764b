// src/lspExt.ts mirrors lsp-server/protocol/Extensions.hpp: every method, notification, command
// and key the server names is in the client under the same string, and the client names nothing
// the server does not. Read from both sources, so a rename on one side alone fails here.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(__dirname, '../../..');
const header = fs.readFileSync(path.join(root, '../lsp-server/protocol/Extensions.hpp'), 'utf8');
const client = fs.readFileSync(path.join(root, 'src/lspExt.ts'), 'utf8');

/** `inline constexpr const char* kName = "value";` -> value, from the C++ header. */
function serverStrings(text: string): string[] {
  return [...text.matchAll(/inline\s+constexpr\s+const\s+char\s*\*\s*k\w+\s*=\s*"([^"]*)"\s*;/g)].map((m) => m[1]);
}

/**
 * The protocol strings of lspExt.ts: the methods of `new RequestType<…>('m')` and
 * `new NotificationType<…>('m')`, the values of the `Commands` object, and top-level
 * `export const x = '…'` constants. Types and comments are not protocol and are skipped.
 */
function clientStrings(text: string): string[] {
  const methods = [...text.matchAll(/new\s+(?:Request|Notification)Type\d?\s*<[^>]*>\s*\(\s*'([^']+)'/g)].map((m) => m[1]);
  const commandsBlock = /export\s+const\s+Commands\s*=\s*\{([^}]*)\}/.exec(text)?.[1] ?? '';
  const commands = [...commandsBlock.matchAll(/^\s*\w+\s*:\s*'([^']+)'/gm)].map((m) => m[1]);
  const constants = [...text.matchAll(/^export\s+const\s+\w+\s*=\s*'([^']+)'\s*;/gm)].map((m) => m[1]);
  return [...methods, ...commands, ...constants];
}

const sorted = (xs: string[]) => [...xs].sort();
const missing = (from: string[], inside: string[]) => from.filter((x) => !inside.includes(x));

test('the extraction finds the protocol on both sides', () => {
  // Guards the regular expressions: an extraction that found nothing would make the mirror test pass.
  for (const known of ['mlide/serverStatus', 'mlide/sessionChanged', 'mlide.indexCorpus', 'source.fixAll.mlide']) {
    assert.ok(serverStrings(header).includes(known), `Extensions.hpp: ${known}`);
    assert.ok(clientStrings(client).includes(known), `lspExt.ts: ${known}`);
  }
});

test('every string in Extensions.hpp is in lspExt.ts', () => {
  const server = serverStrings(header);
  assert.deepEqual(missing(server, clientStrings(client)), [], 'named by the server, missing from src/lspExt.ts');
});

test('every protocol string in lspExt.ts is in Extensions.hpp', () => {
  assert.deepEqual(missing(clientStrings(client), serverStrings(header)), [], 'named by the client, missing from Extensions.hpp');
});

test('each string is named once on each side', () => {
  for (const [side, xs] of [['Extensions.hpp', serverStrings(header)], ['lspExt.ts', clientStrings(client)]] as const) {
    assert.deepEqual(sorted(xs), sorted([...new Set(xs)]), `${side} names a string twice`);
  }
});

test('the extraction reads what a change would look like', () => {
  // A request added on one side only is caught, in both directions.
  const extraHeader = `${header}\ninline constexpr const char* kNew = "mlide/new";\n`;
  assert.deepEqual(missing(serverStrings(extraHeader), clientStrings(client)), ['mlide/new']);
  const extraClient = `${client}\nexport const other = new RequestType<Empty, Empty, void>(\n  'mlide/other',\n);\n`;
  assert.deepEqual(missing(clientStrings(extraClient), serverStrings(header)), ['mlide/other']);
});
