// Version history of one record: who did what, when, why, and which items changed.
// Old versions are never overwritten (corrections add a version, withdrawal adds a
// tombstone), so this table is the record's full story.
import { Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { RecordView } from '../../../common/contract';
import type { Resource } from '../api';
import { formatTime } from '../format';
import { useI18n } from '../i18n';

interface Row {
  view: RecordView;
  action: 'create' | 'correct' | 'withdraw';
  changed: string[];
}

/** Newest first, one row per version; `current` is included whether or not history has it. */
function rows(current: RecordView, history: RecordView[], resource: Resource | undefined): Row[] {
  const byVersion = new Map<number, RecordView>();
  for (const v of [...history, current]) byVersion.set(v.version, v);
  const ordered = [...byVersion.values()].sort((a, b) => a.version - b.version);
  const name = (code: string) => resource?.items.find((i) => i.code === code)?.name ?? code;
  return ordered
    .map((view, i): Row => {
      const prev = ordered[i - 1];
      const action = view.status === 'withdrawn' ? 'withdraw' : prev ? 'correct' : 'create';
      // In the catalog's order, not the stored fields' (stored sorted by code since 2026-12).
      const codes = new Set([...(resource?.items.map((i) => i.code) ?? []), ...Object.keys(view.fields), ...Object.keys(prev?.fields ?? {})]);
      const changed =
        prev && action === 'correct' ? [...codes].filter((c) => (view.fields[c] ?? '') !== (prev.fields[c] ?? '')).map(name) : [];
      return { view, action, changed };
    })
    .reverse();
}

export function RecordHistory({ current, history, resource }: { current: RecordView; history: RecordView[]; resource: Resource | undefined }) {
  const { t } = useI18n();
  const columns: ColumnsType<Row> = [
    { title: t('history.version'), width: 64, render: (_, r) => r.view.version },
    {
      title: t('history.action'),
      width: 80,
      render: (_, r) => <Tag color={r.action === 'withdraw' ? undefined : r.action === 'correct' ? 'blue' : 'green'}>{t(`history.${r.action}`)}</Tag>,
    },
    { title: t('history.at'), width: 160, render: (_, r) => formatTime(r.view.updatedAt) },
    { title: t('history.by'), width: 100, render: (_, r) => r.view.updatedBy },
    { title: t('history.reason'), render: (_, r) => r.view.reason ?? '—' },
    { title: t('history.changed'), render: (_, r) => (r.changed.length ? r.changed.join('、') : '—') },
  ];
  return (
    <Table<Row>
      size="small"
      rowKey={(r) => r.view.version}
      columns={columns}
      dataSource={rows(current, history, resource)}
      pagination={false}
    />
  );
}
