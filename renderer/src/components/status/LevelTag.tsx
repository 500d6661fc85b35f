// A tile's level as a tag: icon + word (正常 / 注意 / 异常) + colour. Colour is never the only
// signal — a colour-blind official, or a black-and-white printout, still reads the word.
import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { Tag } from 'antd';
import type { ReactNode } from 'react';
import type { TileLevel } from '../../../../common/contract';
import { useI18n } from '../../i18n';

export const LEVEL_LOOK: Record<TileLevel, { tag: string; colour: string; icon: ReactNode }> = {
  green: { tag: 'success', colour: '#389e0d', icon: <CheckCircleFilled /> },
  yellow: { tag: 'warning', colour: '#d48806', icon: <ExclamationCircleFilled /> },
  red: { tag: 'error', colour: '#cf1322', icon: <CloseCircleFilled /> },
};

export function LevelTag({ level }: { level: TileLevel }) {
  const { t } = useI18n();
  return (
    <Tag color={LEVEL_LOOK[level].tag} icon={LEVEL_LOOK[level].icon} data-level={level} style={{ marginInlineEnd: 0 }}>
      {t(`dash.level.${level}`)}
    </Tag>
  );
}
