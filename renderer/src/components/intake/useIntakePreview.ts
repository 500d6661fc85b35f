// Choosing the file for 数据导入 and the node's preview of it. The file never leaves as an
// upload: it is read here as base64 and handed to the core in the call, like the
// certificate files. Without a resource asked for, intake.preview is the node's own
// recognition from the headers; choosing a resource or an XLSX sheet asks again.
import { useCallback, useRef, useState } from 'react';
import { INTAKE_MAX_FILE_BYTES, type IntakePreview } from '../../../../common/contract';
import { call, type ApiError } from '../../api';
import { readFileAsBase64 } from '../../files';
import { formatBytes } from '../../format';
import { useI18n } from '../../i18n';
import { hasIntakeExtension } from '../../import-file';

export interface ChosenFile {
  name: string;
  size: number;
  base64: string;
}

export interface IntakePreviewState {
  chosen: ChosenFile | null;
  /** Why the file was refused before any call (type, empty, too large, unreadable). */
  fileError: string | null;
  reading: boolean;
  preview: IntakePreview | null;
  previewError: ApiError | null;
  previewing: boolean;
  /** The resource the node recognised by itself, for the hint under the picker. */
  recognised: string | null;
  resourceCode: string | undefined;
  sheet: string | undefined;
  choose: (file: File) => Promise<void>;
  chooseResource: (code: string) => void;
  chooseSheet: (sheet: string) => void;
  reset: () => void;
}

export function useIntakePreview(): IntakePreviewState {
  const { t } = useI18n();
  const [chosen, setChosen] = useState<ChosenFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const [preview, setPreview] = useState<IntakePreview | null>(null);
  const [previewError, setPreviewError] = useState<ApiError | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [recognised, setRecognised] = useState<string | null>(null);
  const [resourceCode, setResourceCode] = useState<string | undefined>();
  const [sheet, setSheet] = useState<string | undefined>();
  const previewSeq = useRef(0);

  const runPreview = useCallback(async (file: ChosenFile, wanted: { resourceCode?: string; sheet?: string }) => {
    const seq = ++previewSeq.current;
    setPreviewing(true);
    setPreviewError(null);
    const r = await call('intake.preview', {
      fileName: file.name,
      fileBase64: file.base64,
      ...(wanted.resourceCode ? { resourceCode: wanted.resourceCode } : {}),
      ...(wanted.sheet ? { sheet: wanted.sheet } : {}),
    });
    if (seq !== previewSeq.current) return; // a newer choice has been made meanwhile
    setPreviewing(false);
    if (!r.ok) {
      setPreview(null);
      setPreviewError(r.error);
      return;
    }
    setPreview(r.value);
    setResourceCode(r.value.resourceCode ?? undefined);
    // Without a resource asked for, this is the node's own recognition: remember it for the hint.
    if (!wanted.resourceCode) setRecognised(r.value.resourceCode);
    setSheet(wanted.sheet ?? r.value.sheets[0]);
  }, []);

  const reset = useCallback(() => {
    previewSeq.current++;
    setChosen(null);
    setFileError(null);
    setPreview(null);
    setPreviewError(null);
    setPreviewing(false);
    setRecognised(null);
    setResourceCode(undefined);
    setSheet(undefined);
  }, []);

  async function choose(file: File) {
    reset();
    const size = formatBytes(file.size);
    if (!hasIntakeExtension(file.name)) return setFileError(t('import.badType', { name: file.name }));
    if (file.size === 0) return setFileError(t('import.emptyFile', { name: file.name }));
    if (file.size > INTAKE_MAX_FILE_BYTES) {
      return setFileError(t('import.tooLarge', { name: file.name, size, max: formatBytes(INTAKE_MAX_FILE_BYTES) }));
    }
    setReading(true);
    try {
      const picked: ChosenFile = { name: file.name, size: file.size, base64: await readFileAsBase64(file) };
      setChosen(picked);
      void runPreview(picked, {});
    } catch {
      setFileError(t('file.readFailed', { name: file.name }));
    } finally {
      setReading(false);
    }
  }

  function chooseResource(code: string) {
    setResourceCode(code);
    if (chosen) void runPreview(chosen, { resourceCode: code, sheet });
  }

  function chooseSheet(s: string) {
    setSheet(s);
    // Another sheet may hold another resource: let the node recognise it afresh.
    if (chosen) void runPreview(chosen, { sheet: s });
  }

  return { chosen, fileError, reading, preview, previewError, previewing, recognised, resourceCode, sheet, choose, chooseResource, chooseSheet, reset };
}
