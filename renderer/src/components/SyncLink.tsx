// The link to the provincial exchange at a glance: a coloured tag for its state, and the
// core's own sentence about what is wrong and what to do. Red means the node has stopped
// and a person must act (certificate); orange means it is retrying by itself (offline);
// grey means nothing is wrong, sync is just off (paused, not configured); blue, an address
// is set and the first contact is still to come.
import {
  CheckCircleOutlined,
  DisconnectOutlined,
  ExclamationCircleOutlined,
  InfoCircleOutlined,
  PauseCircleOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
} from '@ant-design/icons';
import { Alert, Tag } from 'antd';
import type { ReactNode } from 'react';
import type { SyncStatus } from '../../../common/contract';
import { useI18n } from '../i18n';
import { TID } from '../testids';

type Link = SyncStatus['link'];

const LOOK: Record<Link, { colour: string | undefined; icon: ReactNode }> = {
  online: { colour: 'green', icon: <CheckCircleOutlined /> },
  offline: { colour: 'orange', icon: <DisconnectOutlined /> },
  certificate: { colour: 'red', icon: <SafetyCertificateOutlined /> },
  paused: { colour: undefined, icon: <PauseCircleOutlined /> },
  'not-configured': { colour: undefined, icon: <SettingOutlined /> },
  'not-contacted': { colour: 'blue', icon: <InfoCircleOutlined /> },
};

export function SyncLinkTag({ link }: { link: Link }) {
  const { t } = useI18n();
  return (
    <Tag color={LOOK[link].colour} icon={LOOK[link].icon} data-testid={TID.syncLinkState} data-link={link}>
      {t(`sync.link.${link}`)}
    </Tag>
  );
}

/** antd has no grey or orange alert: these are info alerts drawn in antd's grey and orange. */
const NEUTRAL = { background: '#f5f5f5', border: '1px solid #d9d9d9' };
const ORANGE = { background: '#fff7e6', border: '1px solid #ffd591' };

export function SyncProblem({ link, problem }: { link: Link; problem: string }) {
  const common = { showIcon: true, title: problem };
  let alert: ReactNode;
  switch (link) {
    case 'certificate':
      alert = <Alert type="error" icon={<SafetyCertificateOutlined />} {...common} />;
      break;
    case 'offline':
      alert = <Alert type="info" style={ORANGE} icon={<DisconnectOutlined style={{ color: '#fa8c16' }} />} {...common} />;
      break;
    case 'paused':
    case 'not-configured':
      alert = (
        <Alert
          type="info"
          style={NEUTRAL}
          icon={link === 'paused' ? <PauseCircleOutlined style={{ color: '#8c8c8c' }} /> : <SettingOutlined style={{ color: '#8c8c8c' }} />}
          {...common}
        />
      );
      break;
    case 'online':
    case 'not-contacted':
      alert = <Alert type="info" icon={<InfoCircleOutlined />} {...common} />;
      break;
    default:
      alert = <Alert type="error" icon={<ExclamationCircleOutlined />} {...common} />;
  }
  return (
    <div data-testid={TID.syncProblem} data-link={link}>
      {alert}
    </div>
  );
}
