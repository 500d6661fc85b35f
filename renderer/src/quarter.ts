// Quarters as the quarterly report (季度报告) counts them: calendar quarters in China Standard
// Time, like the core's figures. The page opens on the current quarter (issue 12): it is the
// one an official asks about ("how are we doing?"), and a node set up this quarter has nothing
// in the last one; the quarter just closed is one click away.

export interface Quarter {
  year: number;
  quarter: number;
}

const CST_OFFSET_MS = 8 * 60 * 60_000;

/** The quarter a moment falls in, in China Standard Time (whatever the machine's zone). */
export function quarterOf(at: Date): Quarter {
  const cst = new Date(at.getTime() + CST_OFFSET_MS);
  return { year: cst.getUTCFullYear(), quarter: Math.floor(cst.getUTCMonth() / 3) + 1 };
}

/** The quarter before `q` (Q1 → Q4 of the previous year). */
export function previousQuarter(q: Quarter): Quarter {
  return q.quarter === 1 ? { year: q.year - 1, quarter: 4 } : { year: q.year, quarter: q.quarter - 1 };
}

/** The quarter the report page opens on: the current one. */
export function defaultReportQuarter(now: Date): Quarter {
  return quarterOf(now);
}

/** The last quarter that has ended by `now`. */
export function lastFinishedQuarter(now: Date): Quarter {
  return previousQuarter(quarterOf(now));
}

/** Years the picker offers: from `firstYear` to the current one, newest first. */
export function selectableYears(now: Date, firstYear = 2017): number[] {
  const current = quarterOf(now).year;
  const years: number[] = [];
  for (let y = current; y >= Math.min(firstYear, current); y--) years.push(y);
  return years;
}

/** Whether `q` has not started yet at `now` (the core would answer an empty report). */
export function isFutureQuarter(q: Quarter, now: Date): boolean {
  const c = quarterOf(now);
  return q.year > c.year || (q.year === c.year && q.quarter > c.quarter);
}
