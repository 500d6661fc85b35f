// The project's one test command (`npm test`). Builds the renderer (the end-to-end tests
// drive it in Chromium), runs every *.test.ts under Node's test runner with the tsx loader,
// and ends with the plain summary line CI reads: "N passed, N failed[, N skipped]".
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const roots = ['common', 'platform', 'formats', 'main', 'sync', 'certs', 'test', 'renderer/src', 'bench'];
const filter = process.argv.slice(2);

function findTests(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'scratch' ? [] : findTests(path);
    return e.name.endsWith('.test.ts') ? [relative(root, path)] : [];
  });
}

const files = roots.flatMap((r) => findTests(join(root, r))).filter((f) => filter.length === 0 || filter.some((x) => f.includes(x))).sort();
if (files.length === 0) {
  console.log('no test files found');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

if (files.some((f) => f.startsWith('test/e2e/'))) {
  console.log('building the renderer for the end-to-end tests…');
  const build = spawnSync('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.log('renderer build failed');
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'edge-node-tests-'));
const summaryFile = join(scratch, 'summary.json');
const run = spawnSync(
  process.execPath,
  [
    '--import', 'tsx',
    '--test',
    '--test-concurrency=2',
    // Per file: a bound for a loaded machine (CLI files spawn dozens of commands, each tens of seconds under load), not a wait.
    '--test-timeout=1800000',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=./scripts/count-reporter.mjs', `--test-reporter-destination=${summaryFile}`,
    ...files,
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, EDGE_NODE_TEST: '1' } },
);

let counts = { passed: 0, failed: 1, skipped: 0 };
try {
  counts = JSON.parse(readFileSync(summaryFile, 'utf8'));
} catch {
  console.log('the test runner left no summary (it crashed or was killed)');
}
rmSync(scratch, { recursive: true, force: true });
const failed = counts.failed + (run.status !== 0 && counts.failed === 0 ? 1 : 0);
console.log(`${counts.passed} passed, ${failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
process.exit(failed === 0 && counts.passed > 0 ? 0 : 1);
