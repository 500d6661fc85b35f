// 备份与恢复 (admin): where backups go and when, what the folder holds, backing up now, the
// verify drill (恢复演练), uploading to the DR centre, and restoring a backup over this node.
// A restore ends every login session (the users come from the backup), so after it the
// admin is sent back to the login screen.
import { Alert, App, Button, Card, Checkbox, Descriptions, Form, Input, InputNumber, Modal, Space, Switch, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BackupInfo, BackupJob, BackupSettings, BackupStatus, RetentionPreview } from '../../../common/contract';
import { call, type ApiError } from '../api';
import { followJob } from '../backup-files';
import { CoreError } from '../components/CoreError';
import { BackupFilesTable } from '../components/backup/BackupFilesTable';
import { BackupInfoView } from '../components/backup/BackupInfoView';
import { LastVerifiedView } from '../components/backup/LastVerifiedView';
import { RetentionPreviewView } from '../components/backup/RetentionPreviewView';
import { JobProgress } from '../components/backup/JobProgress';
import { applyFieldErrors } from '../field-errors';
import { formatTime } from '../format';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { TID, testId } from '../testids';

type Files = { folder: string; problem: string | null; files: BackupInfo[]; retention: RetentionPreview | null };

export function BackupScreen() {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const [status, setStatus] = useState<BackupStatus | null>(null);
  const [keepManual, setKeepManual] = useState<number | null>(null);
  const [files, setFiles] = useState<Files | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [job, setJob] = useState<BackupJob | null>(null);
  const [restoring, setRestoring] = useState<BackupInfo | null>(null);
  const gone = useRef(false);
  useEffect(() => () => void (gone.current = true), []);

  const reload = useCallback(async () => {
    const [s, f, settings] = await Promise.all([call('backup.status', {}), call('backup.list', {}), call('backup.getSettings', {})]);
    if (gone.current) return;
    if (s.ok) setStatus(s.value);
    if (f.ok) setFiles(f.value);
    if (settings.ok) setKeepManual(settings.value.retention.manual ?? null);
    setError(!s.ok ? s.error : !f.ok ? f.error : null);
  }, []);
  useEffect(() => void reload(), [reload]);

  async function run(start: () => Promise<{ ok: true; value: { jobId: string } } | { ok: false; error: ApiError }>, done: (job: BackupJob) => void) {
    setError(null);
    const started = await start();
    if (!started.ok) return setError(started.error);
    // The ended job is shown only once the status and the file list are reloaded: the page never
    // says 完成 beside a stale 上次恢复演练 or a list without the new file.
    const end = await followJob(() => call('backup.job', { jobId: started.value.jobId }), (j) => !gone.current && j.state === 'running' && setJob(j), () => gone.current);
    if (gone.current) return;
    await reload();
    if (gone.current || !end.ok) return;
    setJob(end.value);
    done(end.value);
  }

  const create = () =>
    run(
      () => call('backup.create', {}),
      (j) => {
        if (j.state !== 'done') return;
        const deleted = j.result?.deleted ?? [];
        void message.success(deleted.length > 0 ? t('backup.createdDeleted', { file: j.fileName ?? '', files: deleted.join(t('backup.retention.sep')) }) : t('backup.created', { file: j.fileName ?? '' }));
      },
    );
  // Retention says what it will delete before it does: a manual backup that would push out
  // an older manual one asks first, naming the files.
  const backUpNow = () => {
    const doomed = files?.retention?.afterManual.deletes ?? [];
    if (doomed.length === 0) return void create();
    modal.confirm({
      title: t('backup.createConfirm.title'),
      content: (
        <>
          <Typography.Paragraph>{t('backup.createConfirm.body', { keep: keepManual ?? '—' })}</Typography.Paragraph>
          <ul>
            {doomed.map((f) => (
              <li key={f} className="edge-mono">
                {f}
              </li>
            ))}
          </ul>
        </>
      ),
      okText: t('backup.createConfirm.ok'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => void create(),
    });
  };
  const verify = (fileName: string) =>
    run(
      () => call('backup.verify', { source: { kind: 'folder', fileName } }),
      (j) => j.state === 'done' && void message.success(t('backup.verified')),
    );
  const upload = (fileName: string) =>
    run(
      () => call('backup.upload', { fileName }),
      (j) => j.state === 'done' && void message.success(t('backup.uploaded')),
    );

  const running = job?.state === 'running';
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('backup.title')}
      </Typography.Title>
      {error && <CoreError error={error} title={t('backup.error')} testId={TID.backupError} />}

      <Card
        title={t('backup.status')}
        extra={
          <Button type="primary" onClick={() => void backUpNow()} disabled={running} data-testid={TID.backupCreate}>
            {t('backup.createNow')}
          </Button>
        }
      >
        {status && <StatusView status={status} />}
        {job && (
          <div style={{ marginTop: 16 }}>
            <JobProgress job={job} testId={TID.backupJob} />
            {job.state === 'failed' && <Alert type="error" showIcon title={job.error} data-testid={TID.backupJobError} />}
            {job.state === 'done' && job.kind === 'verify' && (
              <Alert
                type="success"
                showIcon
                data-testid={TID.backupVerifyResult}
                title={t('backup.verified')}
                description={
                  <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                    {(job.result?.checks ?? []).map((c) => (
                      <li key={c}>{c}</li>
                    ))}
                  </ul>
                }
              />
            )}
          </div>
        )}
      </Card>

      <Card title={t('backup.files')} extra={<Button onClick={() => void reload()}>{t('common.refresh')}</Button>}>
        {files?.problem && <Alert type="warning" showIcon title={files.problem} style={{ marginBottom: 12 }} />}
        {files?.retention && <RetentionPreviewView preview={files.retention} />}
        <div data-testid={TID.backupTable}>
          <BackupFilesTable
            files={files?.files ?? []}
            preview={files?.retention ?? null}
            keepManual={keepManual}
            busy={running}
            onVerify={(fileName) => void verify(fileName)}
            onUpload={(fileName) => void upload(fileName)}
            onRestore={setRestoring}
          />
        </div>
      </Card>

      <SettingsCard onSaved={() => void reload()} />
      {restoring && <RestoreModal file={restoring} onClose={() => setRestoring(null)} />}
    </Space>
  );
}

