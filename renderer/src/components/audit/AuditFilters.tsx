// The auditor's filters: person, action (one, or all of a kind), China days and outcome. The
// action list comes from the contract's registry, grouped by kind, so it names every action
// the core can record and nothing else.
import { Button, DatePicker, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { AUDIT_ACTION_INFO, AUDIT_KINDS, AUDIT_KIND_LABELS, actionsOfKind, type AuditAction, type AuditFilter, type AuditKind } from '../../../../common/contract';
import { useI18n } from '../../i18n';
import { TID } from '../../testids';

export interface Person {
  username: string;
  displayName: string;
}

interface Props {
  filter: AuditFilter;
  people: Person[];
  onChange: (filter: AuditFilter) => void;
}

const DAY = 'YYYY-MM-DD';

export function AuditFilters({ filter, people, onChange }: Props) {
  const { t, lang } = useI18n();
  const l = lang === 'en' ? 'en' : 'zh';
  const set = (patch: Partial<AuditFilter>) => {
    const next: AuditFilter = { ...filter, ...patch };
    for (const key of Object.keys(next) as (keyof AuditFilter)[]) if (next[key] === undefined) delete next[key];
    onChange(next);
  };

  const actionOptions = AUDIT_KINDS.map((kind) => ({
    label: AUDIT_KIND_LABELS[kind][l],
    title: AUDIT_KIND_LABELS[kind][l],
    options: [
      { value: `kind:${kind}`, label: t('audit.filter.allOfKind', { kind: AUDIT_KIND_LABELS[kind][l] }) },
      ...actionsOfKind(kind).map((a) => ({ value: `action:${a}`, label: AUDIT_ACTION_INFO[a][l] })),
    ],
  }));
  const actionValue = filter.action ? `action:${filter.action}` : filter.kind ? `kind:${filter.kind}` : undefined;
  const chooseAction = (value: string | undefined) => {
    if (!value) return set({ action: undefined, kind: undefined });
    const [type, code] = value.split(':') as ['action' | 'kind', string];
    set(type === 'action' ? { action: code as AuditAction, kind: undefined } : { kind: code as AuditKind, action: undefined });
  };

  const personOptions = [
    ...people.map((p) => ({ value: p.username, label: `${p.displayName}（${p.username}）` })),
    { value: 'system', label: t('audit.filter.system') },
  ];
  const days: [Dayjs, Dayjs] | null = filter.from && filter.to ? [dayjs(filter.from), dayjs(filter.to)] : null;
  const any = Object.keys(filter).length > 0;

  return (
    <Space wrap>
      <Select
        data-testid={TID.auditFilterPerson}
        aria-label={t('audit.filter.person')}
        placeholder={t('audit.filter.person')}
        style={{ width: 200 }}
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        options={personOptions}
        value={filter.user}
        onChange={(user: string | undefined) => set({ user })}
      />
      <Select
        data-testid={TID.auditFilterAction}
        aria-label={t('audit.filter.action')}
        placeholder={t('audit.filter.action')}
        style={{ width: 220 }}
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        options={actionOptions}
        value={actionValue}
        onChange={chooseAction}
      />
      <span data-testid={TID.auditFilterDays}>
        <DatePicker.RangePicker
          aria-label={t('audit.filter.days')}
          placeholder={[t('audit.filter.from'), t('audit.filter.to')]}
          value={days}
          onChange={(range) => set(range?.[0] && range[1] ? { from: range[0].format(DAY), to: range[1].format(DAY) } : { from: undefined, to: undefined })}
        />
      </span>
      <Select
        data-testid={TID.auditFilterOutcome}
        aria-label={t('audit.filter.outcome')}
        placeholder={t('audit.filter.outcome')}
        style={{ width: 110 }}
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        options={[
          { value: 'success', label: t('audit.outcome.success') },
          { value: 'failure', label: t('audit.outcome.failure') },
        ]}
        value={filter.outcome}
        onChange={(outcome: 'success' | 'failure' | undefined) => set({ outcome })}
      />
      <Button onClick={() => onChange({})} disabled={!any} data-testid={TID.auditFilterReset}>
        {t('audit.filter.reset')}
      </Button>
    </Space>
  );
}
