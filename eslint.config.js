// ESLint flat config: typescript-eslint's recommended rules, plus the layer boundaries of
// ../shared/DESIGN.md ("Processes and layers", "Layout") and docs/architecture.md, so a
// wrong import fails `npm run lint` instead of relying on memory.
// test/lint-boundaries.test.ts proves each boundary rejects what it should.
//
// Two mechanisms, one job each:
// - `no-restricted-imports` / `no-restricted-syntax` for package imports: electron only in
//   the shell, no Node built-ins in pure code, no React in sync/ and certs/.
// - `tiers/import-order` (scripts/eslint-tiers.mjs) for imports between the project's own
//   folders: it resolves each relative specifier and checks the two folders' tiers. One
//   block per tier, at the end of this file.
//
// How the `no-restricted-imports` blocks combine: in a flat config the LAST block that
// matches a file and sets a rule wins outright — options are not merged. So the first block
// sets the rule for every file, and each later block (one per layer, their folders
// disjoint) repeats the complete list for its layer.
//
// `no-restricted-imports` sees `import` and `export … from` declarations only, so a
// `no-restricted-syntax` block below also catches `import('electron')` and
// `require('electron')` outside the shell. Relative paths are matched as written
// (`../../renderer/x`), which is how every import in this repository is spelled.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';
import tiers from './scripts/eslint-tiers.mjs';

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

// ---------------------------------------------------------------------------------------
// What a layer may be forbidden to import. Each is one `patterns` entry of the rule.

const electron = {
  regex: '^electron(/.*)?$',
  message: 'Only the Electron shell (main/app, main/preload) imports electron: everything else runs under plain Node too (CLI, tests, the utility process).',
};

// The same, for esquery selectors (which cannot escape a slash): electron, electron/main…
const ELECTRON_SELECTOR = '/^electron(\\W(main|renderer|common|utility))?$/';

const nodeBuiltins = {
  regex: `^(node:.+|(${builtinModules.map(escape).join('|')})(/.*)?)$`,
  message: 'Pure code: the renderer (a browser) imports this file, so it may not use Node built-ins.',
};

const intoRenderer = {
  regex: '^(\\.\\./)+renderer(/.*)?$',
  message: 'Nothing outside renderer/ imports it: the renderer is a client of the API contract, not a library.',
};

const react = {
  regex: '^(react|react-dom|antd|@ant-design/.+)(/.*)?$',
  message: 'sync/ and certs/ are UI-free: no React or antd.',
};

const intoShell = {
  regex: '^(\\.\\./)+main/(app|preload)(/.*)?$',
  message: 'sync/ and certs/ never depend on the Electron shell.',
};

const boundary = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

const TESTS = ['**/*.test.ts', '**/*.test.tsx'];

export default defineConfig(
  // Build output, and scratch folders (which the test runner skips as well).
  globalIgnores(['dist/', 'node_modules/', 'release/', 'test-results/', 'coverage/', '.edge-node-data/', '**/scratch/', '**/.scratch/']),

  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `_name` marks a parameter kept for its position (event handlers, callbacks).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },

  // Plain JavaScript runs under Node (scripts/, bin/, this file), except the renderer's
  // static files, which run in the page.
  { files: ['**/*.{js,mjs,cjs}'], languageOptions: { globals: globals.node } },
  { files: ['renderer/public/**/*.js'], languageOptions: { globals: globals.browser, sourceType: 'script' } },

  // ---- Layer boundaries ------------------------------------------------------------------

  // Everywhere: the core, CLI, sync, certs, tests and benchmarks never import electron,
  // and nothing reaches into the renderer.
  { files: ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'], rules: boundary(electron, intoRenderer) },

  // …and not by the back door either.
  {
    files: ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
    // The shell may; the smoke test asks the npm package for the binary's path (what
    // require('electron') returns under plain Node) and never loads Electron's API.
    ignores: ['main/app/**', 'main/preload/**', 'test/electron-smoke.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: `ImportExpression[source.value=${ELECTRON_SELECTOR}]`, message: electron.message },
        { selector: `CallExpression[callee.name='require'][arguments.0.value=${ELECTRON_SELECTOR}]`, message: electron.message },
      ],
    },
  },

  // The Electron shell: the only place electron may be imported.
  { files: ['main/app/**', 'main/preload/**'], rules: boundary(intoRenderer) },

  // The shared vocabulary (common/: catalog, API contract) is pure: the renderer, a browser
  // page, imports it too, so no Node built-ins and no electron. Its tests run under Node
  // and fall back to the first block.
  { files: ['common/**'], ignores: TESTS, rules: boundary(electron, nodeBuiltins, intoRenderer) },

  // The renderer: a sandboxed browser page. Which of the project's folders it may import
  // (only common/) is the tier rule's business below; here, no Node built-ins and no
  // electron. Its build config runs under Node, and its tests under Node's test runner.
  { files: ['renderer/**'], ignores: ['renderer/*.config.*', ...TESTS], rules: boundary(electron, nodeBuiltins) },
  { files: TESTS.map((glob) => `renderer/${glob}`), rules: boundary(electron) },

  // Sync engine and certificates: shared by the app, the CLI and the reference exchange, so
  // no electron, no UI and no dependence on the shell.
  { files: ['sync/**', 'certs/**'], rules: boundary(electron, react, intoRenderer, intoShell) },

  // ---- Tiers: what may import what (docs/architecture.md) ---------------------------------
  //
  // One block per tier: its folders, and the rule told which tier they are. The rule knows
  // every tier's folders (scripts/eslint-tiers.mjs) to place the imported file, and reports
  // a file whose block here names another tier than its folder, so the two cannot drift.
  // Tests (and `test-*.ts` helpers beside them) may import anything but electron, so only
  // the renderer's tests, which the renderer rule covered before, stay under their tier.
  { plugins: { tiers } },
  tier('common', ['common/**']), //                 1 shared vocabulary: catalog, API contract
  tier('node-shared', ['formats/**', 'sync/protocol/**', 'certs/**', 'platform/**']), // 2
  tier('store', ['main/store/**']), //              3 every SQL statement, typed repositories
  tier('concerns', ['main/auth/**', 'main/audit/**', 'main/records/**', 'main/sync/**', 'main/intake/**', 'main/backup/**', 'main/status/**', 'sync/client/**']), // 4
  tier('api', ['main/api/**']), //                  5 router, runtime type, handlers per area
  tier('composition', ['main/core/**']), //         6 the composition root
  tier('programs', ['main/cli/**', 'main/app/**', 'main/preload/**']), // 7 CLI, Electron shell
  tier('renderer', ['renderer/**'], { tests: true, ignores: ['renderer/*.config.*'] }), // beside: common/ only
  tier('exchange', ['sync/exchange/**']), //        beside: tiers 1–2 only
);

/** The block that checks one tier's files (tests left out unless `tests` is set). */
function tier(name, files, { tests = false, ignores = [] } = {}) {
  return {
    name: `tiers/${name}`,
    files,
    ignores: [...ignores, ...(tests ? [] : [...TESTS, '**/test-*.ts'])],
    rules: { 'tiers/import-order': ['error', { tier: name }] },
  };
}
