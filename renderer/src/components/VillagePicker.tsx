// 所在村 as a choice, not typing: the villages and communities of this node's division from
// the division table the exchange publishes with the catalog, searchable by name or code,
// shown as "name（code）" and grouped by township when the node is a county. A code that
// is not in the list can still be typed (a village created after the table was published)
// and is offered as "使用输入的代码 …"; it goes through the same validator as anything
// typed, so a foreign or unpublished code is refused under the field as the core would.
import { Select } from 'antd';
import { useRef, useState } from 'react';
import { normaliseDivisionCode } from '../../../common/catalog/division-code';
import { findDivision, townshipOf, type DivisionTable } from '../../../common/catalog/division-table';
import type { DivisionEntry } from '../../../common/catalog/types';
import { useI18n } from '../i18n';

interface Props {
  /** From Form.Item: the stored code, or what the clerk typed. */
  value?: string;
  onChange?: (value: string | undefined) => void;
  id?: string;
  /** The published villages of the node's division, in code order. */
  villages: readonly DivisionEntry[];
  table: DivisionTable;
  allowClear: boolean;
  testId: string;
}

interface Option {
  value: string;
  label: string;
  /** The clerk's own typed code, not a row of the table. */
  typed?: boolean;
}
interface Group {
  label: string;
  title: string;
  options: Option[];
}

/** Digits, spaces and their full-width forms: what a typed code looks like (a name is searched, not offered). */
const CODE_LIKE = /^[\d\s\uff10-\uff19\u3000]+$/;

function listedOptions(villages: readonly DivisionEntry[], table: DivisionTable): (Option | Group)[] {
  const byTownship = new Map<string, Option[]>();
  for (const v of villages) {
    const township = townshipOf(v.code);
    byTownship.set(township, [...(byTownship.get(township) ?? []), { value: v.code, label: `${v.name}（${v.code}）` }]);
  }
  if (byTownship.size <= 1) return [...byTownship.values()].flat();
  return [...byTownship].map(([code, options]) => ({ label: findDivision(table, code)?.name ?? code, title: code, options }));
}

export function VillagePicker({ value, onChange, id, villages, table, allowClear, testId }: Props) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  // What was typed when the field is left: kept even if the picker clears its search first.
  const lastSearch = useRef('');
  const listed = new Set(villages.map((v) => v.code));

  const extra: Option[] = [];
  const typed = search.trim();
  if (typed && CODE_LIKE.test(typed) && !listed.has(normaliseDivisionCode(typed))) extra.push({ value: typed, label: typed, typed: true });
  // A value not in the list (typed earlier, or a record from before the table) still shows as itself.
  if (value && !listed.has(value) && value !== typed) extra.push({ value, label: value });

  return (
    <Select<string, Option>
      id={id}
      data-testid={testId}
      value={value || undefined}
      onChange={(v) => onChange?.(v)}
      allowClear={allowClear}
      placeholder={t('form.villagePlaceholder')}
      showSearch={{
        onSearch: (text) => {
          setSearch(text);
          if (text) lastSearch.current = text;
        },
        // Called for township groups too (label, no value): a group whose name matches keeps all its villages.
        filterOption: (input, option) => {
          if (!option || option.typed) return true;
          const { label, value: code } = option as Partial<Option>;
          return (label ?? '').includes(input.trim()) || (code ?? '').includes(normaliseDivisionCode(input));
        },
      }}
      onBlur={() => {
        // Leaving the field with a typed code keeps it, as a text box would; the rule then checks it.
        const left = lastSearch.current.trim();
        lastSearch.current = '';
        if (left && CODE_LIKE.test(left) && left !== value) onChange?.(left);
      }}
      onSelect={() => {
        lastSearch.current = '';
      }}
      options={[...listedOptions(villages, table), ...extra] as Option[]}
      optionRender={(o) => (o.data.typed ? t('form.typedCode', { code: o.data.value }) : o.data.label)}
      style={{ maxWidth: 420 }}
    />
  );
}
