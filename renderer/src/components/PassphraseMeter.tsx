// The strength meter under the recovery passphrase: three steps, weak / medium / strong,
// from the core's own rule (weak = the core would refuse it). The text is always shown
// next to the bar so colour is never the only signal.
import { Flex, Progress, Typography, theme } from 'antd';
import { useDeferredValue, useMemo } from 'react';
import type { Strength } from '../../../common/auth/password-strength';
import { useI18n } from '../i18n';
import { useJudge } from '../strength';
import { TID } from '../testids';

const STEPS: Record<Strength, number> = { weak: 1, medium: 2, strong: 3 };

/** `related`: what the passphrase must not be built from (unit name, admin …), as the core gets it. */
export function PassphraseMeter({ value, related }: { value: string; related: readonly string[] }) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const judge = useJudge();
  // Judging takes milliseconds, more for a long pasted passphrase: typing never waits for it.
  const deferred = useDeferredValue(value);
  const strength = useMemo(() => (judge && deferred ? judge(deferred, 'recoveryPassphrase', related).strength : null), [judge, deferred, related]);
  const colour: Record<Strength, string> = {
    weak: token.colorError,
    medium: token.colorWarning,
    strong: token.colorSuccess,
  };
  return (
    <Flex align="center" gap={12} data-testid={TID.setupPassphraseStrength} data-strength={strength ?? ''}>
      <Progress
        steps={3}
        percent={strength ? (STEPS[strength] / 3) * 100 : 0}
        showInfo={false}
        strokeColor={strength ? colour[strength] : undefined}
        size={[56, 8]}
        aria-hidden
      />
      <Typography.Text type="secondary" aria-live="polite">
        {t('strength.label')}：{strength ? t(`strength.${strength}`) : '—'}
      </Typography.Text>
    </Flex>
  );
}
