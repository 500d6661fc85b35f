// Makes the core's idle timeout follow the person, not the network. The core ends a
// session after N minutes without a call; a clerk typing a long form makes no calls, and
// would lose the form on save. So while someone is actually using the keyboard or mouse,
// a light auth.me now and then keeps the session alive; once nobody has touched the
// machine for longer than the timeout, one auth.me confirms the session is over, and the
// UNAUTHENTICATED answer sends the app to the login screen — so personal data does not
// stay on an unattended screen until someone clicks.
import { useEffect } from 'react';
import { ACTIVITY_EVENTS } from './activity';
import { call, lastCallTime } from './api';

const TICK_MS = 30_000;
/** Keep-alive at most this often, well inside the timeout. */
const KEEPALIVE_MS = 4 * 60_000;
/** "Active" means input within the last tick or two. */
const ACTIVE_WINDOW_MS = 60_000;
/** Wait a little past the core's timeout, so the check itself cannot extend the session. */
const GRACE_MS = 30_000;

export function useIdleWatch(enabled: boolean, idleTimeoutMinutes: number): void {
  useEffect(() => {
    if (!enabled) return;
    let lastInput = Date.now();
    let checkedIdle = false;
    const onInput = () => {
      lastInput = Date.now();
      checkedIdle = false;
    };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, onInput, { capture: true, passive: true });
    const timer = window.setInterval(() => {
      const now = Date.now();
      const idleFor = now - lastInput;
      if (idleFor < ACTIVE_WINDOW_MS && now - lastCallTime() > KEEPALIVE_MS) {
        void call('auth.me', {});
      } else if (!checkedIdle && idleFor > idleTimeoutMinutes * 60_000 + GRACE_MS && now - lastCallTime() > idleTimeoutMinutes * 60_000 + GRACE_MS) {
        checkedIdle = true; // one check per idle spell; the answer does the rest
        void call('auth.me', {});
      }
    }, TICK_MS);
    return () => {
      window.clearInterval(timer);
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, onInput, { capture: true });
    };
  }, [enabled, idleTimeoutMinutes]);
}
