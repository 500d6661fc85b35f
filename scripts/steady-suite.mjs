// Is the suite steady? Runs the whole `npm test` (scripts/run-tests.mjs) K times in a row with
// CPU-burning processes beside it, as issue 13 asks: "the full npm test passes 5 times in a
// row with two CPU-burning processes running beside it". A wait that waits for time instead of
// a state shows up here as a run with failures.
//
//   node scripts/steady-suite.mjs                      5 runs of everything, 2 burners
//   node scripts/steady-suite.mjs --runs 2 test/e2e    2 runs of the end-to-end files only
//   node scripts/steady-suite.mjs --burners 0          without the load, for comparison
//
// Each run's full output goes to test-results/steady/run-<n>.log; the screen gets one line per
// run and, last, "K runs: N passed each" or the failures by run, then PASS or MISS.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const logDir = join(root, 'test-results', 'steady');

function parseArgs(argv) {
  const options = { runs: 5, burners: 2, filters: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--runs' || arg === '--burners') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < (arg === '--runs' ? 1 : 0)) throw new Error(`${arg} needs a whole number, got ${argv[i]}`);
      options[arg.slice(2)] = value;
    } else {
      options.filters.push(arg);
    }
  }
  return options;
}

const options = parseArgs(process.argv.slice(2));

// The burners: busy loops at normal priority, one per requested CPU's worth of load. They are
// killed however this script ends (normal end, an error, Ctrl+C, SIGTERM).
const burners = Array.from({ length: options.burners }, () => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
let current = null;
function stopEverything() {
  for (const b of burners) if (b.exitCode === null && b.signalCode === null) b.kill('SIGKILL');
  // The test run is its own process group (detached), so its test files and browsers go too.
  if (current && current.exitCode === null) {
    try {
      process.kill(-current.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}
process.on('exit', stopEverything);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    stopEverything();
    process.exit(130);
  });
}

const seconds = (ms) => {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
};

/** One `npm test` run: its counts (from run-tests' last line) and the names of the failed tests (the spec reporter's ✖ lines). */
function runOnce(n) {
  return new Promise((resolve) => {
    const log = createWriteStream(join(logDir, `run-${n}.log`));
    const started = Date.now();
    const child = spawn(process.execPath, [join(root, 'scripts', 'run-tests.mjs'), ...options.filters], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    current = child;
    let tail = '';
    let counts = null;
    const failed = new Set();
    const take = (chunk) => {
      log.write(chunk);
      const text = tail + chunk.toString('utf8');
      const lines = text.split('\n');
      tail = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^\s*✖ (.+?)(?: \(\d[\d.]*m?s\))?$/.exec(line);
        if (m && !/^failing tests:?$/.test(m[1])) failed.add(m[1]);
        const summary = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/.exec(line.trim());
        if (summary) counts = { passed: Number(summary[1]), failed: Number(summary[2]), skipped: Number(summary[3] ?? 0) };
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('close', (code) => {
      take('\n');
      log.end();
      current = null;
      const result = counts ?? { passed: 0, failed: 1, skipped: 0 };
      resolve({ ...result, ok: code === 0 && result.failed === 0 && result.passed > 0, failedTests: [...failed], ms: Date.now() - started });
    });
  });
}

mkdirSync(logDir, { recursive: true });
console.log(`steady suite: ${options.runs} runs of npm test${options.filters.length ? ` ${options.filters.join(' ')}` : ''} beside ${options.burners} CPU burners, node ${process.version}; logs in ${logDir}`);
const results = [];
for (let n = 1; n <= options.runs; n++) {
  const r = await runOnce(n);
  results.push(r);
  console.log(`run ${n}/${options.runs}: ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''} in ${seconds(r.ms)}${r.ok ? '' : ` — failed: ${r.failedTests.join('; ') || `see run-${n}.log`}`}`);
}
stopEverything();

const passedCounts = [...new Set(results.map((r) => r.passed))];
const failures = results.flatMap((r, i) => (r.ok ? [] : [`run ${i + 1}: ${r.failed} failed${r.failedTests.length ? ` (${r.failedTests.join('; ')})` : ''}`]));
if (failures.length === 0 && passedCounts.length === 1) {
  console.log(`${options.runs} runs: ${passedCounts[0]} passed each, 0 failures`);
  console.log('PASS');
} else {
  console.log(`${options.runs} runs: passed ${results.map((r) => r.passed).join(' / ')}; failures: ${failures.length ? failures.join(' | ') : 'none, but the passed counts differ'}`);
  console.log('MISS');
}
process.exitCode = failures.length === 0 && passedCounts.length === 1 ? 0 : 1;