function StatusView({ status }: { status: BackupStatus }) {
  const { t } = useI18n();
  const event = (e: BackupStatus['lastBackup']) =>
    e ? (
      <span>
        <Tag color={e.ok ? 'green' : 'red'}>{e.ok ? t('backup.ok') : t('backup.failed')}</Tag>
        {formatTime(e.at)} {e.message}
      </span>
    ) : (
      t('backup.never')
    );
  return (
    <div data-testid={TID.backupStatus}>
      {status.folderProblem && <Alert type="error" showIcon title={status.folderProblem} style={{ marginBottom: 12 }} />}
      {status.reconcilePending && <Alert type="info" showIcon title={t('backup.reconcilePending')} style={{ marginBottom: 12 }} />}
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('backup.folder')}>
          <span className="edge-mono">{status.folder}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('backup.lastBackup')}>{event(status.lastBackup)}</Descriptions.Item>
        <Descriptions.Item label={t('backup.lastVerified')}>
          <LastVerifiedView status={status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('backup.lastUpload')}>{event(status.lastUpload)}</Descriptions.Item>
        <Descriptions.Item label={t('backup.next')}>{status.nextScheduledAt ? formatTime(status.nextScheduledAt) : t('backup.noSchedule')}</Descriptions.Item>
      </Descriptions>
    </div>
  );
}

