// The crash loop's child as the app ships its core: one CommonJS bundle (esbuild, as
// scripts/build-app.mjs builds dist/app/core.cjs) with the backup worker's bundle beside it,
// where main/backup/worker/run-task.ts looks for it. Built once per test run into a folder
// under node_modules/.cache (so the bundle's require of the native SQLite module finds it);
// every restart then costs the node's own start, not a TypeScript compile.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';

const root = new URL('../..', import.meta.url).pathname;

/** Builds the bundles; returns the child's file and how to remove them. */
export async function bundleCrashLoopChild(): Promise<{ file: string; remove(): void }> {
  const outDir = join(root, 'node_modules', '.cache', `edge-node-crash-loop-${process.pid}`);
  mkdirSync(outDir, { recursive: true });
  const common: BuildOptions = {
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    absWorkingDir: root,
    logLevel: 'warning',
    external: ['electron', 'better-sqlite3-multiple-ciphers'],
    // Modules that read import.meta only when run from source take their bundled branch.
    logOverride: { 'empty-import-meta': 'silent' },
  };
  const child = join(outDir, 'crash-loop-child.cjs');
  await build({ ...common, entryPoints: ['test/endurance/crash-loop-child.ts'], outfile: child });
  await build({ ...common, entryPoints: ['main/backup/worker/worker-entry.ts'], outfile: join(outDir, 'backup-worker.cjs') });
  return { file: child, remove: () => rmSync(outDir, { recursive: true, force: true }) };
}
