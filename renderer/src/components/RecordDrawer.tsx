// One record: every item with its name (the ID number in full — the clerk needs it), its
// version history, and the 更正 / 撤回 actions for records that are still active.
import { Alert, App, Button, Descriptions, Drawer, Space, Spin, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { RecordView } from '../../../common/contract';
import { call, type ApiError } from '../api';
import { useCatalog } from '../catalog';
import { displayValue, formatTime } from '../format';
import { useI18n } from '../i18n';
import { TID } from '../testids';
import { CorrectModal } from './CorrectModal';
import { RecordHistory } from './RecordHistory';
import { RecordStatusTag } from './tags';
import { WithdrawModal } from './WithdrawModal';

interface Props {
  id: string | null;
  onClose: () => void;
  /** The record changed (corrected, withdrawn): the list behind should reload. */
  onChanged: () => void;
}

interface Loaded {
  current: RecordView;
  history: RecordView[];
}

export function RecordDrawer({ id, onClose, onChanged }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { catalog, resourceByCode } = useCatalog();
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [correcting, setCorrecting] = useState(false);
  const [withdrawing, setWithdrawing] = useState(false);

  const load = useCallback(async (recordId: string) => {
    setError(null);
    const r = await call('records.get', { id: recordId });
    if (r.ok) setData(r.value);
    else setError(r.error);
  }, []);

  useEffect(() => {
    setData(null);
    if (id) void load(id);
  }, [id, load]);

  const current = data?.current;
  const resource = current ? resourceByCode(current.resourceCode) : undefined;

  function changed(text: string) {
    void message.success(text);
    if (id) void load(id);
    onChanged();
  }

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={760}
      title={t('detail.title')}
      destroyOnHidden
      extra={
        current?.status === 'active' && resource ? (
          <Space>
            <Button type="primary" onClick={() => setCorrecting(true)} data-testid={TID.recordCorrect}>
              {t('detail.correct')}
            </Button>
            <Button danger onClick={() => setWithdrawing(true)} data-testid={TID.recordWithdraw}>
              {t('detail.withdraw')}
            </Button>
          </Space>
        ) : null
      }
    >
      <div data-testid={TID.recordDrawer} data-record-id={current?.id ?? ''} data-status={current?.status ?? ''}>
        {error && <Alert type="error" showIcon title={error.message} />}
        {!data && !error && <Spin />}
        {current && (
          <Space orientation="vertical" size="large" style={{ width: '100%' }}>
            {current.status === 'withdrawn' && <Alert type="warning" showIcon title={t('detail.withdrawnNotice')} />}
            <Descriptions
              title={t('detail.meta')}
              size="small"
              bordered
              column={2}
              items={[
                { key: 'id', label: t('detail.id'), span: 2, children: <Typography.Text className="edge-mono" copyable>{current.id}</Typography.Text> },
                { key: 'resource', label: t('detail.resource'), children: resource?.name ?? current.resourceCode },
                { key: 'status', label: t('records.col.status'), children: <RecordStatusTag status={current.status} /> },
                { key: 'version', label: t('records.col.version'), children: current.version },
                { key: 'unit', label: t('detail.unit'), children: current.unit },
                { key: 'created', label: t('detail.createdAt'), children: formatTime(current.createdAt) },
                { key: 'updated', label: t('records.col.updatedAt'), children: `${formatTime(current.updatedAt)}  ${current.updatedBy}` },
              ]}
            />
            <div data-testid={TID.recordFields}>
              <Descriptions
                title={t('detail.fields')}
                size="small"
                bordered
                column={1}
                styles={{ label: { width: 180 } }}
                // A record of a resource the current catalog no longer has still shows its values.
                items={(resource?.items ?? Object.keys(current.fields).map((code) => ({ code, name: code }))).map((item) => ({
                  key: item.code,
                  label: item.name,
                  children: <span data-item={item.code}>{displayValue(item, current.fields[item.code], catalog?.divisions)}</span>,
                }))}
              />
            </div>
            <div data-testid={TID.recordHistory}>
              <Typography.Title level={5}>{t('detail.history')}</Typography.Title>
              <RecordHistory current={current} history={data.history} resource={resource} />
            </div>
          </Space>
        )}
      </div>
      {current && resource && (
        <>
          <CorrectModal
            open={correcting}
            record={current}
            resource={resource}
            onClose={() => setCorrecting(false)}
            onDone={(v) => {
              setCorrecting(false);
              changed(t('correct.done', { version: v.version }));
            }}
          />
          <WithdrawModal
            open={withdrawing}
            record={current}
            onClose={() => setWithdrawing(false)}
            onDone={() => {
              setWithdrawing(false);
              changed(t('withdraw.done'));
            }}
          />
        </>
      )}
    </Drawer>
  );
}
