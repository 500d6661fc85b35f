// Which screen is up: first-run setup, login, the first-login password change (an account
// on the password the admin set), or the signed-in layout. Any call that comes
// back UNAUTHENTICATED while signed in (idle timeout, session ended elsewhere) returns
// here to the login screen with a calm notice instead of an error.
import { App as AntApp, Button, Result, Spin } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SessionUser } from '../../common/contract';
import { call, setUnauthenticatedHandler } from './api';
import { clearCatalogCache } from './catalog';
import { useI18n, type MessageKey } from './i18n';
import { useIdleWatch } from './idle';
import { LoginScreen } from './screens/LoginScreen';
import { FirstPasswordScreen } from './screens/FirstPasswordScreen';
import { MainLayout } from './screens/MainLayout';
import { SetupScreen } from './screens/SetupScreen';
import { RestoreScreen } from './screens/RestoreScreen';
import { UnlockScreen } from './screens/UnlockScreen';
import { SessionContext, type Session } from './session';

type View =
  | { kind: 'loading' }
  | { kind: 'unreachable'; message: string }
  | { kind: 'setup' }
  | { kind: 'restore' }
  | { kind: 'unlock'; reason: string | null }
  | { kind: 'login'; notice?: MessageKey }
  | { kind: 'main'; user: SessionUser; idleTimeoutMinutes: number; mustChangePassword: boolean };

/** The core's default, used after a reload, when auth.me does not repeat it. */
const DEFAULT_IDLE_MINUTES = 15;

export function App() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [view, setView] = useState<View>({ kind: 'loading' });
  const [unitName, setUnitName] = useState('');

  const start = useCallback(async () => {
    setView({ kind: 'loading' });
    const status = await call('setup.status', {});
    if (!status.ok) {
      setView({ kind: 'unreachable', message: status.error.message });
      return;
    }
    setUnitName(status.value.unitName ?? '');
    if (!status.value.initialized) {
      setView({ kind: 'setup' });
      return;
    }
    if (status.value.locked) {
      setView({ kind: 'unlock', reason: status.value.lockedReason });
      return;
    }
    // After a reload the transport may still hold a live session.
    const me = await call('auth.me', {});
    if (!me.ok) {
      setView({ kind: 'login' });
      return;
    }
    const { mustChangePassword, ...user } = me.value;
    setView({ kind: 'main', user, idleTimeoutMinutes: DEFAULT_IDLE_MINUTES, mustChangePassword });
  }, []);

  useEffect(() => {
    void start();
  }, [start]);

  // Only a session that was live can time out; at start-up UNAUTHENTICATED is just "log in".
  const signedIn = view.kind === 'main';
  useIdleWatch(signedIn, view.kind === 'main' ? view.idleTimeoutMinutes : DEFAULT_IDLE_MINUTES);
  useEffect(() => {
    if (!signedIn) return;
    setUnauthenticatedHandler(() => {
      clearCatalogCache();
      message.destroy(); // no toast from the ended session lingers on the login screen
      setView({ kind: 'login', notice: 'session.expired' });
    });
    return () => setUnauthenticatedHandler(null);
  }, [signedIn, message]);

  const logout = useCallback(async () => {
    setUnauthenticatedHandler(null); // logging out is not a timeout
    await call('auth.logout', {});
    clearCatalogCache();
    message.destroy();
    setView({ kind: 'login', notice: 'session.loggedOut' });
  }, [message]);

  const session = useMemo<Session | null>(
    () => (view.kind === 'main' ? { user: view.user, unitName, logout } : null),
    [view, unitName, logout],
  );

  switch (view.kind) {
    case 'loading':
      return (
        <div style={{ display: 'grid', placeItems: 'center', height: '100%' }}>
          <Spin size="large" description={t('common.loading')} />
        </div>
      );
    case 'unreachable':
      return (
        <Result
          status="error"
          title={t('app.title')}
          subTitle={view.message}
          extra={<Button onClick={() => void start()}>{t('common.retry')}</Button>}
        />
      );
    case 'setup':
      return (
        <SetupScreen
          onDone={(name, hostKeyProtection) => {
            setUnitName(name);
            setView({ kind: 'login', notice: hostKeyProtection ? 'setup.done' : 'setup.doneNoHostKey' });
          }}
          onRestore={() => setView({ kind: 'restore' })}
        />
      );
    case 'restore':
      // 从备份恢复: afterwards the restored node's own accounts log in.
      return <RestoreScreen onBack={() => setView({ kind: 'setup' })} onDone={() => void start().then(() => setView({ kind: 'login', notice: 'restore.done' }))} />;
    case 'unlock':
      return <UnlockScreen reason={view.reason} onUnlocked={(notice) => void start().then(() => setView({ kind: 'login', notice }))} />;
    case 'login':
      return (
        <LoginScreen
          unitName={unitName}
          notice={view.notice}
          onLoggedIn={(user, idleTimeoutMinutes, mustChangePassword) => setView({ kind: 'main', user, idleTimeoutMinutes, mustChangePassword })}
        />
      );
    case 'main':
      return (
        <SessionContext.Provider value={session}>
          {view.mustChangePassword ? <FirstPasswordScreen onChanged={() => setView({ ...view, mustChangePassword: false })} /> : <MainLayout />}
        </SessionContext.Provider>
      );
  }
}
