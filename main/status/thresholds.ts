// The thresholds behind the dashboard's colours (docs/status.md explains each). Defaults fit
// a township office: a daily backup, an extranet that may drop for an hour, certificates
// renewed a month ahead. An admin may change them; they are kept in the encrypted database.
import type { StatusThresholds } from '../../common/contract';
import { ApiFailure } from '../../common/contract/api-failure';
import type { StatusRepo } from '../store/status-repo';

export const DEFAULT_THRESHOLDS: StatusThresholds = {
  linkYellowFailures: 3,
  linkRedFailures: 10,
  linkYellowHours: 2,
  linkRedHours: 24,
  certYellowDays: 30,
  certRedDays: 7,
  queueYellowHours: 24,
  queueRedHours: 72,
  backupYellowHours: 30,
  backupRedHours: 72,
  verifyYellowDays: 30,
  uploadYellowDays: 3,
  catalogYellowDays: 30,
  diskYellowFreeMiB: 5120,
  diskRedFreeMiB: 1024,
};

export function readThresholds(store: StatusRepo): StatusThresholds {
  const raw = store.thresholdsJson();
  if (!raw) return { ...DEFAULT_THRESHOLDS };
  try {
    // Defaults first: a value added by a later version is present even if never saved.
    return { ...DEFAULT_THRESHOLDS, ...(JSON.parse(raw) as Partial<StatusThresholds>) };
  } catch {
    return { ...DEFAULT_THRESHOLDS };
  }
}

/** Pairs where the yellow step must come before the red one, with the Chinese name of each pair. */
const ORDER: { yellow: keyof StatusThresholds; red: keyof StatusThresholds; redIsSmaller: boolean; name: string }[] = [
  { yellow: 'linkYellowFailures', red: 'linkRedFailures', redIsSmaller: false, name: '连续连接失败次数' },
  { yellow: 'linkYellowHours', red: 'linkRedHours', redIsSmaller: false, name: '未联系交换平台的小时数' },
  { yellow: 'certYellowDays', red: 'certRedDays', redIsSmaller: true, name: '证书剩余天数' },
  { yellow: 'queueYellowHours', red: 'queueRedHours', redIsSmaller: false, name: '最早未上传数据的等待小时数' },
  { yellow: 'backupYellowHours', red: 'backupRedHours', redIsSmaller: false, name: '距上次备份的小时数' },
  { yellow: 'diskYellowFreeMiB', red: 'diskRedFreeMiB', redIsSmaller: true, name: '磁盘剩余空间' },
];

export function writeThresholds(store: StatusRepo, next: StatusThresholds): StatusThresholds {
  const problems = ORDER.filter(({ yellow, red, redIsSmaller }) => (redIsSmaller ? next[red] > next[yellow] : next[red] < next[yellow])).map(
    ({ yellow, red, name }) => ({ item: red, message: `${name}：“异常”阈值应比“注意”阈值更严重（注意 ${next[yellow]}，异常 ${next[red]}）` }),
  );
  if (problems.length > 0) throw new ApiFailure('BAD_INPUT', problems.map((p) => p.message).join('；'), problems);
  store.saveThresholdsJson(JSON.stringify(next));
  return readThresholds(store);
}
