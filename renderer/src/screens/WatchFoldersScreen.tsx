// 监视目录 (operator): the folders department systems write their exports into, each tied to
// one resource or left to the resource code in the file name, and what became of the files
// that arrived — state, counts, where the report went, why a file was refused. Refreshes
// itself every 2 s while open and someone is at the machine, like the sync queue. Nothing
// here shows record contents: operators see file names, counts and reasons only.
import { DeleteOutlined, FolderOpenOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Input, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { WatchFileStatus, WatchFolder, WatchStatus } from '../../../common/contract';
import { usePollWhileActive, useUserActive } from '../activity';
import { call, type ApiError, type ApiResult } from '../api';
import { useCatalog } from '../catalog';
import { CoreError } from '../components/CoreError';
import { applyFieldErrors } from '../field-errors';
import { formatTime } from '../format';
import { useI18n, type Translate } from '../i18n';
import { useSession } from '../session';
import { TID, watchFolderPathTestId, watchFolderRemoveTestId, watchFolderResourceTestId, watchFolderUnitTestId } from '../testids';

const POLL_MS = 2_000;
const PAGE_SIZE = 20;
/** The contract's limit on intake.setWatchFolders. */
const MAX_FOLDERS = 50;
/** The Select's stand-in for "no fixed resource" (null in the contract). */
const BY_FILE_NAME = '__by-file-name__';

interface FolderRow {
  path: string;
  resource: string;
  unit: string;
}
interface Values {
  folders: FolderRow[];
}

const toRows = (folders: WatchFolder[]): FolderRow[] => folders.map((f) => ({ path: f.path, resource: f.resourceCode ?? BY_FILE_NAME, unit: f.unit ?? '' }));

/** Absolute on the node's machine: /…, C:\… or C:/…, or a UNC share \\server\…. */
const isAbsolutePath = (p: string) => /^(\/|[A-Za-z]:[\\/]|\\\\[^\\])/.test(p);

/** Comparison key for spotting the same folder twice (Windows paths ignore case and slash kind). */
const pathKey = (p: string) => {
  const trimmed = p.trim().replace(/[\\/]+$/, '');
  return /^[A-Za-z]:|^\\\\/.test(trimmed) ? trimmed.replace(/\//g, '\\').toLowerCase() : trimmed;
};

/** The core's field error item for a folder (folders.0.path, folders[0].resourceCode) → the form field. */
function toField(item: string): (string | number)[] | undefined {
  const m = /^folders(?:\.|\[)(\d+)\]?\.(path|resourceCode|unit)$/.exec(item);
  if (!m) return undefined;
  return ['folders', Number(m[1]), m[2] === 'resourceCode' ? 'resource' : m[2]!];
}

const STATE_COLOUR: Record<WatchFileStatus['state'], string | undefined> = {
  waiting: undefined,
  importing: 'processing',
  processed: 'green',
  rejected: 'red',
};

function FileStateTag({ state, t }: { state: WatchFileStatus['state']; t: Translate }) {
  return (
    <Tag color={STATE_COLOUR[state]} data-state={state}>
      {t(`watch.state.${state}`)}
    </Tag>
  );
}

export function WatchFoldersScreen() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { catalog, resourceByCode } = useCatalog();
  const { unitName } = useSession();
  const userActive = useUserActive();
  const locale = lang === 'en' ? 'en' : 'zh-CN';
  const resourceLabel = (code: string | null) => (code === null ? t('watch.folders.byFileName') : (resourceByCode(code)?.name ?? code));

  // ---- settings
  const [form] = Form.useForm<Values>();
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void call('intake.watchFolders', {}).then((r) => {
      setLoading(false);
      if (r.ok) form.setFieldsValue({ folders: toRows(r.value.folders) });
      else setLoadError(r.error);
    });
  }, [form]);

  // ---- status, polled
  const [status, setStatus] = useState<WatchStatus | null>(null);
  const [statusError, setStatusError] = useState<ApiError | null>(null);
  const [page, setPage] = useState(1);
  const live = useRef(true);

  const show = useCallback((r: ApiResult<WatchStatus>) => {
    if (!live.current) return;
    if (r.ok) {
      setStatus(r.value);
      setStatusError(null);
    } else setStatusError(r.error);
  }, []);
  const refresh = useCallback(async () => show(await call('intake.watchStatus', {})), [show]);

  usePollWhileActive(refresh, POLL_MS, live);

  async function save(v: Values) {
    setBusy(true);
    setSaveError(null);
    const r = await call('intake.setWatchFolders', {
      folders: (v.folders ?? []).map((f) => ({
        path: f.path.trim(),
        resourceCode: f.resource === BY_FILE_NAME ? null : f.resource,
        unit: f.unit?.trim() ? f.unit.trim() : null,
      })),
    });
    setBusy(false);
    if (r.ok) {
      form.setFieldsValue({ folders: toRows(r.value.folders) });
      setLoadError(null);
      void message.success(t('watch.folders.saved'));
      void refresh();
      return;
    }
    const unplaced = applyFieldErrors(form, r.error, toField);
    if (!r.error.fieldErrors?.length || unplaced.length) setSaveError(r.error);
  }

  const resourceOptions = [
    { value: BY_FILE_NAME, label: t('watch.folders.byFileName') },
    ...(catalog?.resources ?? []).map((r) => ({ value: r.code, label: `${r.name}（${r.code}）` })),
  ];

  const folderColumns: ColumnsType<WatchStatus['folders'][number]> = [
    { title: t('watch.col.folder'), dataIndex: 'path', render: (p: string) => <span className="edge-mono">{p}</span> },
    { title: t('watch.folders.resource'), dataIndex: 'resourceCode', width: 240, render: (c: string | null) => resourceLabel(c) },
    { title: t('watch.folders.unit'), dataIndex: 'unit', width: 160, render: (u: string | null) => u ?? <Typography.Text type="secondary">{unitName}</Typography.Text> },
    {
      title: t('watch.col.state'),
      dataIndex: 'ok',
      width: 320,
      render: (ok: boolean, f) => (
        <>
          <Tag color={ok ? 'green' : 'red'} data-ok={String(ok)}>
            {ok ? t('watch.status.ok') : t('watch.status.problem')}
          </Tag>
          {f.problem && <div style={{ marginTop: 4 }}>{f.problem}</div>}
        </>
      ),
    },
  ];

  const fileColumns: ColumnsType<WatchFileStatus> = [
    { title: t('watch.col.at'), dataIndex: 'at', width: 170, render: (v: string) => formatTime(v) },
    {
      title: t('watch.col.file'),
      dataIndex: 'file',
      render: (f: string, s) => (
        <div style={{ wordBreak: 'break-all' }}>
          <Typography.Text className="edge-mono">{f}</Typography.Text>
          <div>
            <Typography.Text type="secondary" className="edge-mono" style={{ fontSize: 12 }} title={t('watch.col.folder')}>
              {s.folder}
            </Typography.Text>
          </div>
          {s.reportFile && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('watch.reportLabel')}
              </Typography.Text>
              <Typography.Text type="secondary" className="edge-mono" style={{ fontSize: 12 }} copyable={{ text: s.reportFile }}>
                {s.reportFile}
              </Typography.Text>
            </div>
          )}
        </div>
      ),
    },
    { title: t('watch.col.state'), dataIndex: 'state', width: 96, render: (s: WatchFileStatus['state']) => <FileStateTag state={s} t={t} /> },
    { title: t('watch.col.imported'), dataIndex: 'imported', width: 84, align: 'right', render: (n: number) => n.toLocaleString(locale) },
    {
      title: t('watch.col.rejected'),
      dataIndex: 'rejected',
      width: 84,
      align: 'right',
      render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n.toLocaleString(locale)}</Typography.Text> : 0),
    },
    { title: t('watch.col.duplicates'), dataIndex: 'duplicates', width: 84, align: 'right', render: (n: number) => n.toLocaleString(locale) },
    { title: t('watch.col.problem'), dataIndex: 'problem', width: 260, render: (p: string | null) => p ?? '' },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('menu.watch')}
        </Typography.Title>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {userActive ? t('sync.autoRefresh') : t('sync.autoRefreshPaused')}
        </Typography.Text>
      </Flex>

      <Card title={t('watch.folders.title')}>
        <Typography.Paragraph type="secondary">{t('watch.explain')}</Typography.Paragraph>
        <ul style={{ marginTop: 0, paddingInlineStart: 20, color: 'rgba(0,0,0,0.55)' }}>
          <li>{t('watch.naming')}</li>
          <li>{t('watch.rename')}</li>
        </ul>
        {loadError && (
          <div data-testid={TID.watchFoldersLoadError} style={{ marginBottom: 12 }}>
            <Alert type="error" showIcon title={loadError.message} />
          </div>
        )}
        <Form<Values> form={form} initialValues={{ folders: [] }} disabled={loading} onFinish={(v) => void save(v)}>
          <Form.List name="folders">
            {(fields, { add, remove }) => (
              <>
                {fields.length === 0 ? (
                  <Typography.Paragraph type="secondary">{t('watch.folders.none')}</Typography.Paragraph>
                ) : (
                  <Flex gap={8} style={{ marginBottom: 4 }} aria-hidden>
                    <Typography.Text strong style={{ flex: 1 }}>
                      {t('watch.folders.path')}
                    </Typography.Text>
                    <Typography.Text strong style={{ width: 280 }}>
                      {t('watch.folders.resource')}
                    </Typography.Text>
                    <Typography.Text strong style={{ width: 180 }}>
                      {t('watch.folders.unit')}
                    </Typography.Text>
                    <span style={{ width: 40 }} />
                  </Flex>
                )}
                {fields.map((field, index) => (
                  <Flex key={field.key} gap={8} align="start">
                    <Form.Item
                      name={[field.name, 'path']}
                      style={{ flex: 1, marginBottom: 12 }}
                      validateTrigger="onBlur"
                      rules={[
                        { required: true, whitespace: true, message: t('watch.folders.pathRequired') },
                        { max: 1024, message: t('form.maxLength', { n: 1024 }) },
                        {
                          validator: async (_r, v: string | undefined) => {
                            const p = v?.trim();
                            if (!p) return;
                            if (!isAbsolutePath(p)) throw new Error(t('watch.folders.pathAbsolute'));
                            const all: FolderRow[] = form.getFieldValue('folders') ?? [];
                            if (all.some((other, i) => i < index && other?.path && pathKey(other.path) === pathKey(p))) throw new Error(t('watch.folders.pathDuplicate'));
                          },
                        },
                      ]}
                    >
                      <Input
                        prefix={<FolderOpenOutlined />}
                        className="edge-mono"
                        spellCheck={false}
                        autoComplete="off"
                        aria-label={t('watch.folders.path')}
                        placeholder={t('watch.folders.pathPlaceholder')}
                        data-testid={watchFolderPathTestId(index)}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'resource']} style={{ width: 280, marginBottom: 12 }}>
                      <Select
                        aria-label={t('watch.folders.resource')}
                        showSearch={{ optionFilterProp: ['label', 'value'] }}
                        options={resourceOptions}
                        data-testid={watchFolderResourceTestId(index)}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'unit']} style={{ width: 180, marginBottom: 12 }} rules={[{ max: 100, message: t('form.maxLength', { n: 100 }) }]}>
                      <Input
                        autoComplete="off"
                        aria-label={t('watch.folders.unit')}
                        placeholder={t('watch.folders.unitPlaceholder')}
                        data-testid={watchFolderUnitTestId(index)}
                      />
                    </Form.Item>
                    <Button
                      icon={<DeleteOutlined />}
                      aria-label={t('watch.folders.remove')}
                      title={t('watch.folders.remove')}
                      onClick={() => remove(field.name)}
                      data-testid={watchFolderRemoveTestId(index)}
                    />
                  </Flex>
                ))}
                <Space wrap style={{ marginTop: 4 }}>
                  <Button
                    icon={<PlusOutlined />}
                    disabled={fields.length >= MAX_FOLDERS}
                    title={fields.length >= MAX_FOLDERS ? t('watch.folders.max', { n: MAX_FOLDERS }) : undefined}
                    onClick={() => {
                      add({ path: '', resource: BY_FILE_NAME, unit: '' });
                      // Straight into the new row's path, for people on the keyboard.
                      window.setTimeout(() => form.focusField(['folders', fields.length, 'path']), 0);
                    }}
                    data-testid={TID.watchFoldersAdd}
                  >
                    {t('watch.folders.add')}
                  </Button>
                  <Button type="primary" htmlType="submit" loading={busy} data-testid={TID.watchFoldersSubmit}>
                    {t('watch.folders.submit')}
                  </Button>
                </Space>
              </>
            )}
          </Form.List>
          {saveError && (
            <div style={{ marginTop: 12 }}>
              <CoreError error={saveError} title={t('watch.folders.failed')} testId={TID.watchFoldersError} />
            </div>
          )}
        </Form>
      </Card>

      <Card title={t('watch.status.title')}>
        {statusError && (
          <div data-testid={TID.watchStatusError} data-code={statusError.code} style={{ marginBottom: 12 }}>
            <Alert type={status ? 'warning' : 'error'} showIcon title={status ? statusError.message : t('watch.status.notAvailable')} description={status ? undefined : statusError.message} />
          </div>
        )}
        {status && (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Flex gap={16} wrap>
              <Card size="small" style={{ minWidth: 180 }}>
                <Statistic
                  title={t('watch.status.queued')}
                  value={status.queued}
                  valueRender={(node) => (
                    <span data-testid={TID.watchStatusQueued} data-value={status.queued}>
                      {node}
                    </span>
                  )}
                />
              </Card>
            </Flex>
            {status.folders.length > 0 && (
              <div data-testid={TID.watchStatusFolders}>
                <Typography.Text strong>{t('watch.status.folders')}</Typography.Text>
                <Table
                  rowKey="path"
                  size="small"
                  style={{ marginTop: 8 }}
                  columns={folderColumns}
                  dataSource={status.folders}
                  pagination={false}
                  scroll={{ x: 800 }}
                />
              </div>
            )}
            <div>
              <Typography.Text strong>{t('watch.status.files')}</Typography.Text>
              <Typography.Paragraph type="secondary" style={{ margin: '4px 0 8px', fontSize: 13 }}>
                {t('watch.status.hint')}
              </Typography.Paragraph>
              <div data-testid={TID.watchStatusTable}>
                <Table<WatchFileStatus>
                  rowKey={(s) => `${s.folder}|${s.file}|${s.at}`}
                  size="middle"
                  columns={fileColumns}
                  dataSource={status.files}
                  scroll={{ x: 1000 }}
                  locale={{ emptyText: t('watch.status.empty') }}
                  pagination={{
                    current: page,
                    pageSize: PAGE_SIZE,
                    showSizeChanger: false,
                    hideOnSinglePage: true,
                    showTotal: (total) => t('common.total', { total }),
                    onChange: setPage,
                  }}
                />
              </div>
            </div>
          </Space>
        )}
      </Card>
    </Space>
  );
}
