#!/usr/bin/env node
// The `edge-node` command. Runs the TypeScript sources through tsx, so a source checkout
// needs no build step for headless use.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../main/cli/index.ts');
process.exitCode = await main(process.argv);
