// 导出诊断包 (admin, operator): the core's redacted status bundle as a JSON file that county
// IT can send to support. The core does the redaction; the page only saves what it gets.
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { call } from '../../api';
import { downloadText } from '../../files';
import { useI18n } from '../../i18n';
import { TID } from '../../testids';

export function DiagnosticsButton() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);

  async function exportBundle() {
    setBusy(true);
    const r = await call('status.diagnostics', {});
    setBusy(false);
    if (!r.ok) {
      void message.error(t('dash.diagnostics.failed', { reason: r.error.message }));
      return;
    }
    downloadText(r.value.fileName, r.value.json, 'application/json');
    void message.success(t('dash.diagnostics.done', { file: r.value.fileName }));
  }

  return (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void exportBundle()} data-testid={TID.statusDiagnostics}>
      {t('dash.diagnostics')}
    </Button>
  );
}
