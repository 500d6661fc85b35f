// The whole project type-checks under TypeScript strict: core, shell, renderer, tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

test('TypeScript strict type check passes for the whole project', () => {
  const run = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json'], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(run.status, 0, `tsc reported errors:\n${run.stdout}${run.stderr}`);
});
