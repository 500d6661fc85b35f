// A dialog around one form: OK submits the form (its own rules run first), 取消 empties it and
// closes, so the next opening starts blank rather than with what was abandoned — a password
// typed and cancelled must not wait in the dialog for the next person at the desk.
import { Modal, type FormInstance, type ModalProps } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n';

interface Props extends Pick<ModalProps, 'open' | 'title' | 'okText' | 'okButtonProps'> {
  form: FormInstance;
  /** The form's call is in flight: OK shows it is working and cannot be pressed twice. */
  busy: boolean;
  onClose: () => void;
  children: ReactNode;
}

export function FormModal({ form, busy, onClose, children, ...modal }: Props) {
  const { t } = useI18n();
  return (
    <Modal
      {...modal}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => {
        form.resetFields();
        onClose();
      }}
      destroyOnHidden
    >
      {children}
    </Modal>
  );
}
