// Proves the layer boundaries in eslint.config.js bite: small snippets are linted as if
// they lived at given paths, and the whole repository must lint without errors. The tier
// rule (scripts/eslint-tiers.mjs) gets one planted wrong import per tier, and the right
// imports beside it, so a rule that stopped biting, or bit too much, fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { sourceFolders } from './architecture/folder-graph';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: repoRoot, overrideConfigFile: path.join(repoRoot, 'eslint.config.js') });

const BOUNDARY_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax', 'tiers/import-order']);

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

test('the shared vocabulary (common/) stays pure: no Node built-ins, no electron', async () => {
  for (const spec of ['node:fs', 'node:crypto', 'fs', 'crypto', 'path', 'fs/promises']) {
    const code = `import x from '${spec}';\nexport { x };\n`;
    await assertRejected(code, 'common/catalog/x.ts', /Pure code/);
    await assertRejected(code, 'common/contract/index.ts', /Pure code/);
  }
  await assertRejected(importApp, 'common/catalog/x.ts', /Only the Electron shell/);
  await assertRejected(importApp, 'common/contract/x.ts', /Only the Electron shell/);
  // A sibling file that happens to share a built-in's name is fine.
  await assertAllowed("import { x } from './path';\nexport { x };\n", 'common/catalog/x.ts');
  // Their tests run under Node.
  await assertAllowed("import { test } from 'node:test';\nexport { test };\n", 'common/catalog/x.test.ts');
  // main/api is not imported by the renderer and may use Node.
  await assertAllowed("import fs from 'node:fs';\nexport { fs };\n", 'main/api/router-x.ts');
});

