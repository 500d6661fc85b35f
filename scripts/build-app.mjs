// Bundles the Electron side into dist/app, next to the renderer's dist/renderer:
//   main.cjs     the main process            (main/app/main.ts)
//   preload.cjs  the sandboxed preload       (main/preload/preload.ts)
//   core.cjs     the core's utility process  (main/core/utility-entry.ts)
//   backup-worker.cjs  the backup's worker thread (main/backup/worker/worker-entry.ts)
// CommonJS because a sandboxed preload can only be a single CommonJS file, and the main
// process and utility process load the same way. `electron` is provided by the runtime; the
// native SQLite module stays in node_modules (unpacked from the asar by electron-builder).
//
// Usage: node scripts/build-app.mjs [--only=main,preload,core]
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'app');

// Node target of the oldest Electron we support (45 ships Node 22); the preload runs in
// Chromium, for which this target is conservative as well.
const common = {
  bundle: true,
  format: 'cjs',
  target: 'node22',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: root,
};

const bundles = {
  main: { ...common, platform: 'node', entryPoints: ['main/app/main.ts'], outfile: path.join(outdir, 'main.cjs'), external: ['electron'] },
  preload: {
    ...common,
    platform: 'browser',
    entryPoints: ['main/preload/preload.ts'],
    outfile: path.join(outdir, 'preload.cjs'),
    external: ['electron'],
  },
  core: {
    ...common,
    platform: 'node',
    entryPoints: ['main/core/utility-entry.ts'],
    outfile: path.join(outdir, 'core.cjs'),
    external: ['electron', 'better-sqlite3-multiple-ciphers'],
    // main/backup/worker/run-task.ts reads import.meta only when run from source (tsx); the
    // bundle takes the backup-worker.cjs branch instead.
    logOverride: { 'empty-import-meta': 'silent' },
  },
  // The backup's SQLite work (snapshot, integrity check) runs in a worker thread of the core.
  'backup-worker': {
    ...common,
    platform: 'node',
    entryPoints: ['main/backup/worker/worker-entry.ts'],
    outfile: path.join(outdir, 'backup-worker.cjs'),
    external: ['electron', 'better-sqlite3-multiple-ciphers'],
  },
};

const onlyArg = process.argv.find((arg) => arg.startsWith('--only='));
const names = onlyArg ? onlyArg.slice('--only='.length).split(',') : Object.keys(bundles);
for (const name of names) {
  if (!(name in bundles)) {
    console.error(`build-app: unknown bundle "${name}" (known: ${Object.keys(bundles).join(', ')})`);
    process.exit(2);
  }
}

if (!onlyArg) await rm(outdir, { recursive: true, force: true });

let failed = false;
for (const name of names) {
  try {
    await build(bundles[name]);
    console.log(`build-app: ${path.relative(root, bundles[name].outfile)}`);
  } catch {
    // esbuild has already printed the errors.
    console.error(`build-app: ${name} failed`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
