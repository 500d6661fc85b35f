// 本单位提供的资源 (admin): which catalog resources this unit provides. Only those are judged
// for timeliness (已逾期 here, 按期更新 in the quarterly report), and the heartbeat reports the
// list. Until the admin sets it, it is the resources with records; 恢复默认 goes back to that.
import { Alert, App, Button, Checkbox, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import type { ProvidedResources, ResourceStatus } from '../../../../common/contract';
import { call, type ApiError } from '../../api';
import { useI18n } from '../../i18n';
import { TID, testId } from '../../testids';

interface Props {
  resources: ResourceStatus[];
  provided: ProvidedResources;
  onClose: () => void;
  onSaved: (provided: ProvidedResources) => void;
}

export function ProvidedResourcesModal({ resources, provided, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [chosen, setChosen] = useState<string[]>(provided.resourceCodes);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function save(resourceCodes: string[] | null) {
    setBusy(true);
    setError(null);
    const r = await call('status.setProvidedResources', { resourceCodes });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    void message.success(t('dash.provided.saved'));
    onSaved(r.value);
  }

  return (
    <Modal
      open
      title={t('dash.provided.title')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => void save(chosen)}
      onCancel={onClose}
      okButtonProps={testId(TID.statusProvidedSubmit)}
      destroyOnHidden
    >
      <div data-testid={TID.statusProvidedModal} data-set-by-admin={String(provided.setByAdmin)}>
        <Typography.Paragraph type="secondary">{t('dash.provided.explain')}</Typography.Paragraph>
        <Typography.Paragraph>{t(provided.setByAdmin ? 'dash.provided.isSet' : 'dash.provided.isDefault')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={t('dash.provided.error')} description={error.message} style={{ marginBottom: 12 }} />}
        <Checkbox.Group value={chosen} onChange={(v) => setChosen(v)} style={{ width: '100%' }}>
          <Space orientation="vertical">
            {resources.map((r) => (
              <Checkbox key={r.resourceCode} value={r.resourceCode} data-testid={`${TID.statusProvidedModal}-${r.resourceCode}`}>
                {r.name} <Typography.Text type="secondary" className="edge-mono">{r.resourceCode}</Typography.Text>
              </Checkbox>
            ))}
          </Space>
        </Checkbox.Group>
        {provided.setByAdmin && (
          <div style={{ marginTop: 12 }}>
            <Button onClick={() => void save(null)} disabled={busy} data-testid={TID.statusProvidedReset}>
              {t('dash.provided.reset')}
            </Button>
          </div>
        )}
      </div>
    </Modal>
  );
}