test('the renderer sees only common/ from the rest of the project', async () => {
  const file = 'renderer/src/screens/x.tsx';
  for (const spec of ['../../../main/store/database', '../../../main/core/open-node', '../../../main/api/router', '../../../main/app/main', '../../../main', '../../../common/catalog/../../main/store/database', '../../../platform/redact', '../../../sync/protocol/messages']) {
    await assertRejected(`import { x } from '${spec}';\nexport { x };\n`, file, /imports only common\//);
  }
  await assertRejected("import { x } from '../../main/store/database';\nexport { x };\n", 'renderer/src/x.ts', /imports only common\//);
  // Its tests too: they prove the page's code, which sees nothing else.
  await assertRejected("import { x } from '../../main/store/database';\nexport { x };\n", 'renderer/src/x.test.ts', /imports only common\//);
  await assertAllowed("import { channels } from '../../common/contract';\nexport { channels };\n", 'renderer/src/x.ts');
  await assertAllowed("import type { Catalog } from '../../../common/catalog/types';\nexport type { Catalog };\n", file);
  await assertAllowed("import { validateValue } from '../../common/catalog';\nexport { validateValue };\n", 'renderer/src/x.ts');
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
  await assertAllowed("import type { PendingRow } from '../../main/store/sync-rows';\nexport type { PendingRow };\n", 'sync/client/x.ts');
});

// ---- Tiers (docs/architecture.md): imports go down the ladder only ------------------------

/** `import { x } from '<spec>'`, linted as `file`. */
const importOf = (spec: string) => `import { x } from '${spec}';\nexport { x };\n`;

test('tier 3, main/store, imports neither the concerns nor main/api nor main/core', async () => {
  await assertRejected(importOf('../api/router'), 'main/store/x.ts', /main\/store \(tier 3, store\) may not import main\/api \(tier 5, api\)/);
  await assertRejected(importOf('../core/open-node'), 'main/store/x.ts', /may not import main\/core/);
  await assertRejected(importOf('../audit/audit-log'), 'main/store/x.ts', /may not import main\/audit/);
  await assertRejected(importOf('../../../sync/client/engine'), 'main/store/migrations/x.ts', /may not import sync\/client/);
  // The reason travels with the refusal.
  await assertRejected(importOf('../api/router'), 'main/store/x.ts', /holds every SQL statement/);

  await assertAllowed(importOf('./database'), 'main/store/x.ts');
  await assertAllowed(importOf('../database'), 'main/store/migrations/x.ts');
  await assertAllowed(importOf('../../common/contract'), 'main/store/x.ts');
  await assertAllowed(importOf('../../sync/protocol/messages'), 'main/store/x.ts');
  await assertAllowed(importOf('../../platform/atomic-file'), 'main/store/x.ts');
});

test('tier 4, the concerns, import the store and each other but not main/api, main/core or the programs', async () => {
  await assertRejected(importOf('../core/open-node'), 'main/records/x.ts', /main\/records \(tier 4, concerns\) may not import main\/core \(tier 6, composition\)/);
  await assertRejected(importOf('../../api/runtime'), 'main/backup/worker/x.ts', /may not import main\/api/);
  await assertRejected(importOf('../cli/print'), 'main/status/x.ts', /may not import main\/cli/);
  await assertRejected(importOf('../../main/core/types'), 'sync/client/x.ts', /sync\/client \(tier 4, concerns\) may not import main\/core/);
  // Dynamic and type-position imports tie the folders together just the same.
  await assertRejected("export const m = await import('../core/open-node');\n", 'main/intake/x.ts', /may not import main\/core/);
  await assertRejected("export type T = import('../core/types').NodeConfig;\n", 'main/sync/x.ts', /may not import main\/core/);
  await assertRejected("export type { NodeConfig } from '../core/types';\n", 'main/auth/x.ts', /may not import main\/core/);

  await assertAllowed(importOf('../store/records-repo'), 'main/records/x.ts');
  await assertAllowed(importOf('../audit/audit-log'), 'main/auth/x.ts');
  await assertAllowed(importOf('../../sync/client/engine'), 'main/sync/x.ts');
  await assertAllowed(importOf('../../main/store/sync-rows'), 'sync/client/x.ts');
  await assertAllowed(importOf('../../certs'), 'main/sync/x.ts');
  await assertAllowed(importOf('../../formats/backup'), 'main/backup/x.ts');
});

test('concerns and main/api get typed repositories, never the raw database handle', async () => {
  for (const file of ['main/auth/x.ts', 'main/audit/x.ts', 'main/records/x.ts', 'main/intake/x.ts', 'main/status/x.ts', 'main/sync/x.ts', 'main/api/x.ts']) {
    await assertRejected(importOf('../store/database'), file, /Only main\/store and the composition root \(main\/core\) hold the raw database handle/);
  }
  await assertRejected("import type { Database } from '../../store/database';\nexport type { Database };\n", 'main/backup/worker/x.ts', /raw database handle/);
  await assertRejected(importOf('../../main/store/database.ts'), 'sync/client/x.ts', /raw database handle/);
  await assertRejected(importOf('../store/database'), 'main/cli/x.ts', /raw database handle/);

  await assertAllowed(importOf('./database'), 'main/store/records-repo-x.ts');
  await assertAllowed(importOf('../store/database'), 'main/core/x.ts');
  // Tests may open a database however they like.
  await assertAllowed(importOf('../store/database'), 'main/records/x.test.ts');
  await assertAllowed(importOf('../../main/store/database'), 'test/support/x.ts');
});

test('tier 5, main/api, never imports the composition root or the programs', async () => {
  await assertRejected(importOf('../core/services'), 'main/api/x.ts', /main\/api \(tier 5, api\) may not import main\/core \(tier 6, composition\)/);
  await assertRejected(importOf('../app/ipc-relay'), 'main/api/x.ts', /may not import main\/app/);
  await assertRejected(importOf('../cli/print'), 'main/api/x.ts', /may not import main\/cli/);

  await assertAllowed(importOf('../records/records-service'), 'main/api/x.ts');
  await assertAllowed(importOf('../store/records-repo'), 'main/api/x.ts');
  await assertAllowed(importOf('../../common/contract'), 'main/api/x.ts');
  await assertAllowed(importOf('./router'), 'main/api/x.ts');
});

test('tier 6, main/core, imports everything below it and nothing that starts it', async () => {
  await assertRejected(importOf('../cli/commands'), 'main/core/x.ts', /main\/core \(tier 6, composition\) may not import main\/cli \(tier 7, programs\)/);
  await assertRejected(importOf('../app/core-client'), 'main/core/x.ts', /may not import main\/app/);

  for (const spec of ['../api/router', '../records/records-service', '../store/database', '../../sync/client/engine', '../../platform/data-paths', '../../common/catalog']) {
    await assertAllowed(importOf(spec), 'main/core/x.ts');
  }
});

test('tier 7, the programs, import the tiers below and not one another', async () => {
  await assertRejected(importOf('../app/key-sealing'), 'main/cli/x.ts', /main\/cli \(tier 7, programs\) may not import main\/app/);
  await assertRejected(importOf('../cli/print'), 'main/app/x.ts', /may not import main\/cli/);
  await assertRejected(importOf('../../sync/exchange/server'), 'main/cli/x.ts', /Only tests import sync\/exchange/);

  await assertAllowed(importOf('../core/open-node'), 'main/cli/x.ts');
  await assertAllowed(importOf('../core/utility-protocol'), 'main/app/x.ts');
  await assertAllowed(importOf('../../common/contract'), 'main/preload/x.ts');
});

test('tier 2 (formats, sync/protocol, certs, platform) imports only common/ and tier 2', async () => {
  await assertRejected(importOf('../main/store/key-slots'), 'platform/x.ts', /platform \(tier 2, node-shared\) may not import main\/store \(tier 3, store\)/);
  await assertRejected(importOf('../../main/store/database'), 'formats/backup/x.ts', /may not import main\/store/);
  await assertRejected(importOf('../client/engine'), 'sync/protocol/x.ts', /may not import sync\/client/);
  await assertRejected(importOf('../main/core/types'), 'certs/x.ts', /may not import main\/core/);
  await assertRejected(importOf('../exchange/server'), 'sync/protocol/x.ts', /Only tests import sync\/exchange/);

  await assertAllowed(importOf('../../platform/atomic-file'), 'formats/backup/x.ts');
  await assertAllowed(importOf('../common/contract'), 'certs/x.ts');
  await assertAllowed(importOf('./canonical-json'), 'sync/protocol/x.ts');
});

test('tier 1, common/, imports only common/', async () => {
  await assertRejected(importOf('../../platform/redact'), 'common/contract/x.ts', /common\/contract \(tier 1, common\) may not import platform \(tier 2, node-shared\)/);
  await assertRejected(importOf('../../main/store/database'), 'common/catalog/x.ts', /imports only other common\/ files/);
  await assertRejected(importOf('../../sync/protocol/messages'), 'common/catalog/x.ts', /may not import sync\/protocol/);
  await assertRejected(importOf('../../renderer/src/i18n'), 'common/catalog/x.ts', /Nothing outside renderer/);

  await assertAllowed(importOf('../catalog/types'), 'common/contract/x.ts');
  await assertAllowed(importOf('./validators'), 'common/catalog/x.ts');
});

test('sync/exchange, the reference exchange, imports only tiers 1 and 2', async () => {
  await assertRejected(importOf('../../main/store/database'), 'sync/exchange/x.ts', /sync\/exchange \(exchange\) may not import main\/store \(tier 3, store\)/);
  await assertRejected(importOf('../../main/backup/create'), 'sync/exchange/x.ts', /never the node's main\/ or sync\/client/);
  await assertRejected(importOf('../client/engine'), 'sync/exchange/x.ts', /may not import sync\/client/);

  for (const spec of ['../protocol/messages', '../../formats/backup', '../../certs', '../../platform/atomic-file', '../../common/catalog', './server']) {
    await assertAllowed(importOf(spec), 'sync/exchange/x.ts');
  }
});

test('product code never imports tests, bench or scripts', async () => {
  await assertRejected(importOf('../../test/support/pki'), 'main/sync/x.ts', /test\/support is not product code/);
  await assertRejected(importOf('../bench/generate-records'), 'certs/x.ts', /bench is not product code/);
  // Tests, and the test helpers beside them, may.
  await assertAllowed(importOf('../../test/support/pki'), 'sync/exchange/test-fixture.ts');
  await assertAllowed(importOf('../../test/support/pki'), 'sync/exchange/x.test.ts');
});

test('tests, bench and scripts may import any tier', async () => {
  await assertAllowed(importOf('../../main/core/open-node'), 'test/e2e/x.test.ts');
  await assertAllowed(importOf('../main/store/database'), 'bench/x.ts');
  await assertAllowed(importOf('../main/cli'), 'scripts/x.ts');
  // A concern's own test may reach up to the composition root to build a real node.
  await assertAllowed(importOf('../core/open-node'), 'main/records/x.test.ts');
});

test('every source folder is checked by the block of its own tier', async () => {
  // A folder without a tier block would be checked by nothing; the rule itself reports a
  // block that names the wrong tier, and the whole-repository lint below would show that.
  const folders = sourceFolders(repoRoot);
  assert.ok(folders.length > 15, `only ${folders.length} folders found`);
  for (const folder of folders) {
    const file = folder === 'renderer' ? 'renderer/src/x.ts' : `${folder}/x.ts`;
    const config = await eslint.calculateConfigForFile(path.join(repoRoot, file));
    const rule = config.rules?.['tiers/import-order'];
    assert.ok(Array.isArray(rule) && rule[0] === 2, `${folder} is not checked by tiers/import-order`);
    await assertAllowed('export const x = 1;\n', file);
  }

  // A block that names the wrong tier for its folder is itself an error.
  const drifted = new ESLint({
    cwd: repoRoot,
    overrideConfigFile: path.join(repoRoot, 'eslint.config.js'),
    overrideConfig: { files: ['main/store/**'], rules: { 'tiers/import-order': ['error', { tier: 'api' }] } },
  });
  const [result] = await drifted.lintText('export const x = 1;\n', { filePath: path.join(repoRoot, 'main/store/x.ts') });
  assert.match(result?.messages.map((m) => m.message).join('\n') ?? '', /checks this file as tier "api", but scripts\/eslint-tiers\.mjs puts main\/store\/x\.ts in "store"/);
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
