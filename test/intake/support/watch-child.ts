// A genuine second process for the kill test of watch folders: opens a node's data folder
// with its watch folders on and keeps it open until killed. The test kills it with SIGKILL
// while it is reading a file.
//   node --import tsx test/intake/support/watch-child.ts <dataDir> <keyFile>
import { openNode } from '../../../main/core/open-node';
import { keyFileProtector } from '../../../platform/keyfile-protector';

const [dataDir, keyFile] = process.argv.slice(2);
await openNode({ dataDir: dataDir!, keyProtector: keyFileProtector(keyFile!), intake: { watch: true, chunkRows: 50, watchOptions: { stableMs: 300, retryMs: 50, readAttempts: 3, laterMs: 300 } } });
console.log('ready');
setInterval(() => {}, 60_000); // stays up until killed
