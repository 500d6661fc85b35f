// Proves the layer boundaries in eslint.config.js bite: small snippets are linted as if
// they lived at given paths, and the whole repository must lint without errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: repoRoot, overrideConfigFile: path.join(repoRoot, 'eslint.config.js') });

const BOUNDARY_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax']);

/** The boundary violations ESLint reports for `code` placed at `file` (repo-relative). */
async function boundaryErrors(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  assert.ok(result, `no lint result for ${file}`);
  const ignored = result.messages.find((m) => m.message.includes('ignored'));
  assert.equal(ignored, undefined, `${file} is ignored by the config, so the test proves nothing`);
  return result.messages.filter((m) => m.ruleId && BOUNDARY_RULES.has(m.ruleId)).map((m) => m.message);
}

async function assertRejected(code: string, file: string, why: RegExp) {
  const errors = await boundaryErrors(code, file);
  assert.ok(errors.length > 0, `expected a boundary error for \`${code}\` in ${file}`);
  assert.match(errors.join('\n'), why, `${file}: ${errors.join(' | ')}`);
}

async function assertAllowed(code: string, file: string) {
  assert.deepEqual(await boundaryErrors(code, file), [], `expected no boundary error for \`${code}\` in ${file}`);
}

const importApp = "import { app } from 'electron';\nexport { app };\n";

test('only the Electron shell imports electron', async () => {
  for (const file of ['main/store/x.ts', 'main/core/x.ts', 'main/api/router-x.ts', 'main/cli/x.ts', 'sync/client/x.ts', 'certs/x.ts', 'test/x.test.ts', 'bench/x.ts', 'scripts/x.mjs']) {
    await assertRejected(importApp, file, /Only the Electron shell/);
  }
  await assertRejected("import type { App } from 'electron';\nexport type { App };\n", 'main/core/x.ts', /Only the Electron shell/);
  await assertRejected("export { safeStorage } from 'electron/main';\n", 'main/store/x.ts', /Only the Electron shell/);
  await assertRejected("export const e = await import('electron');\n", 'main/core/x.ts', /Only the Electron shell/);
  await assertRejected("export const e = require('electron');\n", 'main/auth/x.cts', /Only the Electron shell/);

  await assertAllowed(importApp, 'main/app/x.ts');
  await assertAllowed("import { contextBridge } from 'electron';\nexport { contextBridge };\n", 'main/preload/x.ts');
  // A package whose name merely starts with "electron" is not Electron.
  await assertAllowed("import { build } from 'electron-builder';\nexport { build };\n", 'scripts/x.ts');
});

test('the contract and the catalog stay pure: no Node built-ins, no electron', async () => {
  for (const spec of ['node:fs', 'node:crypto', 'fs', 'crypto', 'path', 'fs/promises']) {
    const code = `import x from '${spec}';\nexport { x };\n`;
    await assertRejected(code, 'main/catalog/x.ts', /Pure code/);
    await assertRejected(code, 'main/api/contract.ts', /Pure code/);
  }
  await assertRejected(importApp, 'main/catalog/x.ts', /Only the Electron shell/);
  // A sibling file that happens to share a built-in's name is fine.
  await assertAllowed("import { x } from './path';\nexport { x };\n", 'main/catalog/x.ts');
  // Their tests run under Node.
  await assertAllowed("import { test } from 'node:test';\nexport { test };\n", 'main/catalog/x.test.ts');
  // The rest of main/api is not imported by the renderer and may use Node.
  await assertAllowed("import fs from 'node:fs';\nexport { fs };\n", 'main/api/router-x.ts');
});

test('the renderer sees only the contract and the catalog from main/', async () => {
  const file = 'renderer/src/screens/x.tsx';
  for (const spec of ['../../../main/store/database', '../../../main/core/open-node', '../../../main/api/router', '../../../main/app/main', '../../../main', '../../../main/catalog/../store/database']) {
    await assertRejected(`import { x } from '${spec}';\nexport { x };\n`, file, /only main\/api\/contract and main\/catalog/);
  }
  await assertRejected("import { x } from '../../main/store/database';\nexport { x };\n", 'renderer/src/x.ts', /only main\/api\/contract/);
  await assertAllowed("import { channels } from '../../main/api/contract';\nexport { channels };\n", 'renderer/src/x.ts');
  await assertAllowed("import type { Catalog } from '../../../main/catalog/types';\nexport type { Catalog };\n", file);
  await assertAllowed("import { validateValue } from '../../main/catalog';\nexport { validateValue };\n", 'renderer/src/x.ts');
  await assertAllowed("import { Screen } from './main-layout';\nexport { Screen };\n", 'renderer/src/x.ts');

  await assertRejected("import fs from 'node:fs';\nexport { fs };\n", 'renderer/src/x.ts', /Pure code/);
  await assertRejected("import { createHash } from 'crypto';\nexport { createHash };\n", 'renderer/src/x.ts', /Pure code/);
  await assertRejected("import { ipcRenderer } from 'electron';\nexport { ipcRenderer };\n", 'renderer/src/x.ts', /Only the Electron shell/);
  // The build config runs under Node.
  await assertAllowed("import { fileURLToPath } from 'node:url';\nexport { fileURLToPath };\n", 'renderer/vite.config.ts');
});

test('nothing outside renderer/ imports the renderer', async () => {
  const code = "import { App } from '../../renderer/src/App';\nexport { App };\n";
  for (const file of ['main/app/x.ts', 'main/core/x.ts', 'sync/client/x.ts', 'test/e2e/x.ts']) {
    await assertRejected(code, file, /Nothing outside renderer/);
  }
  await assertRejected("import { x } from '../renderer/src/x';\nexport { x };\n", 'test/x.ts', /Nothing outside renderer/);
});

test('sync/ and certs/ use no electron, React, renderer or shell', async () => {
  for (const file of ['sync/client/x.ts', 'sync/protocol/x.ts', 'certs/x.ts']) {
    await assertRejected(importApp, file, /Only the Electron shell/);
    await assertRejected("import { useState } from 'react';\nexport { useState };\n", file, /UI-free/);
    await assertRejected("import { Button } from 'antd';\nexport { Button };\n", file, /UI-free/);
  }
  await assertRejected("import { x } from '../../main/app/ipc-relay';\nexport { x };\n", 'sync/client/x.ts', /never depend on the Electron shell/);
  await assertRejected("import { x } from '../main/app/main';\nexport { x };\n", 'certs/x.ts', /never depend on the Electron shell/);
  await assertRejected("import { x } from '../../renderer/src/x';\nexport { x };\n", 'sync/client/x.ts', /Nothing outside renderer/);
  await assertAllowed("import { createHash } from 'node:crypto';\nexport { createHash };\n", 'certs/x.ts');
  await assertAllowed("import type { NodeConfig } from '../../main/core/types';\nexport type { NodeConfig };\n", 'sync/client/x.ts');
});

test('the whole repository lints without errors', async () => {
  const results = await eslint.lintFiles(['.']);
  const errors = results.reduce((sum, r) => sum + r.errorCount, 0);
  if (errors > 0) {
    const formatter = await eslint.loadFormatter('stylish');
    console.log(await formatter.format(results.filter((r) => r.errorCount > 0)));
  }
  assert.ok(results.length > 10, `linted only ${results.length} files`);
  assert.equal(errors, 0, `${errors} lint error(s); see the output above`);
});
