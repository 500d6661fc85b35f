// 用户管理 (admin): accounts with their role and state, creating accounts, unlocking an
// account after too many failed logins, and disabling / enabling one. Enabling or disabling
// an auditor asks another auditor to confirm (AuditorConfirmModal).
import { Alert, App, Button, Card, Flex, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useState } from 'react';
import { ROLE_LABELS, type UserView } from '../../../common/contract';
import { call, type ApiError } from '../api';
import { CreateUserModal } from '../components/CreateUserModal';
import { AuditorConfirmModal } from '../components/AuditorConfirmModal';
import { formatTime } from '../format';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { TID, userToggleTestId, userUnlockTestId } from '../testids';

type State = 'normal' | 'locked' | 'disabled' | 'mustChange';

function stateOf(u: UserView, now: number): State {
  if (u.disabled) return 'disabled';
  if (u.lockedUntil && Date.parse(u.lockedUntil) > now) return 'locked';
  if (u.mustChangePassword) return 'mustChange';
  return 'normal';
}

export function UsersScreen() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { user: me } = useSession();
  const [users, setUsers] = useState<UserView[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const [creating, setCreating] = useState(false);
  const [confirmingFor, setConfirmingFor] = useState<UserView | null>(null);
  const now = Date.now();

  const load = useCallback(async () => {
    setLoading(true);
    const r = await call('users.list', {});
    setLoading(false);
    if (r.ok) {
      setUsers(r.value);
      setError(null);
    } else setError(r.error);
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  async function act(result: Promise<{ ok: boolean; error?: ApiError }>, done: string) {
    const r = await result;
    if (r.ok) void message.success(done);
    else if (r.error) void message.error(r.error.message);
    void load();
  }

  const columns: ColumnsType<UserView> = [
    { title: t('users.col.username'), dataIndex: 'username' },
    { title: t('users.col.displayName'), dataIndex: 'displayName' },
    { title: t('users.col.role'), dataIndex: 'role', render: (role: UserView['role']) => ROLE_LABELS[role][lang === 'en' ? 'en' : 'zh'] },
    { title: t('users.col.unit'), dataIndex: 'unit' },
    {
      title: t('users.col.state'),
      render: (_, u) => {
        const s = stateOf(u, now);
        const colour = s === 'normal' ? 'green' : s === 'locked' ? 'orange' : s === 'mustChange' ? 'blue' : undefined;
        return (
          <Tag color={colour} data-state={s}>
            {t(`users.state.${s}`)}
          </Tag>
        );
      },
    },
    { title: t('users.col.lastLogin'), dataIndex: 'lastLoginAt', render: (v: string | null) => formatTime(v) },
    {
      title: t('common.actions'),
      render: (_, u) => {
        const s = stateOf(u, now);
        return (
          <Space size="small">
            {s === 'locked' && (
              <Button
                size="small"
                data-testid={userUnlockTestId(u.username)}
                onClick={() => void act(call('users.unlock', { username: u.username }), t('users.unlocked', { username: u.username }))}
              >
                {t('users.unlock')}
              </Button>
            )}
            {/* No disabling yourself: the last administrator could lock everyone out. */}
            {u.username !== me.username && u.role === 'auditor' ? (
              <Button size="small" danger={!u.disabled} data-testid={userToggleTestId(u.username)} onClick={() => setConfirmingFor(u)}>
                {t(u.disabled ? 'users.enable' : 'users.disable')}
              </Button>
            ) : (
              u.username !== me.username &&
              (u.disabled ? (
                <Button
                  size="small"
                  data-testid={userToggleTestId(u.username)}
                  onClick={() =>
                    void act(call('users.setDisabled', { username: u.username, disabled: false }), t('users.enabled', { username: u.username }))
                  }
                >
                  {t('users.enable')}
                </Button>
              ) : (
                <Popconfirm
                  title={t('users.disableConfirm', { name: u.displayName })}
                  okText={t('users.disable')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() =>
                    act(call('users.setDisabled', { username: u.username, disabled: true }), t('users.disabled', { username: u.username }))
                  }
                >
                  <Button size="small" danger data-testid={userToggleTestId(u.username)}>
                    {t('users.disable')}
                  </Button>
                </Popconfirm>
              ))
            )}
          </Space>
        );
      },
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('menu.users')}
        </Typography.Title>
        <Button type="primary" onClick={() => setCreating(true)} data-testid={TID.usersCreate}>
          {t('users.create')}
        </Button>
      </Flex>
      {error && <Alert type="error" showIcon title={error.message} />}
      <Card>
        <div data-testid={TID.usersTable}>
          <Table<UserView> rowKey="username" size="middle" loading={loading} columns={columns} dataSource={users} pagination={false} />
        </div>
      </Card>
      <CreateUserModal
        open={creating}
        defaultUnit={me.unit}
        auditorMustConfirm={users.some((u) => u.role === 'auditor' && !u.disabled)}
        onClose={() => setCreating(false)}
        onCreated={(u) => {
          setCreating(false);
          void message.success(t('users.created', { username: u.username }));
          void load();
        }}
      />
      <AuditorConfirmModal
        target={confirmingFor}
        onClose={() => setConfirmingFor(null)}
        onDone={(u) => {
          setConfirmingFor(null);
          void message.success(t(u.disabled ? 'users.enabled' : 'users.disabled', { username: u.username }));
          void load();
        }}
      />
    </Space>
  );
}
