// CPU profile of one phase of the sync bench (`--profile-engine FILE`): the inspector's
// profiler started just before the phase and stopped just after it, so the file shows the
// engine run alone, not the PKI, the first-run scrypt or the bulk registration around it.
// Summarise it with bench/profile-summary.ts.
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';

export async function profiled<T>(file: string | null, phase: () => Promise<T>): Promise<T> {
  if (!file) return phase();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    return await phase();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
}
