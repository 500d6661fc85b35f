// 节点状态. Officials, administrators, operators and auditors get the dashboard: an overall
// banner, the seven tiles in green / yellow / red, activity charts and the per-resource table,
// refreshed every 30 s while the window is shown and someone is at the machine. Clerks keep the simple identity and
// counts view (the dashboard channel is not theirs). Aggregates only, for every role: the
// dashboard is built so that an official never sees personal data.
import { AppstoreOutlined, SettingOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Space, Spin, Typography } from 'antd';
import { useCallback, useRef, useState } from 'react';
import type { Dashboard, ProvidedResources, StatusThresholds } from '../../../common/contract';
import { usePollWhileActive, useUserActive } from '../activity';
import { call, type ApiError } from '../api';
import { CoreError } from '../components/CoreError';
import { ActivityCharts } from '../components/status/ActivityCharts';
import { DiagnosticsButton } from '../components/status/DiagnosticsButton';
import { NodeSummary } from '../components/status/NodeSummary';
import { OverallBanner } from '../components/status/OverallBanner';
import { ResourceStatusTable } from '../components/status/ResourceStatusTable';
import { StatusTiles } from '../components/status/StatusTiles';
import { ThresholdsModal } from '../components/status/ThresholdsModal';
import { ProvidedResourcesModal } from '../components/status/ProvidedResourcesModal';
import { formatTime } from '../format';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { TID } from '../testids';

/** Status figures move slowly (backups daily, heartbeats every few minutes): 30 s is plenty. */
const POLL_MS = 30_000;

export function StatusScreen() {
  const { user } = useSession();
  return user.role === 'clerk' ? <NodeSummary /> : <DashboardScreen />;
}

function DashboardScreen() {
  const { t } = useI18n();
  const { user } = useSession();
  const userActive = useUserActive();
  const [dashboard, setDashboard] = useState<Dashboard | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const [editing, setEditing] = useState(false);
  const [choosingProvided, setChoosingProvided] = useState(false);
  const live = useRef(true);
  const shown = useRef(false);

  const refresh = useCallback(async () => {
    const r = await call('status.dashboard', {});
    shown.current = shown.current || r.ok;
    if (!live.current) return;
    setNow(Date.now());
    if (r.ok) {
      setDashboard(r.value);
      setError(null);
    } else setError(r.error);
  }, []);

  // The timer's refreshes skip a hidden window (minimised, another tab) once there is
  // something on screen: nobody is reading it, and the next look brings it up to date.
  const poll = useCallback(async () => {
    if (document.visibilityState === 'hidden' && shown.current) return;
    await refresh();
  }, [refresh]);
  usePollWhileActive(poll, POLL_MS, live);

  // Only a refresh the person asked for spins the button; the timer's refreshes are quiet.
  async function refreshNow() {
    setLoading(true);
    await refresh();
    if (live.current) setLoading(false);
  }

  const thresholdsSaved = (thresholds: StatusThresholds) => {
    setEditing(false);
    if (dashboard) setDashboard({ ...dashboard, thresholds });
    // The levels depend on the thresholds: ask again rather than guess.
    void refresh();
  };

  const providedSaved = (_provided: ProvidedResources) => {
    setChoosingProvided(false);
    // 已逾期 depends on the list: ask again rather than guess.
    void refresh();
  };

  const d = dashboard;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid={TID.statusDashboard}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('menu.status')}
          </Typography.Title>
          {d && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={TID.statusGeneratedAt}>
              {t('dash.generatedAt', { time: formatTime(d.generatedAt) })} · {userActive ? t('dash.autoRefresh') : t('dash.autoRefreshPaused')}
            </Typography.Text>
          )}
        </div>
        <Space wrap>
          {user.role === 'admin' && (
            <Button icon={<AppstoreOutlined />} disabled={!d} onClick={() => setChoosingProvided(true)} data-testid={TID.statusProvided}>
              {t('dash.provided')}
            </Button>
          )}
          {user.role === 'admin' && (
            <Button icon={<SettingOutlined />} disabled={!d} onClick={() => setEditing(true)} data-testid={TID.statusThresholds}>
              {t('dash.thresholds')}
            </Button>
          )}
          {(user.role === 'admin' || user.role === 'operator') && <DiagnosticsButton />}
          <Button onClick={() => void refreshNow()} loading={loading} data-testid={TID.statusRefresh}>
            {t('common.refresh')}
          </Button>
        </Space>
      </Flex>

      {error && !d && <CoreError error={error} title={t('dash.loadFailed')} testId={TID.statusError} />}
      {/* A failed refresh after a good one: keep the last figures and say how old they are. */}
      {error && d && (
        <div data-testid={TID.statusError} data-code={error.code}>
          <Alert type="warning" showIcon title={t('dash.stale', { time: formatTime(d.generatedAt) })} description={error.message} />
        </div>
      )}
      {!d && !error && (
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin description={t('common.loading')} />
        </Flex>
      )}

      {d && (
        <>
          <Typography.Text type="secondary" data-testid={TID.statusNode}>
            {t('dash.nodeLine', { unit: d.node.unitName, division: d.node.divisionCode, node: d.node.nodeId })}
          </Typography.Text>
          <OverallBanner overall={d.overall} tiles={d.tiles} />
          <StatusTiles tiles={d.tiles} now={now} />
          <ActivityCharts daily={d.daily} queueDepth={d.queueDepth} />
          <Card title={t('dash.resources')} size="small">
            <ResourceStatusTable resources={d.resources} />
          </Card>
        </>
      )}

      {editing && d && <ThresholdsModal thresholds={d.thresholds} onClose={() => setEditing(false)} onSaved={thresholdsSaved} />}
      {choosingProvided && d && <ProvidedResourcesModal resources={d.resources} provided={d.provided} onClose={() => setChoosingProvided(false)} onSaved={providedSaved} />}
    </Space>
  );
}
