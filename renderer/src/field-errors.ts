// Puts the core's field errors ({ item, message }) under the form fields they belong to.
// Whatever cannot be placed is returned, so the screen can show it in an Alert instead of
// silently dropping a reason the save was refused.
import type { FormInstance } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import type { ApiError } from './api';

export function applyFieldErrors(
  form: FormInstance,
  error: ApiError,
  /** Maps the core's item name (an item code, or a dotted input path) to a form field. */
  toField: (item: string) => NamePath | undefined,
): string[] {
  const unplaced: string[] = [];
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  for (const fe of error.fieldErrors ?? []) {
    const name = toField(fe.item);
    if (name === undefined) {
      unplaced.push(fe.message);
      continue;
    }
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(fe.message);
    byField.set(key, entry);
  }
  form.setFields([...byField.values()].map(({ name, errors }) => ({ name, errors })));
  return unplaced;
}
