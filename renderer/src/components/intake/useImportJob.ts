// The import job of 数据导入, from 开始导入 to its report. The import runs in the core: this
// hook starts it (intake.start), then asks intake.job every 500 ms through
// usePollWhileActive — so, like every automatic refresh, it skips while nobody is at the
// machine and does not hold an idle session open — and stops once the job is done or
// failed, or the core no longer knows it. The job is remembered outside React, so leaving
// the page and coming back shows the same import's progress or report.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImportReport, IntakeJob } from '../../../../common/contract';
import { usePollWhileActive } from '../../activity';
import { call, type ApiError } from '../../api';
import { useSession } from '../../session';

const POLL_MS = 500;

export interface RunningImport {
  username: string;
  jobId: string;
  fileName: string;
  resourceCode: string;
}

export interface StartImport {
  fileName: string;
  fileBase64: string;
  resourceCode: string;
  /** Only for an XLSX workbook; other formats have no sheets. */
  sheet?: string;
}

export interface ImportJob {
  /** The import under way or last finished; null: none, the clerk chooses a file. */
  running: RunningImport | null;
  /** `running` until the core says otherwise (also before its first answer). */
  state: IntakeJob['state'];
  processedRows: number;
  /** Share of the file read so far (0–1); null when the core cannot tell. */
  fractionDone: number | null;
  report: ImportReport | null;
  /** The core's sentence when the job failed. */
  jobError: string | null;
  /** The last poll failed; polling stopped if `lost`. */
  pollError: ApiError | null;
  lost: boolean;
  starting: boolean;
  startError: ApiError | null;
  start: (input: StartImport) => Promise<void>;
  clearStartError: () => void;
  /** Lets go of the import shown (finished or lost) so another file can be chosen. */
  forget: () => void;
}

// The import under way or last finished, kept across visits to the page (the screen is
// re-created each time it is chosen). Tied to the user: another clerk signing in on the
// same window does not see it.
let remembered: RunningImport | null = null;

/** The core no longer knows this job (restarted, or it was someone else's): asking again is useless. */
function isLost(error: ApiError | null): boolean {
  return error?.code === 'NOT_FOUND' || error?.code === 'FORBIDDEN';
}

export function useImportJob(): ImportJob {
  const { user } = useSession();
  const [running, setRunning] = useState<RunningImport | null>(() => (remembered?.username === user.username ? remembered : null));
  const [job, setJob] = useState<IntakeJob | null>(null);
  const [pollError, setPollError] = useState<ApiError | null>(null);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<ApiError | null>(null);
  const live = useRef(true);

  // The job asked about now: an answer about an earlier one (the clerk started another
  // meanwhile) is dropped, as `live` alone cannot tell them apart.
  const jobId = running?.jobId;
  const current = useRef(jobId);
  useEffect(() => {
    current.current = jobId;
  }, [jobId]);

  const refresh = useCallback(async () => {
    if (!jobId) return;
    const r = await call('intake.job', { jobId });
    if (!live.current || current.current !== jobId) return;
    if (r.ok) {
      setJob(r.value);
      setPollError(null);
      return;
    }
    setPollError(r.error);
    if (isLost(r.error) && remembered?.jobId === jobId) remembered = null;
  }, [jobId]);

  // Done or failed: nothing more will change. Lost: nothing more can be learnt.
  const state = job?.state ?? 'running';
  const lost = isLost(pollError);
  usePollWhileActive(refresh, POLL_MS, live, jobId !== undefined && state === 'running' && !lost);

  const start = useCallback(
    async (input: StartImport) => {
      setStarting(true);
      setStartError(null);
      const r = await call('intake.start', input);
      setStarting(false);
      if (!r.ok) {
        setStartError(r.error);
        return;
      }
      const next: RunningImport = { username: user.username, jobId: r.value.jobId, fileName: input.fileName, resourceCode: input.resourceCode };
      remembered = next;
      setJob(null);
      setPollError(null);
      setRunning(next);
    },
    [user.username],
  );

  const clearStartError = useCallback(() => setStartError(null), []);

  const forget = useCallback(() => {
    remembered = null;
    setRunning(null);
    setJob(null);
    setPollError(null);
    setStartError(null);
  }, []);

  return {
    running,
    state,
    processedRows: job?.processedRows ?? 0,
    fractionDone: job?.fractionDone ?? null,
    report: job?.report ?? null,
    jobError: job?.error ?? null,
    pollError,
    lost,
    starting,
    startError,
    start,
    clearStartError,
    forget,
  };
}
