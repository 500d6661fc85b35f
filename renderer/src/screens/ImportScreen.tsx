// 数据导入 (clerk): choose or drop a department export (CSV, XLSX, JSON), let the node
// recognise its resource from the headers (or pick one), check the first rows and which
// catalog item each column maps to, import with a progress bar, then read the report: the
// counts, and every bad row with its row number, column, value (masked by the core) and
// reason, downloadable as a CSV for Excel.
//
// The file never leaves as an upload: it is read here as base64 and handed to the core in
// the call, like the certificate files. The import runs in the core; this screen polls
// intake.job every 500 ms (skipping while nobody is at the machine, like every automatic
// refresh, so it does not hold an idle session open) and remembers the job, so leaving the
// page and coming back shows the same import's progress or report.
import { DownloadOutlined, FileExcelOutlined, InboxOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, Form, Progress, Select, Space, Spin, Statistic, Table, Tag, Typography, Upload, type SelectProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { INTAKE_MAX_FILE_BYTES, INTAKE_MAX_LISTED_ERRORS, type ImportReport, type ImportRowError, type IntakeFormat, type IntakeJob, type IntakePreview } from '../../../common/contract';
import { useUserActive, userActiveWithin } from '../activity';
import { call, type ApiError } from '../api';
import { useCatalog } from '../catalog';
import { CoreError } from '../components/CoreError';
import { downloadText, readFileAsBase64 } from '../files';
import { formatBytes, formatTime } from '../format';
import { INTAKE_EXTENSIONS, baseName, hasIntakeExtension, reportCsv } from '../import-file';
import { isMessageKey, useI18n, type Translate } from '../i18n';
import { useSession } from '../session';
import { TID } from '../testids';

const POLL_MS = 500;
const ERRORS_PAGE_SIZE = 20;

interface ChosenFile {
  name: string;
  size: number;
  base64: string;
}

interface RunningImport {
  username: string;
  jobId: string;
  fileName: string;
  resourceCode: string;
}

// The import under way or last finished, kept across visits to the page (the screen is
// re-created each time it is chosen). Tied to the user: another clerk signing in on the
// same window does not see it.
let remembered: RunningImport | null = null;

export function ImportScreen() {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const { catalog, error: catalogError, resourceByCode } = useCatalog();
  const userActive = useUserActive();
  const locale = lang === 'en' ? 'en' : 'zh-CN';
  const number = (n: number) => n.toLocaleString(locale);
  const resourceName = (code: string | null | undefined) => (code ? (resourceByCode(code)?.name ?? code) : '—');

  // ---- choosing and previewing
  const [chosen, setChosen] = useState<ChosenFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const [preview, setPreview] = useState<IntakePreview | null>(null);
  const [previewError, setPreviewError] = useState<ApiError | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [recognised, setRecognised] = useState<string | null>(null);
  const [resourceCode, setResourceCode] = useState<string | undefined>();
  const [sheet, setSheet] = useState<string | undefined>();
  const previewSeq = useRef(0);

  // ---- importing
  const [running, setRunning] = useState<RunningImport | null>(() => (remembered?.username === user.username ? remembered : null));
  const [job, setJob] = useState<IntakeJob | null>(null);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<ApiError | null>(null);
  const [pollError, setPollError] = useState<ApiError | null>(null);
  const reportRef = useRef<HTMLDivElement>(null);

  const runPreview = useCallback(async (file: ChosenFile, wanted: { resourceCode?: string; sheet?: string }) => {
    const seq = ++previewSeq.current;
    setPreviewing(true);
    setPreviewError(null);
    const r = await call('intake.preview', {
      fileName: file.name,
      fileBase64: file.base64,
      ...(wanted.resourceCode ? { resourceCode: wanted.resourceCode } : {}),
      ...(wanted.sheet ? { sheet: wanted.sheet } : {}),
    });
    if (seq !== previewSeq.current) return; // a newer choice has been made meanwhile
    setPreviewing(false);
    if (!r.ok) {
      setPreview(null);
      setPreviewError(r.error);
      return;
    }
    setPreview(r.value);
    setResourceCode(r.value.resourceCode ?? undefined);
    // Without a resource asked for, this is the node's own recognition: remember it for the hint.
    if (!wanted.resourceCode) setRecognised(r.value.resourceCode);
    setSheet(wanted.sheet ?? r.value.sheets[0]);
  }, []);

  function reset() {
    previewSeq.current++;
    setChosen(null);
    setFileError(null);
    setPreview(null);
    setPreviewError(null);
    setPreviewing(false);
    setRecognised(null);
    setResourceCode(undefined);
    setSheet(undefined);
    setStartError(null);
  }

  async function choose(file: File) {
    reset();
    const size = formatBytes(file.size);
    if (!hasIntakeExtension(file.name)) return setFileError(t('import.badType', { name: file.name }));
    if (file.size === 0) return setFileError(t('import.emptyFile', { name: file.name }));
    if (file.size > INTAKE_MAX_FILE_BYTES) {
      return setFileError(t('import.tooLarge', { name: file.name, size, max: formatBytes(INTAKE_MAX_FILE_BYTES) }));
    }
    setReading(true);
    try {
      const picked: ChosenFile = { name: file.name, size: file.size, base64: await readFileAsBase64(file) };
      setChosen(picked);
      void runPreview(picked, {});
    } catch {
      setFileError(t('file.readFailed', { name: file.name }));
    } finally {
      setReading(false);
    }
  }

  async function start() {
    if (!chosen || !resourceCode) return;
    setStarting(true);
    setStartError(null);
    const r = await call('intake.start', {
      fileName: chosen.name,
      fileBase64: chosen.base64,
      resourceCode,
      ...(sheet && preview?.format === 'xlsx' ? { sheet } : {}),
    });
    setStarting(false);
    if (!r.ok) {
      setStartError(r.error);
      return;
    }
    const next: RunningImport = { username: user.username, jobId: r.value.jobId, fileName: chosen.name, resourceCode };
    remembered = next;
    setJob(null);
    setPollError(null);
    setRunning(next);
  }

  function importAnother() {
    remembered = null;
    setRunning(null);
    setJob(null);
    setPollError(null);
    reset();
  }

  // ---- poll the job: one call at a time, the next 500 ms after the last answer, until done
  const jobId = running?.jobId;
  useEffect(() => {
    if (!jobId) return;
    let live = true;
    let timer: number | undefined;
    const tick = async () => {
      if (userActiveWithin()) {
        const r = await call('intake.job', { jobId });
        if (!live) return;
        if (r.ok) {
          setJob(r.value);
          setPollError(null);
          if (r.value.state !== 'running') return; // done or failed: nothing more will change
        } else {
          setPollError(r.error);
          // The core no longer knows this job (restarted, or it was someone else's): stop.
          if (r.error.code === 'NOT_FOUND' || r.error.code === 'FORBIDDEN') {
            if (remembered?.jobId === jobId) remembered = null;
            return;
          }
        }
      }
      if (live) timer = window.setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [jobId]);

  // When the report arrives, move the keyboard focus to it.
  const finished = job !== null && job.state !== 'running';
  useEffect(() => {
    if (finished) reportRef.current?.focus();
  }, [finished]);

  // ---- rendering
  const problemsOnly = (preview?.problems ?? []).filter((p) => !preview?.missingRequired.some((name) => p.includes(name)));
  const blocked = !preview || !resourceCode || preview.missingRequired.length > 0 || previewing;

  const resourceOptions: SelectProps['options'] = (() => {
    const all = catalog?.resources ?? [];
    const candidates = (preview?.candidates ?? []).filter((c) => all.some((r) => r.code === c.resourceCode));
    const asOption = (code: string, extra?: { matched: number; missing: number }) => ({ value: code, label: resourceName(code), ...extra });
    const others = all.filter((r) => !candidates.some((c) => c.resourceCode === r.code)).map((r) => asOption(r.code));
    if (candidates.length === 0) return others;
    return [
      { label: t('import.group.candidates'), title: t('import.group.candidates'), options: candidates.map((c) => asOption(c.resourceCode, { matched: c.matched, missing: c.missingRequired.length })) },
      { label: t('import.group.others'), title: t('import.group.others'), options: others },
    ];
  })();

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('menu.import')}
      </Typography.Title>
      {catalogError && <Alert type="error" showIcon title={catalogError.message} />}

      {running ? (
        <ImportRun
          running={running}
          job={job}
          pollError={pollError}
          userActive={userActive}
          reportRef={reportRef}
          resourceName={resourceName}
          number={number}
          onAgain={importAnother}
        />
      ) : (
        <>
          <Card>
            <Typography.Paragraph type="secondary">{t('import.explain')}</Typography.Paragraph>
            <Upload.Dragger
              accept={INTAKE_EXTENSIONS.join(',')}
              multiple={false}
              showUploadList={false}
              disabled={reading}
              beforeUpload={(file) => {
                void choose(file);
                return Upload.LIST_IGNORE; // read here, never uploaded
              }}
              data-testid={TID.intakeFile}
            >
              {/* Once a file is chosen the drop zone shrinks to one line: the preview matters now. */}
              {!chosen && <p className="ant-upload-drag-icon">{reading ? <Spin /> : <InboxOutlined />}</p>}
              <p className="ant-upload-text">
                {chosen && <InboxOutlined style={{ marginInlineEnd: 8, color: '#1a5fb4' }} />}
                {reading ? t('import.reading') : t('import.drop')}
              </p>
              <p className="ant-upload-hint">{t('import.dropHint', { max: formatBytes(INTAKE_MAX_FILE_BYTES) })}</p>
            </Upload.Dragger>
            {fileError && (
              <div data-testid={TID.intakeFileError} style={{ marginTop: 12 }}>
                <Alert type="error" showIcon title={fileError} />
              </div>
            )}
            {chosen && (
              <div data-testid={TID.intakeFileInfo} data-size={chosen.size} style={{ marginTop: 16 }}>
                <Descriptions
                  size="small"
                  column={{ xs: 1, md: 3 }}
                  items={[
                    {
                      key: 'file',
                      label: t('import.file'),
                      children: (
                        <Space size={4}>
                          <FileExcelOutlined />
                          <Typography.Text className="edge-mono">{chosen.name}</Typography.Text>
                        </Space>
                      ),
                    },
                    { key: 'size', label: t('import.size'), children: formatBytes(chosen.size) },
                    {
                      key: 'format',
                      label: t('import.format'),
                      children: preview ? formatLabel(preview, t) : '—',
                    },
                  ]}
                />
              </div>
            )}
          </Card>

          {chosen && previewError && <CoreError error={previewError} title={t('import.previewFailed')} testId={TID.intakeError} />}

          {chosen && (preview || previewing) && (
            <Card>
              <Spin spinning={previewing} description={t('import.previewing')}>
                <Form layout="vertical" style={{ maxWidth: 720 }}>
                  <Flex gap={16} wrap>
                    <Form.Item
                      label={t('import.resource')}
                      htmlFor="intake-resource"
                      style={{ flex: '1 1 320px', marginBottom: 12 }}
                      extra={
                        preview && (
                          <span data-testid={TID.intakeRecognised} data-resource={recognised ?? ''}>
                            {recognised ? t('import.recognised', { name: resourceName(recognised) }) : t('import.notRecognised')}
                          </span>
                        )
                      }
                    >
                      <Select
                        id="intake-resource"
                        data-testid={TID.intakeResource}
                        placeholder={t('import.resourcePlaceholder')}
                        value={resourceCode}
                        loading={!catalog && !catalogError}
                        showSearch={{ optionFilterProp: ['label', 'value'] }}
                        options={resourceOptions}
                        optionRender={(option) => {
                          const d = option.data as { matched?: number; missing?: number };
                          return (
                            <Flex justify="space-between" gap={8}>
                              <span>{option.label}</span>
                              {d.matched !== undefined && (
                                <Typography.Text type={d.missing ? 'warning' : 'secondary'} style={{ fontSize: 12 }}>
                                  {t('import.matched', { n: d.matched })}
                                  {d.missing ? ` · ${t('import.missingShort', { n: d.missing })}` : ''}
                                </Typography.Text>
                              )}
                            </Flex>
                          );
                        }}
                        onChange={(code: string) => {
                          setResourceCode(code);
                          setStartError(null);
                          if (chosen) void runPreview(chosen, { resourceCode: code, sheet });
                        }}
                      />
                    </Form.Item>
                    {preview?.format === 'xlsx' && preview.sheets.length > 0 && (
                      <Form.Item label={t('import.sheet')} htmlFor="intake-sheet" style={{ flex: '0 1 220px', marginBottom: 12 }}>
                        <Select
                          id="intake-sheet"
                          data-testid={TID.intakeSheet}
                          value={sheet}
                          showSearch={{ optionFilterProp: ['label'] }}
                          options={preview.sheets.map((s) => ({ value: s, label: s }))}
                          onChange={(s: string) => {
                            setSheet(s);
                            setStartError(null);
                            // Another sheet may hold another resource: let the node recognise it afresh.
                            if (chosen) void runPreview(chosen, { sheet: s });
                          }}
                        />
                      </Form.Item>
                    )}
                  </Flex>
                </Form>

                {preview && (
                  <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
                    {preview.missingRequired.length > 0 && (
                      <div data-testid={TID.intakeMissing}>
                        <Alert
                          type="error"
                          showIcon
                          title={t('import.missing.title')}
                          description={t('import.missing.body', { names: preview.missingRequired.join('、') })}
                        />
                      </div>
                    )}
                    {problemsOnly.length > 0 && (
                      <div data-testid={TID.intakeProblems}>
                        <Alert type="warning" showIcon title={t('import.problems')} description={<Lines lines={problemsOnly} />} />
                      </div>
                    )}
                    <PreviewTable preview={preview} />
                    {startError && <CoreError error={startError} title={t('import.failed')} testId={TID.intakeError} />}
                    <Button type="primary" size="large" disabled={blocked} loading={starting} onClick={() => void start()} data-testid={TID.intakeStart}>
                      {t('import.start')}
                    </Button>
                  </Space>
                )}
              </Spin>
            </Card>
          )}
        </>
      )}
    </Space>
  );
}

/** "CSV · UTF-8（带 BOM）", "Excel (XLSX) · 2026年3月", "JSON Lines". */
function formatLabel(f: { format: IntakeFormat; encoding: string | null; sheet?: string | null }, t: Translate): string {
  const name = { csv: 'CSV', xlsx: 'Excel (XLSX)', json: 'JSON', jsonl: 'JSON Lines' }[f.format];
  const key = `import.encoding.${f.encoding}`;
  const detail = f.encoding ? (isMessageKey(key) ? t(key) : f.encoding) : (f.sheet ?? null);
  return detail ? `${name} · ${detail}` : name;
}

function Lines({ lines }: { lines: string[] }) {
  if (lines.length === 1) return <>{lines[0]}</>;
  return (
    <ul style={{ margin: 0, paddingInlineStart: 20 }}>
      {lines.map((l, i) => (
        <li key={i}>{l}</li>
      ))}
    </ul>
  );
}

type SampleRow = Record<string, string> & { __key: string };

/** The first rows as read, one column per header, each under the catalog item it maps to. */
function PreviewTable({ preview }: { preview: IntakePreview }) {
  const { t } = useI18n();
  const columns: ColumnsType<SampleRow> = [
    { title: '#', key: '#', width: 48, align: 'right', render: (_v, _r, i) => <Typography.Text type="secondary">{i + 1}</Typography.Text> },
    ...preview.mapping.map((m, i) => {
      const extra = m.itemCode === null;
      return {
        key: `${i}`,
        title: (
          <div data-item={m.itemCode ?? undefined} data-extra={extra ? 'true' : undefined}>
            <div style={{ whiteSpace: 'nowrap' }}>{m.header}</div>
            {extra ? (
              <Tag style={{ marginTop: 2, fontWeight: 'normal' }}>{t('import.extraColumn')}</Tag>
            ) : (
              m.header !== m.itemName && (
                <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal', whiteSpace: 'nowrap' }}>
                  → {m.itemName ?? m.itemCode}
                </Typography.Text>
              )
            )}
          </div>
        ),
        className: extra ? 'edge-extra-col' : undefined,
        render: (_v: unknown, row: SampleRow) => {
          const value = extra ? row[m.header] : row[m.itemCode!];
          return value === undefined || value === '' ? <Typography.Text type="secondary">—</Typography.Text> : <span style={{ whiteSpace: 'nowrap' }}>{value}</span>;
        },
      };
    }),
  ];
  return (
    <div data-testid={TID.intakePreviewTable}>
      <Typography.Text strong>{t('import.preview.title', { n: preview.sampleRows.length })}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 8px', fontSize: 13 }}>
        {t('import.preview.hint')}
      </Typography.Paragraph>
      <Table<SampleRow>
        rowKey="__key"
        size="small"
        bordered
        columns={columns}
        dataSource={preview.sampleRows.map((r, i) => ({ ...r, __key: String(i) }))}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('import.preview.empty') }}
      />
    </div>
  );
}

