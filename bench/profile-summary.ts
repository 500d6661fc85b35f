// Summarises a V8 .cpuprofile (from `node --cpu-prof --import tsx bench/…`): self time per
// function and inclusive time per function, top N, so a slow path can be named precisely.
//
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/register.bench.ts --count 20000
//   node --import tsx bench/profile-summary.ts /tmp/prof/CPU.*.cpuprofile [--top 30] [--busiest SECONDS]
//
// --busiest S: only the S seconds of the profile with the least idle time — the measured phase
// of a bench whose process also lives through set-up and baselines (the sync exchange's child).
import { readFileSync } from 'node:fs';
import { argNumber } from './generate-records';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const file = process.argv[2];
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [--top N] [--busiest SECONDS]');
const top = argNumber('top', 30);
const busiestSeconds = argNumber('busiest', 0);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Time per sample: the delta to the next sample.
const sampleTime = profile.samples.map((_, i) => profile.timeDeltas[i + 1] ?? 0);
const idleId = profile.nodes.find((n) => n.callFrame.functionName === '(idle)')?.id;

/** [first, end) sample indices of the busiest window, or all samples without --busiest. */
function sampleRange(): [number, number] {
  if (busiestSeconds <= 0) return [0, profile.samples.length];
  const span = busiestSeconds * 1e6;
  let best: [number, number] = [0, 0];
  let bestBusy = -1;
  let busy = 0;
  let elapsed = 0;
  let first = 0;
  for (let end = 0; end < profile.samples.length; end++) {
    elapsed += sampleTime[end]!;
    if (profile.samples[end] !== idleId) busy += sampleTime[end]!;
    for (; elapsed > span; first++) {
      elapsed -= sampleTime[first]!;
      if (profile.samples[first] !== idleId) busy -= sampleTime[first]!;
    }
    if (busy > bestBusy) [bestBusy, best] = [busy, [first, end + 1]];
  }
  return best;
}

const [firstSample, endSample] = sampleRange();
const selfTime = new Map<number, number>();
for (let i = firstSample; i < endSample; i++) {
  const dt = sampleTime[i]!;
  const id = profile.samples[i]!;
  selfTime.set(id, (selfTime.get(id) ?? 0) + dt);
}
const total = [...selfTime.values()].reduce((a, b) => a + b, 0);

const label = (n: ProfileNode) => {
  const url = n.callFrame.url.replace(/^file:\/\//, '').replace(/^.*\/work\/main\//, '').replace(/^.*node_modules\//, 'nm:');
  return `${n.callFrame.functionName || '(anonymous)'} ${url ? `${url}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
};

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, t] of selfTime) {
  const node = byId.get(id)!;
  self.set(label(node), (self.get(label(node)) ?? 0) + t);
  // Inclusive: count each distinct function once per stack.
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur)!);
    if (seen.has(l)) continue;
    seen.add(l);
    inclusive.set(l, (inclusive.get(l) ?? 0) + t);
  }
}

const show = (title: string, m: Map<string, number>) => {
  console.log(`\n${title} (of ${(total / 1e6).toFixed(2)} s sampled)`);
  for (const [l, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(t / 1e3).toFixed(0).padStart(8)} ms ${((t / total) * 100).toFixed(1).padStart(5)}%  ${l}`);
  }
};
show('self time', self);
show('inclusive time', inclusive);
