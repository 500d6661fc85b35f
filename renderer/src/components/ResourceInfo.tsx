// What the clerk is about to register into: provider, sharing type, update cycle, summary.
// Negative-list resources (不予共享) say plainly that their data stays on this node.
import { Alert, Descriptions } from 'antd';
import type { Resource } from '../api';
import { useI18n } from '../i18n';
import { TID } from '../testids';
import { SharingTag } from './tags';

export function ResourceInfo({ resource }: { resource: Resource }) {
  const { t } = useI18n();
  return (
    <div data-testid={TID.resourceInfo}>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          { key: 'provider', label: t('resource.provider'), children: resource.provider },
          { key: 'sharing', label: t('resource.sharing'), children: <SharingTag type={resource.sharingType} /> },
          { key: 'cycle', label: t('resource.cycle'), children: t(`cycle.${resource.updateCycle}`) },
          ...(resource.summary
            ? [{ key: 'summary', label: t('resource.summary'), children: resource.summary, span: 3 }]
            : []),
        ]}
      />
      {resource.sharingType === 'none' && (
        <Alert type="info" showIcon title={t('resource.negativeList')} style={{ marginTop: 12 }} />
      )}
    </div>
  );
}
