// The frame of the screens shown before login (setup, login): the product name, the
// language switch and a centred card.
import { Card, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import { LanguageSwitch } from './LanguageSwitch';

export function CenteredPage({ title, width, children }: { title: string; width: number; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div style={{ minHeight: '100%', padding: '24px 16px 48px', boxSizing: 'border-box' }}>
      <Flex justify="space-between" align="center" style={{ maxWidth: width, margin: '0 auto 16px' }}>
        <Typography.Text strong style={{ fontSize: 16 }}>
          {t('app.title')}
        </Typography.Text>
        <LanguageSwitch />
      </Flex>
      <Card title={title} style={{ maxWidth: width, margin: '0 auto' }}>
        {children}
      </Card>
    </div>
  );
}
