// One import in a process of its own, for import.bench.ts: opens a node that is already set
// up (data folder and key file given), logs in as the clerk, imports the file by path
// exactly as `edge-node import` does, and prints one JSON line with the report's counts,
// the time taken (wall and CPU) and the process's peak resident memory (getrusage maxRSS). Running it in
// its own process means the peak belongs to the import alone, not to the bench's generator.
//
//   node --import tsx bench/import-child.ts <dataDir> <keyFile> <file> <resourceCode>
import { openNode } from '../main/core/open-node';
import { keyFileProtector } from '../platform/keyfile-protector';
import { intakeHostAccess } from '../main/api/host-access';
import { PASSWORDS } from '../test/support/test-node';

const [dataDir, keyFile, file, resourceCode] = process.argv.slice(2);
if (!dataDir || !keyFile || !file || !resourceCode) throw new Error('usage: import-child.ts <dataDir> <keyFile> <file> <resourceCode>');

const node = await openNode({ dataDir, keyProtector: keyFileProtector(keyFile), sync: { automatic: false } });
try {
  const login = await node.dispatch(null, 'auth.login', { username: 'clerk', password: PASSWORDS.clerk });
  if (!login.result.ok || !login.sessionToken) throw new Error(`login failed: ${JSON.stringify(login.result)}`);
  const rssAtStart = process.resourceUsage().maxRSS;
  let samples = 0;
  let rssMaxSeen = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const report = await intakeHostAccess(node).importFromPath(login.sessionToken, file, { resourceCode }, () => {
    samples++;
    rssMaxSeen = Math.max(rssMaxSeen, process.memoryUsage().rss);
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  process.stdout.write(
    `${JSON.stringify({
      seconds,
      // CPU time of the import (all threads): steadier than wall time on a shared machine.
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      totalRows: report.totalRows,
      imported: report.imported,
      rejected: report.rejected,
      duplicates: report.duplicates,
      fileProblem: report.fileProblem,
      maxRssKiB: process.resourceUsage().maxRSS,
      rssAtStartKiB: rssAtStart,
      rssSampledMaxBytes: rssMaxSeen,
      samples,
    })}\n`,
  );
} finally {
  node.close();
}
