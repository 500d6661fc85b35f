#!/usr/bin/env node
// The `edge-node` command. Runs the TypeScript sources through tsx, so a source checkout
// needs no build step for headless use.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

// The project's tsconfig by path: tsx would otherwise look for one in the working
// directory, which below becomes the user's folder.
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });

// `npm run cli` runs this file in the package root whatever folder the user typed it in,
// so `--out node.csr` or `import 贫困户.xlsx` would resolve inside the checkout. npm leaves
// the user's folder in INIT_CWD: relative paths go back to meaning what they mean in the
// user's shell. Only for npm's `cli` script started in the package root, so a test or
// another program that runs this file elsewhere keeps its own working directory. Nothing
// in the CLI finds its own files through the working directory (serve's dist/renderer
// goes through import.meta.url).
if (process.env.npm_lifecycle_event === 'cli' && process.env.INIT_CWD && sameDir(process.cwd(), packageRoot)) {
  process.chdir(process.env.INIT_CWD);
}

const { main } = await import('../main/cli/index.ts');
process.exitCode = await main(process.argv);

function sameDir(a, b) {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}
