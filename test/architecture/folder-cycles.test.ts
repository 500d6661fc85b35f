// No import cycle between folders (docs/architecture.md, "How the order holds"). The lint
// rule orders the tiers; this test covers what the rule allows — folders of one tier (the
// concerns; formats, certs and platform) importing each other — where a cycle can still
// grow unnoticed. Wave 1 grew one across nine folders of main/; this keeps the next out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeCycles, findCycles, folderOf, graphOf, importEdges, relativeSpecifiers, resolveSpecifier, sourceFolders, SOURCE_ROOTS } from './folder-graph';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const edge = (from: string, to: string) => ({ from, to });

test('the source has no import cycle between folders', () => {
  const edges = importEdges(repoRoot);
  // Proves the scan found the tree: every source root, and imports between them.
  const folders = sourceFolders(repoRoot);
  for (const folder of ['common/catalog', 'common/contract', 'platform', 'formats/backup', 'certs', 'sync/protocol', 'sync/client', 'sync/exchange', 'main/store', 'main/api', 'main/core', 'renderer']) {
    assert.ok(folders.includes(folder), `the scan did not find ${folder}`);
  }
  assert.ok(edges.length > 100, `only ${edges.length} cross-folder imports found`);

  const cycles = findCycles(graphOf(edges));
  assert.deepEqual(cycles, [], `import cycles between folders:\n${describeCycles(cycles, edges)}`);
});

test('the scan covers every source root the type check covers', () => {
  // A new top-level source folder added to tsconfig.json but not to SOURCE_ROOTS would
  // escape the cycle check (and the tier check, which lists the same folders).
  const tsconfig = JSON.parse(readFileSync(path.join(repoRoot, 'tsconfig.json'), 'utf8')) as { include: string[] };
  const outsideProduct = new Set(['test', 'bench', 'scripts']);
  assert.deepEqual(tsconfig.include.filter((root) => !outsideProduct.has(root)).sort(), [...SOURCE_ROOTS].sort());
});

test('a planted cycle is found and named as a walk', () => {
  const graph = graphOf([edge('main/store', 'platform'), edge('main/auth', 'main/store'), edge('main/store', 'main/api'), edge('main/api', 'main/auth'), edge('main/api', 'common/contract')]);
  assert.deepEqual(findCycles(graph), [['main/api', 'main/auth', 'main/store', 'main/api']]);
});

test('two separate cycles are both reported, a two-folder one included', () => {
  const graph = graphOf([edge('a/x', 'a/y'), edge('a/y', 'a/x'), edge('b/x', 'b/y'), edge('b/y', 'b/z'), edge('b/z', 'b/x'), edge('a/x', 'b/x')]);
  assert.deepEqual(findCycles(graph), [
    ['a/x', 'a/y', 'a/x'],
    ['b/x', 'b/y', 'b/z', 'b/x'],
  ]);
});

test('a graph with no cycle passes, however tangled its diamonds', () => {
  const graph = graphOf([
    edge('main/core', 'main/api'),
    edge('main/core', 'main/records'),
    edge('main/api', 'main/records'),
    edge('main/api', 'main/audit'),
    edge('main/records', 'main/audit'),
    edge('main/records', 'main/store'),
    edge('main/audit', 'main/store'),
    edge('main/store', 'common/contract'),
    edge('renderer', 'common/contract'),
  ]);
  assert.deepEqual(findCycles(graph), []);
});

test('imports inside one folder are not edges', () => {
  assert.deepEqual(findCycles(graphOf([edge('main/store', 'main/store')])), []);
  assert.equal(folderOf('main/store/migrations/001-initial-schema.ts'), 'main/store');
  assert.equal(folderOf('platform/atomic-file.ts'), 'platform');
  assert.equal(folderOf('renderer/src/components/status/x.tsx'), 'renderer');
  assert.equal(folderOf('common/catalog/index.ts'), 'common/catalog');
});

test('every kind of import is read, and comments and strings are not imports', () => {
  const source = [
    "import a from './a';",
    "import type { B } from '../b';",
    "export * from './c';",
    "export { d } from './d';",
    "import './side-effect';",
    "type T = import('./type-position').T;",
    "const m = await import('./dynamic');",
    "// import x from './commented';",
    "const s = \"import y from './in-a-string'\";",
    "import z from 'zod';",
  ].join('\n');
  assert.deepEqual(relativeSpecifiers(source), ['./a', '../b', './c', './d', './side-effect', './type-position', './dynamic']);
});

test('a planted cycle on disk fails the scan, and the scan of the same tree without it passes', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'folder-cycles-'));
  try {
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    };
    write('main/store/repo.ts', "import { x } from '../../platform/paths';\nexport const repo = x;\n");
    write('platform/paths.ts', 'export const x = 1;\n');
    write('main/api/router.ts', "import { repo } from '../store/repo';\nexport const router = repo;\n");
    write('common/contract/index.ts', 'export const channels = [];\n');
    // Tests may import anything: this one must not count.
    write('main/store/repo.test.ts', "import { router } from '../api/router';\nexport { router };\n");
    assert.equal(resolveSpecifier(root, 'main/api/x.ts', '../../common/contract'), 'common/contract/index.ts');
    assert.deepEqual(findCycles(graphOf(importEdges(root))), []);

    write('main/store/wrong.ts', "import { router } from '../api/router';\nexport const wrong = router;\n");
    const edges = importEdges(root);
    const cycles = findCycles(graphOf(edges));
    assert.deepEqual(cycles, [['main/api', 'main/store', 'main/api']]);
    // The message names the walk and the import behind each step, so the fix is obvious.
    assert.equal(
      describeCycles(cycles, edges),
      ["cycle: main/api → main/store → main/api", "  main/api → main/store: main/api/router.ts imports '../store/repo'", "  main/store → main/api: main/store/wrong.ts imports '../api/router'"].join('\n'),
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
