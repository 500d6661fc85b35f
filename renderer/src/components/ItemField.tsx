// One form field generated from one catalog item. Every value stays a string (as records
// store it) and is checked with the catalog's validateValue — the same function the core
// runs — on blur and on submit, so the clerk sees the core's own message under the field.
// Dates and numbers are plain text inputs on purpose: typing 1990-05-01 is faster and
// more predictable from the keyboard than a picker, and the validator accepts the usual
// ways of writing them (1990/5/1, 19900501, 1990年5月1日) and full-width digits.
// A division code is also checked against the node (its division and the catalog's
// division table); a village item offers the published villages as a picker.
import { Form, Input, Select } from 'antd';
import type { ReactNode } from 'react';
import { villagesIn } from '../../../common/catalog/division-table';
import type { DivisionContext } from '../../../common/catalog/node-division';
import type { DivisionEntry } from '../../../common/catalog/types';
import { validateValue } from '../../../common/catalog/validators';
import type { Item } from '../api';
import { divisionHintParts } from '../division-hint';
import { useI18n, type Translate } from '../i18n';
import { fieldTestId } from '../testids';
import { checkedBy } from '../form-rules';
import { VillagePicker } from './VillagePicker';

/** Long free text gets a multi-line box; short text a single line. */
const TEXTAREA_FROM = 100;

function hint(item: Item, division: DivisionContext | undefined, t: Translate): string | undefined {
  const parts: string[] = [];
  // The catalog's own 格式说明 comes first; the generic hints below only add what it is
  // not already likely to say (a range is added, decimal places only without a format).
  if (item.type === 'divisionCode') parts.push(...divisionHintParts(item, division, t));
  else if (item.format) parts.push(item.format);
  if (item.type === 'date' && !item.format) parts.push(t('form.date'));
  if (item.type === 'integer' || item.type === 'decimal') {
    if (item.min !== undefined && item.max !== undefined) parts.push(t('form.range', { min: item.min, max: item.max }));
    else if (item.min !== undefined) parts.push(t('form.min', { min: item.min }));
    else if (item.max !== undefined) parts.push(t('form.max', { max: item.max }));
    if (item.type === 'decimal' && item.scale !== undefined && !item.format) parts.push(t('form.scale', { scale: item.scale }));
  }
  return parts.length > 0 ? parts.join('；') : undefined;
}

function control(item: Item, villages: DivisionEntry[], division: DivisionContext | undefined, t: Translate): ReactNode {
  const testId = fieldTestId(item.code);
  if (villages.length > 0) {
    return <VillagePicker villages={villages} table={division?.divisions} allowClear={!item.required} testId={testId} />;
  }
  switch (item.type) {
    case 'code':
      return (
        <Select
          data-testid={testId}
          placeholder={t('form.selectPlaceholder')}
          allowClear={!item.required}
          showSearch={{ optionFilterProp: ['label', 'value'] }}
          options={(item.codeTable ?? []).map((e) => ({ value: e.code, label: e.label }))}
        />
      );
    case 'text':
      return item.maxLength !== undefined && item.maxLength > TEXTAREA_FROM ? (
        <Input.TextArea data-testid={testId} maxLength={item.maxLength} autoSize={{ minRows: 2, maxRows: 6 }} showCount />
      ) : (
        <Input data-testid={testId} maxLength={item.maxLength} />
      );
    case 'date':
      return <Input data-testid={testId} placeholder="YYYY-MM-DD" autoComplete="off" style={{ maxWidth: 200 }} />;
    case 'integer':
      return <Input data-testid={testId} inputMode="numeric" autoComplete="off" style={{ maxWidth: 240 }} />;
    case 'decimal':
      return <Input data-testid={testId} inputMode="decimal" autoComplete="off" style={{ maxWidth: 240 }} />;
    case 'phone':
      return <Input data-testid={testId} inputMode="tel" autoComplete="off" style={{ maxWidth: 240 }} />;
    case 'idNumber':
    case 'creditCode':
    case 'divisionCode':
      // Identifiers: no maxLength, so a pasted "110105 19491231 002X" is not cut off;
      // the validator folds spaces and full-width characters.
      return <Input data-testid={testId} autoComplete="off" spellCheck={false} className="edge-mono" style={{ maxWidth: 320 }} />;
  }
}

/**
 * The villages to pick from: for a 12-digit division item held to the node, the published
 * villages of the node's division; none (a plain text box) when the table has none.
 */
function villagesFor(item: Item, division: DivisionContext | undefined): DivisionEntry[] {
  if (item.type !== 'divisionCode' || item.divisionCodeLength !== '12' || (item.divisionScope ?? 'node') !== 'node' || !division) return [];
  return villagesIn(division.divisions, division.nodeDivision);
}

export function ItemField({ item, division }: { item: Item; division?: DivisionContext | undefined }) {
  const { t } = useI18n();
  const rule = checkedBy((value) => validateValue(item, value, division));
  const villages = villagesFor(item, division);
  return (
    <Form.Item
      name={['fields', item.code]}
      label={item.name}
      required={item.required}
      extra={hint(item, division, t)}
      rules={[rule]}
      // A dropdown choice is complete when made; typed values are checked when the clerk
      // leaves the field, not at every keystroke of an 18-digit number.
      validateTrigger={item.type === 'code' || villages.length > 0 ? ['onChange', 'onBlur'] : 'onBlur'}
    >
      {control(item, villages, division, t)}
    </Form.Item>
  );
}
