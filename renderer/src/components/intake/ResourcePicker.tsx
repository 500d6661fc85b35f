// Which resource the file holds: the node's guess first (the candidates its headers match,
// with how many columns matched and how many required ones are missing), every other
// resource of the catalog after them, and a hint saying what the node recognised.
import { Flex, Form, Select, Typography, type SelectProps } from 'antd';
import type { IntakePreview } from '../../../../common/contract';
import type { Resource } from '../../api';
import { useI18n } from '../../i18n';
import { TID } from '../../testids';

interface Props {
  preview: IntakePreview | null;
  recognised: string | null;
  resourceCode: string | undefined;
  resources: Resource[];
  loading: boolean;
  resourceName: (code: string | null | undefined) => string;
  onChange: (code: string) => void;
}

export function ResourcePicker({ preview, recognised, resourceCode, resources, loading, resourceName, onChange }: Props) {
  const { t } = useI18n();

  const options: SelectProps['options'] = (() => {
    const candidates = (preview?.candidates ?? []).filter((c) => resources.some((r) => r.code === c.resourceCode));
    const asOption = (code: string, extra?: { matched: number; missing: number }) => ({ value: code, label: resourceName(code), ...extra });
    const others = resources.filter((r) => !candidates.some((c) => c.resourceCode === r.code)).map((r) => asOption(r.code));
    if (candidates.length === 0) return others;
    return [
      { label: t('import.group.candidates'), title: t('import.group.candidates'), options: candidates.map((c) => asOption(c.resourceCode, { matched: c.matched, missing: c.missingRequired.length })) },
      { label: t('import.group.others'), title: t('import.group.others'), options: others },
    ];
  })();

  return (
    <Form.Item
      label={t('import.resource')}
      htmlFor="intake-resource"
      style={{ flex: '1 1 320px', marginBottom: 12 }}
      extra={
        preview && (
          <span data-testid={TID.intakeRecognised} data-resource={recognised ?? ''}>
            {recognised ? t('import.recognised', { name: resourceName(recognised) }) : t('import.notRecognised')}
          </span>
        )
      }
    >
      <Select
        id="intake-resource"
        data-testid={TID.intakeResource}
        placeholder={t('import.resourcePlaceholder')}
        value={resourceCode}
        loading={loading}
        showSearch={{ optionFilterProp: ['label', 'value'] }}
        options={options}
        optionRender={(option) => {
          const d = option.data as { matched?: number; missing?: number };
          return (
            <Flex justify="space-between" gap={8}>
              <span>{option.label}</span>
              {d.matched !== undefined && (
                <Typography.Text type={d.missing ? 'warning' : 'secondary'} style={{ fontSize: 12 }}>
                  {t('import.matched', { n: d.matched })}
                  {d.missing ? ` · ${t('import.missingShort', { n: d.missing })}` : ''}
                </Typography.Text>
              )}
            </Flex>
          );
        }}
        onChange={onChange}
      />
    </Form.Item>
  );
}
