// The strength meter under the recovery passphrase: three steps, weak / medium / strong.
// The text is always shown next to the bar so colour is never the only signal.
import { Flex, Progress, Typography, theme } from 'antd';
import { assessPassphrase, type Strength } from '../passphrase';
import { useI18n } from '../i18n';
import { TID } from '../testids';

const STEPS: Record<Strength, number> = { weak: 1, medium: 2, strong: 3 };

export function PassphraseMeter({ value }: { value: string }) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const { strength } = assessPassphrase(value);
  const colour: Record<Strength, string> = {
    weak: token.colorError,
    medium: token.colorWarning,
    strong: token.colorSuccess,
  };
  const empty = value.length === 0;
  return (
    <Flex align="center" gap={12} data-testid={TID.setupPassphraseStrength} data-strength={empty ? '' : strength}>
      <Progress
        steps={3}
        percent={empty ? 0 : (STEPS[strength] / 3) * 100}
        showInfo={false}
        strokeColor={colour[strength]}
        size={[56, 8]}
        aria-hidden
      />
      <Typography.Text type="secondary" aria-live="polite">
        {t('strength.label')}：{empty ? '—' : t(`strength.${strength}`)}
      </Typography.Text>
    </Flex>
  );
}
