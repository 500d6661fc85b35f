// Whether a person is at the machine. Screens that refresh themselves (the sync queue every
// 2 s, the certificate check every 10 min) make calls, and every call refreshes the core's
// idle timer — so left running on an unattended screen they would keep the session alive
// forever and defeat the idle timeout (see idle.ts). They ask here first, and skip their
// automatic calls while nobody has touched the keyboard or mouse for a while.
import { useEffect, useState, type MutableRefObject } from 'react';

export const ACTIVITY_EVENTS = ['keydown', 'mousedown', 'wheel', 'touchstart'] as const;

/** Automatic refreshes stop after this long without input: well inside the core's 15 min. */
export const AUTO_REFRESH_IDLE_MS = 3 * 60_000;

let lastInputAt = Date.now();
let listening = false;
const subscribers = new Set<() => void>();

function onInput(): void {
  const wasIdle = Date.now() - lastInputAt > AUTO_REFRESH_IDLE_MS;
  lastInputAt = Date.now();
  if (wasIdle) for (const s of subscribers) s();
}

function listen(): void {
  if (listening) return;
  listening = true;
  for (const e of ACTIVITY_EVENTS) window.addEventListener(e, onInput, { capture: true, passive: true });
}

// Listen from the start (this module loads with the app), so typing on the login screen
// already counts and the first screen after login does not begin "idle".
if (typeof window !== 'undefined') listen();

/** True when someone used the keyboard or mouse within the last `windowMs`. */
export function userActiveWithin(windowMs: number = AUTO_REFRESH_IDLE_MS): boolean {
  listen();
  return Date.now() - lastInputAt <= windowMs;
}

/** Calls `fn` when input arrives after an idle spell, so paused refreshes resume at once. */
export function onUserBack(fn: () => void): () => void {
  listen();
  subscribers.add(fn);
  return () => subscribers.delete(fn);
}

/** For screens that show "auto refresh paused": re-checks every `tickMs`. */
export function useUserActive(tickMs = 5_000): boolean {
  const [active, setActive] = useState(() => userActiveWithin());
  useEffect(() => {
    const timer = window.setInterval(() => setActive(userActiveWithin()), tickMs);
    const off = onUserBack(() => setActive(true));
    return () => {
      window.clearInterval(timer);
      off();
    };
  }, [tickMs]);
  return active;
}

/**
 * Polls `refresh` at once and then `intervalMs` after each answer, one call at a time;
 * skipped while nobody is at the machine (so an open screen does not hold the session open),
 * resumed on the first input. `live` turns false when the screen goes away, so late answers
 * can be dropped by the caller. `enabled` false stops the polling as leaving the screen
 * does, for something that ends (an import job once it is done); true starts it again.
 */
export function usePollWhileActive(refresh: () => Promise<void>, intervalMs: number, live: MutableRefObject<boolean>, enabled = true): void {
  useEffect(() => {
    if (!enabled) return;
    live.current = true;
    let timer: number | undefined;
    const schedule = () => {
      if (live.current) timer = window.setTimeout(() => void tick(), intervalMs);
    };
    const tick = async () => {
      if (userActiveWithin()) await refresh();
      schedule();
    };
    void refresh().then(schedule);
    const off = onUserBack(() => void refresh());
    return () => {
      live.current = false;
      window.clearTimeout(timer);
      off();
    };
  }, [refresh, intervalMs, live, enabled]);
}
