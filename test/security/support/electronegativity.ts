// Runs Electronegativity (npm @doyensec/electronegativity, Doyensec's checker for Electron
// misconfigurations) over the shell's source, offline, through its Node API (dist/runner.js).
// Not its command line: 1.10.3 does not declare `commander` and, in this repository, loads
// our commander 14, whose API it predates, and fails before scanning.
//
// Offline on purpose: the build machines reach only the npm registry, and a test must not
// depend on the network. Electronegativity touches it in two places, both through `got`:
// its i18n loader fetches updated translations from S3 on every run (no option turns that
// off; a failure is caught and the bundled en-US strings are used), and the global check
// AVAILABLE_SECURITY_FIXES downloads Electron's release list from GitHub. The first is
// answered by a stand-in `got` that refuses at once and records the address; the second
// check is excluded (which Electron release we ship is pinned in package.json, not found
// out at test time). The stand-in records every address asked for, so the test can prove
// nothing else tried to go out.
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const PACKAGE_JSON = require.resolve('@doyensec/electronegativity/package.json');
const DIST = join(PACKAGE_JSON, '..', 'dist');

/** The check that would download Electron's release list (see above). */
export const NETWORK_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

export interface Finding {
  id: string;
  /** CRITICAL, HIGH, MEDIUM, LOW or INFORMATIONAL. */
  severity: string;
  /** CERTAIN, FIRM or TENTATIVE. */
  confidence: string;
  /** Relative to the scanned folder (main/app/…, main/preload/…, renderer/index.html). */
  file: string;
  line: number;
  description: string;
  manualReview: boolean;
}

export interface Scan {
  findings: Finding[];
  /** Files it could not parse (a parse error would hide findings, so the test fails on any). */
  errors: { file: string; message: string; tolerable: boolean }[];
  /** Addresses something tried to fetch during the run; all were refused. */
  refusedDownloads: string[];
  checksRun: number;
}

interface RawIssue {
  id: string;
  file: string;
  location: { line: number; column: number };
  description: string;
  severity: { name: string };
  confidence: { name: string };
  manualReview?: boolean;
}
type Run = (options: Record<string, unknown>, forCli: boolean) => Promise<{ issues: RawIssue[]; errors: Scan['errors']; globalChecks: number; atomicChecks: number }>;

/** Puts a refusing `got` where Electronegativity's modules will require it. */
function installOfflineGot(refused: string[]): () => void {
  const gotPath = createRequire(join(DIST, 'locales', 'i18n.js')).resolve('got');
  const previous = require.cache[gotPath];
  const stub = new Module(gotPath);
  stub.filename = gotPath;
  stub.loaded = true;
  stub.exports = (url: unknown) => {
    refused.push(String(url));
    return Promise.reject(new Error('offline: the security checks may not download anything'));
  };
  require.cache[gotPath] = stub;
  return () => {
    if (previous) require.cache[gotPath] = previous;
    else delete require.cache[gotPath];
  };
}

/**
 * Copies what ships in the shell into a scratch folder: the main process and preload sources
 * (not their tests, whose stand-ins would be reported as if they shipped), the page's HTML
 * with its CSP, and a package.json naming the Electron version, as an app folder would have.
 */
export function stageShell(root: string, electronVersion: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'edge-node-electronegativity-'));
  for (const folder of ['main/app', 'main/preload']) {
    for (const name of readdirSync(join(root, folder))) {
      if (name.endsWith('.ts') && !name.endsWith('.test.ts')) cpSync(join(root, folder, name), join(dir, folder, name));
    }
  }
  cpSync(join(root, 'renderer', 'index.html'), join(dir, 'renderer', 'index.html'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'edge-node', main: 'main/app/main.ts', devDependencies: { electron: electronVersion } }));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function scanShell(dir: string, electronVersion: string): Promise<Scan> {
  const refusedDownloads: string[] = [];
  const restoreGot = installOfflineGot(refusedDownloads);
  // Its i18n reads LANG to pick a locale; en-US is bundled, so the descriptions are stable.
  const lang = process.env['LANG'];
  process.env['LANG'] = 'en-US';
  const log = console.log;
  console.log = () => {}; // "Could not retrieve updated translations…" on every run
  try {
    const run = require(join(DIST, 'runner.js')) as Run;
    const result = await run(
      {
        input: dir,
        customScan: [],
        excludeFromScan: NETWORK_CHECKS,
        isRelative: true,
        isVerbose: false,
        electronVersionOverride: electronVersion,
        parserPlugins: [],
      },
      false,
    );
    return {
      findings: result.issues.map((i) => ({
        id: i.id,
        severity: i.severity.name,
        confidence: i.confidence.name,
        file: i.file,
        line: i.location.line,
        description: i.description,
        manualReview: i.manualReview === true,
      })),
      errors: result.errors,
      refusedDownloads,
      checksRun: result.globalChecks + result.atomicChecks,
    };
  } finally {
    console.log = log;
    if (lang === undefined) delete process.env['LANG'];
    else process.env['LANG'] = lang;
    restoreGot();
  }
}
