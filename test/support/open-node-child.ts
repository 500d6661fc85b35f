// A second, genuine process that opens a node's data folder, for the single-writer-lock tests.
//   node --import tsx test/support/open-node-child.ts <dataDir> <keyFile> try
//     opens the node, prints one JSON line {"ok":true,"pid":…} or {"ok":false,"name":…,"message":…}, closes, exits
//   node --import tsx test/support/open-node-child.ts <dataDir> <keyFile> hold
//     opens the node, prints the same JSON line, then keeps it open until stdin closes or says "close"
//   an optional fifth argument, a JSON LockHolder, says which program the child poses as
import { createInterface } from 'node:readline';
import { openNode } from '../../main/core/open-node';
import { keyFileProtector } from '../../platform/keyfile-protector';
import type { LockHolder } from '../../platform/single-writer-lock';

const [dataDir, keyFile, mode, holder] = process.argv.slice(2);
if (!dataDir || !keyFile || (mode !== 'try' && mode !== 'hold')) {
  console.error('usage: open-node-child.ts <dataDir> <keyFile> try|hold');
  process.exit(2);
}

try {
  const node = await openNode({ dataDir, keyProtector: keyFileProtector(keyFile), ...(holder ? { holder: JSON.parse(holder) as LockHolder } : {}) });
  console.log(JSON.stringify({ ok: true, pid: process.pid }));
  if (mode === 'try') {
    node.close();
  } else {
    const lines = createInterface({ input: process.stdin });
    await new Promise<void>((resolve) => {
      lines.on('line', (line) => line.trim() === 'close' && resolve());
      lines.on('close', resolve);
    });
    lines.close();
    node.close();
  }
} catch (error) {
  const e = error as Error;
  console.log(JSON.stringify({ ok: false, name: e.name, message: e.message }));
}