interface RunProps {
  running: RunningImport;
  job: IntakeJob | null;
  pollError: ApiError | null;
  userActive: boolean;
  reportRef: RefObject<HTMLDivElement | null>;
  resourceName: (code: string | null | undefined) => string;
  number: (n: number) => string;
  onAgain: () => void;
}

/** The import under way (progress), then its outcome (report, or why it failed). */
function ImportRun({ running, job, pollError, userActive, reportRef, resourceName, number, onAgain }: RunProps) {
  const { t } = useI18n();
  const state = job?.state ?? 'running';
  const processed = job?.processedRows ?? 0;
  const fraction = job?.fractionDone ?? null;
  const again = (
    <Button icon={<ReloadOutlined />} onClick={onAgain} data-testid={TID.intakeAgain}>
      {t('import.again')}
    </Button>
  );

  if (state === 'running') {
    return (
      <Card title={t('import.progress.title', { name: running.fileName })}>
        <div data-testid={TID.intakeProgress} data-state="running" data-processed={processed} data-fraction={fraction ?? ''} aria-live="polite">
          <Typography.Text>{t('import.progress.rows', { processed: number(processed) })}</Typography.Text>
          {fraction !== null ? (
            // The share of the file read so far; 100 % only once the core says done.
            <Progress percent={Math.min(99, Math.floor(fraction * 100))} status="active" />
          ) : (
            <div style={{ padding: '12px 0' }}>
              <Spin />
            </div>
          )}
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t('import.progress.leave')}
          </Typography.Paragraph>
          {!userActive && <Typography.Text type="secondary">{t('import.progress.paused')}</Typography.Text>}
          {pollError && <Alert type="warning" showIcon title={pollError.message} style={{ marginTop: 12 }} />}
        </div>
        {pollError && (pollError.code === 'NOT_FOUND' || pollError.code === 'FORBIDDEN') && <div style={{ marginTop: 12 }}>{again}</div>}
      </Card>
    );
  }

  const report = job?.report ?? null;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {state === 'failed' && (
        <div data-testid={TID.intakeJobError}>
          <Alert type="error" showIcon title={t('import.failed')} description={job?.error ?? undefined} action={report ? undefined : again} />
        </div>
      )}
      {report && <ReportView report={report} fileName={running.fileName} reportRef={reportRef} resourceName={resourceName} number={number} again={again} />}
    </Space>
  );
}

