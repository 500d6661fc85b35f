// Helpers for intake tests against a real node: run an import through the API and wait for
// its job (bounded), reopen a node with intake options (watch folders, timings).
import assert from 'node:assert/strict';
import { openNode } from '../../../main/core/open-node';
import { keyFileProtector } from '../../../platform/keyfile-protector';
import type { IntakeOptions } from '../../../main/intake/intake-service';
import type { ImportReport, IntakeJob } from '../../../common/contract';
import type { TestNode } from '../../support/test-node';

export async function waitForJob(t: TestNode, token: string, jobId: string, timeoutMs = 180_000): Promise<IntakeJob> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await t.call(token, 'intake.job', { jobId });
    assert.ok(job.ok, JSON.stringify(job));
    if (job.value.state !== 'running') return job.value;
    if (Date.now() > deadline) throw new Error(`import job ${jobId} still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Starts an import through intake.start and waits for its report. */
export async function importBytes(t: TestNode, token: string, fileName: string, bytes: Buffer, resourceCode: string, sheet?: string): Promise<{ job: IntakeJob; report: ImportReport }> {
  const started = await t.call(token, 'intake.start', { fileName, fileBase64: bytes.toString('base64'), resourceCode, ...(sheet ? { sheet } : {}) });
  assert.ok(started.ok, JSON.stringify(started));
  const job = await waitForJob(t, token, started.value.jobId);
  assert.ok(job.report, `job ended without a report: ${JSON.stringify(job)}`);
  return { job, report: job.report };
}

/** Closes the test node and opens it again with intake options. */
export async function reopenWithIntake(t: TestNode, intake: IntakeOptions): Promise<void> {
  t.node.close();
  t.node = await openNode({ dataDir: t.dataDir, keyProtector: keyFileProtector(t.keyFile), intake });
}

/** Polls until `check` returns true; fails after `timeoutMs` (a bound for a loaded machine, not a wait). */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 120_000, everyMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