function RestoreModal({ file, onClose }: { file: BackupInfo; onClose: () => void }) {
  const { t } = useI18n();
  const { logout } = useSession();
  const [passphrase, setPassphrase] = useState('');
  const [info, setInfo] = useState<BackupInfo | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [migration, setMigration] = useState(false);
  const [job, setJob] = useState<BackupJob | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const source = { kind: 'folder' as const, fileName: file.fileName };

  async function inspect() {
    setBusy(true);
    setError(null);
    const r = await call('backup.inspect', { source, recoveryPassphrase: passphrase });
    setBusy(false);
    if (r.ok) setInfo(r.value);
    else setError(r.error);
  }

  async function restore() {
    setBusy(true);
    setError(null);
    const started = await call('backup.restore', { source, recoveryPassphrase: passphrase, confirm: true, migration });
    if (!started.ok) {
      setBusy(false);
      return setError(started.error);
    }
    // Polled through the public channel: the restore ends this session.
    const end = await followJob(() => call('setup.restoreJob', { jobId: started.value.jobId }), setJob);
    setBusy(false);
    if (!end.ok) setError(end.error);
    else if (end.value.state === 'failed') setError({ code: 'INTERNAL', message: end.value.error ?? t('restore.failed') });
  }

  const done = job?.state === 'done';
  const otherNode = info?.thisNode === false;
  return (
    <Modal
      open
      title={t('backup.restore.title', { file: file.fileName })}
      onCancel={done ? () => void logout() : onClose}
      maskClosable={false}
      closable={!busy}
      footer={
        done ? (
          <Button type="primary" onClick={() => void logout()} data-testid={TID.backupRestoreRelogin}>
            {t('backup.restore.relogin')}
          </Button>
        ) : (
          <Space>
            <Button onClick={onClose} disabled={busy}>
              {t('common.cancel')}
            </Button>
            <Button type="primary" danger disabled={!info || !confirmed || !!info.problem || (otherNode && !migration)} loading={busy && !!info} onClick={() => void restore()} {...testId(TID.backupRestoreSubmit)}>
              {t('backup.restore.submit')}
            </Button>
          </Space>
        )
      }
    >
      <div data-testid={TID.backupRestoreModal}>
        <Typography.Paragraph type="secondary">{t('backup.restore.explain')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 12 }} data-testid={TID.backupRestoreError} />}
        {!info && (
          <Form layout="vertical" onFinish={() => void inspect()} requiredMark={false}>
            <Form.Item label={t('restore.passphrase')}>
              <Input.Password autoFocus autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} data-testid={TID.backupRestorePassphrase} />
            </Form.Item>
            <Button htmlType="submit" loading={busy} disabled={!passphrase} data-testid={TID.backupRestoreInspect}>
              {t('restore.inspect')}
            </Button>
          </Form>
        )}
        {info && (
          <>
            <BackupInfoView info={info} testId={TID.backupRestoreInfo} />
            {otherNode && (
              <Checkbox checked={migration} onChange={(e) => setMigration(e.target.checked)} disabled={busy || done} data-testid={TID.backupRestoreMigration}>
                {t('backup.restore.migration')}
              </Checkbox>
            )}
            <div>
              <Checkbox checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} disabled={busy || done} data-testid={TID.backupRestoreConfirm}>
                {t('backup.restore.confirm')}
              </Checkbox>
            </div>
          </>
        )}
        {job && (
          <div style={{ marginTop: 12 }}>
            <JobProgress job={job} testId={TID.backupRestoreProgress} />
            {done && <Alert type="success" showIcon title={t('backup.restore.done', { dir: job.result?.replacedDir ?? '' })} />}
          </div>
        )}
      </div>
    </Modal>
  );
}

interface SettingsValues {
  folder: string;
  scheduleEnabled: boolean;
  time: string;
  daily: number;
  weekly: number;
  monthly: number;
  manual: number;
  verifyAfterBackup: boolean;
  drUpload: boolean;
  drCertificatePem: string;
}

const TO_FIELD: Record<string, keyof SettingsValues> = {
  folder: 'folder',
  'schedule.time': 'time',
  'retention.daily': 'daily',
  'retention.weekly': 'weekly',
  'retention.monthly': 'monthly',
  'retention.manual': 'manual',
  drCertificatePem: 'drCertificatePem',
};