interface ReportProps {
  report: ImportReport;
  fileName: string;
  reportRef: RefObject<HTMLDivElement | null>;
  resourceName: (code: string | null | undefined) => string;
  number: (n: number) => string;
  again: ReactNode;
}

function ReportView({ report, fileName, reportRef, resourceName, number, again }: ReportProps) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);

  function download() {
    const csv = reportCsv(report.errors, {
      row: t('import.col.row'),
      column: t('import.col.column'),
      value: t('import.col.value'),
      reason: t('import.col.reason'),
      wholeRow: t('import.col.wholeRow'),
      notListed: report.errorsNotListed > 0 ? t('import.errors.notListed', { n: report.errorsNotListed, max: INTAKE_MAX_LISTED_ERRORS }) : null,
    });
    downloadText(t('import.downloadName', { name: baseName(report.fileName || fileName) }), csv, 'text/csv;charset=utf-8');
  }

  const stats: { key: string; label: string; value: number; testId: string; colour?: string }[] = [
    { key: 'total', label: t('import.stat.total'), value: report.totalRows, testId: TID.intakeTotal },
    { key: 'imported', label: t('import.stat.imported'), value: report.imported, testId: TID.intakeImported, colour: report.imported > 0 ? '#389e0d' : undefined },
    { key: 'rejected', label: t('import.stat.rejected'), value: report.rejected, testId: TID.intakeRejected, colour: report.rejected > 0 ? '#cf1322' : undefined },
    { key: 'duplicates', label: t('import.stat.duplicates'), value: report.duplicates, testId: TID.intakeDuplicates, colour: report.duplicates > 0 ? '#d46b08' : undefined },
    { key: 'empty', label: t('import.stat.empty'), value: report.emptyRowsSkipped, testId: TID.intakeEmpty },
  ];

  const columns: ColumnsType<ImportRowError & { __key: number }> = [
    { title: t('import.col.row'), dataIndex: 'row', width: 80, align: 'right' },
    {
      title: t('import.col.column'),
      dataIndex: 'column',
      width: 200,
      render: (c: string | null) => c ?? <Typography.Text type="secondary">{t('import.col.wholeRow')}</Typography.Text>,
    },
    {
      title: t('import.col.value'),
      dataIndex: 'value',
      width: 220,
      render: (v: string | null) => (v === null || v === '' ? <Typography.Text type="secondary">—</Typography.Text> : <span className="edge-mono">{v}</span>),
    },
    { title: t('import.col.reason'), dataIndex: 'reason' },
  ];

  return (
    <div ref={reportRef} tabIndex={-1} style={{ outline: 'none' }} data-testid={TID.intakeReport} data-already={String(report.alreadyImported)}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card
          title={t('import.report.title')}
          extra={
            <Space>
              <Button icon={<DownloadOutlined />} disabled={report.errors.length === 0} onClick={download} data-testid={TID.intakeDownload}>
                {t('import.download')}
              </Button>
              {again}
            </Space>
          }
        >
          <Typography.Paragraph type="secondary">
            {t('import.report.subtitle', { file: report.fileName || fileName, format: formatLabel(report, t), resource: resourceName(report.resourceCode) })}
          </Typography.Paragraph>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {report.alreadyImported && (
              <div data-testid={TID.intakeAlready}>
                <Alert
                  type="warning"
                  showIcon
                  title={t('import.already')}
                  description={
                    <>
                      <div>{t('import.already.body')}</div>
                      {report.previousImport && (
                        <div>
                          {t('import.already.previous', {
                            file: report.previousImport.fileName,
                            at: formatTime(report.previousImport.finishedAt),
                            imported: number(report.previousImport.imported),
                            rejected: number(report.previousImport.rejected),
                            duplicates: number(report.previousImport.duplicates),
                          })}
                        </div>
                      )}
                    </>
                  }
                />
              </div>
            )}
            {report.fileProblem && (
              <div data-testid={TID.intakeFileProblem}>
                <Alert type="error" showIcon title={t('import.fileProblem')} description={report.fileProblem} />
              </div>
            )}
            <Flex gap={16} wrap>
              {stats.map((s) => (
                <Card key={s.key} size="small" style={{ flex: '1 1 150px' }}>
                  <Statistic
                    title={s.label}
                    value={s.value}
                    formatter={(v) => number(Number(v))}
                    styles={s.colour ? { content: { color: s.colour } } : undefined}
                    valueRender={(node) => (
                      <span data-testid={s.testId} data-value={s.value}>
                        {node}
                      </span>
                    )}
                  />
                </Card>
              ))}
            </Flex>
            {report.extraColumns.length > 0 && (
              <div data-testid={TID.intakeExtraColumns}>
                <Alert type="info" showIcon title={t('import.extraColumns', { names: report.extraColumns.join('、') })} />
              </div>
            )}
          </Space>
        </Card>
        {(!report.alreadyImported || report.errors.length > 0) && (
          <Card title={t('import.errors.title')}>
            {report.errors.length > 0 && <Typography.Paragraph type="secondary">{t('import.errors.hint')}</Typography.Paragraph>}
            <div data-testid={TID.intakeErrorsTable}>
              <Table<ImportRowError & { __key: number }>
                rowKey="__key"
                size="middle"
                columns={columns}
                dataSource={report.errors.map((e, i) => ({ ...e, __key: i }))}
                scroll={{ x: 800 }}
                locale={{ emptyText: t('import.errors.none') }}
                pagination={{
                  current: page,
                  pageSize: ERRORS_PAGE_SIZE,
                  showSizeChanger: false,
                  hideOnSinglePage: true,
                  showTotal: (n) => t('common.total', { total: n }),
                  onChange: setPage,
                }}
              />
            </div>
            {report.errorsNotListed > 0 && (
              <Typography.Paragraph type="warning" style={{ marginTop: 12, marginBottom: 0 }} data-testid={TID.intakeErrorsNotListed}>
                {t('import.errors.notListed', { n: number(report.errorsNotListed), max: number(INTAKE_MAX_LISTED_ERRORS) })}
              </Typography.Paragraph>
            )}
          </Card>
        )}
      </Space>
    </div>
  );
}
