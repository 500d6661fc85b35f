// Local files in and out of the page, without any network: certificate files are read in
// the browser (text for PEM, base64 for PKCS#12) and handed to the core in the call; a
// certificate request or a report leaves as a download made from a Blob. Nothing here uploads.

/** Certificate files are a few KB; this stops a wrong choice (a photo, an archive) early. */
export const MAX_CERT_FILE_BYTES = 256 * 1024;

export function readFileAsText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsText(file);
  });
}

/** The file's bytes as plain base64 (no data: prefix), as the contract's fileBase64 wants. */
export function readFileAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

/** Offers `text` as a file download named `name` (a Blob link, clicked and revoked). */
export function downloadText(name: string, text: string, type = 'application/octet-stream'): void {
  downloadBlob(name, new Blob([text], { type }));
}

/** Offers bytes the core sent as base64 (e.g. an XLSX report) as a file download. */
export function downloadBase64(name: string, base64: string, type = 'application/octet-stream'): void {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  downloadBlob(name, new Blob([bytes], { type }));
}

function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the browser a moment to start the download before the URL goes away.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Copies text to the clipboard. The Electron shell denies every permission, which can
 * include the async clipboard API, so the old select-and-copy path is the fallback.
 * Returns false when neither worked; the caller then asks the person to copy by hand.
 */
export async function copyText(text: string, fallbackFrom?: HTMLTextAreaElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // fall through to the selection copy
  }
  const area = fallbackFrom ?? null;
  if (!area) return false;
  area.focus();
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}