function SettingsCard({ onSaved }: { onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<SettingsValues>();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const enabled = Form.useWatch('scheduleEnabled', form);

  const toValues = (s: BackupSettings): SettingsValues => ({
    folder: s.folder,
    scheduleEnabled: s.schedule.enabled,
    time: s.schedule.time,
    daily: s.retention.daily,
    weekly: s.retention.weekly,
    monthly: s.retention.monthly,
    manual: s.retention.manual ?? 10,
    verifyAfterBackup: s.verifyAfterBackup,
    drUpload: s.drUpload,
    drCertificatePem: s.drCertificatePem ?? '',
  });

  useEffect(() => {
    void call('backup.getSettings', {}).then((r) => (r.ok ? form.setFieldsValue(toValues(r.value)) : setError(r.error)));
  }, [form]);

  async function save(v: SettingsValues) {
    setBusy(true);
    setError(null);
    const r = await call('backup.setSettings', {
      folder: v.folder.trim(),
      schedule: { enabled: v.scheduleEnabled, time: v.time.trim() },
      retention: { daily: v.daily, weekly: v.weekly, monthly: v.monthly, manual: v.manual },
      verifyAfterBackup: v.verifyAfterBackup,
      drUpload: v.drUpload,
      drCertificatePem: v.drCertificatePem.trim() ? v.drCertificatePem : null,
    });
    setBusy(false);
    if (r.ok) {
      form.setFieldsValue(toValues(r.value));
      void message.success(t('backup.settings.saved'));
      onSaved();
      return;
    }
    const unplaced = applyFieldErrors(form, r.error, (item) => TO_FIELD[item]);
    if (!r.error.fieldErrors?.length || unplaced.length) setError(r.error);
  }

  return (
    <Card title={t('backup.settings')}>
      {error && <CoreError error={error} title={t('backup.settings.error')} testId={TID.backupSettingsError} />}
      <Form<SettingsValues> form={form} layout="vertical" onFinish={(v) => void save(v)} style={{ maxWidth: 640 }}>
        <Form.Item name="folder" label={t('backup.settings.folder')} extra={t('backup.settings.folder.help')} rules={[{ required: true, whitespace: true, message: t('common.required', { label: t('backup.settings.folder') }) }]}>
          <Input spellCheck={false} data-testid={TID.backupSettingsFolder} />
        </Form.Item>
        <Space align="start" size="large">
          <Form.Item name="scheduleEnabled" label={t('backup.settings.schedule')} valuePropName="checked">
            <Switch data-testid={TID.backupSettingsSchedule} />
          </Form.Item>
          <Form.Item name="time" label={t('backup.settings.time')} rules={[{ pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: t('backup.settings.time.invalid') }]}>
            <Input style={{ width: 100 }} disabled={!enabled} placeholder="02:00" data-testid={TID.backupSettingsTime} />
          </Form.Item>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('backup.settings.retention')}
        </Typography.Paragraph>
        <Space size="large" style={{ display: 'flex', marginTop: 8 }}>
          <Form.Item name="daily" label={t('backup.settings.daily')} rules={[{ required: true, type: 'integer', min: 1, max: 60 }]}>
            <InputNumber min={1} max={60} data-testid={TID.backupSettingsDaily} />
          </Form.Item>
          <Form.Item name="weekly" label={t('backup.settings.weekly')} rules={[{ required: true, type: 'integer', min: 0, max: 52 }]}>
            <InputNumber min={0} max={52} data-testid={TID.backupSettingsWeekly} />
          </Form.Item>
          <Form.Item name="monthly" label={t('backup.settings.monthly')} rules={[{ required: true, type: 'integer', min: 0, max: 120 }]}>
            <InputNumber min={0} max={120} data-testid={TID.backupSettingsMonthly} />
          </Form.Item>
          <Form.Item name="manual" label={t('backup.settings.manual')} rules={[{ required: true, type: 'integer', min: 1, max: 100 }]}>
            <InputNumber min={1} max={100} data-testid={TID.backupSettingsManual} />
          </Form.Item>
        </Space>
        <Form.Item name="verifyAfterBackup" label={t('backup.settings.verify')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="drUpload" label={t('backup.settings.dr')} extra={t('backup.settings.dr.help')} valuePropName="checked">
          <Switch data-testid={TID.backupSettingsDr} />
        </Form.Item>
        <Form.Item name="drCertificatePem" label={t('backup.settings.drCert')} extra={t('backup.settings.drCert.help')}>
          <Input.TextArea rows={4} spellCheck={false} className="edge-mono" placeholder="-----BEGIN CERTIFICATE-----" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid={TID.backupSettingsSubmit}>
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
