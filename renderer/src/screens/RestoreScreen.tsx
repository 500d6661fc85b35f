// 从备份恢复 on the first-run screen of a fresh installation (the office PC was lost): pick the
// backup file, enter the recovery passphrase, see what the backup holds, confirm, restore
// with progress. The file is handed to the core in pieces (backup-files.ts); the core
// authenticates and checks everything before it changes anything.
import { Alert, Button, Checkbox, Form, Input, Progress, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { BackupInfo, BackupJob } from '../../../common/contract';
import { call, type ApiError } from '../api';
import { followJob, uploadBackupFile } from '../backup-files';
import { formatBytes } from '../../../common/text/format-bytes';
import { CenteredPage } from '../components/CenteredPage';
import { FilePicker } from '../components/FilePicker';
import { BackupInfoView } from '../components/backup/BackupInfoView';
import { JobProgress } from '../components/backup/JobProgress';
import { useI18n } from '../i18n';
import { TID } from '../testids';

interface Props {
  onBack: () => void;
  /** The node is restored and ready: its own users log in now. */
  onDone: () => void;
}

export function RestoreScreen({ onBack, onDone }: Props) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState(0);
  const [uploadId, setUploadId] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [info, setInfo] = useState<BackupInfo | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [job, setJob] = useState<BackupJob | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const gone = useRef(false);
  useEffect(() => () => void (gone.current = true), []);

  async function choose(chosen: File) {
    setFile(chosen);
    setUploadId(null);
    setInfo(null);
    setConfirmed(false);
    setError(null);
    setSent(0);
    if (!chosen.name.toLowerCase().endsWith('.enbak')) {
      setError({ code: 'BAD_INPUT', message: t('restore.notBackupFile') });
      return;
    }
    setUploading(true);
    const r = await uploadBackupFile(chosen, (n) => !gone.current && setSent(n), () => gone.current);
    if (gone.current) return;
    setUploading(false);
    if (r.ok) setUploadId(r.uploadId);
    else setError(r.error);
  }

  async function inspect() {
    if (!uploadId) return;
    setBusy(true);
    setError(null);
    const r = await call('setup.inspectBackup', { source: { kind: 'upload', uploadId }, recoveryPassphrase: passphrase });
    setBusy(false);
    if (r.ok) setInfo(r.value);
    else setError(r.error);
  }

  async function restore() {
    if (!uploadId) return;
    setBusy(true);
    setError(null);
    const started = await call('setup.restoreBackup', { source: { kind: 'upload', uploadId }, recoveryPassphrase: passphrase, confirm: true });
    if (!started.ok) {
      setBusy(false);
      setError(started.error);
      return;
    }
    const end = await followJob(() => call('setup.restoreJob', { jobId: started.value.jobId }), (j) => !gone.current && setJob(j), () => gone.current);
    if (gone.current) return;
    setBusy(false);
    if (!end.ok) setError(end.error);
    else if (end.value.state === 'failed') setError({ code: 'INTERNAL', message: end.value.error ?? t('restore.failed') });
    else onDone();
  }

  const restoring = job?.state === 'running';
  return (
    <CenteredPage title={t('restore.title')} width={640}>
      <Typography.Paragraph type="secondary">{t('restore.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 16 }} data-testid={TID.restoreError} />}

      <Typography.Title level={5}>{t('restore.step.file')}</Typography.Title>
      <FilePicker accept=".enbak" testId={TID.restoreFile} fileName={file?.name ?? null} onFile={(f) => void choose(f)} showEmpty />
      {file && (uploading || uploadId) && (
        <div data-testid={TID.restoreUpload} data-done={uploadId ? 'true' : 'false'} style={{ marginTop: 8 }}>
          <Progress percent={file.size ? Math.floor((sent / file.size) * 100) : 0} status={uploadId ? 'success' : 'active'} />
          <Typography.Text type="secondary">{t('restore.uploaded', { sent: formatBytes(sent), total: formatBytes(file.size) })}</Typography.Text>
        </div>
      )}

      {uploadId && (
        <>
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('restore.step.passphrase')}
          </Typography.Title>
          <Form layout="vertical" onFinish={() => void inspect()} requiredMark={false}>
            <Form.Item label={t('restore.passphrase')} extra={t('restore.passphrase.help')}>
              <Input.Password autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} data-testid={TID.restorePassphrase} />
            </Form.Item>
            <Button htmlType="submit" loading={busy && !info} disabled={!passphrase || restoring} data-testid={TID.restoreInspect}>
              {t('restore.inspect')}
            </Button>
          </Form>
        </>
      )}

      {info && (
        <>
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('restore.step.confirm')}
          </Typography.Title>
          <BackupInfoView info={info} testId={TID.restoreInfo} />
          <div>
            <Checkbox checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} disabled={!!info.problem || restoring} data-testid={TID.restoreConfirm}>
              {t('restore.confirm', { unit: info.unitName })}
            </Checkbox>
          </div>
        </>
      )}

      {job && (
        <div style={{ marginTop: 16 }}>
          <JobProgress job={job} testId={TID.restoreProgress} />
        </div>
      )}

      <Space style={{ marginTop: 24 }}>
        <Button onClick={onBack} disabled={busy || uploading} data-testid={TID.restoreBack}>
          {t('restore.back')}
        </Button>
        <Button type="primary" onClick={() => void restore()} loading={busy && !!info} disabled={!info || !confirmed || !!info.problem} data-testid={TID.restoreSubmit}>
          {t('restore.submit')}
        </Button>
      </Space>
    </CenteredPage>
  );
}
