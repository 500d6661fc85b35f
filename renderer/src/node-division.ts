// The node's own division code, which record forms check division codes against (the
// core checks the same on save). It comes from status.get, which every session may call,
// and is fetched once per login like the catalog (catalog.ts clears both at logout).
import { useEffect, useState } from 'react';
import { call } from './api';

let cached: Promise<string | null> | null = null;

function load(): Promise<string | null> {
  cached ??= call('status.get', {}).then((r) => {
    if (!r.ok) cached = null; // try again next time rather than remember a failure
    return r.ok ? r.value.divisionCode : null;
  });
  return cached;
}

export function clearNodeDivisionCache(): void {
  cached = null;
}

/** The node's division code once known; null before (or if status.get failed: the core still checks). */
export function useNodeDivision(): string | null {
  const [division, setDivision] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void load().then((d) => {
      if (live) setDivision(d);
    });
    return () => {
      live = false;
    };
  }, []);
  return division;
}
