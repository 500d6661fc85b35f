// Chinese names of the catalog's sharing types and update cycles, as the report, the XLSX
// and the CLI print them (the renderer has its own in its message catalogue).
import type { SharingType, UpdateCycle } from '../../common/catalog/types';

export const SHARING_LABEL: Record<SharingType, string> = {
  unconditional: '无条件共享',
  conditional: '有条件共享',
  none: '不予共享',
};

export const CYCLE_LABEL: Record<UpdateCycle, string> = {
  realtime: '实时',
  daily: '每日',
  weekly: '每周',
  monthly: '每月',
  quarterly: '每季度',
  yearly: '每年',
  irregular: '不定期',
};
