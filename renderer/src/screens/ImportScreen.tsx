// 数据导入 (clerk): choose or drop a department export (CSV, XLSX, JSON), let the node
// recognise its resource from the headers (or pick one), check the first rows and which
// catalog item each column maps to, import with a progress bar, then read the report: the
// counts, and every bad row with its row number, column, value (masked by the core) and
// reason, downloadable as a CSV for Excel.
//
// The steps live in components/intake: the file and its preview (useIntakePreview,
// FileDropCard, PreviewCard), and the job the core runs (useImportJob, which polls it and
// remembers it across visits; ImportRun and the report views). This screen joins them.
import { Alert, Space, Typography } from 'antd';
import { useCatalog } from '../catalog';
import { CoreError } from '../components/CoreError';
import { FileDropCard } from '../components/intake/FileDropCard';
import { ImportRun } from '../components/intake/ImportRun';
import { PreviewCard } from '../components/intake/PreviewCard';
import { useImportJob } from '../components/intake/useImportJob';
import { useIntakePreview } from '../components/intake/useIntakePreview';
import { useI18n } from '../i18n';
import { TID } from '../testids';

export function ImportScreen() {
  const { t, lang } = useI18n();
  const { catalog, error: catalogError, resourceByCode } = useCatalog();
  const intake = useIntakePreview();
  const job = useImportJob();
  const locale = lang === 'en' ? 'en' : 'zh-CN';
  const number = (n: number) => n.toLocaleString(locale);
  const resourceName = (code: string | null | undefined) => (code ? (resourceByCode(code)?.name ?? code) : '—');
  const { chosen, preview, previewing, previewError, resourceCode, sheet } = intake;

  // Any new choice makes an earlier refusal to start stale.
  function choose(file: File) {
    job.clearStartError();
    void intake.choose(file);
  }

  function start() {
    if (!chosen || !resourceCode) return;
    void job.start({
      fileName: chosen.name,
      fileBase64: chosen.base64,
      resourceCode,
      ...(sheet && (preview?.format === 'xlsx' || preview?.format === 'xls') ? { sheet } : {}),
    });
  }

  function importAnother() {
    job.forget();
    intake.reset();
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('menu.import')}
      </Typography.Title>
      {catalogError && <Alert type="error" showIcon title={catalogError.message} />}

      {job.running ? (
        <ImportRun running={job.running} job={job} resourceName={resourceName} number={number} onAgain={importAnother} />
      ) : (
        <>
          <FileDropCard chosen={chosen} reading={intake.reading} fileError={intake.fileError} preview={preview} onFile={choose} />

          {chosen && previewError && <CoreError error={previewError} title={t('import.previewFailed')} testId={TID.intakeError} />}

          {chosen && (preview || previewing) && (
            <PreviewCard
              intake={intake}
              resources={catalog?.resources ?? []}
              catalogLoading={!catalog && !catalogError}
              resourceName={resourceName}
              starting={job.starting}
              startError={job.startError}
              onResource={(code) => {
                job.clearStartError();
                intake.chooseResource(code);
              }}
              onSheet={(s) => {
                job.clearStartError();
                intake.chooseSheet(s);
              }}
              onStart={start}
            />
          )}
        </>
      )}
    </Space>
  );
}
