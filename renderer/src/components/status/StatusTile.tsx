// One tile of the dashboard: its name, its level (tag with icon and word, and a coloured edge),
// the core's sentence saying what is wrong and what to do when it is not green, and a few
// figures. data-level lets tests (and support staff reading the DOM) see the level directly.
import { Card, Descriptions, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { TileLevel } from '../../../../common/contract';
import { LEVEL_LOOK, LevelTag } from './LevelTag';

export interface Figure {
  key: string;
  label: string;
  value: ReactNode;
}

interface Props {
  testId: string;
  title: string;
  level: TileLevel;
  sentence: string | null;
  figures: Figure[];
}

export function StatusTile({ testId, title, level, sentence, figures }: Props) {
  return (
    <Card
      size="small"
      data-testid={testId}
      data-level={level}
      style={{ height: '100%', borderInlineStart: `4px solid ${LEVEL_LOOK[level].colour}` }}
      title={
        <Flex justify="space-between" align="center" gap={8}>
          <span>{title}</span>
          <LevelTag level={level} />
        </Flex>
      }
    >
      {sentence && (
        <Typography.Paragraph data-testid={`${testId}-sentence`} style={{ color: LEVEL_LOOK[level].colour, marginBottom: 8 }}>
          {sentence}
        </Typography.Paragraph>
      )}
      <Descriptions size="small" column={1} items={figures.map((f) => ({ key: f.key, label: f.label, children: f.value }))} />
    </Card>
  );
}
