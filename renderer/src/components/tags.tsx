// Small tags used on several screens. Colour is used sparingly: red only where it means
// something (不予共享: the data must never leave the node), grey for withdrawn records.
import { Tag } from 'antd';
import type { RecordStatus } from '../../../common/contract';
import type { SharingType } from '../../../common/catalog/types';
import { useI18n } from '../i18n';

const SHARING_COLOUR: Record<SharingType, string | undefined> = {
  unconditional: 'blue',
  conditional: 'gold',
  none: 'red',
};

export function SharingTag({ type }: { type: SharingType }) {
  const { t } = useI18n();
  return (
    <Tag color={SHARING_COLOUR[type]} data-sharing={type}>
      {t(`sharing.${type}`)}
    </Tag>
  );
}

export function RecordStatusTag({ status }: { status: RecordStatus }) {
  const { t } = useI18n();
  return status === 'active' ? (
    <Tag color="green" data-status="active">{t('record.active')}</Tag>
  ) : (
    <Tag data-status="withdrawn">{t('record.withdrawn')}</Tag>
  );
}
