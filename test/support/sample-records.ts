// Valid record fields for the sample catalog, and valid resident ID numbers made with the
// GB 11643 check character, so tests can register as many distinct people as they need.
import { validateIdNumber } from '../../common/catalog/id-number';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** A valid 18-digit ID number: area code, birth date, then `sequence` (0–999) and the check character. */
export function makeIdNumber(sequence: number, birth = '19800101', area = '469030'): string {
  const first17 = `${area}${birth}${String(sequence).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  const id = first17 + CHECK_CHARS[sum % 11]!;
  const check = validateIdNumber(id);
  if (!check.ok) throw new Error(`makeIdNumber built an invalid number ${id}: ${check.message}`);
  return id;
}

/** The same ID number with its last digit changed: the check character no longer fits. */
export function withWrongCheckCharacter(id: string): string {
  const last = id[17] === '1' ? '2' : '1';
  return id.slice(0, 17) + last;
}

/** A valid 贫困户 (RESOURCE_POVERTY_HOUSEHOLD) record. */
export function povertyHouseholdFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    householder_name: '王小明',
    householder_id_number: '11010519491231002X',
    village_code: '469030100201',
    household_size: '4',
    income_per_capita: '4500.50',
    household_category: '1',
    main_cause: '02',
    identified_on: '2016-03-05',
    poverty_status: '1',
    phone: '13812345678',
    ...overrides,
  };
}

/** The same fields as `edge-node records add` arguments (--field code=value ...). */
export function cliFields(fields: Record<string, string>): string[] {
  return Object.entries(fields).flatMap(([code, value]) => ['--field', `${code}=${value}`]);
}

/** A valid 人口基础信息 (RESOURCE_POPULATION) record. */
export function populationFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: '李四',
    id_number: makeIdNumber(1),
    gender: '1',
    ethnicity: '19',
    household_address: '海南省琼中县湾岭镇红旗村',
    ...overrides,
  };
}

/** A valid 特殊困难群众走访记录 (RESOURCE_HARDSHIP_VISIT, 不予共享) record. */
export function hardshipVisitFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    id_number: makeIdNumber(2),
    name: '赵五',
    visited_on: '2026-03-05',
    notes: '独居老人，行动不便，需定期走访',
    ...overrides,
  };
}
