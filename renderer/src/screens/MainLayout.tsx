// The signed-in frame: header (unit, user, role, language, sign-out), the certificate expiry
// banner for the roles that look after sync, and a side menu that offers only what the
// user's role may use. The core checks roles on every call anyway; the menu just keeps
// people away from screens that would only answer FORBIDDEN.
import {
  AuditOutlined,
  CloudSyncOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  FileTextOutlined,
  FolderOpenOutlined,
  FormOutlined,
  SafetyCertificateOutlined,
  SearchOutlined,
  SettingOutlined,
  TeamOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { Button, Flex, Layout, Menu, Space, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { ROLE_LABELS, type Role } from '../../../common/contract';
import { CertExpiryBanner } from '../components/CertExpiryBanner';
import { ChangePasswordModal } from '../components/ChangePasswordModal';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useI18n, type MessageKey } from '../i18n';
import { useSession } from '../session';
import { TID } from '../testids';
import { AuditScreen } from './AuditScreen';
import { BackupScreen } from './BackupScreen';
import { CertificatesScreen } from './CertificatesScreen';
import { ImportScreen } from './ImportScreen';
import { QuarterlyReportScreen } from './QuarterlyReportScreen';
import { RecordsScreen } from './RecordsScreen';
import { RegisterScreen } from './RegisterScreen';
import { StatusScreen } from './StatusScreen';
import { SyncQueueScreen } from './SyncQueueScreen';
import { SyncSettingsScreen } from './SyncSettingsScreen';
import { UsersScreen } from './UsersScreen';
import { WatchFoldersScreen } from './WatchFoldersScreen';

type Page = 'register' | 'import' | 'records' | 'users' | 'certs' | 'syncSettings' | 'backup' | 'sync' | 'watch' | 'audit' | 'status' | 'report';

interface PageDef {
  label: MessageKey;
  icon: ReactNode;
  testId: string;
  roles: readonly Role[] | 'all';
  render: () => ReactNode;
}

// Order here is menu order; a role lands on its first page. Role lists mirror the channels'
// access in the contract (sync.status is the operator's and the administrator's; the
// administrator's view of the queue is read-only).
const PAGES: Record<Page, PageDef> = {
  register: { label: 'menu.register', icon: <FormOutlined />, testId: TID.menuRegister, roles: ['clerk'], render: () => <RegisterScreen /> },
  import: { label: 'menu.import', icon: <UploadOutlined />, testId: TID.menuImport, roles: ['clerk'], render: () => <ImportScreen /> },
  records: { label: 'menu.records', icon: <SearchOutlined />, testId: TID.menuRecords, roles: ['clerk'], render: () => <RecordsScreen /> },
  users: { label: 'menu.users', icon: <TeamOutlined />, testId: TID.menuUsers, roles: ['admin'], render: () => <UsersScreen /> },
  certs: { label: 'menu.certs', icon: <SafetyCertificateOutlined />, testId: TID.menuCerts, roles: ['admin'], render: () => <CertificatesScreen /> },
  syncSettings: { label: 'menu.syncSettings', icon: <SettingOutlined />, testId: TID.menuSyncSettings, roles: ['admin'], render: () => <SyncSettingsScreen /> },
  backup: { label: 'menu.backup', icon: <DatabaseOutlined />, testId: TID.menuBackup, roles: ['admin'], render: () => <BackupScreen /> },
  sync: { label: 'menu.sync', icon: <CloudSyncOutlined />, testId: TID.menuSync, roles: ['operator', 'admin'], render: () => <SyncQueueScreen /> },
  watch: { label: 'menu.watch', icon: <FolderOpenOutlined />, testId: TID.menuWatch, roles: ['operator'], render: () => <WatchFoldersScreen /> },
  audit: { label: 'menu.audit', icon: <AuditOutlined />, testId: TID.menuAudit, roles: ['auditor'], render: () => <AuditScreen /> },
  status: { label: 'menu.status', icon: <DashboardOutlined />, testId: TID.menuStatus, roles: 'all', render: () => <StatusScreen /> },
  report: { label: 'menu.report', icon: <FileTextOutlined />, testId: TID.menuReport, roles: ['official', 'admin'], render: () => <QuarterlyReportScreen /> },
};

function pagesFor(role: Role): Page[] {
  return (Object.keys(PAGES) as Page[]).filter((p) => {
    const roles = PAGES[p].roles;
    return roles === 'all' || roles.includes(role);
  });
}

export function MainLayout() {
  const { t, lang } = useI18n();
  const { user, unitName, logout } = useSession();
  const pages = pagesFor(user.role);
  const [page, setPage] = useState<Page>(pages[0] ?? 'status');
  const [changingPassword, setChangingPassword] = useState(false);
  const roleLabel = ROLE_LABELS[user.role][lang === 'en' ? 'en' : 'zh'];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {/* edge-no-print: a printed report carries no app chrome (styles.css, @media print) */}
      <Layout.Header className="edge-no-print" style={{ borderBottom: '1px solid #e5e8ee', display: 'flex', alignItems: 'center', gap: 16 }}>
        <Flex vertical style={{ lineHeight: 1.4, minWidth: 0, flex: 1 }}>
          <Typography.Text strong ellipsis data-testid={TID.headerUnit}>
            {unitName || t('app.title')}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('app.title')}
          </Typography.Text>
        </Flex>
        <Space size="middle">
          <span data-testid={TID.headerUser}>
            <Typography.Text>{user.displayName}</Typography.Text> <Tag variant="outlined">{roleLabel}</Tag>
          </span>
          <LanguageSwitch />
          <Button size="small" onClick={() => setChangingPassword(true)} data-testid={TID.changePassword}>
            {t('header.changePassword')}
          </Button>
          <Button size="small" onClick={() => void logout()} data-testid={TID.logout}>
            {t('header.logout')}
          </Button>
        </Space>
      </Layout.Header>
      {(user.role === 'admin' || user.role === 'operator') && (
        <div className="edge-no-print">
          <CertExpiryBanner onOpen={user.role === 'admin' ? () => setPage('certs') : undefined} />
        </div>
      )}
      <Layout style={{ flex: 1 }}>
        <Layout.Sider width={200} className="edge-no-print" style={{ borderRight: '1px solid #e5e8ee' }}>
          <Menu
            mode="inline"
            selectedKeys={[page]}
            style={{ borderInlineEnd: 'none', paddingTop: 8 }}
            onClick={({ key }) => setPage(key as Page)}
            items={pages.map((p) => ({
              key: p,
              icon: PAGES[p].icon,
              label: t(PAGES[p].label),
              'data-testid': PAGES[p].testId,
            }))}
          />
        </Layout.Sider>
        <Layout.Content className="edge-main" style={{ padding: 24, minWidth: 0 }}>
          {/* key: a fresh screen each time it is chosen, so it reloads its data */}
          <div key={page}>{PAGES[page].render()}</div>
        </Layout.Content>
      </Layout>
      <ChangePasswordModal open={changingPassword} onClose={() => setChangingPassword(false)} />
    </Layout>
  );
}
