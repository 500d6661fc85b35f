// EXPERIMENT ONLY: what records.create costs once findByKey uses the key index.
import { RecordsRepo } from '../../main/store/records-repo';
import { sql } from '../../main/store/database';
(RecordsRepo.prototype as any).findByKey = function (this: any, unit: string, keyValue: string, resourceCode?: string) {
  const rows = sql(this.db, 'SELECT * FROM records INDEXED BY records_by_key WHERE key_value = ? AND unit = ? ORDER BY updated_at DESC LIMIT 50').all(keyValue, unit) as any[];
  return resourceCode ? rows.filter((r) => r.resource_code === resourceCode) : rows;
};
console.log('EXPERIMENT: findByKey patched to INDEXED BY records_by_key');
